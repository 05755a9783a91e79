"""Shared pieces of the ``case``, ``consent`` and ``procedures`` commands.

Parsing (times, record keys), opening the store in one transaction with the
pack, the calendar and the keys, turning deliberate errors into their exit
codes (ProcedureError → 8, PermissionDenied → 7, …) and rendering cases.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from publiccredit.cli.errors import exit_code_for
from publiccredit.cli.output import console, err_console, print_json_line
from publiccredit.domain.case import Case
from publiccredit.domain.facts import RecordKey
from publiccredit.errors import InvalidInput, Problem, PublicCreditError
from publiccredit.policy import default_pack, load_pack
from publiccredit.procedures.consent import Consent
from publiccredit.service.case_commit import CaseDesk, StepResult
from publiccredit.store.config import resolve
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.schedules import store_calendar
from publiccredit.store.setup import open_store
from publiccredit.store.unit import write_unit

DB_HELP = "Database URL (default: $PUBLICCREDIT_DB, else SQLite in the data directory)."
DATA_DIR_HELP = "Data directory (default: $PUBLICCREDIT_DATA_DIR, else ./data)."
PACK_HELP = "Policy pack folder (default: the cn pack)."
SCHEDULE_HELP = "An official working-day schedule file (YAML) for a year not yet in the package."
AT_HELP = "When the step happens (YYYY-MM-DD or ISO time; Beijing time if no zone; default now)."
JSON_HELP = "Print the result as JSON."


@contextmanager
def guarded() -> Iterator[None]:
    """Print a deliberate error as one line on stderr and exit with its code."""
    try:
        yield
    except PublicCreditError as error:
        err_console.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(exit_code_for(error)) from None


def record_key(text: str) -> RecordKey:
    """``AGENCY:SOURCE_RECORD_ID`` → the record key."""
    agency, sep, source_id = text.partition(":")
    if not sep or not agency or not source_id:
        problem = Problem("write AGENCY:SOURCE_RECORD_ID, e.g. samr-440300:P-1", "--record", text)
        raise InvalidInput("bad record reference", (problem,))
    return (agency.strip(), source_id.strip())


@contextmanager
def desk(
    db: str | None,
    data_dir: Path | None,
    pack: Path | None = None,
    schedules: Sequence[Path] = (),
) -> Iterator[CaseDesk]:
    """The store in one transaction (committed on success), with pack, calendar and keys."""
    config = resolve(db, data_dir)
    engine = open_store(config)
    try:
        keys = load_personal_keys(config.data_dir)
        policy = default_pack() if pack is None else load_pack(pack)
        calendar = store_calendar(config.data_dir, list(schedules))
        with write_unit(engine) as conn:
            yield CaseDesk(conn, policy, calendar, keys)
    finally:
        engine.dispose()


def deadline_lines(case: Case) -> list[str]:
    """Each running deadline, who must act, with "(provisional)" where so."""
    lines = []
    for deadline in case.deadlines:
        mark = " (provisional)" if deadline.provisional else ""
        lines.append(
            f"{deadline.step}: by {deadline.due_on.isoformat()}{mark} — {deadline.party} "
            f"[{deadline.rule}]"
        )
    return lines


def show_case(case: Case, as_json: bool, seqs: Sequence[int] = ()) -> None:
    """One case: JSON (``Case.to_json`` plus ``seqs``) or a readable summary."""
    if as_json:
        print_json_line({**case.to_json(), "seqs": list(seqs)})
        return
    console.print(
        f"[bold]{escape(case.id)}[/] {case.kind.value} · [bold]{escape(case.state)}[/] · "
        f"subject {escape(case.subject)} · competent {escape(case.competent_agency)}"
    )
    for line in deadline_lines(case):
        console.print(f"  deadline {escape(line)}")
    for extension in case.extensions:
        console.print(
            f"  extended {extension.step} by {extension.working_days} working day(s) to "
            f"{extension.new_due_on.isoformat()}: {escape(extension.reason)}"
        )
    for step in case.steps:
        console.print(f"  {step.at.isoformat()} {escape(step.command)} by {escape(step.actor)}")
    if seqs:
        console.print(f"  ledger events {', '.join(str(seq) for seq in seqs)}")


def show_step(result: StepResult, as_json: bool) -> None:
    """A step's result: the case, and any other case it moved or opened."""
    if as_json:
        print_json_line({**result.case.to_json(), **result.to_json()})
        return
    show_case(result.case, False, result.seqs)
    for other in result.others:
        console.print(f"  also: {other.kind.value} case {escape(other.id)} is now {other.state}")


def case_table(cases: Sequence[Case]) -> Table:
    """Cases one per row, with their next deadline."""
    table = Table("case", "kind", "state", "subject", "agency", "next deadline")
    for case in cases:
        lines = deadline_lines(case)
        table.add_row(case.id, case.kind.value, case.state, case.subject, case.competent_agency,
                      escape(lines[0]) if lines else "—")  # fmt: skip
    return table


def consent_json(consent: Consent) -> dict[str, object]:
    """A consent as JSON."""
    return consent.to_json()
