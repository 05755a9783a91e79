"""Lists (lists.yaml): who is on which list, since when, until when, and how they leave.

A list membership starts from an entry record and ends by time (``duration``),
by an exit record that refers to the entry record (a removal decision), by a
newer record of the same type (``superseded_by_newer``: a new tax rating
replaces last year's), by repair, or by revocation of the decision behind it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from publiccredit.domain.record import SubjectKind
from publiccredit.identifiers.uscc_categories import EntityKind
from publiccredit.policy.model.common import Frozen, LegalBasis, Period, Rule, WorkingDays

MARKET_ENTITIES = (
    EntityKind.ENTERPRISE,
    EntityKind.INDIVIDUAL_BUSINESS,
    EntityKind.FARMERS_COOPERATIVE,
)
"""Default ``applies_to`` of lists and the evaluation: the market entities SAMR registers.

Government organs, public institutions and other non-market bodies are not
listed or rated as enterprises unless a pack names their kind (a court's
defaulter list binds everyone, so the cn pack names every kind there).
"""


class ListKind(StrEnum):
    """Restrictive lists trigger restrictions; red lists trigger incentives."""

    RESTRICTIVE = "restrictive"
    RED = "red"


class EntryRule(Frozen):
    """A record that puts its subject on the list.

    ``where`` matches the record's ``extra`` fields (any of the listed values).
    ``consecutive_years`` asks for that many records in a row, one per
    consecutive ``extra.year``, all matching (three consecutive A ratings).
    """

    record_type: str
    where: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    consecutive_years: int | None = None


class ExitRule(Frozen):
    """A record that ends a membership; it refers to the entry record (``refers_to``).

    ``deadline`` is the agency's time to act once the ground for exit exists.
    """

    record_type: str
    where: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    deadline: WorkingDays | None = None
    hides_history: bool = False


class Cure(Frozen):
    """A record that cures the ground of entries matching ``entry_where``.

    Filing the missing annual report cures a listing for its absence
    (企业信息公示暂行条例 Art. 17): the agency must then remove the subject
    (an exit record, within the exit's deadline). The engine never removes on
    its own; the what-if explorer uses this to show the effect of curing.
    """

    record_type: str
    entry_where: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class DurationOverride(Frozen):
    """A different duration for entries matching ``where`` (``None``: no fixed term)."""

    where: dict[str, tuple[str, ...]]
    duration: Period | None


class EarlyRemoval(Frozen):
    """Early removal on application: possible once listed for ``after``, if ``conditions`` hold."""

    after: Period
    conditions: tuple[str, ...]
    hides_history: bool = False


class Escalation(Frozen):
    """Escalation to another list after ``after`` on this one without cure.

    The system opens a proposal and warns ``warning_before_days`` calendar days
    ahead; a person decides (never automatic).
    """

    to_list: str
    after: Period
    warning_before_days: int


class Notice(Frozen):
    """The due-process step before a listing takes effect (DESIGN §8).

    ``objection_window`` (calendar) or ``objection_working_days``: how long the
    subject has to object after notice. ``effective_on_decision``: the list's
    legal basis makes the decision itself effective (a court's listing); the
    notice still goes out.
    """

    required: bool = True
    objection_window: Period | None = None
    objection_working_days: WorkingDays | None = None
    effective_on_decision: bool = False
    hearing: bool = False


class ListDefinition(Rule):
    """One list: its authority, legal basis, entry, duration, exits and due process.

    ``applies_to``: the entity kinds (decoded from the USCC) the list may hold;
    an entity of another kind is not listed (persons: ``subject_kinds``).
    """

    name_zh: str
    name_en: str
    kind: ListKind
    managing_authority: str
    legal_basis: LegalBasis
    subject_kinds: tuple[SubjectKind, ...] = (SubjectKind.ENTITY,)
    applies_to: tuple[EntityKind, ...] = MARKET_ENTITIES
    entry: tuple[EntryRule, ...]
    exits: tuple[ExitRule, ...] = ()
    cured_by: tuple[Cure, ...] = ()
    duration: Period | None = None
    duration_overrides: tuple[DurationOverride, ...] = ()
    extension_max: Period | None = None
    superseded_by_newer: bool = False
    early_removal: EarlyRemoval | None = None
    removal_on_revocation: WorkingDays | None = None
    escalation: Escalation | None = None
    notice: Notice | None = None
    marked_only_entity_kinds: tuple[str, ...] = ()
    public: bool = True
    description: str = ""
