"""Which procedure function a step calls, by kind of case: actions, decisions, extensions.

One table per verb, so the CLI, the API and the portal offer exactly the steps
the procedures know, and a step the case's kind does not have is refused with
what it does have. A decision on an objection to a listing proposal also
moves the listing (upheld: withdrawn; rejected or not admitted: it may take
effect), in the same step.
"""

from __future__ import annotations

from datetime import datetime

from publiccredit.domain.case import Case, CaseKind
from publiccredit.domain.event import Event
from publiccredit.errors import InvalidInput, Problem, ProcedureError
from publiccredit.procedures.listing import (
    apply_objection_outcome,
    decide_listing,
    serve_notice,
    withdraw_listing,
)
from publiccredit.procedures.machine import SYSTEM
from publiccredit.procedures.objection import (
    ObjectionState,
    confirm_correction,
    decide_acceptance,
    decide_objection,
    decide_review,
    request_review,
)
from publiccredit.procedures.removal import decide_removal
from publiccredit.procedures.repair import decide_repair, forward_repair, withdraw_repair
from publiccredit.procedures.timers import extend_deadline
from publiccredit.service.case_commit import CaseDesk
from publiccredit.store.cases import get_case

Steps = tuple[list[Case], tuple[Event, ...]]

ACTIONS: dict[str, tuple[str, ...]] = {
    CaseKind.LISTING.value: ("serve-notice", "withdraw"),
    CaseKind.OBJECTION.value: ("accept", "refuse-acceptance", "confirm-correction",
                               "request-review"),
    CaseKind.REPAIR.value: ("forward", "withdraw"),
    CaseKind.REMOVAL.value: (),
}  # fmt: skip
"""The steps other than the decision, per kind of case."""

OUTCOMES: dict[str, tuple[str, ...]] = {
    CaseKind.LISTING.value: ("effective",),
    CaseKind.OBJECTION.value: ("upheld", "rejected"),
    CaseKind.REPAIR.value: ("granted", "refused"),
    CaseKind.REMOVAL.value: ("granted", "refused", "removed"),
}
"""The decisions, per kind of case."""


def _check(table: dict[str, tuple[str, ...]], case: Case, value: str, name: str) -> None:
    allowed = table[case.kind.value]
    if value not in allowed:
        listed = ", ".join(allowed) or "none"
        problem = Problem(f"a {case.kind.value} case allows: {listed}", name, value)
        raise InvalidInput(f"unknown {name} for case {case.id}", (problem,))


def _listing_follows(desk: CaseDesk, objection: Case, upheld: bool, at: datetime) -> Steps:
    """The listing an objection was against moves with the objection's outcome."""
    target = objection.details["target"]
    if target["kind"] != "listing" or not target["case_id"]:
        return [], ()
    listing = get_case(desk.conn, target["case_id"])
    if listing is None or listing.state != "under_objection":
        return [], ()
    moved, events = apply_objection_outcome(listing, upheld, at)
    return [moved], events


def act_on(
    desk: CaseDesk,
    case: Case,
    action: str,
    actor: str,
    at: datetime,
    reason: str,
    delivery: str,
    record: str,
) -> Steps:
    """Perform ``action`` (one of ``ACTIONS`` for the case's kind) by ``actor``."""
    _check(ACTIONS, case, action, "action")
    pack, calendar = desk.pack, desk.calendar
    if action == "serve-notice":
        moved, events = serve_notice(case, at, actor or SYSTEM, calendar, delivery)
    elif action == "withdraw" and case.kind == CaseKind.LISTING:
        moved, events = withdraw_listing(case, actor, at, reason)
    elif action == "withdraw":
        moved, events = withdraw_repair(case, actor, at)
    elif action == "forward":
        moved, events = forward_repair(case, at, pack, calendar, actor or SYSTEM)
    elif action in ("accept", "refuse-acceptance"):
        accepted = action == "accept"
        moved, events = decide_acceptance(case, accepted, actor, at, pack, calendar, reason)
        if not accepted:
            follow, more = _listing_follows(desk, moved, False, at)
            return [moved, *follow], events + more
    elif action == "confirm-correction":
        if not record.strip():
            raise InvalidInput("name the corrected record", (Problem("empty", "record"),))
        moved, events = confirm_correction(case, actor, at, record.strip())
    else:  # request-review
        moved, events = request_review(case, at, actor, pack, calendar)
    return [moved], events


def decide_on(
    desk: CaseDesk,
    case: Case,
    agency: str,
    outcome: str,
    at: datetime,
    reasons: str,
    remedy: str,
) -> Steps:
    """Decide ``case`` with ``outcome`` (one of ``OUTCOMES`` for its kind) as ``agency``."""
    _check(OUTCOMES, case, outcome, "outcome")
    if case.kind == CaseKind.LISTING:
        moved, events = decide_listing(case, agency, at)
    elif case.kind == CaseKind.REPAIR:
        moved, events = decide_repair(case, outcome == "granted", reasons, agency, at)
    elif case.kind == CaseKind.REMOVAL:
        command = {"granted": "grant", "refused": "refuse", "removed": "remove"}[outcome]
        moved, events = decide_removal(case, command, agency, at, reasons, desk.pack)
    elif case.state == ObjectionState.UNDER_REVIEW:
        moved, events = decide_review(case, outcome == "upheld", reasons, agency, at)
    else:
        upheld = outcome == "upheld"
        moved, events = decide_objection(
            case, upheld, reasons, agency, at, desk.pack, desk.calendar, remedy
        )
        follow, more = _listing_follows(desk, moved, upheld, at)
        return [moved, *follow], events + more
    return [moved], events


def extend_on(
    desk: CaseDesk,
    case: Case,
    step: str | None,
    working_days: int,
    reason: str,
    agency: str,
    at: datetime,
) -> Steps:
    """Extend the deadline of ``step`` (default: the case's one running extendable deadline)."""
    if step is None:
        candidates = [d.step for d in case.deadlines if d.extendable]
        if len(candidates) != 1:
            running = ", ".join(d.step for d in case.deadlines) or "none"
            raise ProcedureError(
                f"name the deadline to extend in case {case.id} (running: {running})"
            )
        step = candidates[0]
    moved, events = extend_deadline(case, step, working_days, reason, agency, at, desk.calendar)
    return [moved], events
