"""``publiccredit assess`` and ``publiccredit check``: the engine over a record file or the store.

Thin by design. File mode (``--records``): read the file
(``publiccredit.ingest.readers``, which checks every row against the pack's
directory), group records by subject, call ``publiccredit.engine``, render.
Store mode (``--db`` / ``--data-dir``, or no ``--records``): read each
subject's stored records and facts (``publiccredit.service``) and call the
same engine. Bad rows stop the command before any output
with every problem listed (file, row, field, reason) and exit code 3.
``check`` (``cli.check``) shares these helpers. See ``docs/engine-cli.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.markup import escape
from rich.table import Table

from publiccredit.cli.errors import exit_code_for
from publiccredit.cli.output import console, err_console, print_json_line
from publiccredit.domain.assessment import Assessment, Decision, RecordAssessment
from publiccredit.domain.record import Record
from publiccredit.domain.subject import Subject
from publiccredit.engine import assess
from publiccredit.errors import InvalidInput, NotFound, Problem, PublicCreditError
from publiccredit.identifiers.uscc import compact
from publiccredit.ingest.readers import read_records
from publiccredit.policy import default_pack, load_pack
from publiccredit.policy.model import Pack
from publiccredit.service import assess_stored, load_subjects
from publiccredit.store.config import resolve
from publiccredit.store.personal import PERSONAL_KEYS_FILE, load_personal_keys
from publiccredit.store.projections import subject_keys
from publiccredit.store.setup import open_store

T = TypeVar("T")

RecordsOption = Annotated[
    Path | None,
    typer.Option("--records", help="Record file (.csv, .jsonl or .parquet); else the store."),
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Read the store at this database URL (default: $PUBLICCREDIT_DB)."),
]
DataDirOption = Annotated[
    Path | None, typer.Option("--data-dir", help="The store's data directory (default: ./data).")
]
AsOfOption = Annotated[str, typer.Option("--as-of", help="Assess as of this date (YYYY-MM-DD).")]
PackOption = Annotated[
    Path | None, typer.Option("--pack", help="Policy pack folder (default: the cn pack).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the documented JSON instead.")]


def register(app: typer.Typer) -> None:
    """Add ``assess`` to the app (``check`` lives in ``cli.check``)."""
    app.command("assess")(assess_command)


def _guarded(work: Callable[[], T]) -> T:
    try:
        return work()
    except PublicCreditError as error:
        err_console.print(f"[bold red]error:[/] {escape(str(error))}", soft_wrap=True)
        raise typer.Exit(exit_code_for(error)) from None


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        problem = Problem("must be a calendar date written YYYY-MM-DD", option, text)
        raise InvalidInput(f"bad value for {option}", (problem,)) from None


def _pack(path: Path | None) -> Pack:
    return default_pack() if path is None else load_pack(path)


def _chain(first: T, rest: Iterator[T]) -> Iterator[T]:
    yield first
    yield from rest


def load_file_subjects(path: Path, pack: Pack) -> dict[str, list[Record]]:
    """All records of the file grouped by subject; ``InvalidInput`` listing every bad row."""
    grouped: dict[str, list[Record]] = {}
    problems: list[Problem] = []
    for result in read_records(path, pack=pack):
        if result.record is None:
            problems.extend(result.problems)
        else:
            grouped.setdefault(result.record.subject_id, []).append(result.record)
    if problems:
        rows = len({problem.row for problem in problems})
        raise InvalidInput(
            f"{path}: {rows} row(s) cannot be used; nothing was assessed", tuple(problems)
        )
    return grouped


def _select(grouped: dict[str, list[Record]], subject: str | None, path: Path) -> Iterator[str]:
    if subject is None:
        yield from grouped
        return
    for key in (subject.strip(), compact(subject)):
        if key in grouped:
            yield key
            return
    raise NotFound(f"{path}: no records about subject {subject!r}")


def _subject_keys(subject: str, data_dir: Path) -> list[str]:
    """The keys ``subject`` may be stored under: a USCC, or a person's keyed hash."""
    keys = [compact(subject)]
    if (data_dir / PERSONAL_KEYS_FILE).exists():
        keys.append(load_personal_keys(data_dir).person_key(subject))
    return keys


def stored_assessments(
    db: str | None,
    data_dir: Path | None,
    subject: str | None,
    policy: Pack,
    day: date,
    known: date | None = None,
) -> Iterator[Assessment]:
    """Assess stored subjects (one, or all in pages) with the engine; ``NotFound`` if absent."""
    config = resolve(db, data_dir)
    engine = open_store(config)
    try:
        with engine.connect() as conn:
            if subject is not None:
                for key in _subject_keys(subject, config.data_dir):
                    loaded = load_subjects(conn, [key])
                    if key in loaded:
                        yield assess_stored(*loaded[key], policy, day, known)
                        return
                raise NotFound(f"{config.describe_db()}: no records about subject {subject!r}")
            after = ""
            while keys := subject_keys(conn, after):
                for records, facts in load_subjects(conn, keys).values():
                    yield assess_stored(records, facts, policy, day, known)
                after = keys[-1]
    finally:
        engine.dispose()


def _mode(records: Path | None, db: str | None) -> None:
    if records is not None and db is not None:
        problem = Problem("give either --records (a file) or --db (the store), not both", "--db")
        raise InvalidInput("two sources of records", (problem,))


