"""``publiccredit case …``, ``consent …`` and ``procedures overdue``: due process at the prompt.

Thin: parse, call ``publiccredit.service.cases`` / ``service.consents`` in one
transaction, render. Every step is an event in the ledger; a refused step
stores nothing and exits 8 (procedure) or 7 (permission). See docs/procedures.md.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer
from rich.markup import escape

from publiccredit.cli.case_views import (
    AT_HELP,
    DATA_DIR_HELP,
    DB_HELP,
    JSON_HELP,
    PACK_HELP,
    SCHEDULE_HELP,
    case_table,
    desk,
    guarded,
    record_key,
    show_case,
    show_step,
)
from publiccredit.cli.consents import consent_app
from publiccredit.cli.output import console, print_json_line
from publiccredit.cli.when import day, moment
from publiccredit.errors import InvalidInput, Problem
from publiccredit.procedures.listing import ListingProposal
from publiccredit.service import cases as service

case_app = typer.Typer(help="Due-process cases: listing, objection, repair, removal.",
                       no_args_is_help=True)  # fmt: skip
open_app = typer.Typer(help="Open a case.", no_args_is_help=True)
procedures_app = typer.Typer(help="Procedure oversight.", no_args_is_help=True)
case_app.add_typer(open_app, name="open")

DB = typer.Option(None, "--db", help=DB_HELP)
DATA_DIR = typer.Option(None, "--data-dir", help=DATA_DIR_HELP)
PACK = typer.Option(None, "--pack", help=PACK_HELP)
SCHEDULE = typer.Option([], "--schedule", help=SCHEDULE_HELP)
AT = typer.Option(None, "--at", help=AT_HELP)
JSON = typer.Option(False, "--json", help=JSON_HELP)


def _extra(text: str | None) -> dict[str, object]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise InvalidInput("bad --extra", (Problem("must be a JSON object", "--extra", text),))
    return value


@open_app.command("listing")
def open_listing(
    list_id: str = typer.Option(..., "--list", help="The list (e.g. serious_illegal_dishonest)."),
    subject: str = typer.Option(..., "--subject", help="The subject's USCC."),
    agency: str = typer.Option(..., "--agency", help="The proposing agency (e.g. samr-440300)."),
    facts: str = typer.Option(..., "--facts", help="The facts found."),
    basis: str = typer.Option("", "--basis", help="The legal basis (default: the list's)."),
    measures: list[str] = typer.Option([], "--measure", help="A proposed catalogue measure."),
    refers_to: str | None = typer.Option(
        None, "--refers-to", help="The underlying record's source id (same agency)."
    ),
    record_type: str | None = typer.Option(None, "--record-type", help="The listing record type."),
    extra: str | None = typer.Option(None, "--extra", help="Listing record extra fields (JSON)."),
    at: str | None = AT, db: str | None = DB, data_dir: Path | None = DATA_DIR,
    pack: Path | None = PACK, schedule: list[Path] = SCHEDULE, as_json: bool = JSON,
) -> None:  # fmt: skip
    """An agency proposes to list a subject; serve the notice next (`case act … serve-notice`)."""
    with guarded():
        proposal = ListingProposal(
            list_id, facts, basis, tuple(measures), record_type,
            refers_to=None if refers_to is None else (agency, refers_to), extra=_extra(extra),
        )  # fmt: skip
        when = moment(at)
        with desk(db, data_dir, pack, schedule) as office:
            result = service.open_listing(office, subject, proposal, agency, when)
    show_step(result, as_json)


@open_app.command("objection")
def open_objection(
    grounds: str = typer.Option(..., "--grounds", help="Why the subject objects."),
    record: str | None = typer.Option(None, "--record", help="AGENCY:ID of the record."),
    case_id: str | None = typer.Option(None, "--case", help="A listing or repair case."),
    publication: bool = typer.Option(
        False, "--publication", help="Object to the record's publication period."
    ),
    evidence: list[str] = typer.Option([], "--evidence", help="An evidence reference."),
    by: str | None = typer.Option(None, "--by", help="Who objects (default: the subject)."),
    at: str | None = AT, db: str | None = DB, data_dir: Path | None = DATA_DIR,
    pack: Path | None = PACK, schedule: list[Path] = SCHEDULE, as_json: bool = JSON,
) -> None:  # fmt: skip
    """Object to a record, a publication period, a listing proposal or a repair decision."""
    with guarded():
        key = None if record is None else record_key(record)
        when = moment(at)
        with desk(db, data_dir, pack, schedule) as office:
            result = service.open_objection(
                office, grounds, evidence, when, record=key, case_id=case_id,
                target_kind="publication" if publication else "record", filer=by,
            )  # fmt: skip
    show_step(result, as_json)


@open_app.command("repair")
def open_repair(
    subject: str = typer.Option(..., "--subject", help="The applicant's USCC."),
    records: list[str] = typer.Option(..., "--record", help="AGENCY:ID of a record to repair."),
    proof: list[str] = typer.Option([], "--proof", help="A proof-of-performance document."),
    commitment: str = typer.Option("", "--commitment", help="The public credit commitment."),
    channel: str = typer.Option("portal", "--channel", help="portal (forwarded) or agency."),
    at: str | None = AT, db: str | None = DB, data_dir: Path | None = DATA_DIR,
    pack: Path | None = PACK, schedule: list[Path] = SCHEDULE, as_json: bool = JSON,
) -> None:  # fmt: skip
    """Apply for credit repair of records the assessment says are eligible now."""
    with guarded():
        keys = [record_key(text) for text in records]
        when = moment(at)
        with desk(db, data_dir, pack, schedule) as office:
            result = service.open_repair(
                office, subject, keys, proof, commitment, when, channel=channel
            )
    show_step(result, as_json)


@open_app.command("removal")
def open_removal(
    listing: str = typer.Option(..., "--listing", help="AGENCY:ID of the listing record."),
    conditions: list[str] = typer.Option([], "--condition", help="A condition met."),
    proof: list[str] = typer.Option([], "--proof", help="A supporting document."),
    at: str | None = AT, db: str | None = DB, data_dir: Path | None = DATA_DIR,
    pack: Path | None = PACK, schedule: list[Path] = SCHEDULE, as_json: bool = JSON,
) -> None:  # fmt: skip
    """Apply for early removal from a list (where the list allows it)."""
    with guarded():
        key = record_key(listing)
        when = moment(at)
        with desk(db, data_dir, pack, schedule) as office:
            result = service.open_early_removal(office, key, conditions, proof, when)
    show_step(result, as_json)


@case_app.command("act")
def act(
    case_id: str = typer.Argument(..., help="The case."),
    action: str = typer.Argument(..., help="serve-notice, withdraw, accept, refuse-acceptance, "
                                 "confirm-correction, request-review, forward."),
    actor: str = typer.Option("", "--as", help="Who acts (an agency code, or the subject)."),
    reason: str = typer.Option("", "--reason", help="Reasons (withdrawal, refusal)."),
    delivery: str = typer.Option("portal", "--delivery", help="How the notice was delivered."),
    corrected: str = typer.Option("", "--corrected-record", help="The corrected record's id."),
    at: str | None = AT, db: str | None = DB, data_dir: Path | None = DATA_DIR,
    pack: Path | None = PACK, schedule: list[Path] = SCHEDULE, as_json: bool = JSON,
) -> None:  # fmt: skip
    """A step other than the decision (the platform serves notices and forwards by default)."""
    with guarded():
        when = moment(at)
        with desk(db, data_dir, pack, schedule) as office:
            result = service.act(office, case_id, action, actor, when, reason=reason,
                                 delivery=delivery, record=corrected)  # fmt: skip
    show_step(result, as_json)


@case_app.command("decide")
def decide(
    case_id: str = typer.Argument(..., help="The case."),
    agency: str = typer.Option(..., "--as", help="The deciding agency."),
    outcome: str = typer.Option(..., "--outcome",
                                help="effective | upheld | rejected | granted | refused | removed"),
    reason: str = typer.Option("", "--reason", help="The reasons (required to reject/refuse)."),
    remedy: str = typer.Option("correct", "--remedy", help="Upheld objection: correct | revoke."),
    at: str | None = AT, db: str | None = DB, data_dir: Path | None = DATA_DIR,
    pack: Path | None = PACK, schedule: list[Path] = SCHEDULE, as_json: bool = JSON,
) -> None:  # fmt: skip
    """The competent agency decides the case."""
    with guarded():
        when = moment(at)
        with desk(db, data_dir, pack, schedule) as office:
            result = service.decide(office, case_id, agency, outcome, when, reasons=reason,
                                    remedy=remedy)  # fmt: skip
    show_step(result, as_json)


@case_app.command("extend")
def extend(
    case_id: str = typer.Argument(..., help="The case."),
    days: int = typer.Option(..., "--days", help="Working days to add."),
    reason: str = typer.Option(..., "--reason", help="Why (the subject sees it)."),
    agency: str = typer.Option(..., "--as", help="The agency (or the portal) extending."),
    step: str | None = typer.Option(None, "--step", help="The deadline (default: the one)."),
    at: str | None = AT, db: str | None = DB, data_dir: Path | None = DATA_DIR,
    pack: Path | None = PACK, schedule: list[Path] = SCHEDULE, as_json: bool = JSON,
) -> None:  # fmt: skip
    """Extend an extendable deadline, with a recorded reason."""
    with guarded():
        when = moment(at)
        with desk(db, data_dir, pack, schedule) as office:
            result = service.extend(office, case_id, days, reason, agency, when, step=step)
    show_step(result, as_json)


@case_app.command("list")
def list_cases(
    subject: str | None = typer.Option(None, "--subject", help="Only this subject's cases."),
    agency: str | None = typer.Option(None, "--agency", help="Competent agency (or kind)."),
    kind: str | None = typer.Option(None, "--kind", help="listing, objection, repair, removal."),
    state: str | None = typer.Option(None, "--state", help="Only cases in this state."),
    db: str | None = DB, data_dir: Path | None = DATA_DIR, as_json: bool = JSON,
) -> None:  # fmt: skip
    """Cases, oldest first."""
    with guarded(), desk(db, data_dir) as office:
        found = service.list_cases(office.conn, subject_key=subject, agency=agency, kind=kind,
                                   state=state)  # fmt: skip
    if as_json:
        print_json_line({"cases": [case.to_json() for case in found]})
    else:
        console.print(case_table(found))


@case_app.command("show")
def show(
    case_id: str = typer.Argument(..., help="The case."),
    db: str | None = DB, data_dir: Path | None = DATA_DIR, as_json: bool = JSON,
) -> None:  # fmt: skip
    """One case: state, running deadlines ("(provisional)" where so), steps."""
    with guarded(), desk(db, data_dir) as office:
        case = service.show_case(office.conn, case_id)
    show_case(case, as_json)


@procedures_app.command("overdue")
def overdue(
    as_of: str | None = typer.Option(None, "--as-of", help="The day (default today)."),
    db: str | None = DB, data_dir: Path | None = DATA_DIR, as_json: bool = JSON,
) -> None:  # fmt: skip
    """Cases past an administration deadline on a day, by agency (exit 1 when any)."""
    with guarded():
        when = day(as_of, "--as-of")
        with desk(db, data_dir) as office:
            found = service.overdue_cases(office.conn, when)
    if as_json:
        print_json_line({
            "as_of": when.isoformat(),
            "overdue": {who: [{**asdict(item), "due_on": item.due_on.isoformat()}
                              for item in items] for who, items in found.items()},
        })  # fmt: skip
    else:
        for who, items in found.items():
            console.print(f"[bold]{escape(who)}[/]")
            for item in items:
                mark = " (provisional)" if item.provisional else ""
                console.print(f"  {item.case_id} {item.case_kind} {item.step} due "
                              f"{item.due_on.isoformat()}{mark}: {item.days_late} day(s) late "
                              f"[{item.rule}]")  # fmt: skip
        if not found:
            console.print(f"No case is past a deadline on {when.isoformat()}.")
    if found:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``case``, ``consent`` and ``procedures``."""
    app.add_typer(case_app, name="case")
    app.add_typer(consent_app, name="consent")
    app.add_typer(procedures_app, name="procedures")
