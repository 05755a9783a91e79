"""Overdue deadlines: which cases are past a deadline, grouped by who must act.

A deadline is overdue from the day after its last day. Only deadlines on the
administration are listed (the agency's, the portal's); a subject's window
that passes is not a failure of anyone. The portal's forwarding deadlines are
grouped under ``portal``, everything else under the case's competent agency.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from publiccredit.domain.case import Case


@dataclass(frozen=True, slots=True)
class OverdueDeadline:
    """Case ``case_id`` missed ``step`` due ``due_on`` by ``days_late`` days."""

    case_id: str
    case_kind: str
    subject: str
    step: str
    due_on: date
    days_late: int
    rule: str
    provisional: bool


def overdue(cases: Iterable[Case], as_of: date) -> dict[str, tuple[OverdueDeadline, ...]]:
    """Every running administration deadline past its last day on ``as_of``, by agency."""
    found: dict[str, list[OverdueDeadline]] = {}
    for case in cases:
        for deadline in case.deadlines:
            if deadline.party == "subject" or as_of <= deadline.due_on:
                continue
            who = "portal" if deadline.party == "portal" else case.competent_agency
            found.setdefault(who, []).append(
                OverdueDeadline(
                    case.id,
                    case.kind.value,
                    case.subject,
                    deadline.step,
                    deadline.due_on,
                    (as_of - deadline.due_on).days,
                    deadline.rule,
                    deadline.provisional,
                )
            )
    return {
        who: tuple(sorted(items, key=lambda item: (item.due_on, item.case_id)))
        for who, items in sorted(found.items())
    }
