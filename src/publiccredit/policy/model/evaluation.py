"""The comprehensive evaluation (evaluation.yaml): our own transparent A/B/C/D model.

Score = ``base_score`` + demerits + capped merits, each input decaying to
zero over its ``decay`` period in steps of whole months (with ``P3Y`` a record
loses 1/36 of its points at each full month since its decision, so a rating
only changes on dates known in advance); merits count at most
``merit_cap`` points and never more than ``merit_offset_share`` of the
demerits they would offset, so honours and donations cannot outweigh
compliance. Overrides then cap the level (on the serious list → D). The
evaluation targets legal entities only; the loader refuses anything else.
"""

from __future__ import annotations

from pydantic import Field

from publiccredit.domain.record import Severity, SubjectKind
from publiccredit.identifiers.uscc_categories import EntityKind
from publiccredit.policy.model.common import Frozen, Period, Rule
from publiccredit.policy.model.lists import MARKET_ENTITIES


class Level(Frozen):
    """A level and the lowest score that reaches it."""

    level: str = Field(pattern=r"^[A-Z]$")
    min_score: float
    name_en: str
    name_zh: str


class EvaluationInput(Rule):
    """One point rule: records of ``record_type`` matching the filters move the score.

    ``code`` is the reason code users see. ``points`` is negative for demerits
    and positive for merits. ``max_count`` bounds how many records of this
    input count (the worst first).
    """

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    record_type: str
    severities: tuple[Severity, ...] = ()
    where: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    points: float
    decay: Period | None = None
    max_count: int | None = None
    description_en: str
    description_zh: str = ""


class Override(Rule):
    """A cap on the level: while on ``when_list``, the level is at most ``at_most``."""

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    when_list: str
    at_most: str = Field(pattern=r"^[A-Z]$")
    description_en: str
    description_zh: str = ""


class Evaluation(Rule):
    """The evaluation model with its published weights.

    ``applies_to``: the entity kinds rated; any other entity (a government
    organ, a public institution) is ``not_rated``, with the reason.
    """

    subject_kinds: tuple[SubjectKind, ...] = (SubjectKind.ENTITY,)
    applies_to: tuple[EntityKind, ...] = MARKET_ENTITIES
    base_score: float
    levels: tuple[Level, ...] = Field(min_length=2)
    inputs: tuple[EvaluationInput, ...]
    merit_cap: float = Field(ge=0)
    merit_offset_share: float = Field(ge=0, le=1)
    overrides: tuple[Override, ...] = ()
    max_reason_codes: int = Field(default=4, ge=1, le=4)
    description: str = ""
