"""Re-assessing subjects from the store and saving the assessment projection.

A subject's records and facts are read back from the projections (records
already masked: the engine only ever sees masked ID numbers), the pure engine
assesses them as of a date, and the result is saved as the subject's latest
assessment with its ``next_change_on``. Subjects are handled in chunks so a
batch touching a million subjects still runs in bounded memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.domain.assessment import Assessment
from publiccredit.domain.facts import Fact
from publiccredit.domain.official_time import BEIJING
from publiccredit.domain.record import Record
from publiccredit.domain.subject import Subject
from publiccredit.engine import assess
from publiccredit.policy.model import Pack
from publiccredit.service.facts import facts_by_subject
from publiccredit.service.monitoring import ChangeRecorder
from publiccredit.service.protect import record_from_row
from publiccredit.store.projections import contents_by_subject, upsert_assessments, upsert_subjects
from publiccredit.store.screening_index import index_subjects
from publiccredit.textfold import fold

SUBJECT_CHUNK = 25
"""Subjects read, assessed and written per round."""

Progress = Callable[[int], None]


def load_subjects(
    conn: Connection, subject_keys: Sequence[str], fresh: Fresh | None = None
) -> dict[str, tuple[list[Record], list[Fact]]]:
    """Each subject's stored records and facts (subjects without records are left out).

    With ``fresh``, the subjects it names take their records first stored after
    ``fresh.base_seq`` from memory (this batch's, not yet committed, in seq
    order) instead of reading them back and decoding their JSON; the rest
    still come from the store.
    """
    known = fresh.records if fresh is not None else {}
    cached = [key for key in subject_keys if key in known]
    contents = contents_by_subject(conn, [key for key in subject_keys if key not in known])
    if fresh is not None and cached:
        contents.update(contents_by_subject(conn, cached, through_seq=fresh.base_seq))
    facts = facts_by_subject(conn, subject_keys)
    loaded: dict[str, tuple[list[Record], list[Fact]]] = {}
    for key in subject_keys:
        records = [record_from_row(document["record"]) for document in contents.get(key, ())]
        records += known.get(key, ())
        if records:
            loaded[key] = (records, facts.get(key, []))
    return loaded


@dataclass(frozen=True, slots=True)
class Fresh:
    """Records a batch stored after ledger size ``base_seq``, by subject, in seq order.

    Only for subjects none of whose older records the batch changed; each
    record as reading it back would give it (ID numbers masked, see
    ``Protected.stored_record``).
    """

    base_seq: int
    records: Mapping[str, list[Record]]


def assess_stored(
    records: list[Record],
    facts: Sequence[Fact],
    pack: Pack,
    as_of: date,
    known_at: date | None = None,
) -> Assessment:
    """The engine's assessment of one stored subject (its records share one subject id)."""
    subject = Subject.from_records(records[0].subject_id, records)
    return assess(subject, records, pack, as_of, known_at, facts)


def assessment_row(
    subject_key: str, assessment: Assessment, as_of: date, through_seq: int
) -> dict[str, Any]:
    """A subject's ``assessments`` row, the document serialised once as compact JSON text.

    The online path and the bulk path (``publiccredit.bulk``) both store this, so
    their documents are byte for byte the same for the same assessment.
    """
    return {
        "subject_key": subject_key,
        "policy_version": assessment.policy_version,
        "as_of": as_of,
        "next_change_on": assessment.next_change_on,
        "through_seq": through_seq,
        "assessment": json.dumps(assessment.to_json(), ensure_ascii=False, separators=(",", ":")),
    }


def reassess(
    conn: Connection,
    subject_keys: Iterable[str],
    pack: Pack,
    as_of: date,
    through_seq: int,
    subject_rows: Mapping[str, dict[str, Any]] | None = None,
    progress: Progress | None = None,
    fresh: Fresh | None = None,
    at: datetime | None = None,
) -> int:
    """Assess ``subject_keys`` as of ``as_of`` and save their assessments; how many.

    With ``subject_rows`` (subject key → columns of ``subjects`` such as event
    seqs and a sealed ID number), the subjects' rows are saved too, with the
    name the assessment found. ``fresh``: see ``load_subjects``. Changes in
    watched subjects' public state go to the change feed (``service.monitoring``)
    stamped ``at`` (the caller's official time; default the start of ``as_of``
    in Beijing).
    """
    keys = sorted(set(subject_keys))
    done = 0
    moment = at or datetime.combine(as_of, time(), BEIJING)
    recorder = ChangeRecorder(conn, pack, keys, moment)
    for start in range(0, len(keys), SUBJECT_CHUNK):
        chunk = keys[start : start + SUBJECT_CHUNK]
        loaded = load_subjects(conn, chunk, fresh)
        assessment_rows = []
        subject_updates = []
        documents: dict[str, dict[str, Any]] = {}
        for key in chunk:
            if key not in loaded:
                continue
            records, facts = loaded[key]
            assessment = assess_stored(records, facts, pack, as_of)
            document = assessment.to_json()
            if key in recorder.watched:
                documents[key] = document
            assessment_rows.append(
                {
                    "subject_key": key,
                    "policy_version": assessment.policy_version,
                    "as_of": as_of,
                    "next_change_on": assessment.next_change_on,
                    "through_seq": through_seq,
                    "assessment_json": json.dumps(
                        document, ensure_ascii=False, separators=(",", ":")
                    ),
                    "assessment": document,
                }
            )
            if subject_rows is not None:
                row = dict(subject_rows.get(key, {}))
                subject = assessment.subject
                row.update(
                    subject_key=key,
                    kind=subject.kind.value,
                    name=subject.name or None,
                    name_folded=fold(subject.name) if subject.name else None,
                    entity_kind=subject.entity_kind or None,
                    region=subject.region or None,
                )
                subject_updates.append(row)
        recorder.record(documents, through_seq)
        _save_subjects(conn, subject_updates)
        upsert_assessments(conn, assessment_rows)
        done += len(chunk)
        if progress is not None:
            progress(len(chunk))
    return done


_SUBJECT_COLUMNS = (
    "subject_key",
    "kind",
    "name",
    "name_folded",
    "entity_kind",
    "region",
    "id_number_encrypted",
    "first_event_seq",
    "last_event_seq",
)


def _save_subjects(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Upsert subject rows, grouped by the columns they carry (executemany needs one shape),
    and keep the screening index in step with the named entities among them."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shape = tuple(name for name in _SUBJECT_COLUMNS if name in row)
        shapes.setdefault(shape, []).append({name: row[name] for name in shape})
    for group in shapes.values():
        upsert_subjects(conn, group)
    index_subjects(conn, rows)
