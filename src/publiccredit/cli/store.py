"""``publiccredit init``: create the data directory, database, schema and keys."""

from __future__ import annotations

from pathlib import Path

import typer

from publiccredit.cli.output import console, print_json_line
from publiccredit.store.config import resolve
from publiccredit.store.setup import initialise

DB_HELP = "Database URL (default: $PUBLICCREDIT_DB, else SQLite in the data directory)."
DATA_DIR_HELP = "Data directory (default: $PUBLICCREDIT_DATA_DIR, else ./data)."


def register(app: typer.Typer) -> None:
    """Add ``init``."""

    @app.command()
    def init(
        db: str | None = typer.Option(None, "--db", help=DB_HELP),
        data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    ) -> None:
        """Create the data directory, database, schema, ledger key and personal-data keys.

        Safe to run again: only what is missing is created.
        """
        result = initialise(resolve(db, data_dir))
        if as_json:
            print_json_line(
                {
                    "changed": result.changed,
                    "done": result.done,
                    "data_dir": str(result.config.data_dir),
                    "db": result.config.describe_db(),
                }
            )
            return
        for line in result.done:
            console.print(f"[green]✓[/] {line}")
        if not result.changed:
            console.print(
                f"Already initialised: {result.config.data_dir} and "
                f"{result.config.describe_db()}; nothing changed."
            )
