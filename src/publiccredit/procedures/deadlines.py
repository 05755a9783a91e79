"""Deadlines from the pack: which rule limits a step, and its last day on the calendar.

``find_deadline`` picks the pack's ``Deadline`` for a procedure step, for the
list or record type concerned and the acting agency's kind, in force on the
day the step starts. The most specific rule wins: one naming the agency kind
beats a general one (SAMR's 7 working days beat the general 3), one naming the
list or record type beats one for everything. ``start_deadline`` turns it into
a running ``CaseDeadline``: working days on the official calendar (provisional
in a year without a loaded schedule), calendar days as they fall.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from publiccredit.domain.case import CaseDeadline
from publiccredit.errors import ProcedureError
from publiccredit.policy.model import Deadline, Pack
from publiccredit.procedures.calendar import WorkingCalendar


def find_deadline(
    pack: Pack,
    procedure: str,
    step: str,
    *,
    applies_to: Sequence[str] = (),
    agency_kind: str | None = None,
    on: date,
) -> Deadline | None:
    """The most specific pack deadline for ``procedure``/``step`` in force on ``on``, or None."""
    best: tuple[int, Deadline] | None = None
    for rule in pack.procedures.deadlines:
        if rule.procedure != procedure or rule.step != step or not rule.in_force_on(on):
            continue
        if rule.agency_kinds and agency_kind not in rule.agency_kinds:
            continue
        if rule.applies_to and not set(rule.applies_to) & set(applies_to):
            continue
        score = 2 * bool(rule.agency_kinds) + bool(rule.applies_to)
        if best is None or score > best[0]:
            best = (score, rule)
    return None if best is None else best[1]


def require_deadline(
    pack: Pack,
    procedure: str,
    step: str,
    *,
    applies_to: Sequence[str] = (),
    agency_kind: str | None = None,
    on: date,
) -> Deadline:
    """``find_deadline``, failing loudly when the pack has no rule for the step."""
    rule = find_deadline(
        pack, procedure, step, applies_to=applies_to, agency_kind=agency_kind, on=on
    )
    if rule is None:
        names = ", ".join(applies_to) or "any list or record type"
        raise ProcedureError(
            f"the policy pack sets no deadline for {procedure} step {step!r} "
            f"({names}, agency kind {agency_kind or 'any'}, on {on.isoformat()}); "
            "a deadline cannot be invented: add it to procedures.yaml"
        )
    return rule


def compute_due(
    calendar: WorkingCalendar,
    started_on: date,
    working_days: int | None,
    calendar_days: int | None,
    extra_working_days: int = 0,
) -> tuple[date, bool]:
    """Last day and provisional flag for a deadline of the given length from ``started_on``."""
    if working_days is not None:
        due = calendar.add_working_days(
            started_on, working_days + extra_working_days, provisional_ok=True
        )
        return due.on, due.provisional
    day = started_on + timedelta(days=calendar_days or 0)
    if not extra_working_days:
        return day, False
    due = calendar.add_working_days(day, extra_working_days, provisional_ok=True)
    return due.on, due.provisional


def start_deadline(
    rule: Deadline,
    started_on: date,
    calendar: WorkingCalendar,
    *,
    party: str = "agency",
    step: str | None = None,
) -> CaseDeadline:
    """A running deadline for ``rule`` counted from ``started_on`` (that day not counted)."""
    due, provisional = compute_due(calendar, started_on, rule.working_days, rule.calendar_days)
    return CaseDeadline(
        step or rule.step,
        due,
        provisional,
        rule.id,
        started_on,
        rule.working_days,
        rule.calendar_days,
        0,
        party,
        rule.extendable,
    )


def recompute(deadline: CaseDeadline, calendar: WorkingCalendar) -> CaseDeadline:
    """The same deadline counted again (after a year's official schedule was loaded)."""
    due, provisional = compute_due(
        calendar,
        deadline.started_on,
        deadline.working_days,
        deadline.calendar_days,
        deadline.extra_working_days,
    )
    return replace(deadline, due_on=due, provisional=provisional)
