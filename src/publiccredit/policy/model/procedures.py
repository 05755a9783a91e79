"""Procedure rules (procedures.yaml): deadlines in working days, materials, repeat-offender bars.

Used by the due-process procedures (listing notice, objection, repair) and by
the engine where a rule bars repair.
"""

from __future__ import annotations

from typing import Literal

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


class ObjectionsByOthers(Rule):
    """Who besides the subject may object, to what: public information, with evidence.

    Without this rule only the subject may object. ``targets`` are the
    objection targets open to others (``record``, ``publication``);
    ``public_records_only``: only records of a type the directory marks
    public; ``evidence_required``: the filer must bring evidence.
    """

    targets: tuple[Literal["record", "publication"], ...] = Field(min_length=1)
    public_records_only: bool = True
    evidence_required: bool = True


class Procedures(Frozen):
    """All procedure rules of a pack."""

    deadlines: tuple[Deadline, ...]
    objections_by_others: ObjectionsByOthers | None = None
    repeat_offender_bars: tuple[RepeatOffenderBar, ...] = ()
    materials: dict[str, tuple[str, ...]] = Field(default_factory=dict)
