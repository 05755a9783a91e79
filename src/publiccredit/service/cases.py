"""Due-process cases as services: open, act, decide, extend, list, show (DESIGN §8).

The CLI uses these now, the API and the portal later. Each step loads the
case's latest snapshot, lets the pure procedure (``publiccredit.procedures``)
decide what happens, and stores the result with ``commit_step`` in the
caller's transaction: the case events, the case projection, the listing
record a decision carries, and the re-assessment of the subject. Refusals
are ``ProcedureError`` (wrong state, too early, too late, deciding twice) or
``PermissionDenied`` (wrong agency or person) and store nothing.

``at`` is when the step happened; ``now`` when the platform recorded it
(default: ``at``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.domain.case import Case, CaseKind
from publiccredit.domain.event import Event
from publiccredit.domain.facts import RecordKey
from publiccredit.errors import InvalidInput, NotFound, PermissionDenied, Problem, ProcedureError
from publiccredit.identifiers.uscc import validate
from publiccredit.policy.model import WindowStart
from publiccredit.procedures.calendar import official_day
from publiccredit.procedures.gate import check_basis, listing_list
from publiccredit.procedures.listing import ListingProposal, note_objection, propose_listing
from publiccredit.procedures.listing_notice import objection_window, window_from
from publiccredit.procedures.objection import ObjectionTarget, file_objection
from publiccredit.procedures.overdue import OverdueDeadline, overdue
from publiccredit.procedures.removal import apply_early_removal
from publiccredit.procedures.repair import RepairItem, apply_for_repair, pending_records
from publiccredit.service.assessments import assess_stored, load_subjects
from publiccredit.service.case_commit import CaseDesk, StepResult, commit_step
from publiccredit.service.case_ids import new_case_id
from publiccredit.service.case_steps import ACTIONS, OUTCOMES, act_on, decide_on, extend_on
from publiccredit.store.cases import find_cases, get_case
from publiccredit.store.projections import get_record

__all__ = [
    "ACTIONS",
    "OUTCOMES",
    "CaseDesk",
    "StepResult",
    "act",
    "decide",
    "extend",
    "list_cases",
    "open_early_removal",
    "open_listing",
    "open_objection",
    "open_repair",
    "overdue_cases",
    "show_case",
]


def show_case(conn: Connection, case_id: str) -> Case:
    """The latest snapshot of case ``case_id``; ``NotFound`` if there is none."""
    case = get_case(conn, case_id)
    if case is None:
        raise NotFound(f"no case {case_id} is stored")
    return case


def list_cases(
    conn: Connection,
    *,
    subject_key: str | None = None,
    agency: str | None = None,
    kind: str | None = None,
    state: str | None = None,
) -> list[Case]:
    """Cases by subject, competent agency (code or kind), kind and state."""
    return find_cases(conn, subject_key=subject_key, agency=agency, kind=kind, state=state)


def overdue_cases(conn: Connection, as_of: date) -> dict[str, tuple[OverdueDeadline, ...]]:
    """Every administration deadline past its last day on ``as_of``, grouped by agency."""
    return overdue(find_cases(conn, due_before=as_of, limit=100_000), as_of)


def _stored(conn: Connection, key: RecordKey) -> dict[str, object]:
    stored = get_record(conn, key)
    if stored is None:
        raise NotFound(f"no record {key[0]}/{key[1]} is stored")
    return stored


def _commit(desk: CaseDesk, cases: Sequence[Case], events: Sequence[Event], at: datetime,
            now: datetime | None) -> StepResult:  # fmt: skip
    seqs, removals = commit_step(desk, cases, events, at, now or at)
    return StepResult(cases[0], seqs, (*cases[1:], *removals))


def open_listing(
    desk: CaseDesk,
    subject: str,
    proposal: ListingProposal,
    agency: str,
    at: datetime,
    now: datetime | None = None,
) -> StepResult:
    """An agency proposes a listing: the case opens in ``proposed``; the notice follows."""
    if proposal.subject_kind != "entity":
        raise InvalidInput(
            "listing procedures for natural persons are not supported yet",
            (Problem("entity only", "subject_kind", proposal.subject_kind),),
        )
    subject = validate(subject)
    underlying = None
    if proposal.refers_to is not None:
        stored = _stored(desk.conn, proposal.refers_to)
        if stored["subject_key"] != subject:
            raise ProcedureError(
                f"record {proposal.refers_to[0]}/{proposal.refers_to[1]} concerns another subject"
            )
        underlying = {**_row(stored), "status": stored["status"]}
    definition = desk.pack.lists_by_id.get(proposal.list_id)
    if definition is not None:
        check_basis(definition, underlying, official_day(at))
    case_id = new_case_id(CaseKind.LISTING, at)
    case, events = propose_listing(case_id, subject, proposal, agency, at, desk.pack, desk.calendar)
    return _commit(desk, [case], events, at, now)


def _row(stored: dict[str, Any]) -> dict[str, Any]:
    """The record row inside a stored record's document."""
    document = stored["content"]
    if isinstance(document, str | bytes):
        document = json.loads(document)
    row: dict[str, Any] = document["record"] if isinstance(document, dict) else {}
    return row


