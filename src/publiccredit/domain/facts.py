"""Procedural facts: what happened to a record after it was submitted.

Records say what an agency decided; facts say what became of a decision
later — it was revoked, repaired, objected to, or a listing was removed early.
The store derives them from ledger events (``record.revoked``,
``repair.decided``, ``objection.filed`` / ``objection.decided``,
``listing.decided``); the engine only reads them. Each fact carries two dates:
when it is true in the world (``on`` / ``since``) and when the platform learned
it (``recorded_on``; ``None`` means "known from the day it happened"), so an
assessment can be replayed "as known at" a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

RecordKey = tuple[str, str]
"""A record's identity: (agency, source_record_id)."""


@dataclass(frozen=True, slots=True)
class Revocation:
    """The decision behind a record was revoked or annulled on ``on``.

    The record is shown as ``revoked``, stops counting anywhere, and every list
    membership it supports (as entry record or as the penalty behind it) ends.
    """

    record_key: RecordKey
    on: date
    recorded_on: date | None = None

    @property
    def known_on(self) -> date:
        """When the platform knew of the fact."""
        return self.recorded_on or self.on


@dataclass(frozen=True, slots=True)
class Repair:
    """Credit repair of a record was granted on ``on`` (NDRC Order 36 (2025) Art. 3).

    Repair is not deletion: publication ends, the list memberships the record
    supports end and their measures lift; the record stays with state ``repaired``.
    """

    record_key: RecordKey
    on: date
    recorded_on: date | None = None

    @property
    def known_on(self) -> date:
        """When the platform knew of the fact."""
        return self.recorded_on or self.on


@dataclass(frozen=True, slots=True)
class ObjectionPending:
    """The subject objected to a record on ``since``; until it is resolved the record
    is shown as ``under objection`` (the record and its effects otherwise stand)."""

    record_key: RecordKey
    since: date
    recorded_on: date | None = None

    @property
    def known_on(self) -> date:
        """When the platform knew of the fact."""
        return self.recorded_on or self.since


@dataclass(frozen=True, slots=True)
class ObjectionResolved:
    """The objection to a record was decided on ``on``.

    If the objection succeeded, the agency's correction or revocation arrives
    as its own record or ``Revocation``; this fact only ends the pending state.
    """

    record_key: RecordKey
    on: date
    recorded_on: date | None = None

    @property
    def known_on(self) -> date:
        """When the platform knew of the fact."""
        return self.recorded_on or self.on


@dataclass(frozen=True, slots=True)
class EarlyRemoval:
    """A list membership was removed early on application (e.g. SAMR Order 44 Art. 16).

    ``record_key`` is the entry record of the membership (the listing decision).
    """

    record_key: RecordKey
    on: date
    recorded_on: date | None = None

    @property
    def known_on(self) -> date:
        """When the platform knew of the fact."""
        return self.recorded_on or self.on


Fact = Revocation | Repair | ObjectionPending | ObjectionResolved | EarlyRemoval
"""Any procedural fact the engine reads."""


def fact_date(fact: Fact) -> date:
    """The date a fact takes effect in the world."""
    return fact.since if isinstance(fact, ObjectionPending) else fact.on
