"""``publiccredit calendar add|show``: the working-day schedules the store counts in.

``add`` checks a schedule file (docs/calendar.md) and keeps it in the data
directory, where every entry point (CLI, API, portal, sweep) loads it; the
next sweep counts provisional deadlines again. ``show`` lists the years with
an official schedule and the files they come from.
"""

from __future__ import annotations

from pathlib import Path

import typer

from publiccredit.cli.case_views import guarded
from publiccredit.cli.output import console, print_json_line
from publiccredit.cli.store import DATA_DIR_HELP
from publiccredit.store.config import resolve
from publiccredit.store.schedules import add_schedule, schedule_paths, store_calendar

calendar_app = typer.Typer(help="Official working-day schedules (add a newly published year).")
DATA_DIR = typer.Option(None, "--data-dir", help=DATA_DIR_HELP)
JSON = typer.Option(False, "--json", help="Print JSON instead of text.")


@calendar_app.command("add")
def add_command(
    file: Path = typer.Argument(..., help="A schedule file (YAML, docs/calendar.md)."),
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """Check a schedule file and keep it in the store; run `sweep` to recount deadlines."""
    folder = resolve(None, data_dir).data_dir
    with guarded():
        stored, years = add_schedule(folder, file)
    if as_json:
        print_json_line({"stored": str(stored), "years": list(years)})
        return
    named = ", ".join(str(year) for year in years) or "no year"
    console.print(f"[green]✓[/] {file} kept as {stored} ({named}); `publiccredit sweep` "
                  "counts provisional deadlines again")  # fmt: skip


@calendar_app.command("show")
def show_command(data_dir: Path | None = DATA_DIR, as_json: bool = JSON) -> None:
    """The years with an official schedule, and the store's schedule files."""
    folder = resolve(None, data_dir).data_dir
    with guarded():
        years = store_calendar(folder).official_years
    files = [str(path) for path in schedule_paths(folder)]
    if as_json:
        print_json_line({"official_years": list(years), "files": files})
        return
    span = f"{years[0]}–{years[-1]}" if years else "none"
    console.print(f"official schedules: {span} ({len(years)} years)")
    for path in files:
        console.print(f"  {path}")


def register(app: typer.Typer) -> None:
    """Add ``calendar``."""
    app.add_typer(calendar_app, name="calendar")
