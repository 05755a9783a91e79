"""The measure catalogue (measures.yaml): what follows from a list or a rating, and why.

The engine applies no measure that is not here (DESIGN §8, legal basis). Each
measure states its content, its targets, its legal basis — which itself says
how far it reaches — the implementing agency, the edition of the national
measure list it comes from, and the action keys it governs.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from publiccredit.policy.model.common import Frozen, LegalBasis, Rule


class MeasureClass(StrEnum):
    """The three classes of the national list of basic penalty measures (2021), plus incentives."""

    RIGHTS_RESTRICTING = "rights_restricting"
    MANAGEMENT = "management"
    MARKET = "market"
    INCENTIVE = "incentive"


class Effect(StrEnum):
    """What a measure does to the actions it governs."""

    RESTRICT = "restrict"
    INCENTIVE = "incentive"


class ResponsiblePerson(StrEnum):
    """Persons of an entity whom a measure may bind besides the entity itself."""

    LEGAL_REPRESENTATIVE = "legal_representative"
    PRINCIPAL_MANAGERS = "principal_managers"
    DIRECTLY_RESPONSIBLE_PERSONS = "directly_responsible_persons"
    ACTUAL_CONTROLLER = "actual_controller"


class Action(Frozen):
    """An action key a decision can be asked about (``public_procurement_bid``, …).

    ``sub_items`` refine it: ``high_consumption`` has nine (flights, star hotels,
    …); a decision may ask about ``high_consumption`` or ``high_consumption.flights``.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    sub_items: dict[str, str] = Field(default_factory=dict)


class MeasureTargets(Frozen):
    """Whom a measure reaches: members of ``lists``, holders of ``rating_levels``, ``persons``."""

    lists: tuple[str, ...] = ()
    rating_levels: tuple[str, ...] = ()
    persons: tuple[ResponsiblePerson, ...] = ()


class Measure(Rule):
    """One measure of the catalogue."""

    measure_class: MeasureClass
    effect: Effect
    content_zh: str
    content_en: str
    targets: MeasureTargets
    legal_basis: LegalBasis
    implementing_agency: str
    edition: str
    actions: tuple[str, ...] = Field(min_length=1)
