"""The listing procedure: proposal, notice, objection window, decision (DESIGN §8).

An agency proposes to put a subject on a restrictive list, with facts, legal
basis and the proposed measures. The platform serves a notice (reasons, legal
basis, rights, how to object, the deadline) and records when it was
delivered. The listing takes effect only after the objection window has
passed without objection, or after an objection was decided against the
subject — unless the list's legal basis makes the decision itself effective
(``Notice.effective_on_decision``: a court's defaulter listing), in which case
the notice still goes out.

Case ``details``: ``list_id``, ``record_type``, ``subject_kind``, ``facts``,
``legal_basis``, ``measures``, ``refers_to`` (the underlying record key or
null), ``extra``, ``needs_notice``, ``effective_on_decision``, ``hearing``,
``window`` (its rule and length), and after the steps ``notice`` (delivery
and window end), ``objection_case_id``, ``objection_rejected``,
``effective_on``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from publiccredit.domain.case import Case, CaseDeadline, CaseKind, agency_kind
from publiccredit.domain.event import EventKind, JsonValue
from publiccredit.domain.facts import RecordKey
from publiccredit.domain.record import Record, RecordParseError, parse_record
from publiccredit.errors import InvalidInput, PermissionDenied, Problem, ProcedureError
from publiccredit.policy.directory_check import check_record
from publiccredit.policy.model import ListDefinition, Pack, WindowStart
from publiccredit.policy.model.lists import ListKind
from publiccredit.procedures.calendar import WorkingCalendar, official_day
from publiccredit.procedures.deadlines import find_deadline, start_deadline
from publiccredit.procedures.listing_notice import notice_text, objection_window, window_deadline
from publiccredit.procedures.machine import (
    SYSTEM,
    Outcome,
    Transitions,
    advance,
    case_event,
    next_state,
    require_competent,
    require_in_order,
    without,
)


class ListingState(StrEnum):
    """Where a listing case stands."""

    PROPOSED = "proposed"
    NOTICE_SERVED = "notice_served"
    UNDER_OBJECTION = "under_objection"
    EFFECTIVE = "effective"
    WITHDRAWN = "withdrawn"


class ListingCommand(StrEnum):
    """What can be done to a listing case."""

    SERVE_NOTICE = "serve_notice"
    NOTE_OBJECTION = "note_objection"
    OBJECTION_UPHELD = "objection_upheld"
    OBJECTION_REJECTED = "objection_rejected"
    DECIDE = "decide"
    WITHDRAW = "withdraw"


S, C = ListingState, ListingCommand
LISTING_TRANSITIONS: Transitions = {
    (S.PROPOSED, C.SERVE_NOTICE): S.NOTICE_SERVED,
    (S.PROPOSED, C.DECIDE): S.EFFECTIVE,  # only where the decision itself is effective
    (S.PROPOSED, C.WITHDRAW): S.WITHDRAWN,
    (S.NOTICE_SERVED, C.NOTE_OBJECTION): S.UNDER_OBJECTION,
    (S.NOTICE_SERVED, C.DECIDE): S.EFFECTIVE,  # after the window, or objection rejected
    (S.NOTICE_SERVED, C.WITHDRAW): S.WITHDRAWN,
    (S.UNDER_OBJECTION, C.OBJECTION_REJECTED): S.NOTICE_SERVED,
    (S.UNDER_OBJECTION, C.OBJECTION_UPHELD): S.WITHDRAWN,
    (S.UNDER_OBJECTION, C.DECIDE): S.EFFECTIVE,  # only where the decision itself is effective
    (S.UNDER_OBJECTION, C.WITHDRAW): S.WITHDRAWN,
    (S.EFFECTIVE, C.SERVE_NOTICE): S.EFFECTIVE,  # notice after an effective-on-decision listing
}
"""``(state, command) → state`` of the listing procedure."""


@dataclass(frozen=True, slots=True)
class ListingProposal:
    """What the proposing agency states: the list, facts, basis and proposed measures.

    ``record_type`` defaults to the list's first entry record type (the record
    the listing decision becomes); ``refers_to`` is the underlying record (the
    penalty a serious listing rests on); ``extra`` holds the listing record's
    extra fields (``ground``, ``case_no`` …). ``severity`` defaults to what the
    directory allows the record type (``serious`` for the serious list, none
    for the abnormal list): a default that the record type refuses made every
    abnormal-list decision fail.
    """

    list_id: str
    facts: str
    legal_basis: str = ""
    measures: tuple[str, ...] = ()
    record_type: str | None = None
    subject_kind: str = "entity"
    refers_to: RecordKey | None = None
    severity: str | None = None
    extra: Mapping[str, JsonValue] = field(default_factory=dict)


def _definition(pack: Pack, list_id: str) -> ListDefinition:
    definition = pack.lists_by_id.get(list_id)
    if definition is None:
        known = ", ".join(sorted(pack.lists_by_id))
        raise InvalidInput(
            "unknown list", (Problem(f"not a list (known: {known})", "list_id", list_id),)
        )
    if definition.kind is not ListKind.RESTRICTIVE:
        raise ProcedureError(
            f"{list_id} is a red list: the listing procedure is for restrictive lists"
        )
    return definition


def _check_proposal(
    pack: Pack, definition: ListDefinition, proposal: ListingProposal, agency: str
) -> str:
    entry_types = [rule.record_type for rule in definition.entry]
    record_type = proposal.record_type or entry_types[0]
    if record_type not in entry_types:
        problem = Problem(f"does not put a subject on {definition.id}", "record_type", record_type)
        raise InvalidInput("the record type is not an entry of the list", (problem,))
    submitters = pack.record_types[record_type].submitters
    if agency_kind(agency) not in submitters:
        raise PermissionDenied(
            f"{agency} may not propose {definition.id}: {record_type} records are decided by "
            f"{', '.join(submitters)} agencies"
        )
    measures = {measure.id: measure for measure in pack.measures}
    problems = tuple(
        Problem(f"not a catalogue measure for {definition.id}", "measures", measure_id)
        for measure_id in proposal.measures
        if measure_id not in measures or definition.id not in measures[measure_id].targets.lists
    )
    if problems:
        raise InvalidInput("a proposed measure is outside the catalogue for this list", problems)
    if not proposal.facts.strip():
        raise InvalidInput("a listing proposal states its facts", (Problem("empty", "facts"),))
    return record_type


def _severity(pack: Pack, record_type: str, proposal: ListingProposal) -> str | None:
    """The listing record's severity: the proposal's, or the one the directory allows."""
    if proposal.severity is not None:
        return proposal.severity
    allowed = pack.record_types[record_type].severity.allowed
    return allowed[0].value if len(allowed) == 1 else None


def listing_record(case: Case, day: date) -> dict[str, Any]:
    """The listing record the decision submits (source id = the case id)."""
    details = case.details
    refers_to = details["refers_to"]
    return {
        "agency": case.competent_agency,
        "source_record_id": case.id,
        "record_type": details["record_type"],
        "subject_kind": details["subject_kind"],
        "subject_id": case.subject,
        "decided_on": day.isoformat(),
        "severity": details["severity"],
        "legal_basis": details["legal_basis"],
        "facts": details["facts"],
        "refers_to": "" if refers_to is None else refers_to[1],
        "extra": details["extra"],
    }


def _check_listing_record(case: Case, pack: Pack, day: date) -> None:
    """The record the decision will submit conforms to the directory (checked when proposed,
    so a proposal that could never be decided is refused at once)."""
    draft = {key: value for key, value in listing_record(case, day).items() if value is not None}
    try:
        record = parse_record(draft)
    except RecordParseError as error:
        raise InvalidInput("the listing record could not be built", error.problems) from None
    problems = check_record(pack, record)
    if problems:
        raise InvalidInput("the listing record would not conform to the directory", problems)


def propose_listing(
    case_id: str,
    subject: str,
    proposal: ListingProposal,
    agency: str,
    at: datetime,
    pack: Pack,
    calendar: WorkingCalendar,
) -> Outcome:
    """Open a listing case; the agency's own deadline to decide starts where the pack sets one."""
    definition = _definition(pack, proposal.list_id)
    record_type = _check_proposal(pack, definition, proposal, agency)
    notice = definition.notice
    needs_notice = notice is not None and notice.required
    on_decision = notice is not None and notice.effective_on_decision
    window = objection_window(pack, definition, official_day(at))
    if needs_notice and not on_decision and window is None:
        raise ProcedureError(
            f"the policy pack sets no objection window for {definition.id} (lists.yaml notice "
            "objection_window / objection_working_days, or an objection 'window' deadline), so "
            "the day this listing could take effect cannot be known; the pack must say it"
        )
    deadlines: tuple[CaseDeadline, ...] = ()
    rule = find_deadline(
        pack, "listing", "decide", applies_to=(definition.id,), on=official_day(at)
    )
    if rule is not None:
        deadlines = (start_deadline(rule, official_day(at), calendar),)
    details: dict[str, Any] = {
        "list_id": definition.id,
        "list_name": definition.name_en,
        "record_type": record_type,
        "subject_kind": proposal.subject_kind,
        "facts": proposal.facts.strip(),
        "legal_basis": proposal.legal_basis.strip() or definition.legal_basis.cite(),
        "measures": list(proposal.measures),
        "refers_to": None if proposal.refers_to is None else list(proposal.refers_to),
        "severity": _severity(pack, record_type, proposal),
        "extra": dict(proposal.extra),
        "needs_notice": needs_notice,
        "effective_on_decision": on_decision,
        "hearing": notice is not None and notice.hearing,
        "window": window,
        "window_from": WindowStart.NOTICE.value if notice is None else notice.window_from.value,
    }
    case = Case(
        case_id,
        CaseKind.LISTING,
        subject,
        agency,
        S.PROPOSED,
        at,
        deadlines=deadlines,
        details=details,
    )
    _check_listing_record(case, pack, official_day(at))
    case = advance(case, "propose", S.PROPOSED, at, agency, deadlines=deadlines)
    event = case_event(EventKind.LISTING_PROPOSED, case, at, agency, {"proposal": details})
    return case, (event,)


