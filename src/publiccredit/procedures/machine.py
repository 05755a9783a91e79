"""What every procedure shares: transition tables, competence, steps and case events.

Each procedure declares its state machine as a table ``(state, command) →
next state``. A pair missing from the table is refused with a
``ProcedureError`` that names the state and what is allowed there, so every
transition, allowed and refused, can be read (and tested) from the table.
Guards that depend on time or content (a window passed, the deciding agency's
kind) are checked by the procedure after the table allows the move.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from publiccredit.domain.case import Case, CaseDeadline, Step, agency_kind
from publiccredit.domain.event import Event, EventKind, JsonValue
from publiccredit.errors import PermissionDenied, ProcedureError

Transitions = Mapping[tuple[str, str], str]
"""``(state, command) → next state`` of one procedure."""

SYSTEM = "system"
"""The actor for steps the platform takes itself (serving a notice, opening a warning)."""

Outcome = tuple[Case, tuple[Event, ...]]
"""What every transition returns: the next case value and the events to append."""


def allowed_commands(table: Transitions, state: str) -> tuple[str, ...]:
    """Commands the table accepts in ``state``, sorted."""
    return tuple(sorted(command for (from_state, command) in table if from_state == state))


def next_state(case: Case, command: str, table: Transitions) -> str:
    """The state ``command`` leads to from the case's state; ``ProcedureError`` if none."""
    try:
        return table[(case.state, command)]
    except KeyError:
        allowed = ", ".join(allowed_commands(table, case.state)) or "nothing (the case is closed)"
        raise ProcedureError(
            f"cannot {command.replace('_', ' ')} in {case.kind.value} case {case.id}: it is "
            f"{case.state.replace('_', ' ')}; allowed now: {allowed}"
        ) from None


def require_competent(case: Case, agency: str, what: str) -> None:
    """Only an agency of the case's competent kind may ``what`` (谁认定、谁修复)."""
    if agency_kind(agency) != case.competent_kind:
        raise PermissionDenied(
            f"{agency} may not {what} in case {case.id}: only a {case.competent_kind} agency "
            f"is competent (the case belongs to {case.competent_agency})"
        )


def require_in_order(case: Case, at: datetime) -> None:
    """Steps happen in time order: a step dated before the case's last step is refused."""
    last = case.steps[-1].at if case.steps else case.opened_at
    if at < last:
        raise ProcedureError(
            f"case {case.id}: a step at {at.isoformat()} would precede its last step "
            f"({last.isoformat()}); steps are recorded in the order they happen"
        )


def advance(
    case: Case,
    command: str,
    state: str,
    at: datetime,
    actor: str,
    detail: Mapping[str, JsonValue] | None = None,
    *,
    deadlines: tuple[CaseDeadline, ...] | None = None,
    details: Mapping[str, JsonValue] | None = None,
) -> Case:
    """The case after one step: new state, the step appended, deadlines and details replaced."""
    return case.evolve(
        state=state,
        steps=(*case.steps, Step(command, at, actor, state, detail or {})),
        deadlines=case.deadlines if deadlines is None else deadlines,
        details=case.details if details is None else {**case.details, **details},
    )


def without(deadlines: tuple[CaseDeadline, ...], *steps: str) -> tuple[CaseDeadline, ...]:
    """The running deadlines less those of ``steps`` (they were met)."""
    return tuple(deadline for deadline in deadlines if deadline.step not in steps)


def case_event(
    kind: EventKind, case: Case, at: datetime, actor: str, payload: Mapping[str, Any]
) -> Event:
    """An event of this case: its payload names the case and carries its snapshot.

    ``recorded_at`` equals ``at`` here; the service restamps it with the time
    it appends (``dataclasses.replace``).
    """
    body = {"case_id": case.id, "case_kind": case.kind.value, **payload, "case": case.to_json()}
    return Event(kind, case.subject, at, at, actor, body)
