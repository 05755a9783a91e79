"""Procedure rules (procedures.yaml): deadlines in working days, materials, repeat-offender bars.

Used by the due-process procedures (listing notice, objection, repair) and by
the engine where a rule bars repair.
"""

from __future__ import annotations

from pydantic import Field

from publiccredit.policy.model.common import Frozen, Period, Rule


class Deadline(Rule):
    """How long one step of one procedure may take.

    ``procedure`` is ``objection``, ``repair``, ``listing`` or ``removal``;
    ``step`` names the step (``acceptance``, ``verification``, ``forward``,
    ``decision``, ``window``, …); ``applies_to`` names lists or record types
    (empty: all). Exactly one of ``working_days`` / ``calendar_days``.
    """

    procedure: str
    step: str
    applies_to: tuple[str, ...] = ()
    agency_kinds: tuple[str, ...] = ()
    working_days: int | None = Field(default=None, ge=0)
    calendar_days: int | None = Field(default=None, ge=0)
    extendable: bool = False
    further_review: str = ""


class RepeatOffenderBar(Rule):
    """Order 36's bar on repeat offenders: ``threshold`` matching records within ``window``.

    While barred (for ``bar`` after the latest of them) the subject may not
    apply for repair of records of ``record_types``.
    """

    record_types: tuple[str, ...]
    threshold: int = Field(ge=2)
    window: Period
    bar: Period


class Procedures(Frozen):
    """All procedure rules of a pack."""

    deadlines: tuple[Deadline, ...]
    repeat_offender_bars: tuple[RepeatOffenderBar, ...] = ()
    materials: dict[str, tuple[str, ...]] = Field(default_factory=dict)
