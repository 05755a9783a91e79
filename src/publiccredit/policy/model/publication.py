"""Publication regimes (publication.yaml): how long a record is shown, and when it may be repaired.

Several regimes stand side by side (NDRC 2019 / Order 58 / Order 36, SAMR
Orders 45 / 107); a record is judged under the rules in force on its decision
date. Among the rules that match a record, the highest ``priority`` wins; on
a tie the one with the longest ``maximum`` applies ("several penalty types in
one decision: the longest applies", NDRC Order 58).
"""

from __future__ import annotations

from publiccredit.domain.record import Severity
from publiccredit.policy.model.common import LegalBasis, Period, Rule, WorkingDays


class PublicationRule(Rule):
    """One publication rule: which records it matches and the periods it sets.

    Matching: ``record_types`` (required), and where given, ``severities``,
    ``agency_kinds``, ``penalty_kinds_any`` (any of the record's
    ``extra.penalty_kinds``), ``penalty_kinds_only`` (all of them within this
    set: "warnings alone are not published"), ``sectors`` (``extra.sector``).

    ``legal_basis`` (required for a published rule of graded records, i.e.
    penalties): the instrument of the registry that sets these periods; the
    loader holds ``maximum`` to the instrument's ``max_publication``.

    Effect: ``published`` false means the record is never shown publicly.
    ``minimum`` is the shortest publication before repair may be applied for;
    ``maximum`` is when publication ends by itself (``None``: no end while the
    record stands, e.g. a registration). ``extend_to_effective_until`` keeps a
    record published while a ban it imposes lasts longer than ``maximum``.
    ``repairable`` false with ``not_repairable_reason`` bars early ending.
    ``publish_within`` is the agency's deadline to publish, in working days.
    """

    record_types: tuple[str, ...]
    severities: tuple[Severity, ...] = ()
    agency_kinds: tuple[str, ...] = ()
    penalty_kinds_any: tuple[str, ...] = ()
    penalty_kinds_only: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    priority: int = 0
    published: bool = True
    minimum: Period | None = None
    maximum: Period | None = None
    extend_to_effective_until: bool = False
    repairable: bool = True
    not_repairable_reason: str = ""
    publish_within: WorkingDays | None = None
    regime: str = ""
    legal_basis: LegalBasis | None = None
    description: str = ""
