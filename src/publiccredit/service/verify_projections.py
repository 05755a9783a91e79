"""``verify`` of what the public sees: every projection rebuilt from the events and compared.

The ledger check (``store.verify``) proves the events were not changed; this
proves the rows people are shown still follow from them. ``store.replay``
rebuilds records, cases and consents; here each subject's assessment is made
again by the engine from the *rebuilt* records and the facts of its events,
under the given pack and as of the stored assessment's day, and compared
field by field with the stored one. So editing ``records`` with SQL and then
re-assessing is named twice: the record row, and the assessment that rests
on it.

A stored assessment made under another pack than the one given is named by
its ``policy_version`` (run ``publiccredit reassess`` after activating a pack)
and not compared further: its content would differ for that reason alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.domain.record import Record
from publiccredit.policy.model import Pack
from publiccredit.service.assessments import SUBJECT_CHUNK, assess_stored
from publiccredit.service.facts import facts_by_subject
from publiccredit.service.protect import record_from_row
from publiccredit.store.difference import MISSING, Difference
from publiccredit.store.events import get_event
from publiccredit.store.projections import RecordKey
from publiccredit.store.replay import (
    Replay,
    case_differences,
    consent_differences,
    differing_record_keys,
    document_differences,
    record_differences,
    replay_events,
)
from publiccredit.store.schema import assessments, records


@dataclass(slots=True)
class ProjectionReport:
    """How many rows of each projection were rebuilt, and every difference."""

    rebuilt: dict[str, int] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)


def _stored_contents(conn: Connection, subject_keys: list[str]) -> dict[RecordKey, Any]:
    query = sa.select(records.c.agency, records.c.source_record_id, records.c.content).where(
        records.c.subject_key.in_(subject_keys)
    )
    return {
        (agency, source_id): json.loads(content) if isinstance(content, str | bytes) else content
        for agency, source_id, content in conn.execute(query)
    }


def _rebuilt_records(
    conn: Connection,
    replay: Replay,
    keys: list[RecordKey],
    stored: dict[RecordKey, Any],
    differing: set[str],
) -> list[Record]:
    """The records as the events give them: the stored content where the row was found
    equal (or its event erased), else the content read back from its event."""
    found: list[Record] = []
    for key in keys:
        row = replay.records[key]
        document = stored.get(key)
        if row.content_seq is not None and (document is None or f"{key[0]}/{key[1]}" in differing):
            document = json.loads(get_event(conn, row.content_seq).payload_json or "{}")
        if document is not None:
            found.append(record_from_row(document["record"]))
    return found


def _stored_assessments(conn: Connection) -> dict[str, tuple[str, date, date | None, Any]]:
    query = sa.select(
        assessments.c.subject_key,
        assessments.c.policy_version,
        assessments.c.as_of,
        assessments.c.next_change_on,
        assessments.c.assessment,
    )
    return {
        key: (version, as_of, next_on, json.loads(doc) if isinstance(doc, str | bytes) else doc)
        for key, version, as_of, next_on, doc in conn.execute(query)
    }


def assessment_differences(
    conn: Connection, pack: Pack, replay: Replay, differing: set[str]
) -> Iterator[Difference]:
    """Every stored assessment that the engine, given the rebuilt records, does not give."""
    stored = _stored_assessments(conn)
    by_subject = replay.records_by_subject()
    for key in sorted(set(stored) - set(by_subject)):
        yield Difference("assessments", key, "(row)", f"as of {stored[key][1]}", MISSING)
    subjects = sorted(by_subject)
    for start in range(0, len(subjects), SUBJECT_CHUNK):
        chunk = subjects[start : start + SUBJECT_CHUNK]
        contents = _stored_contents(conn, chunk)
        facts = facts_by_subject(conn, chunk)
        for key in chunk:
            if key not in stored:
                yield Difference("assessments", key, "(row)", MISSING, "an assessment")
                continue
            version, as_of, next_on, document = stored[key]
            if version != pack.version:
                yield Difference("assessments", key, "policy_version", version, pack.version)
                continue
            found = _rebuilt_records(conn, replay, by_subject[key], contents, differing)
            if not found:
                continue
            rebuilt = assess_stored(found, facts.get(key, []), pack, as_of)
            if next_on != rebuilt.next_change_on:
                yield Difference(
                    "assessments", key, "next_change_on", str(next_on), str(rebuilt.next_change_on)
                )
            want = json.loads(json.dumps(rebuilt.to_json(), ensure_ascii=False))
            yield from document_differences("assessments", key, "assessment", document, want)


def verify_projections(conn: Connection, pack: Pack) -> ProjectionReport:
    """Rebuild records, cases, consents and assessments from the events; every difference."""
    replay = replay_events(conn)
    report = ProjectionReport(
        rebuilt={
            "records": len(replay.records),
            "cases": len(replay.cases),
            "consents": len(replay.consents),
            "assessments": len(replay.records_by_subject()),
        }
    )
    report.differences.extend(record_differences(conn, replay))
    report.differences.extend(case_differences(conn, replay))
    report.differences.extend(consent_differences(conn, replay))
    differing = differing_record_keys(report.differences)
    report.differences.extend(assessment_differences(conn, pack, replay, differing))
    return report