def serve_notice(
    case: Case, at: datetime, actor: str, calendar: WorkingCalendar, delivery: str
) -> Outcome:
    """Record the notice delivered at ``at`` by ``delivery``; the objection window starts."""
    state = next_state(case, C.SERVE_NOTICE, LISTING_TRANSITIONS)
    if actor != SYSTEM:
        require_competent(case, actor, "serve the notice")
    require_in_order(case, at)
    if "notice" in case.details:
        raise ProcedureError(f"the notice of case {case.id} was already served")
    if not case.details["needs_notice"] and not case.details["effective_on_decision"]:
        raise ProcedureError(f"the list of case {case.id} requires no notice")
    from_publication = counts_from_publication(case)
    if from_publication and case.state == S.PROPOSED:
        raise ProcedureError(
            f"the objection window of {case.details['list_id']} runs from publication of the "
            f"listing decision, not from a notice before it: decide case {case.id} first, then "
            "serve the notice of the decision"
        )
    start = date.fromisoformat(case.details["effective_on"]) if from_publication else None
    window = window_deadline(case, start or official_day(at), calendar)
    notice = notice_text(case, window, at, delivery)
    deadlines = case.deadlines + (() if window is None else (window,))
    updated = advance(
        case,
        C.SERVE_NOTICE,
        state,
        at,
        actor,
        {"delivery": delivery},
        deadlines=deadlines,
        details={"notice": notice},
    )
    return updated, (case_event(EventKind.NOTICE_SERVED, updated, at, actor, {"notice": notice}),)


