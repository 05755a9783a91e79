"""``publiccredit keys create|list|revoke``: API keys for the HTTP API (docs/api.md).

The token is printed once, at creation; only a hash of its secret is stored.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from publiccredit.cli.errors import exit_code_for
from publiccredit.cli.output import console, err_console, print_json_line
from publiccredit.cli.store import DATA_DIR_HELP, DB_HELP
from publiccredit.errors import PublicCreditError
from publiccredit.store.config import resolve
from publiccredit.store.keys import ROLES, create_key, list_keys, revoke_key
from publiccredit.store.setup import open_store
from publiccredit.store.unit import write_unit

keys_app = typer.Typer(help="API keys: create (token shown once), list, revoke.")
DB = typer.Option(None, "--db", help=DB_HELP)
DATA_DIR = typer.Option(None, "--data-dir", help=DATA_DIR_HELP)
JSON = typer.Option(False, "--json", help="Print JSON instead of text.")


@keys_app.command("create")
def create_command(
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
    agency: str | None = typer.Option(None, "--agency", help="Agency code (agency keys)."),
    subject: str | None = typer.Option(None, "--subject", help="Subject key (subject keys)."),
    institution: str | None = typer.Option(
        None, "--institution", help="Institution name (institution keys)."
    ),
    label: str = typer.Option("", "--label", help="A note saying whose key this is."),
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """Create a key and print its token (shown this once: store it now)."""
    engine = open_store(resolve(db, data_dir))
    try:
        with write_unit(engine) as conn:
            key, token = create_key(
                conn,
                role,
                agency=agency,
                subject_key=subject.upper() if subject and len(subject) == 18 else subject,
                institution=institution,
                label=label,
            )
    finally:
        engine.dispose()
    if as_json:
        print_json_line({"key": key.to_json(), "token": token})
        return
    console.print(f"key {key.key_id} ({key.role}) created; its token, shown only now:")
    console.print(token, soft_wrap=True)


@keys_app.command("list")
def list_command(
    db: str | None = DB, data_dir: Path | None = DATA_DIR, as_json: bool = JSON
) -> None:
    """Every key, live and revoked (never a secret)."""
    engine = open_store(resolve(db, data_dir))
    try:
        with engine.connect() as conn:
            keys = list_keys(conn)
    finally:
        engine.dispose()
    if as_json:
        for key in keys:
            print_json_line(key.to_json())
        return
    table = Table("key id", "role", "scope", "label", "created", "revoked")
    for key in keys:
        scope = key.agency or key.subject_key or key.institution or ""
        table.add_row(key.key_id, key.role, scope, key.label, key.created_at, key.revoked_at or "")
    console.print(table)


@keys_app.command("revoke")
def revoke_command(
    key_id: str = typer.Argument(..., help="The key id (the part after pc_ and before _)."),
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
) -> None:
    """Revoke a key for good; requests with its token are refused from now on.

    The last live admin key cannot be revoked (exit 6): create another one first."""
    engine = open_store(resolve(db, data_dir))
    try:
        with write_unit(engine) as conn:
            key = revoke_key(conn, key_id)
    except PublicCreditError as error:
        err_console.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(exit_code_for(error)) from None
    finally:
        engine.dispose()
    console.print(f"key {key.key_id} revoked at {key.revoked_at}")


def register(app: typer.Typer) -> None:
    """Add ``keys …``."""
    app.add_typer(keys_app, name="keys")
