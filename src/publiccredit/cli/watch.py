"""``publiccredit watch add|list|remove|changes``: an API key's watch list (docs/monitoring.md).

The operator's view of what ``/v1/watchlists/me`` and ``/v1/changes`` give a key's
holder: the same checks (valid USCCs, all or nothing), the same feed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy.engine import Engine

from publiccredit.cli.output import console, print_json_line
from publiccredit.cli.store import DATA_DIR_HELP, DB_HELP
from publiccredit.cli.when import now
from publiccredit.errors import InvalidInput, Problem
from publiccredit.service.watchlists import checked_subjects, read_subject_file, watch
from publiccredit.store.changes import FEED_MAX, feed
from publiccredit.store.config import resolve
from publiccredit.store.setup import open_store
from publiccredit.store.unit import write_unit
from publiccredit.store.watchlists import list_entries, remove_subject, require_live_key

watch_app = typer.Typer(help="Watch lists: which subjects an API key watches, and their changes.")
KEY = typer.Option(..., "--key", help="The API key id whose list this is (keys list).")
DB = typer.Option(None, "--db", help=DB_HELP)
DATA_DIR = typer.Option(None, "--data-dir", help=DATA_DIR_HELP)
JSON = typer.Option(False, "--json", help="Print JSON lines instead of text.")


@contextmanager
def opened(db: str | None, data_dir: Path | None) -> Iterator[Engine]:
    """The store's engine for one command, disposed of afterwards."""
    engine = open_store(resolve(db, data_dir))
    try:
        yield engine
    finally:
        engine.dispose()


def _codes(subjects: list[str], file: Path | None) -> tuple[list[str], str | None]:
    if file is None:
        return subjects, None
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        problem = Problem(f"cannot be read: {error}", file=str(file))
        raise InvalidInput("cannot read the subject file", (problem,)) from None
    return [*subjects, *read_subject_file(text)], str(file)


@watch_app.command("add")
def add_command(
    subjects: list[str] = typer.Argument(None, help="USCCs to watch."),
    file: Path | None = typer.Option(
        None, "--file", help="A file of USCCs: one a line, or a CSV whose first column is one."
    ),
    key: str = KEY,
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """Add subjects to the key's list; one invalid code refuses them all (row and reason)."""
    codes, source = _codes(list(subjects or []), file)
    with opened(db, data_dir) as engine, write_unit(engine) as conn:
        require_live_key(conn, key)
        added = watch(conn, key, codes, now(), source)
    if as_json:
        print_json_line({"added": added, "given": len(codes)})
    else:
        console.print(f"{len(added)} subject(s) added, {len(codes) - len(added)} already watched")


@watch_app.command("list")
def list_command(
    key: str = KEY, db: str | None = DB, data_dir: Path | None = DATA_DIR, as_json: bool = JSON
) -> None:
    """The subjects the key watches."""
    with opened(db, data_dir) as engine, engine.connect() as conn:
        entries = list_entries(conn, key)
    if as_json:
        for entry in entries:
            print_json_line(entry.to_json())
        return
    table = Table("subject", "name", "added")
    for entry in entries:
        table.add_row(entry.subject_key, escape(entry.name or ""), entry.added_at)
    console.print(table)


@watch_app.command("remove")
def remove_command(
    subject: str = typer.Argument(..., help="The USCC to stop watching."),
    key: str = KEY,
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
) -> None:
    """Take a subject off the key's list."""
    (code,) = checked_subjects([subject])
    with opened(db, data_dir) as engine, write_unit(engine) as conn:
        remove_subject(conn, key, code)
    console.print(f"{code} is no longer watched")


@watch_app.command("changes")
def changes_command(
    key: str = KEY,
    since: int = typer.Option(0, "--since", min=0, help="Cursor: the last change id seen."),
    limit: int = typer.Option(100, "--limit", min=1, max=FEED_MAX, help="At most this many."),
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """The changes on the key's watch list after ``--since``, oldest first."""
    with opened(db, data_dir) as engine, engine.connect() as conn:
        page = feed(conn, key, since, limit)
    if as_json:
        for change in page:
            print_json_line(change.to_json())
        return
    table = Table("id", "subject", "kind", "item", "legal basis", "repair possible on")
    for change in page:
        repair = change.repair_possible_on.isoformat() if change.repair_possible_on else ""
        table.add_row(str(change.id), change.subject_key, change.kind, escape(change.item),
                      escape(change.legal_basis), repair)  # fmt: skip
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``watch …``."""
    app.add_typer(watch_app, name="watch")