def counts_from_publication(case: Case) -> bool:
    """True when the case's objection window runs from publication of the decision."""
    return bool(case.details.get("window_from") == WindowStart.PUBLICATION.value)


def check_objection_window(case: Case, at: datetime) -> None:
    """Refuse an objection to the proposal outside its window.

    A provisional last day is not enforced against the subject: a guessed date
    must not cost anyone a right.
    """
    if case.state != S.NOTICE_SERVED:
        raise ProcedureError(
            f"listing case {case.id} is {case.state.replace('_', ' ')}: no objection to the "
            "proposal can be filed now (object to the listing record instead)"
        )
    window = case.deadline("objection_window")
    day = official_day(at)
    if window is not None and not window.provisional and day > window.due_on:
        raise ProcedureError(
            f"the objection window of listing case {case.id} closed on "
            f"{window.due_on.isoformat()} ({window.rule}); "
            f"an objection on {day.isoformat()} is late"
        )


def note_objection(case: Case, objection_case_id: str, at: datetime) -> Outcome:
    """The subject objected in time: the listing waits for the objection's outcome."""
    state = next_state(case, C.NOTE_OBJECTION, LISTING_TRANSITIONS)
    require_in_order(case, at)
    check_objection_window(case, at)
    updated = advance(
        case,
        C.NOTE_OBJECTION,
        state,
        at,
        SYSTEM,
        {"objection_case_id": objection_case_id},
        details={"objection_case_id": objection_case_id},
    )
    return updated, ()


def apply_objection_outcome(case: Case, upheld: bool, at: datetime) -> Outcome:
    """Upheld: the proposal is withdrawn. Rejected: the listing may now be decided."""
    command = C.OBJECTION_UPHELD if upheld else C.OBJECTION_REJECTED
    state = next_state(case, command, LISTING_TRANSITIONS)
    require_in_order(case, at)
    details = {"objection_rejected": not upheld}
    updated = advance(
        case,
        command,
        state,
        at,
        SYSTEM,
        details,
        deadlines=without(case.deadlines, "objection_window"),
        details=details,
    )
    if not upheld:
        return updated, ()
    payload = {
        "reason": "objection upheld",
        "objection_case_id": case.details.get("objection_case_id"),
    }
    return updated, (case_event(EventKind.LISTING_WITHDRAWN, updated, at, SYSTEM, payload),)


