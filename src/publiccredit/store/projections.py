"""Reading and writing the projections: records, subjects, assessments.

The service layer (``publiccredit.service``) is the only writer, always in
the same transaction as the events that change these rows. Every function
takes the caller's ``Connection`` and works in bulk (``executemany``, one
``IN`` query per chunk), because an agency's file brings a million rows.

Record keys are looked up by joining a ``VALUES`` list on the primary key,
which both databases answer with one index probe per key.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from publiccredit.store.compact import (
    compact_row,
    membership_rows,
    replace_memberships,
    stored_through,
)
from publiccredit.store.events import bulk_insert
from publiccredit.store.schema import assessment_compact, assessments, events, records, subjects

LOOKUP_CHUNK = 4000
"""Keys per ``IN`` query: well under SQLite's 32 766 bound parameters."""

RecordKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """What idempotency needs to know about a stored record."""

    subject_key: str
    content_hash: str
    status: str


def _chunks(items: Sequence[str], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def lookup_records(conn: Connection, keys: Iterable[RecordKey]) -> dict[RecordKey, StoredRecord]:
    """The stored records among ``keys`` (absent keys are simply missing).

    One query per ``LOOKUP_CHUNK`` keys, joining a ``VALUES`` list on the
    primary key: both databases then probe the index once per key (a
    row-value ``IN`` list would make SQLite scan the table).
    """
    wanted = sorted(set(keys))
    found: dict[RecordKey, StoredRecord] = {}
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        values = ",".join([f"({mark},{mark})"] * len(chunk))
        sql = (
            "SELECT r.agency, r.source_record_id, r.subject_key, r.content_hash, r.status "
            f"FROM records r JOIN (VALUES {values}) AS k "
            "ON r.agency = k.column1 AND r.source_record_id = k.column2"
        )
        flat = tuple(part for key in chunk for part in key)
        for agency, source_id, subject_key, content_hash, status in conn.exec_driver_sql(sql, flat):
            found[(agency, source_id)] = StoredRecord(subject_key, content_hash, status)
    return found


def json_text(conn: Connection, name: str) -> sa.ColumnElement[Any]:
    """A bound parameter carrying JSON already serialised as text, for a JSON column.

    Saves serialising again what the caller already has as canonical text:
    SQLite stores the text as is; PostgreSQL casts it to JSONB.
    """
    param = sa.bindparam(name, type_=sa.Text)
    return sa.cast(param, postgresql.JSONB) if conn.dialect.name == "postgresql" else param


RECORD_COLUMNS: tuple[str, ...] = (
    "agency",
    "source_record_id",
    "subject_key",
    "record_type",
    "content",
    "content_hash",
    "status",
    "first_event_seq",
    "last_event_seq",
)
"""The order of the values in a row for ``insert_records``."""


def insert_records(conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert new record rows: tuples of every column in ``RECORD_COLUMNS`` order,
    ``content`` as JSON text (``events.bulk_insert``: COPY or the driver's executemany)."""
    bulk_insert(conn, "records", RECORD_COLUMNS, rows)


def update_records(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Replace stored records' content (a correction or a revocation).

    Each row names ``agency``, ``source_record_id`` and the columns to set:
    ``subject_key``, ``record_type``, ``content_json`` (text), ``content_hash``,
    ``status``, ``last_event_seq``.
    """
    if not rows:
        return
    statement = (
        sa.update(records)
        .where(
            records.c.agency == sa.bindparam("key_agency"),
            records.c.source_record_id == sa.bindparam("key_source_record_id"),
        )
        .values(
            subject_key=sa.bindparam("subject_key"),
            record_type=sa.bindparam("record_type"),
            content=json_text(conn, "content_json"),
            content_hash=sa.bindparam("content_hash"),
            status=sa.bindparam("status"),
            last_event_seq=sa.bindparam("last_event_seq"),
        )
    )
    conn.execute(
        statement,
        [
            {
                "key_agency": row["agency"],
                "key_source_record_id": row["source_record_id"],
                **{k: v for k, v in row.items() if k not in ("agency", "source_record_id")},
            }
            for row in rows
        ],
    )


def set_status(conn: Connection, key: RecordKey, status: str, seq: int) -> None:
    """Set one record's status (e.g. ``revoked``) and its last event."""
    conn.execute(
        sa.update(records)
        .where(records.c.agency == key[0], records.c.source_record_id == key[1])
        .values(status=status, last_event_seq=seq)
    )


def get_record(conn: Connection, key: RecordKey) -> dict[str, Any] | None:
    """One stored record row as a mapping, or ``None``."""
    row = conn.execute(
        sa.select(records).where(records.c.agency == key[0], records.c.source_record_id == key[1])
    ).first()
    return None if row is None else dict(row._mapping)


def _document(value: Any) -> dict[str, Any]:
    """A JSON column's value as a dict (drivers may hand back text)."""
    return json.loads(value) if isinstance(value, str | bytes) else dict(value)


def contents_by_subject(
    conn: Connection, subject_keys: Sequence[str], through_seq: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every stored record content of these subjects, grouped by subject, in event order
    (only records first stored by event ``through_seq`` or earlier, when given)."""
    grouped: dict[str, list[dict[str, Any]]] = {key: [] for key in subject_keys}
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    for chunk in _chunks(sorted(set(subject_keys))):
        params: tuple[Any, ...] = tuple(chunk)
        bound = ""
        if through_seq is not None:
            bound, params = f"AND first_event_seq <= {mark} ", (*params, through_seq)
        sql = (
            "SELECT subject_key, content FROM records "
            f"WHERE subject_key IN ({','.join([mark] * len(chunk))}) {bound}"
            "ORDER BY first_event_seq"
        )
        for subject_key, content in conn.exec_driver_sql(sql, params):
            grouped[subject_key].append(_document(content))
    return grouped


def contents_of_types(
    conn: Connection, subject_keys: Sequence[str], record_types: Sequence[str]
) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """``(status, content)`` of these subjects' stored records of ``record_types``, by subject,
    in event order: a narrow read where ``contents_by_subject`` would read everything."""
    grouped: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    if not record_types:
        return grouped
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    types = tuple(sorted(set(record_types)))
    for chunk in _chunks(sorted(set(subject_keys))):
        sql = (
            "SELECT subject_key, status, content FROM records "
            f"WHERE subject_key IN ({','.join([mark] * len(chunk))}) "
            f"AND record_type IN ({','.join([mark] * len(types))}) ORDER BY first_event_seq"
        )
        for subject_key, status, content in conn.exec_driver_sql(sql, (*chunk, *types)):
            grouped.setdefault(subject_key, []).append((str(status), _document(content)))
    return grouped


def _upsert(
    conn: Connection,
    table: sa.Table,
    rows: Sequence[dict[str, Any]],
    key: str,
    json_column: str | None = None,
    forward_only: str | None = None,
) -> None:
    """Insert rows, or update every given column except ``key`` where ``key`` exists.

    ``json_column`` names a JSON column given as text under ``<name>_json``.
    ``forward_only`` names a column the stored row must not exceed for the update
    to apply: a projection never moves back to an older state.
    """
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    names = [name for name in rows[0] if name != key]
    if json_column is not None:
        statement = statement.values({json_column: json_text(conn, f"{json_column}_json")})
        names = [json_column if name == f"{json_column}_json" else name for name in names]
    updates: dict[str, Any] = {name: statement.excluded[name] for name in names}
    updates.pop("first_event_seq", None)  # the first event stays the first
    if "id_number_encrypted" in updates:
        updates["id_number_encrypted"] = sa.func.coalesce(
            statement.excluded.id_number_encrypted, table.c.id_number_encrypted
        )
    where = (
        None if forward_only is None else table.c[forward_only] <= statement.excluded[forward_only]
    )
    upsert = statement.on_conflict_do_update(index_elements=[key], set_=updates, where=where)
    conn.execute(upsert, list(rows))


def upsert_subjects(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Create or refresh subject rows (``subject_key``, ``kind``, ``name``, event seqs, …)."""
    _upsert(conn, subjects, rows, "subject_key")


def upsert_assessments(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Store the latest assessment of each subject (replacing the one before), with its
    compact form and list memberships (``store.compact``).

    Each row carries the ``assessments`` columns, the document as text under
    ``assessment_json`` and, optionally, the same document already as a dict under
    ``assessment`` (saves parsing it again for the compact form).

    Only forward: a stored assessment that has seen later events (``through_seq``)
    is kept, so a writer holding an older view (a bulk job, a late page of a
    sweep) never replaces what a newer write saved. The rows that move forward are
    found before writing; under the writers' lock (``store.unit.write_unit``) no
    one else can change them in between, so the three tables stay in step."""
    if not rows:
        return
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:  # one row a subject: what applying them in order would leave
        kept = latest.get(row["subject_key"])
        if kept is None or kept["through_seq"] <= row["through_seq"]:
            latest[row["subject_key"]] = row
    rows = list(latest.values())
    stored = stored_through(conn, assessments, [row["subject_key"] for row in rows])
    forward = [row for row in rows if stored.get(row["subject_key"], -1) <= row["through_seq"]]
    full_rows = [{k: v for k, v in row.items() if k != "assessment"} for row in rows]
    _upsert(
        conn,
        assessments,
        full_rows,
        "subject_key",
        json_column="assessment",
        forward_only="through_seq",
    )
    compact_rows: list[dict[str, Any]] = []
    member_rows: list[dict[str, Any]] = []
    for row in forward:
        document = row.get("assessment")
        if document is None:
            document = json.loads(row["assessment_json"])
        compact_rows.append(compact_row(row, document))
        member_rows.extend(membership_rows(row, document))
    _upsert(conn, assessment_compact, compact_rows, "subject_key", forward_only="through_seq")
    replace_memberships(conn, [row["subject_key"] for row in forward], member_rows)


def due_subjects(conn: Connection, as_of: date, after: str = "", limit: int = 500) -> list[str]:
    """Subjects whose ``next_change_on`` has come by ``as_of`` (and last assessed no later),
    in key order after ``after``."""
    query = (
        sa.select(assessments.c.subject_key)
        .where(
            assessments.c.next_change_on <= as_of,
            assessments.c.as_of <= as_of,
            assessments.c.subject_key > after,
        )
        .order_by(assessments.c.subject_key)
        .limit(limit)
    )
    return [str(key) for key in conn.execute(query).scalars()]


def subject_keys_after(conn: Connection, after: str = "", limit: int = 500) -> list[str]:
    """Up to ``limit`` subject keys after ``after``, in key order (for paging through all)."""
    query = (
        sa.select(subjects.c.subject_key)
        .where(subjects.c.subject_key > after)
        .order_by(subjects.c.subject_key)
        .limit(limit)
    )
    return [str(key) for key in conn.execute(query).scalars()]


def refresh_planner_statistics(conn: Connection) -> None:
    """Let PostgreSQL's planner see rows this transaction has just written.

    A large batch grows ``records`` and ``events`` inside one uncommitted
    transaction; until they are analysed the planner has no statistics for them
    and, guessing a default selectivity, reads the whole table for each chunk of
    subjects being re-assessed (measured: a seq scan of ``records`` per 25
    subjects). ``ANALYZE`` inside the transaction samples its own new rows. SQLite's
    planner uses the index without statistics, so there this does nothing."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE records, events, subjects")


def get_assessment(conn: Connection, subject_key: str) -> dict[str, Any] | None:
    """The stored assessment row of a subject (``assessment`` as a dict), or ``None``."""
    row = conn.execute(
        sa.select(assessments).where(assessments.c.subject_key == subject_key)
    ).first()
    if row is None:
        return None
    found = dict(row._mapping)
    found["assessment"] = _document(found["assessment"])
    return found


def subject_keys(conn: Connection, after: str = "", limit: int = 500) -> list[str]:
    """Subject keys in order after ``after`` (to walk every subject in pages)."""
    query = (
        sa.select(subjects.c.subject_key)
        .where(subjects.c.subject_key > after)
        .order_by(subjects.c.subject_key)
        .limit(limit)
    )
    return [str(key) for key in conn.execute(query).scalars()]


def subject_exists(conn: Connection, subject_key: str) -> bool:
    """True when the subject has a row."""
    query = sa.select(subjects.c.subject_key).where(subjects.c.subject_key == subject_key)
    return conn.execute(query).first() is not None


def events_by_subject(
    conn: Connection, subject_keys: Sequence[str], kinds: Sequence[str]
) -> dict[str, list[tuple[str, str, str, str | None]]]:
    """``(kind, occurred_at, recorded_at, payload)`` of these subjects' events of ``kinds``."""
    grouped: dict[str, list[tuple[str, str, str, str | None]]] = defaultdict(list)
    for chunk in _chunks(sorted(set(subject_keys))):
        query = (
            sa.select(
                events.c.subject,
                events.c.kind,
                events.c.occurred_at,
                events.c.recorded_at,
                events.c.payload,
            )
            .where(events.c.subject.in_(chunk), events.c.kind.in_(list(kinds)))
            .order_by(events.c.seq)
        )
        for subject, kind, occurred_at, recorded_at, payload in conn.execute(query):
            grouped[str(subject)].append((kind, occurred_at, recorded_at, payload))
    return grouped
