"""Removal from a list: early removal on application, and removal on revocation.

Early removal (``EarlyRemoval`` in lists.yaml: SAMR Order 44 Art. 16) is open
once the subject has been listed for ``after`` and states that every
condition holds (obligations performed, harm remedied, …); the agency grants
(``EarlyRemoval`` fact) or refuses with reasons. When the decision behind a
listing is revoked, the agency must remove the listing within
``removal_on_revocation`` working days; the case tracks that duty (the engine
already ends the membership from the ``Revocation`` fact).

Case ``details``: ``reason`` (``early_removal`` / ``underlying_revoked``),
``list_id``, ``listing_key``, and ``listed_since``/``conditions``/``proof``
or ``revoked_key``/``revoked_on``.
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


def decide_removal(
    case: Case, command: str, agency: str, at: datetime, reasons: str = ""
) -> Outcome:
    """``grant`` / ``refuse`` an early removal, or ``remove`` a listing whose basis was revoked."""
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
    return updated, (case_event(EventKind.REMOVAL_DECIDED, updated, at, agency, payload),)