def _published_window(desk: CaseDesk, list_id: str | None, row: dict[str, Any]) -> Any:
    """The window to object to a published listing, where its list counts it from publication
    (from the listing's ``effective_from``, else the day it was decided)."""
    definition = desk.pack.lists_by_id.get(list_id or "")
    notice = None if definition is None else definition.notice
    if definition is None or notice is None or notice.window_from is not WindowStart.PUBLICATION:
        return None
    published = date.fromisoformat(str(row.get("effective_from") or row["decided_on"]))
    window = objection_window(desk.pack, definition, published)
    return window_from(window, published, desk.calendar)


def _record_target(desk: CaseDesk, key: RecordKey, kind: str) -> tuple[str, ObjectionTarget]:
    stored = _stored(desk.conn, key)
    record_type = str(stored["record_type"])
    row = _row(stored)
    listed = listing_list(desk.pack, record_type, row.get("extra") or {})
    list_id = None if listed is None else listed.id
    window = _published_window(desk, list_id, row) if kind == "record" else None
    target = ObjectionTarget(kind, key[0], (key,), record_type, list_id, window=window)
    return str(stored["subject_key"]), target


def _case_target(desk: CaseDesk, case_id: str) -> tuple[str, ObjectionTarget]:
    case = show_case(desk.conn, case_id)
    details = case.details
    if case.kind == CaseKind.LISTING:
        target = ObjectionTarget(
            "listing", case.competent_agency, (), details["record_type"], details["list_id"], case
        )
    elif case.kind == CaseKind.REPAIR:
        keys = tuple((str(r["key"][0]), str(r["key"][1])) for r in details["records"])
        types = [r["record_type"] for r in details["records"]]
        target = ObjectionTarget("repair", case.competent_agency, keys, types[0], None, case)
    else:
        raise ProcedureError(
            f"case {case_id} is a {case.kind.value} case: object to a listing proposal, a "
            "repair decision, a record or a publication period"
        )
    return case.subject, target


def open_objection(
    desk: CaseDesk,
    grounds: str,
    evidence: Sequence[str],
    at: datetime,
    *,
    record: RecordKey | None = None,
    case_id: str | None = None,
    target_kind: str = "record",
    filer: str | None = None,
    now: datetime | None = None,
) -> StepResult:
    """Object to a record or its publication period (``record``), or to a listing proposal
    or a repair decision (``case_id``). The filer defaults to the subject."""
    if (record is None) == (case_id is None):
        raise InvalidInput(
            "an objection names either a record or a case", (Problem("one of them", "target"),)
        )
    if case_id is not None:
        subject, target = _case_target(desk, case_id)
    else:
        assert record is not None
        subject, target = _record_target(desk, record, target_kind)
    who = filer or subject
    new_id = new_case_id(CaseKind.OBJECTION, at)
    case, events = file_objection(
        new_id, subject, target, who, grounds, evidence, at, desk.pack, desk.calendar
    )
    cases = [case]
    if target.kind == "listing" and target.case is not None:
        listing, more = note_objection(target.case, new_id, at)
        cases.append(listing)
        events += more
    return _commit(desk, cases, events, at, now)


def open_repair(
    desk: CaseDesk,
    subject: str,
    records: Sequence[RecordKey],
    proof: Sequence[str],
    commitment: str,
    at: datetime,
    *,
    channel: str = "portal",
    applicant: str | None = None,
    now: datetime | None = None,
) -> StepResult:
    """Apply for credit repair; each record's eligibility is the engine's, re-assessed as of
    the filing day (a record not yet eligible is refused with the day it will be, and why)."""
    subject = validate(subject)
    day = official_day(at)
    loaded = load_subjects(desk.conn, [subject])
    if subject not in loaded:
        raise NotFound(f"no records of {subject} are stored")
    stored_records, facts = loaded[subject]
    assessment = assess_stored(stored_records, facts, desk.pack, day)
    entries = {entry.record.key: entry for entry in assessment.records}
    pending = pending_records(find_cases(desk.conn, subject_key=subject, kind="repair"))
    items = []
    for key in records:
        entry = entries.get(key)
        if entry is None:
            raise NotFound(f"{subject} has no record {key[0]}/{key[1]}")
        if key in pending:
            raise ProcedureError(
                f"record {key[0]}/{key[1]} is already in repair case {pending[key]}, "
                "which is still open: wait for its decision or withdraw it first"
            )
        if entry.repair is None:
            raise ProcedureError(
                f"record {key[0]}/{key[1]} is {entry.state.value.replace('_', ' ')} on "
                f"{day.isoformat()}: there is nothing to repair"
            )
        items.append(RepairItem(key, entry.record.record_type, entry.repair))
    case, events = apply_for_repair(
        new_case_id(CaseKind.REPAIR, at), subject, items, proof, commitment,
        applicant or subject, at, desk.pack, desk.calendar, channel,
    )  # fmt: skip
    return _commit(desk, [case], events, at, now)


