"""Small helpers shared by the engine tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from publiccredit.domain.assessment import Assessment, RecordAssessment
from publiccredit.domain.facts import Fact
from publiccredit.domain.record import Record
from publiccredit.domain.subject import Subject
from publiccredit.engine import assess
from publiccredit.policy.model import Pack


def run(
    pack: Pack,
    records: Sequence[Record],
    as_of: date,
    facts: Sequence[Fact] = (),
    known_at: date | None = None,
) -> Assessment:
    """Assess the subject of the first record."""
    subject = Subject.from_records(records[0].subject_id, records)
    return assess(subject, records, pack, as_of, known_at=known_at, facts=facts)


def entry(assessment: Assessment, source_id: str) -> RecordAssessment:
    """The record assessment of ``source_id``."""
    return next(e for e in assessment.records if e.record.source_record_id == source_id)


def list_ids(assessment: Assessment) -> list[str]:
    """Ids of the lists the subject is on (marked or not)."""
    return [membership.list_id for membership in assessment.lists]


def measure_ids(assessment: Assessment) -> list[str]:
    """Ids of the measures in force."""
    return [measure.measure_id for measure in assessment.measures]
