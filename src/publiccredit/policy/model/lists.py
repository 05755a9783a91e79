"""Lists (lists.yaml): who is on which list, since when, until when, and how they leave.

A list membership starts from an entry record and ends by time (``duration``),
by an exit record that refers to the entry record (a removal decision), by a
newer record of the same type (``superseded_by_newer``: a new tax rating
replaces last year's), by repair, or by revocation of the decision behind it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from publiccredit.domain.record import SubjectKind
from publiccredit.identifiers.uscc_categories import EntityKind
from publiccredit.policy.model.common import (
    Certainty,
    Frozen,
    LegalBasis,
    Period,
    Rule,
    Source,
    WorkingDays,
)

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
    its own; the what-if explorer uses this to show the effect of curing, and
    storing a cure opens the removal case the agency must decide in time.
    """

    record_type: str
    entry_where: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    same_fields: tuple[str, ...] = ()
    """Extra fields the cure and the entry must both carry, with equal values (``year``: the
    report filed is the one whose absence was the ground). An entry without them is never
    taken as cured by the platform on its own."""


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


class WindowStart(StrEnum):
    """What the subject's objection window is counted from."""

    NOTICE = "notice"
    """Delivery of the notice of the proposal; the listing waits for the window (Order 44)."""
    PUBLICATION = "publication"
    """Publication of the listing decision; the decision is not held back (abnormal list)."""


class Notice(Frozen):
    """The due-process step of a listing (DESIGN §8).

    ``required``: a record that puts a subject on the list takes effect only
    through the listing procedure (``publiccredit case``), never by direct
    submission, unless ``effective_on_decision``: the list's legal basis makes
    the decision itself effective (a court's listing) and the notice still
    goes out. ``objection_window`` (calendar) or ``objection_working_days``:
    how long the subject has to object, counted from ``window_from`` — the
    delivery of the notice of the proposal (before the listing takes effect)
    or the publication of the listing decision (after it). ``source`` and
    ``certainty`` say where the notice rule comes from when it is not the
    list's own source.
    """

    required: bool = True
    objection_window: Period | None = None
    objection_working_days: WorkingDays | None = None
    window_from: WindowStart = WindowStart.NOTICE
    effective_on_decision: bool = False
    hearing: bool = False
    source: Source | None = None
    certainty: Certainty | None = None

    @property
    def through_procedure(self) -> bool:
        """True when the list's records may only come from the listing procedure."""
        return self.required and not self.effective_on_decision

    @model_validator(mode="after")
    def _window_known(self) -> Notice:
        if self.window_from is WindowStart.PUBLICATION and (
            self.objection_window is None and self.objection_working_days is None
        ):
            raise ValueError(
                "window_from: publication needs objection_window or objection_working_days"
            )
        if self.objection_window is not None and self.objection_working_days is not None:
            raise ValueError("give objection_window or objection_working_days, not both")
        return self


class BasisCondition(Frozen):
    """One kind of record a listing may rest on: its type and, in ``where``, field values.

    ``where`` matches the record's ``extra`` fields and ``severity`` (any of
    the listed values; a list-valued field such as ``penalty_kinds`` matches
    when any of its items is listed).
    """

    record_types: tuple[str, ...] = Field(min_length=1)
    where: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class RestsOn(Rule):
    """What a proposal for the list must rest on (``refers_to``): any one of ``any_of``.

    The serious list needs a heavier administrative penalty (SAMR Order 44
    Art. 2): a general fine, or no penalty at all, is refused.
    """

    any_of: tuple[BasisCondition, ...] = Field(min_length=1)
    description: str = ""


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
    rests_on: RestsOn | None = None
    marked_only_entity_kinds: tuple[str, ...] = ()
    public: bool = True
    description: str = ""
