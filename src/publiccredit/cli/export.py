"""``publiccredit export ftm``: the public view as FollowTheMoney entities (docs/interop.md).

The full bulk data (Parquet and CSV with a manifest) is ``publiccredit bulk export``.
"""

from __future__ import annotations

from pathlib import Path

import typer

from publiccredit.cli.output import console, print_json_line
from publiccredit.cli.store import DATA_DIR_HELP, DB_HELP
from publiccredit.interop.ftm_store import export_ftm
from publiccredit.store.config import resolve
from publiccredit.store.setup import open_store

export_app = typer.Typer(
    help="Export the public view in other formats (FollowTheMoney); bulk data: `bulk export`.",
    no_args_is_help=True,
)


@export_app.command("ftm")
def ftm_command(
    out: Path = typer.Option(..., "--out", help="JSON Lines file to write (replaced)."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Subjects, their published records and list memberships as FollowTheMoney entities
    (Company / Organization / Person, Sanction, Event), one JSON object per line."""
    engine = open_store(resolve(db, data_dir))
    try:
        counts = export_ftm(engine, out)
    finally:
        engine.dispose()
    if as_json:
        print_json_line({"out": str(out), "entities": counts})
        return
    summary = ", ".join(f"{count:,} {schema}" for schema, count in sorted(counts.items()))
    console.print(f"{sum(counts.values()):,} entities ({summary or 'none'}) → {out}")


def register(app: typer.Typer) -> None:
    """Add ``export``."""
    app.add_typer(export_app, name="export")
