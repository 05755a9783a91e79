"""Rebuild the records, cases and consents projections from the event log and compare.

What the public sees comes from the projections, not from the events: a row
edited in ``records`` and then re-assessed would change a public listing while
the ledger still verified. So ``verify`` replays the events (one pass, in seq
order) the way the service wrote the rows:

* ``record.submitted`` creates a record (status ``submitted``) whose content
  is the event's payload; ``record.corrected`` replaces the content (status
  ``corrected``, or ``revoked`` if it was); ``record.revoked`` marks a stored
  record ``revoked``;
* every case event carries the case after the step: the last one per case id
  is the ``cases`` row;
* ``consent.granted`` / ``consent.revoked`` carry the consent: the last one
  per id is the ``consents`` row;

and names every stored row that differs (``store.difference``). A record
event whose payload was erased (personal data) cannot give the content: its
row is found by the event's seq, its status and seqs are still checked, and its
content is taken as stored (it cannot be checked any more; docs/ledger.md).
Memory holds a digest per record, not its content; a differing row's content
is read back from its event to name the fields.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.domain.event import EventKind
from publiccredit.store.canonical import canonical_text
from publiccredit.store.difference import MISSING, Difference, json_differences
from publiccredit.store.events import StoredEvent, get_event, read_events
from publiccredit.store.projections import RecordKey
from publiccredit.store.schema import cases, consents, events, records

FIELDS_SHOWN = 5
"""Differing fields named per document (the rest are counted)."""

SUBMITTED = EventKind.RECORD_SUBMITTED.value
CORRECTED = EventKind.RECORD_CORRECTED.value
REVOKED = EventKind.RECORD_REVOKED.value
CONSENT_KINDS = (EventKind.CONSENT_GRANTED.value, EventKind.CONSENT_REVOKED.value)


@dataclass(slots=True)
class ReplayedRecord:
    """A ``records`` row as the events give it; ``content_seq`` is the event whose payload
    is the content (``None``: erased, the stored content stands)."""

    subject_key: str
    record_type: str
    content_seq: int | None
    digest: str | None
    status: str
    first_event_seq: int
    last_event_seq: int


@dataclass(slots=True)
class Replay:
    """The projections rebuilt from the events."""

    records: dict[RecordKey, ReplayedRecord] = field(default_factory=dict)
    cases: dict[str, tuple[dict[str, Any], int]] = field(default_factory=dict)
    consents: dict[str, tuple[dict[str, Any], int]] = field(default_factory=dict)

    def records_by_subject(self) -> dict[str, list[RecordKey]]:
        """Each subject's rebuilt records, in the order they were first stored."""
        grouped: dict[str, list[RecordKey]] = {}
        ordered = sorted(self.records.items(), key=lambda item: item[1].first_event_seq)
        for key, row in ordered:
            grouped.setdefault(row.subject_key, []).append(key)
        return grouped


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _erased_record_rows(conn: Connection) -> dict[int, tuple[RecordKey, str]]:
    """Seq → (key, record type) of stored rows whose submitting or correcting event was erased."""
    erased = (
        sa.select(events.c.seq)
        .where(events.c.payload.is_(None), events.c.kind.in_([SUBMITTED, CORRECTED]))
        .scalar_subquery()
    )
    query = sa.select(
        records.c.agency,
        records.c.source_record_id,
        records.c.record_type,
        records.c.first_event_seq,
        records.c.last_event_seq,
    ).where(sa.or_(records.c.first_event_seq.in_(erased), records.c.last_event_seq.in_(erased)))
    found: dict[int, tuple[RecordKey, str]] = {}
    for agency, source_id, record_type, first, last in conn.execute(query):
        found[int(first)] = found[int(last)] = ((agency, source_id), record_type)
    return found


class _Replayer:
    def __init__(self, conn: Connection) -> None:
        self.replay = Replay()
        self.erased_rows = _erased_record_rows(conn)

    def record_event(self, row: StoredEvent) -> None:
        rows = self.replay.records
        if row.payload_json is None:
            known = self.erased_rows.get(row.seq)
            if known is None:
                return  # a superseded correction: nothing left to rebuild from it
            key, record_type = known
            content_seq, digest = None, None
        else:
            payload = json.loads(row.payload_json)
            body = payload.get("record", payload)
            key = (str(body.get("agency")), str(body.get("source_record_id")))
            record_type = str(body.get("record_type"))
            content_seq, digest = row.seq, _digest(row.payload_json)
        if row.kind == REVOKED:
            if key in rows:
                rows[key].status, rows[key].last_event_seq = "revoked", row.seq
            return
        before = rows.get(key)
        if row.kind == SUBMITTED or before is None:
            rows[key] = ReplayedRecord(
                str(row.subject), record_type, content_seq, digest, "submitted", row.seq, row.seq
            )
            return
        before.subject_key, before.record_type = str(row.subject), record_type
        before.content_seq, before.digest = content_seq, digest
        before.status = "revoked" if before.status == "revoked" else "corrected"
        before.last_event_seq = row.seq

    def event(self, row: StoredEvent) -> None:
        if row.kind in (SUBMITTED, CORRECTED, REVOKED):
            self.record_event(row)
            return
        if row.payload_json is None:
            return
        if row.kind in CONSENT_KINDS:
            document = json.loads(row.payload_json)
            self.replay.consents[str(document["id"])] = (document, row.seq)
        elif '"case_id"' in row.payload_json:
            payload = json.loads(row.payload_json)
            if isinstance(payload.get("case"), dict):
                self.replay.cases[str(payload["case_id"])] = (payload["case"], row.seq)


