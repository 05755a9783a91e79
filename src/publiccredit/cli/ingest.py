"""``publiccredit ingest``, ``revoke`` and ``sweep``: agencies' files into the store.

Thin: resolve the store, call ``publiccredit.ingest.batch`` / ``publiccredit.service``,
render. See ``docs/ingest.md`` and ``docs/sweep.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.progress import (
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text
from sqlalchemy.engine import Engine

from publiccredit.cli.output import console, err_console, print_json_line
from publiccredit.cli.store import DATA_DIR_HELP, DB_HELP
from publiccredit.cli.when import day, now
from publiccredit.ingest.batch import FileSummary, IngestOptions, check_agency, ingest_file
from publiccredit.ingest.report import ReportWriter, rejected_path, write_rejected
from publiccredit.policy import default_pack, load_pack
from publiccredit.policy.model import Pack
from publiccredit.service import revoke, sweep
from publiccredit.service.daily_close import close_day
from publiccredit.service.rebuild import reassess_all
from publiccredit.service.webhooks import deliver
from publiccredit.store.config import StoreConfig, resolve
from publiccredit.store.keyfiles import load_signing_key
from publiccredit.store.personal import PersonalDataKeys, load_personal_keys
from publiccredit.store.schedules import store_calendar
from publiccredit.store.setup import open_store
from publiccredit.store.unit import write_unit

PACK_HELP = "Policy pack folder (default: the cn pack)."


class RateColumn(ProgressColumn):
    """Rows per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.0f}/s", style="cyan")


def _pack(path: Path | None) -> Pack:
    return default_pack() if path is None else load_pack(path)


@contextmanager
def _store(db: str | None, data_dir: Path | None) -> Iterator[tuple[StoreConfig, Engine]]:
    config = resolve(db, data_dir)
    engine = open_store(config)
    try:
        yield config, engine
    finally:
        engine.dispose()


def _progress(enabled: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,.0f}"),
        RateColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not enabled,
    )


def run_ingest(
    engine: Engine,
    files: list[Path],
    pack: Pack,
    keys: PersonalDataKeys,
    options: IngestOptions,
    *,
    report: Path | None = None,
    rejected_dir: Path | None = None,
    show_progress: bool = True,
) -> list[FileSummary]:
    """Ingest each file (its own atomic batch) with a progress bar; write report and rejects."""
    summaries = []
    with ReportWriter(report) if report else nullcontext() as sink, _progress(show_progress) as bar:
        for path in files:
            rows = bar.add_task(f"{path.name}: rows", total=None)
            subjects = bar.add_task(f"{path.name}: subjects assessed", total=None, visible=False)

            def assessed(count: int, task: Any = subjects) -> None:
                bar.update(task, advance=count, visible=True)

            def read(count: int, task: Any = rows) -> None:
                bar.update(task, advance=count)

            summary = ingest_file(
                engine, path, pack, keys, options, on_problem=sink, on_rows=read,
                on_assessed=assessed,
            )  # fmt: skip
            if options.skip_invalid and summary.committed and summary.rejected_rows - {0}:
                target = rejected_path(path)
                if rejected_dir is not None:
                    target = rejected_dir / target.name
                write_rejected(path, summary.rejected_rows, target)
                err_console.print(f"rejected rows of {path} written to {target}")
            summaries.append(summary)
    return summaries


def _render(summaries: list[FileSummary]) -> None:
    table = Table("file", "rows", "stored", "unchanged", "corrected", "rejected", "warnings",
                  "subjects", "result", "records/s")  # fmt: skip
    for s in summaries:
        result = "[green]committed[/]" if s.committed else "[bold red]refused, nothing stored[/]"
        rate = f"{s.rows / s.seconds:,.0f}" if s.seconds else "—"
        table.add_row(escape(s.file), f"{s.rows:,}", f"{s.stored:,}", f"{s.unchanged:,}",
                      f"{s.corrected:,}", f"{s.rejected:,}", f"{s.warnings:,}",
                      f"{s.subjects_assessed:,}", result, rate)  # fmt: skip
    console.print(table)
    for s in summaries:
        for problem in s.problems[:50]:
            err_console.print(f"  {escape(problem.describe())}", soft_wrap=True)
        if s.problems_total > 50:
            err_console.print(f"  … and {s.problems_total - 50:,} more problems in {s.file}")


def summary_json(summaries: list[FileSummary]) -> dict[str, Any]:
    """The ``ingest --json`` document: totals and one block per file."""
    total: Callable[[str], int] = lambda name: sum(getattr(s, name) for s in summaries)  # noqa: E731
    return {
        "committed": all(s.committed for s in summaries),
        **{name: total(name) for name in ("rows", "stored", "unchanged", "corrected",
                                          "rejected", "warnings", "subjects_assessed",
                                          "legacy_listings", "removal_cases_opened",
                                          "notices_served")},
        "files": [s.to_json() for s in summaries],
    }  # fmt: skip


