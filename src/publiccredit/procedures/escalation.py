"""Escalation from one list to another: which warnings and proposals the system must open.

Three years on the abnormal operations list without cure lead to the serious
illegal and dishonest list (lists.yaml ``escalation``), with a warning 60 days
ahead. The engine reports each membership's escalation (``warning_on``,
``on``, ``warning_active``, ``due``); this module says what the system must
open now. It never lists anyone: a proposal opens a listing case, and a
person decides it through the full listing procedure (notice, window).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from publiccredit.domain.assessment import ListMembership
from publiccredit.domain.event import Event, EventKind
from publiccredit.domain.facts import RecordKey
from publiccredit.procedures.listing import ListingProposal
from publiccredit.procedures.machine import SYSTEM


@dataclass(frozen=True, slots=True)
class EscalationAction:
    """``warning`` (the 60-day warning) or ``proposal`` (open a listing case) for a membership."""

    kind: str
    from_list: str
    to_list: str
    because_of: tuple[RecordKey, ...]
    warning_on: date
    due_on: date

    @property
    def key(self) -> tuple[str, str, RecordKey]:
        """Identifies the action: kind, target list, entry record (to skip those already opened)."""
        return (self.kind, self.to_list, self.because_of[0])


def escalation_actions(
    memberships: Iterable[ListMembership], opened: Collection[tuple[str, str, RecordKey]] = ()
) -> tuple[EscalationAction, ...]:
    """Warnings and proposals due now that were not opened before (``opened``: their keys)."""
    actions = []
    for membership in memberships:
        escalation = membership.escalation
        if escalation is None or not membership.because_of:
            continue
        kind = "proposal" if escalation.due else "warning" if escalation.warning_active else None
        if kind is None:
            continue
        action = EscalationAction(
            kind,
            membership.list_id,
            escalation.to_list,
            membership.because_of,
            escalation.warning_on,
            escalation.on,
        )
        if action.key not in opened:
            actions.append(action)
    return tuple(actions)


def warning_event(subject: str, action: EscalationAction, at: datetime) -> Event:
    """The 60-day warning served to the subject: cure by ``due_on`` or a proposal follows."""
    payload = {
        "from_list": action.from_list,
        "to_list": action.to_list,
        "because_of": [list(key) for key in action.because_of],
        "warning_on": action.warning_on.isoformat(),
        "due_on": action.due_on.isoformat(),
        "text": (
            f"Unless the ground for the {action.from_list} listing is cured, a proposal to list "
            f"you on {action.to_list} will be opened on {action.due_on.isoformat()}."
        ),
    }
    return Event(EventKind.ESCALATION_WARNED, subject, at, at, SYSTEM, payload)


def escalation_proposal(action: EscalationAction) -> ListingProposal:
    """The listing proposal an escalation opens (the competent agency still decides)."""
    return ListingProposal(
        list_id=action.to_list,
        facts=(
            f"On {action.from_list} since before {action.due_on.isoformat()} for three years "
            "without cure."
        ),
        refers_to=action.because_of[0],
        extra={"ground": f"escalation from {action.from_list}"},
    )