def assess_command(
    as_of: AsOfOption,
    records: RecordsOption = None,
    db: DbOption = None,
    data_dir: DataDirOption = None,
    known_at: Annotated[
        str | None, typer.Option("--known-at", help="Only what was recorded by this date.")
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help="Only this subject (USCC).")
    ] = None,
    pack: PackOption = None,
    as_json: JsonOption = False,
) -> None:
    """Assess every subject of a record file (or the store) as of a date.

    Shows publication, lists, measures and rating per subject.
    """

    def run() -> Iterator[Assessment]:
        _mode(records, db)
        day = _date(as_of, "--as-of")
        known = None if known_at is None else _date(known_at, "--known-at")
        policy = _pack(pack)
        if records is None:
            found = stored_assessments(db, data_dir, subject, policy, day, known)
            first = next(found)  # raise NotFound / store errors before any output
            return _chain(first, found)
        grouped = load_file_subjects(records, policy)
        return iter(
            [
                assess(Subject.from_records(key, grouped[key]), grouped[key], policy, day, known)
                for key in _select(grouped, subject, records)
            ]
        )

    for assessment in _guarded(run):
        if as_json:
            print_json_line(assessment.to_json())
        else:
            render_assessment(assessment)


_STATE_STYLE = {"published": "yellow", "repaired": "green", "ended": "dim", "revoked": "dim"}


def _day(value: date | None) -> str:
    return "—" if value is None else value.isoformat()


def _notable(entry: RecordAssessment) -> bool:
    """Worth a line: adverse (a severity), repairable, or repaired / revoked / objected to."""
    return bool(entry.record.severity or entry.repair) or entry.state.value in _SHOWN_STATES


_SHOWN_STATES = frozenset({"repaired", "revoked", "under_objection"})


def render_assessment(assessment: Assessment) -> None:
    """Human text: subject, notable records, lists, measures, rating, next change."""
    subject = assessment.subject
    kind = subject.entity_kind or subject.kind.value
    console.print(
        f"[bold]{escape(subject.name or subject.display_id)}[/] {subject.display_id} ({kind}) "
        f"as of {assessment.as_of}"
        + (f", as known at {assessment.known_at}" if assessment.known_at else "")
        + f" — policy {assessment.policy_version}"
    )
    notable = [entry for entry in assessment.records if _notable(entry)]
    table = Table("record", "type", "decided", "state", "until", "rule", "repair", box=None)
    for entry in notable:
        repair = entry.repair
        repair_text = ""
        if repair is not None:
            repair_text = (
                f"from {repair.eligible_from}"
                if repair.eligible_from
                else ", ".join(repair.blockers)
            )
        style = _STATE_STYLE.get(entry.state.value, "")
        table.add_row(
            escape(f"{entry.record.agency}/{entry.record.source_record_id}"),
            entry.record.record_type,
            entry.record.decided_on.isoformat(),
            f"[{style}]{entry.state.value}[/]" if style else entry.state.value,
            _day(entry.end),
            entry.rule or "—",
            repair_text,
        )
    if notable:
        console.print(table)
    console.print(f"  {len(assessment.records) - len(notable)} other record(s): neutral or ended")
    for membership in assessment.lists:
        label = "marked" if membership.marked else "on list"
        until = _day(membership.until)
        line = f"  {label} [bold]{membership.list_id}[/] since {membership.since} until {until}"
        if membership.escalation and (
            membership.escalation.warning_active or membership.escalation.due
        ):
            line += (
                f" — escalation to {membership.escalation.to_list} on {membership.escalation.on}"
            )
        console.print(line + f" ({escape(membership.legal_basis)})")
    for measure in assessment.measures:
        persons = ", ".join(f"{p.role} {p.name} {p.id_masked}" for p in measure.binds)
        console.print(
            f"  measure [bold]{measure.measure_id}[/] ({measure.effect}, {measure.trigger}) "
            f"— {escape(measure.legal_basis)}" + (f"; binds {escape(persons)}" if persons else "")
        )
    rating = assessment.rating
    if rating is None:
        skipped = assessment.not_rated
        console.print(
            f"  rating: not rated ({escape(skipped.reason)})" if skipped else "  rating: none"
        )
    else:
        reasons = "; ".join(f"{r.code} {r.points:+g}" for r in rating.reasons)
        capped = f", capped by {rating.capped_by}" if rating.capped_by else ""
        console.print(
            f"  rating [bold]{rating.level}[/] score {rating.score:g}{capped}"
            + (f" — {reasons}" if reasons else "")
        )
    console.print(f"  next change on {_day(assessment.next_change_on)}\n")


_OUTCOME_STYLE = {
    "allowed": "green",
    "restricted": "bold red",
    "incentive": "cyan",
    "unknown": "yellow",
}


def render_decision(decision: Decision) -> None:
    """Human text: the outcome and every measure, list and legal basis behind it."""
    style = {
        "allowed": "green",
        "restricted": "bold red",
        "incentive": "cyan",
        "unknown": "yellow",
    }[decision.outcome.value]
    console.print(
        f"{decision.subject_id} {decision.action} as of {decision.as_of}: "
        f"[{style}]{decision.outcome.value}[/]"
    )
    for measure in decision.measures:
        console.print(
            f"  {measure.measure_id} ({measure.effect}, {measure.trigger}) — "
            f"{escape(measure.legal_basis)}; implemented by {escape(measure.implementing_agency)}"
        )