def ingest_command(
    files: list[Path] = typer.Argument(..., help="Record files (.csv, .jsonl, .parquet)."),
    agency: str | None = typer.Option(
        None, "--agency", help="The submitting agency: every row must name it."
    ),
    corrections: bool = typer.Option(
        False, "--corrections", help="Rows with known ids and new content are corrections."
    ),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Store the good rows; write the bad ones to a file."
    ),
    legacy_listings: bool = typer.Option(
        False,
        "--legacy-listings",
        help="Operator only: accept listings decided, with their "
        "notice, before this platform (otherwise they need a listing case).",
    ),
    report: Path | None = typer.Option(None, "--report", help="Write every problem to this CSV."),
    rejected_dir: Path | None = typer.Option(
        None, "--rejected-dir", help="Folder for rejected rows (default: beside each file)."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Assess as of this date; later dates are 'in the future'."
    ),
    pack: Path | None = typer.Option(None, "--pack", help=PACK_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Store agencies' record files: each file all-or-nothing, checked row by row.

    Exit code 3 when a file was refused (nothing of it stored).
    """
    if agency is not None:
        check_agency(agency)
    options = IngestOptions(
        day(as_of, "--as-of"), now(), agency, corrections, skip_invalid, legacy_listings
    )
    policy = _pack(pack)
    with _store(db, data_dir) as (config, engine):
        keys = load_personal_keys(config.data_dir)
        options = replace(options, calendar=store_calendar(config.data_dir))
        summaries = run_ingest(
            engine, files, policy, keys, options, report=report, rejected_dir=rejected_dir,
            show_progress=err_console.is_terminal,
        )  # fmt: skip
    if as_json:
        print_json_line(summary_json(summaries))
    else:
        _render(summaries)
    if not all(s.committed for s in summaries):
        raise typer.Exit(3)


def revoke_command(
    agency: str = typer.Option(..., "--agency", help="The agency whose record it is."),
    record: str = typer.Option(..., "--record", help="The record's source_record_id."),
    on: str = typer.Option(..., "--on", help="The day the decision was revoked (YYYY-MM-DD)."),
    reason: str = typer.Option(..., "--reason", help="Why (the revoking decision)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Re-assess as of (default today)."),
    pack: Path | None = typer.Option(None, "--pack", help=PACK_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Record that the decision behind a stored record was revoked (event record.revoked)."""
    check_agency(agency)
    revoked_on = day(on, "--on")
    policy = _pack(pack)
    with _store(db, data_dir) as (config, engine), write_unit(engine) as conn:
        done = revoke(conn, policy, (agency, record), revoked_on, reason,
                      as_of=day(as_of, "--as-of"), now=now(),
                      calendar=store_calendar(config.data_dir))  # fmt: skip
    if as_json:
        print_json_line({"seq": done.seq, "agency": agency, "source_record_id": record})
    else:
        console.print(f"[green]✓[/] {escape(agency)}/{escape(record)} revoked (event {done.seq})")


def _reassessing(
    as_of: str | None,
    pack: Path | None,
    db: str | None,
    data_dir: Path | None,
    as_json: bool,
    run: Callable[[Engine, Pack, date, Callable[[int], None], Path], int],
) -> None:
    """Run ``run`` (``sweep`` or ``reassess_all``) on the store with a progress bar, and
    say how many subjects it re-assessed."""
    on = day(as_of, "--as-of")
    policy = _pack(pack)
    with _store(db, data_dir) as (config, engine), _progress(err_console.is_terminal) as bar:
        task = bar.add_task("subjects re-assessed", total=None)
        count = run(engine, policy, on, lambda n: bar.update(task, advance=n), config.data_dir)
    if as_json:
        print_json_line({"as_of": on.isoformat(), "reassessed": count})
    else:
        console.print(f"{count:,} subject(s) re-assessed as of {on.isoformat()}")


def sweep_command(
    as_of: str | None = typer.Option(None, "--as-of", help="Sweep as of (default today)."),
    pack: Path | None = typer.Option(None, "--pack", help=PACK_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Re-assess the subjects whose assessment changes by time alone on or before a date,
    count provisional deadlines again on the store's working-day schedules, and deliver
    the webhooks' pending changes."""

    def run(
        engine: Engine, policy: Pack, on: date, progress: Callable[[int], None], folder: Path
    ) -> int:
        calendar = store_calendar(folder)
        moment = now()
        count = sweep(engine, policy, on, progress, calendar=calendar, now=moment)
        closed = close_day(engine, load_signing_key(folder), moment)
        for closed_on, seq in closed.committed:
            err_console.print(f"access log of {closed_on.isoformat()} committed in event {seq}")
        if closed.head is not None:
            err_console.print(f"signed head {closed.head.number} (size {closed.head.size})")
        deliver(engine, moment)  # the changes the sweep found go out at once (docs/monitoring.md)
        return count

    _reassessing(as_of, pack, db, data_dir, as_json, run)


def reassess_command(
    as_of: str | None = typer.Option(None, "--as-of", help="Assess as of (default today)."),
    pack: Path | None = typer.Option(None, "--pack", help=PACK_HELP),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    data_dir: Path | None = typer.Option(None, "--data-dir", help=DATA_DIR_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Re-assess every subject (after a new policy pack or an upgrade); appends no event."""

    def run(
        engine: Engine, policy: Pack, on: date, progress: Callable[[int], None], _folder: Path
    ) -> int:
        return reassess_all(engine, policy, on, progress)

    _reassessing(as_of, pack, db, data_dir, as_json, run)


def register(app: typer.Typer) -> None:
    """Add ``ingest``, ``revoke``, ``sweep`` and ``reassess``."""
    app.command("ingest")(ingest_command)
    app.command("revoke")(revoke_command)
    app.command("sweep")(sweep_command)
    app.command("reassess")(reassess_command)