def open_early_removal(
    desk: CaseDesk,
    listing: RecordKey,
    conditions: Sequence[str],
    proof: Sequence[str],
    at: datetime,
    *,
    applicant: str | None = None,
    now: datetime | None = None,
) -> StepResult:
    """The subject applies to be taken off a list early (where the list allows it)."""
    stored = _stored(desk.conn, listing)
    subject = str(stored["subject_key"])
    record_type = str(stored["record_type"])
    definition = next(
        (
            d
            for d in desk.pack.lists_by_id.values()
            if any(rule.record_type == record_type for rule in d.entry)
        ),
        None,
    )
    if definition is None:
        raise ProcedureError(f"record {listing[0]}/{listing[1]} puts its subject on no list")
    row = _row(stored)
    since = date.fromisoformat(str(row.get("effective_from") or row["decided_on"]))
    case, events = apply_early_removal(
        new_case_id(CaseKind.REMOVAL, at), subject, definition.id, listing, since,
        conditions, proof, applicant or subject, at, desk.pack, desk.calendar,
    )  # fmt: skip
    return _commit(desk, [case], events, at, now)


OWN_AGENCY_ACTIONS: dict[str, tuple[str, ...]] = {
    CaseKind.LISTING.value: ("withdraw",),
    CaseKind.OBJECTION.value: ("accept", "refuse-acceptance", "confirm-correction"),
}
"""Actions only the case's own agency takes (the API binds an agency key to its agency)."""


def _require_own_agency(case: Case, agency: str, what: str) -> None:
    if agency != case.competent_agency:
        raise PermissionDenied(
            f"{agency or 'nobody'} may not {what} in case {case.id}: it belongs to "
            f"{case.competent_agency}"
        )


def act(
    desk: CaseDesk,
    case_id: str,
    action: str,
    actor: str,
    at: datetime,
    *,
    reason: str = "",
    delivery: str = "portal",
    record: str = "",
    now: datetime | None = None,
) -> StepResult:
    """A step that is not the decision: ``ACTIONS`` lists them per kind of case.

    The steps only the case's agency takes (withdrawing a proposal, accepting
    or refusing an objection, confirming a correction) are the case's own
    agency's, as for ``decide``.
    """
    case = show_case(desk.conn, case_id)
    if action in OWN_AGENCY_ACTIONS.get(case.kind.value, ()):
        _require_own_agency(case, actor, action.replace("-", " "))
    cases, events = act_on(desk, case, action, actor, at, reason, delivery, record)
    return _commit(desk, cases, events, at, now)


def decide(
    desk: CaseDesk,
    case_id: str,
    agency: str,
    outcome: str,
    at: datetime,
    *,
    reasons: str = "",
    remedy: str = "correct",
    now: datetime | None = None,
) -> StepResult:
    """The competent agency's decision: ``OUTCOMES`` lists them per kind of case.

    Only the case's own agency decides — the same office, not any office of its
    kind — on every path (the API's keys are bound to it; the CLI's ``--as`` is
    checked here, where it once passed for any agency of the same kind).
    """
    case = show_case(desk.conn, case_id)
    _require_own_agency(case, agency, "decide")
    cases, events = decide_on(desk, case, agency, outcome, at, reasons, remedy)
    return _commit(desk, cases, events, at, now)


def extend(
    desk: CaseDesk,
    case_id: str,
    working_days: int,
    reason: str,
    agency: str,
    at: datetime,
    *,
    step: str | None = None,
    now: datetime | None = None,
) -> StepResult:
    """Extend a running deadline (only one the pack marks extendable), for a recorded reason."""
    case = show_case(desk.conn, case_id)
    cases, events = extend_on(desk, case, step, working_days, reason, agency, at)
    return _commit(desk, cases, events, at, now)