def _check_may_take_effect(case: Case, day: Any) -> None:
    if case.details["effective_on_decision"] or not case.details["needs_notice"]:
        return
    if counts_from_publication(case) and case.state == S.PROPOSED:
        return  # the subject objects after publication (the abnormal list)
    if case.state == S.PROPOSED:
        raise ProcedureError(f"listing case {case.id} cannot take effect before notice is served")
    if case.state == S.UNDER_OBJECTION:
        raise ProcedureError(f"listing case {case.id} waits for the decision on the objection")
    if case.details.get("objection_rejected"):
        return
    window = case.deadline("objection_window")
    if window is None:  # pragma: no cover - a served notice always opens a window here
        raise ProcedureError(f"listing case {case.id} has no objection window")
    if window.provisional:
        raise ProcedureError(
            f"the objection window of listing case {case.id} ends on {window.due_on.isoformat()} "
            "only PROVISIONALLY (no official calendar for that year): load the year's schedule "
            "(`publiccredit calendar add FILE`, then `publiccredit sweep`)"
        )
    if day <= window.due_on:
        raise ProcedureError(
            f"listing case {case.id} cannot take effect before its objection window ends "
            f"({window.due_on.isoformat()}, {window.rule})"
        )


def decide_listing(case: Case, agency: str, at: datetime) -> Outcome:
    """The competent agency's decision: the listing takes effect on ``at``'s day."""
    state = next_state(case, C.DECIDE, LISTING_TRANSITIONS)
    require_competent(case, agency, "decide the listing")
    require_in_order(case, at)
    day = official_day(at)
    _check_may_take_effect(case, day)
    details = case.details
    record = listing_record(case, day)
    updated = advance(
        case,
        C.DECIDE,
        state,
        at,
        agency,
        {"effective_on": day.isoformat()},
        deadlines=without(case.deadlines, "objection_window", "decide"),
        details={"effective_on": day.isoformat()},
    )
    payload = {
        "list_id": details["list_id"],
        "effective_on": day.isoformat(),
        "record": record,
        "measures": details["measures"],
    }
    return updated, (case_event(EventKind.LISTING_DECIDED, updated, at, agency, payload),)


def withdraw_listing(case: Case, agency: str, at: datetime, reason: str) -> Outcome:
    """The agency drops its proposal (after hearing the subject, say); the reason is recorded."""
    state = next_state(case, C.WITHDRAW, LISTING_TRANSITIONS)
    require_competent(case, agency, "withdraw the proposal")
    require_in_order(case, at)
    if not reason.strip():
        raise ProcedureError(f"withdrawing listing case {case.id} needs a reason")
    updated = advance(case, C.WITHDRAW, state, at, agency, {"reason": reason.strip()}, deadlines=())
    payload = {"reason": reason.strip()}
    return updated, (case_event(EventKind.LISTING_WITHDRAWN, updated, at, agency, payload),)


def notice_of_decision(
    case_id: str,
    subject: str,
    record: Record,
    definition: ListDefinition,
    at: datetime,
    pack: Pack,
    calendar: WorkingCalendar,
) -> Outcome:
    """A listing decided outside the platform, effective on its own (a court's defaulter
    decision, a tax D rating), came in directly: the case records it as effective from its
    decision and the platform serves the notice at once, through the portal — the notice
    still goes out (``Notice.effective_on_decision``).

    ``record`` is the record as stored (a person's number masked); ``subject`` its key.
    """
    notice = definition.notice
    day = record.decided_on
    details: dict[str, Any] = {
        "list_id": definition.id,
        "list_name": definition.name_en,
        "record_type": record.record_type,
        "subject_kind": record.subject_kind.value,
        "facts": record.facts or definition.description.strip(),
        "legal_basis": record.legal_basis or definition.legal_basis.cite(),
        "measures": [],
        "refers_to": [record.agency, record.refers_to] if record.refers_to else None,
        "severity": None if record.severity is None else record.severity.value,
        "extra": dict(record.extra),
        "needs_notice": True,
        "effective_on_decision": True,
        "hearing": notice is not None and notice.hearing,
        "window": objection_window(pack, definition, day),
        "window_from": WindowStart.NOTICE.value,
        "effective_on": day.isoformat(),
        "listing_key": [record.agency, record.source_record_id],
    }
    case = Case(case_id, CaseKind.LISTING, subject, record.agency, S.EFFECTIVE, at, details=details)
    case = advance(case, "record_decision", S.EFFECTIVE, at, record.agency)
    return serve_notice(case, at, SYSTEM, calendar, "portal")