def replay_events(conn: Connection) -> Replay:
    """Rebuild records, cases and consents from every stored event (see the module docstring)."""
    replayer = _Replayer(conn)
    for row in read_events(conn):
        replayer.event(row)
    return replayer.replay


def _document(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def document_differences(
    table: str, key: str, name: str, stored: Any, rebuilt: Any
) -> Iterator[Difference]:
    """The fields where two JSON documents differ, at most ``FIELDS_SHOWN`` (then a count)."""
    found = list(json_differences(stored, rebuilt))
    for path, left, right in found[:FIELDS_SHOWN]:
        yield Difference(table, key, f"{name}.{path}", left, right)
    if len(found) > FIELDS_SHOWN:
        extra = f"{len(found) - FIELDS_SHOWN} more fields"
        yield Difference(table, key, f"{name} (and {extra})", "…", "…")


def _missing(table: str, key: str, rebuilt: str) -> Difference:
    return Difference(table, key, "(row)", MISSING, rebuilt)


def _extra(table: str, key: str, stored: str) -> Difference:
    return Difference(table, key, "(row)", stored, MISSING)


def record_differences(conn: Connection, replay: Replay) -> Iterator[Difference]:
    """Every ``records`` row that differs from the replay, and every row missing or extra."""
    seen: set[RecordKey] = set()
    query = sa.select(
        records.c.agency,
        records.c.source_record_id,
        records.c.subject_key,
        records.c.record_type,
        records.c.content,
        records.c.status,
        records.c.first_event_seq,
        records.c.last_event_seq,
    ).execution_options(yield_per=2000)
    for agency, source_id, subject_key, record_type, content, status, first, last in conn.execute(
        query
    ):
        key = (agency, source_id)
        name = f"{agency}/{source_id}"
        rebuilt = replay.records.get(key)
        if rebuilt is None:
            yield _extra("records", name, f"record of {subject_key} stored in event {first}")
            continue
        seen.add(key)
        stored_fields = (subject_key, record_type, status, int(first), int(last))
        rebuilt_fields = (
            rebuilt.subject_key,
            rebuilt.record_type,
            rebuilt.status,
            rebuilt.first_event_seq,
            rebuilt.last_event_seq,
        )
        names = ("subject_key", "record_type", "status", "first_event_seq", "last_event_seq")
        for column, left, right in zip(names, stored_fields, rebuilt_fields, strict=True):
            if left != right:
                yield Difference("records", name, column, left, right)
        if rebuilt.content_seq is None:
            continue
        document = _document(content)
        if _digest(canonical_text(document)) != rebuilt.digest:
            payload = json.loads(get_event(conn, rebuilt.content_seq).payload_json or "{}")
            yield from document_differences("records", name, "content", document, payload)
    for key, row in replay.records.items():
        if key not in seen:
            yield _missing(
                "records", f"{key[0]}/{key[1]}", f"stored in event {row.first_event_seq}"
            )


def differing_record_keys(differences: list[Difference]) -> set[str]:
    """``agency/source_record_id`` of the records rows named in ``differences``."""
    return {d.key for d in differences if d.table == "records"}


CASE_COLUMNS = {"kind": "kind", "subject_key": "subject", "agency": "competent_agency",
                "state": "state", "opened_at": "opened_at"}  # fmt: skip
"""``cases`` columns that copy a field of the case document (queries filter on them)."""
CONSENT_COLUMNS = {"subject_key": "subject", "institution": "institution",
                   "purpose": "purpose", "granted_at": "granted_at"}  # fmt: skip
"""``consents`` columns that copy a field of the consent document."""


def _snapshot_differences(
    conn: Connection,
    table: sa.Table,
    key_column: str,
    columns: dict[str, str],
    rebuilt: dict[str, tuple[dict[str, Any], int]],
) -> Iterator[Difference]:
    name = table.name
    seen: set[str] = set()
    query = sa.select(
        table.c[key_column],
        table.c.document,
        table.c.last_event_seq,
        *(table.c[column] for column in columns),
    )
    for key, document, last, *copies in conn.execute(query):
        if key not in rebuilt:
            yield _extra(name, key, f"saved with event {last}")
            continue
        seen.add(key)
        want, seq = rebuilt[key]
        if int(last) != seq:
            yield Difference(name, key, "last_event_seq", int(last), seq)
        for (column, source), value in zip(columns.items(), copies, strict=True):
            if value != want.get(source):
                yield Difference(name, key, column, value, want.get(source))
        yield from document_differences(name, key, "document", _document(document), want)
    for key, (_, seq) in rebuilt.items():
        if key not in seen:
            yield _missing(name, key, f"last event {seq}")


def case_differences(conn: Connection, replay: Replay) -> Iterator[Difference]:
    """Every ``cases`` row that is not the case's snapshot in its last event."""
    yield from _snapshot_differences(conn, cases, "case_id", CASE_COLUMNS, replay.cases)


def consent_differences(conn: Connection, replay: Replay) -> Iterator[Difference]:
    """Every ``consents`` row that is not the consent in its last event."""
    yield from _snapshot_differences(conn, consents, "consent_id", CONSENT_COLUMNS, replay.consents)
