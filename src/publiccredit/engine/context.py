"""What one assessment works from: the subject's current records and the facts in effect.

``select_records`` applies the two times of DESIGN §4: records decided after
``as_of`` do not exist yet, records the platform learned after ``known_at``
are not known, and of several versions of one record (a correction) the latest
known one counts. ``index_facts`` does the same for procedural facts. Both add
the future dates they skip to ``candidates``, so ``next_change_on`` knows when
the picture changes by time alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from publiccredit.domain.facts import (
    EarlyRemoval,
    Fact,
    ObjectionPending,
    ObjectionResolved,
    RecordKey,
    Repair,
    Revocation,
    fact_date,
)
from publiccredit.domain.record import Record


def _newer(candidate: Record, current: Record) -> bool:
    """A later-recorded version replaces an earlier one; unknown time counts as earliest."""
    if candidate.recorded_at is None:
        return current.recorded_at is None
    return current.recorded_at is None or candidate.recorded_at >= current.recorded_at


def select_records(
    records: Iterable[Record],
    subject_id: str,
    as_of: date,
    known_at: date | None,
    candidates: list[date],
) -> list[Record]:
    """The subject's records decided by ``as_of`` as known at ``known_at``, one per key.

    Of several versions of a record (a correction), the latest recorded wins.
    ``assess`` only calls this when the fast path of ``publication_pass`` finds
    other subjects' records, repeated keys, or a ``known_at`` to apply.
    """
    chosen: dict[RecordKey, Record] = {}
    for record in records:
        if record.subject_id != subject_id:
            continue
        if known_at is not None and record.known_on() > known_at:
            continue
        if record.decided_on > as_of:
            candidates.append(record.decided_on)
            continue
        key = (record.agency, record.source_record_id)
        previous = chosen.get(key)
        if previous is None or _newer(record, previous):
            chosen[key] = record
    return list(chosen.values())


@dataclass(slots=True)
class FactIndex:
    """Facts in effect on ``as_of``, by record key, each with the date it took effect."""

    revoked: dict[RecordKey, date] = field(default_factory=dict)
    repaired: dict[RecordKey, date] = field(default_factory=dict)
    objected: dict[RecordKey, date] = field(default_factory=dict)
    removed_early: dict[RecordKey, date] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.revoked or self.repaired or self.objected or self.removed_early)

    def ended_on(self, key: RecordKey) -> date | None:
        """The earliest revocation, repair or early removal of ``key``, if any."""
        found = [
            day
            for day in (self.revoked.get(key), self.repaired.get(key), self.removed_early.get(key))
            if day is not None
        ]
        return min(found) if found else None


def _earliest(index: dict[RecordKey, date], key: RecordKey, day: date) -> None:
    if key not in index or day < index[key]:
        index[key] = day


def index_facts(
    facts: Iterable[Fact], as_of: date, known_at: date | None, candidates: list[date]
) -> FactIndex:
    """Index the facts known at ``known_at`` that took effect by ``as_of``."""
    index = FactIndex()
    resolutions: dict[RecordKey, list[date]] = {}
    pending: list[ObjectionPending] = []
    for fact in facts:
        if known_at is not None and fact.known_on > known_at:
            continue
        day = fact_date(fact)
        if day > as_of:
            candidates.append(day)
            continue
        if isinstance(fact, Revocation):
            _earliest(index.revoked, fact.record_key, day)
        elif isinstance(fact, Repair):
            _earliest(index.repaired, fact.record_key, day)
        elif isinstance(fact, EarlyRemoval):
            _earliest(index.removed_early, fact.record_key, day)
        elif isinstance(fact, ObjectionResolved):
            resolutions.setdefault(fact.record_key, []).append(day)
        else:
            pending.append(fact)
    for objection in pending:
        resolved = any(day >= objection.since for day in resolutions.get(objection.record_key, ()))
        if not resolved:
            _earliest(index.objected, objection.record_key, objection.since)
    return index
