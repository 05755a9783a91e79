"""Deadline changes every procedure shares: extension with a reason, and recomputation.

An extension is lawful only where the pack marks the deadline ``extendable``
(complex repair cases, Guobanfa [2025] No. 22) and always carries its reason:
the subject sees why the answer is late. Recomputation replaces provisional
deadlines once the official schedule of their year is loaded, and records
the change as an event, so nobody is left holding a guessed date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from publiccredit.domain.case import Case, Extension, agency_kind
from publiccredit.domain.event import EventKind
from publiccredit.errors import PermissionDenied, ProcedureError
from publiccredit.procedures.calendar import WorkingCalendar
from publiccredit.procedures.deadlines import compute_due, recompute
from publiccredit.procedures.machine import (
    SYSTEM,
    Outcome,
    case_event,
    require_competent,
    require_in_order,
)

PORTAL_KINDS = ("ndrc",)
"""Agency kinds that run the national credit portal (the credit authority)."""


def extend_deadline(
    case: Case,
    step: str,
    working_days: int,
    reason: str,
    agency: str,
    at: datetime,
    calendar: WorkingCalendar,
) -> Outcome:
    """Extend the running deadline of ``step`` by ``working_days``, for a recorded reason."""
    require_in_order(case, at)
    deadline = case.deadline(step)
    if deadline is None:
        running = ", ".join(d.step for d in case.deadlines) or "none"
        raise ProcedureError(f"case {case.id} has no running {step} deadline (running: {running})")
    if deadline.party == "portal":
        if agency != SYSTEM and agency_kind(agency) not in PORTAL_KINDS:
            raise PermissionDenied(f"only the portal may extend its {step} deadline")
    else:
        require_competent(case, agency, f"extend the {step} deadline")
    if not deadline.extendable:
        raise ProcedureError(
            f"the {step} deadline of case {case.id} ({deadline.rule}) may not be extended: "
            "the pack does not mark it extendable"
        )
    if not reason.strip():
        raise ProcedureError(f"extending the {step} deadline of case {case.id} needs a reason")
    if working_days <= 0:
        raise ProcedureError("an extension must add at least one working day")
    extra = deadline.extra_working_days + working_days
    due, provisional = compute_due(
        calendar, deadline.started_on, deadline.working_days, deadline.calendar_days, extra
    )
    extended = replace(deadline, due_on=due, provisional=provisional, extra_working_days=extra)
    extension = Extension(step, working_days, reason.strip(), agency, at, due)
    updated = case.evolve(
        deadlines=tuple(extended if d.step == step else d for d in case.deadlines),
        extensions=(*case.extensions, extension),
    )
    payload = {"extension": extension.to_json(), "deadline": extended.to_json()}
    return updated, (case_event(EventKind.CASE_DEADLINE_EXTENDED, updated, at, agency, payload),)


def recompute_deadlines(case: Case, calendar: WorkingCalendar, at: datetime) -> Outcome:
    """Count provisional deadlines again; an event only when a deadline changed."""
    changed = []
    deadlines = []
    for deadline in case.deadlines:
        fresh = recompute(deadline, calendar) if deadline.provisional else deadline
        if fresh != deadline:
            changed.append({"before": deadline.to_json(), "after": fresh.to_json()})
        deadlines.append(fresh)
    if not changed:
        return case, ()
    updated = case.evolve(deadlines=tuple(deadlines))
    payload = {"changes": changed}
    event = case_event(EventKind.CASE_DEADLINES_RECOMPUTED, updated, at, "system", payload)
    return updated, (event,)
