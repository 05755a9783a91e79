"""Removal from a list: early removal on application, on revocation, and after a cure.

Early removal (``EarlyRemoval`` in lists.yaml: SAMR Order 44 Art. 16) is open
once the subject has been listed for ``after`` and states that every
condition holds (obligations performed, harm remedied, …); the agency grants
(``EarlyRemoval`` fact) or refuses with reasons. When the decision behind a
listing is revoked, the agency must remove the listing within
``removal_on_revocation`` working days; the case tracks that duty (the engine
already ends the membership from the ``Revocation`` fact).

When the subject cures the ground of a listing (``cured_by`` in lists.yaml:
filing the missing annual report cures an abnormal listing for its
absence), the agency must remove it within the pack's deadline (the
``removal``/``cure`` deadline of procedures.yaml, else the exit's
``deadline``): the case opens on its own when the cure is stored, the
deadline is the agency's (``overdue`` reports it), and the decision
``remove`` carries the exit record (``abnormal_operation_removal``, reason
``cured``, referring to the listing) for the service to submit.

Case ``details``: ``reason`` (``early_removal`` / ``underlying_revoked`` /
``cured``), ``list_id``, ``listing_key``, and ``listed_since``/``conditions``/
``proof``, or ``revoked_key``/``revoked_on``, or ``cure_key``/``cured_on``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

from publiccredit.domain.case import Case, CaseDeadline, CaseKind
from publiccredit.domain.event import EventKind
from publiccredit.domain.facts import RecordKey
from publiccredit.errors import InvalidInput, PermissionDenied, Problem, ProcedureError
from publiccredit.policy.model import ListDefinition, Pack
from publiccredit.procedures.calendar import WorkingCalendar, official_day
from publiccredit.procedures.deadlines import compute_due, find_deadline, start_deadline
from publiccredit.procedures.machine import (
    Outcome,
    Transitions,
    advance,
    case_event,
    next_state,
    require_competent,
    require_in_order,
)


class RemovalState(StrEnum):
    """Where a removal case stands."""

    APPLIED = "applied"
    REMOVAL_DUE = "removal_due"
    REMOVED = "removed"
    REFUSED = "refused"


class RemovalCommand(StrEnum):
    """What can be done to a removal case."""

    GRANT = "grant"
    REFUSE = "refuse"
    REMOVE = "remove"


S, C = RemovalState, RemovalCommand
REMOVAL_TRANSITIONS: Transitions = {
    (S.APPLIED, C.GRANT): S.REMOVED,
    (S.APPLIED, C.REFUSE): S.REFUSED,
    (S.REMOVAL_DUE, C.REMOVE): S.REMOVED,
}
"""``(state, command) → state`` of the removal procedure."""


def _list(pack: Pack, list_id: str) -> ListDefinition:
    definition = pack.lists_by_id.get(list_id)
    if definition is None:
        raise InvalidInput("unknown list", (Problem("not a list of the pack", "list_id", list_id),))
    return definition


def apply_early_removal(
    case_id: str,
    subject: str,
    list_id: str,
    listing_key: RecordKey,
    listed_since: date,
    conditions_met: Sequence[str],
    proof: Sequence[str],
    applicant: str,
    at: datetime,
    pack: Pack,
    calendar: WorkingCalendar,
) -> Outcome:
    """Open an early-removal case: the list allows it, the time has come, all conditions hold."""
    if applicant != subject:
        raise PermissionDenied(f"only the subject {subject} may apply for early removal")
    definition = _list(pack, list_id)
    rule = definition.early_removal
    if rule is None:
        raise ProcedureError(f"{list_id} allows no early removal on application")
    day = official_day(at)
    opens = rule.after.after(listed_since)
    if day < opens:
        raise ProcedureError(
            f"early removal from {list_id} may be applied for from {opens.isoformat()} "
            f"(listed since {listed_since.isoformat()}, after {rule.after})"
        )
    missing = [condition for condition in rule.conditions if condition not in conditions_met]
    if missing:
        raise ProcedureError(f"early removal from {list_id} needs also: {', '.join(missing)}")
    if pack.procedures.materials.get("early_removal") and not proof:
        raise InvalidInput(
            "the application is incomplete", (Problem("documents required", "proof"),)
        )
    deadlines: tuple[CaseDeadline, ...] = ()
    limit = find_deadline(pack, "removal", "early_removal", applies_to=(list_id,), on=day)
    if limit is not None:
        deadlines = (start_deadline(limit, day, calendar),)
    details = {
        "reason": "early_removal",
        "list_id": list_id,
        "listing_key": list(listing_key),
        "listed_since": listed_since.isoformat(),
        "conditions": list(conditions_met),
        "proof": list(proof),
        "hides_history": rule.hides_history,
    }
    case = Case(case_id, CaseKind.REMOVAL, subject, listing_key[0], S.APPLIED, at, details=details)
    case = advance(case, "apply", S.APPLIED, at, applicant, deadlines=deadlines)
    return case, (case_event(EventKind.REMOVAL_OPENED, case, at, applicant, details),)


def open_revocation_removal(
    case_id: str,
    subject: str,
    list_id: str,
    listing_key: RecordKey,
    revoked_key: RecordKey,
    revoked_on: date,
    at: datetime,
    pack: Pack,
    calendar: WorkingCalendar,
) -> Outcome:
    """The decision behind a listing was revoked: the agency must remove it within the deadline."""
    definition = _list(pack, list_id)
    days = definition.removal_on_revocation
    rule_id = f"lists.{list_id}.removal_on_revocation"
    if days is None:
        fallback = find_deadline(
            pack, "removal", "revocation", applies_to=(list_id,), on=revoked_on
        )
        if fallback is None or fallback.working_days is None:
            raise ProcedureError(f"the pack sets no removal deadline on revocation for {list_id}")
        days, rule_id = fallback.working_days, fallback.id
    due, provisional = compute_due(calendar, revoked_on, days, None)
    deadline = CaseDeadline("removal", due, provisional, rule_id, revoked_on, days)
    details = {
        "reason": "underlying_revoked",
        "list_id": list_id,
        "listing_key": list(listing_key),
        "revoked_key": list(revoked_key),
        "revoked_on": revoked_on.isoformat(),
    }
    case = Case(
        case_id, CaseKind.REMOVAL, subject, listing_key[0], S.REMOVAL_DUE, at, details=details
    )
    case = advance(case, "open", S.REMOVAL_DUE, at, "system", deadlines=(deadline,))
    return case, (case_event(EventKind.REMOVAL_OPENED, case, at, "system", details),)


def _cure_deadline(
    pack: Pack, definition: ListDefinition, cured_on: date
) -> tuple[int, str, str | None]:
    """Working days, rule id, and the exit record type for removal after a cure."""
    exit_rule = definition.exits[0] if definition.exits else None
    rule = find_deadline(pack, "removal", "cure", applies_to=(definition.id,), on=cured_on)
    if rule is not None and rule.working_days is not None:
        return rule.working_days, rule.id, None if exit_rule is None else exit_rule.record_type
    if exit_rule is None or exit_rule.deadline is None:
        raise ProcedureError(f"the pack sets no removal deadline after a cure for {definition.id}")
    return exit_rule.deadline, f"lists.{definition.id}.exits", exit_rule.record_type


def open_cure_removal(
    case_id: str,
    subject: str,
    list_id: str,
    listing_key: RecordKey,
    cure_key: RecordKey,
    cured_on: date,
    at: datetime,
    pack: Pack,
    calendar: WorkingCalendar,
) -> Outcome:
    """The subject cured the ground of a listing: the agency must remove it within the deadline."""
    definition = _list(pack, list_id)
    days, rule_id, exit_type = _cure_deadline(pack, definition, cured_on)
    if exit_type is None:
        raise ProcedureError(f"{list_id} has no exit record to remove a cured listing with")
    due, provisional = compute_due(calendar, cured_on, days, None)
    deadline = CaseDeadline("removal", due, provisional, rule_id, cured_on, days)
    details = {
        "reason": "cured",
        "list_id": list_id,
        "listing_key": list(listing_key),
        "cure_key": list(cure_key),
        "cured_on": cured_on.isoformat(),
        "exit_record_type": exit_type,
    }
    case = Case(
        case_id, CaseKind.REMOVAL, subject, listing_key[0], S.REMOVAL_DUE, at, details=details
    )
    case = advance(case, "open", S.REMOVAL_DUE, at, "system", deadlines=(deadline,))
    return case, (case_event(EventKind.REMOVAL_OPENED, case, at, "system", details),)


def _exit_record(case: Case, pack: Pack, day: date) -> dict[str, object]:
    """The exit record a removal after a cure submits (source id = the case id)."""
    definition = _list(pack, case.details["list_id"])
    record_type = case.details["exit_record_type"]
    rule = next(rule for rule in definition.exits if rule.record_type == record_type)
    listing = case.details["listing_key"]
    return {
        "agency": case.competent_agency,
        "source_record_id": case.id,
        "record_type": record_type,
        "subject_kind": "entity",
        "subject_id": case.subject,
        "decided_on": day.isoformat(),
        "refers_to": listing[1],
        "facts": f"Ground cured by {case.details['cure_key'][0]}/{case.details['cure_key'][1]} "
        f"on {case.details['cured_on']}",
        "extra": {name: values[0] for name, values in rule.where.items() if values},
    }


def decide_removal(
    case: Case,
    command: str,
    agency: str,
    at: datetime,
    reasons: str = "",
    pack: Pack | None = None,
) -> Outcome:
    """``grant`` / ``refuse`` an early removal, or ``remove`` a listing whose basis was revoked
    or whose ground was cured (then the exit record goes with the decision: ``pack`` needed)."""
    state = next_state(case, command, REMOVAL_TRANSITIONS)
    require_competent(case, agency, f"{command} the removal")
    require_in_order(case, at)
    if command == C.REFUSE and not reasons.strip():
        raise ProcedureError(f"refusing removal case {case.id} needs reasons")
    outcome = "refused" if command == C.REFUSE else "removed"
    detail = {"outcome": outcome, "reasons": reasons.strip()}
    updated = advance(case, command, state, at, agency, detail, deadlines=(), details=detail)
    payload = {
        **detail,
        "reason": case.details["reason"],
        "list_id": case.details["list_id"],
        "listing_key": case.details["listing_key"],
        "on": official_day(at).isoformat(),
    }
    if case.details["reason"] == "cured":
        if pack is None:  # pragma: no cover - the service always passes its pack
            raise ProcedureError("removing a cured listing needs the pack (its exit record)")
        payload["record"] = _exit_record(case, pack, official_day(at))
    return updated, (case_event(EventKind.REMOVAL_DECIDED, updated, at, agency, payload),)


def removed_by_record(case: Case, exit_key: RecordKey, at: datetime) -> Outcome:
    """The agency submitted the exit record itself (not through the case): the duty is met."""
    state = next_state(case, C.REMOVE, REMOVAL_TRANSITIONS)
    require_in_order(case, at)
    detail = {"outcome": "removed", "exit_record": list(exit_key)}
    updated = advance(case, C.REMOVE, state, at, exit_key[0], detail, deadlines=(), details=detail)
    payload = {
        **detail,
        "reason": case.details["reason"],
        "list_id": case.details["list_id"],
        "listing_key": case.details["listing_key"],
        "on": official_day(at).isoformat(),
    }
    return updated, (case_event(EventKind.REMOVAL_DECIDED, updated, at, exit_key[0], payload),)
