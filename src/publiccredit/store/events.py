"""The append-only event log: append in the caller's transaction, read, erase payloads.

``append_events`` is the one way events enter the store. Inside the caller's
transaction it locks the ledger, assigns the next seqs, stores each event
with a fresh salt and its salted payload hash, and adds the leaves to the
node store, so a crash or a rollback leaves either all of it or none::

    with engine.begin() as conn:
        seqs = append_events(conn, [event1, event2])
        ...  # save projections in the same transaction

Payloads are stored as the canonical JSON that was hashed. ``erase_payload``
is the only change ever made to a stored event: it removes personal data and
keeps the salt and hash, so the ledger still verifies.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.domain.event import Event, format_instant, parse_instant, parse_kind
from publiccredit.errors import NotFound, Problem
from publiccredit.ledger.leaf import (
    MAX_SEQ,
    SALT_SIZE,
    StringQuoter,
    leaf_bytes,
    leaf_text,
    payload_hash,
)
from publiccredit.ledger.merkle import leaf_hash
from publiccredit.store import nodestore
from publiccredit.store.canonical import canonical_text
from publiccredit.store.schema import events as events_table


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event row exactly as stored (text times, canonical payload text or ``None`` if erased)."""

    seq: int
    kind: str
    subject: str | None
    occurred_at: str
    recorded_at: str
    actor: str
    payload_json: str | None
    salt: bytes
    payload_hash: str

    def leaf(self, seq: int | None = None) -> bytes:
        """This row's ledger leaf (under another ``seq`` when given: used to name reorderings)."""
        return leaf_bytes(
            seq=self.seq if seq is None else seq,
            kind=self.kind,
            subject=self.subject,
            occurred_at=self.occurred_at,
            recorded_at=self.recorded_at,
            actor=self.actor,
            payload_hash_hex=self.payload_hash,
        )

    @property
    def erased(self) -> bool:
        """True when the payload was erased (salt and hash remain)."""
        return self.payload_json is None

    def payload_matches(self) -> bool:
        """True when the stored payload hashes to the stored hash (or was erased)."""
        if self.payload_json is None:
            return True
        return payload_hash(self.salt, self.payload_json.encode("utf-8")) == self.payload_hash

    def to_event(self) -> Event:
        """The domain event; an erased payload reads as ``{}``."""
        payload: dict[str, Any] = json.loads(self.payload_json) if self.payload_json else {}
        return Event(
            parse_kind(self.kind),
            self.subject,
            parse_instant(self.occurred_at),
            parse_instant(self.recorded_at),
            self.actor,
            payload,
            self.seq,
        )


class PreparedEvent(NamedTuple):
    """An event already in stored form: text times and canonical payload JSON.

    The bulk path (ingest) builds these directly, skipping ``Event``'s checks
    it has already made; ``payload_json`` MUST be RFC 8785 canonical
    (``store.canonical.canonical_text``) and the times ``format_instant`` text.
    """

    kind: str
    subject: str | None
    occurred_at: str
    recorded_at: str
    actor: str
    payload_json: str


def prepare(event: Event) -> PreparedEvent:
    """``event`` in stored form."""
    return PreparedEvent(
        event.kind.value,
        event.subject,
        format_instant(event.occurred_at),
        format_instant(event.recorded_at),
        event.actor,
        canonical_text(dict(event.payload)),
    )


def append_events(conn: Connection, events: Sequence[Event]) -> list[int]:
    """Append ``events`` in order within the caller's transaction; their new seqs.

    Serialises with every other appender (see ``nodestore.reserve``) until the
    caller's transaction ends, so keep that transaction short.
    """
    return append_prepared(conn, [prepare(event) for event in events])


def append_prepared(conn: Connection, events: Sequence[PreparedEvent]) -> list[int]:
    """``append_events`` for events already in stored form (the bulk path).

    The rows go through ``bulk_insert`` in the caller's transaction (no
    per-row SQLAlchemy parameter handling: the values are already the stored
    text, bytes and integers); each leaf is ``ledger.leaf.leaf_text`` with a
    remembering quoter; the salts come from one random read.
    """
    if not events:
        return []
    size = nodestore.reserve(conn, len(events))
    if size + len(events) > MAX_SEQ:
        raise ValueError(f"sequence number {size + len(events)} is outside 1..2^53-1")
    rows: list[tuple[Any, ...]] = []
    hashes: list[bytes] = []
    quoted = StringQuoter()
    salts = secrets.token_bytes(SALT_SIZE * len(events))  # one system call, not one per event
    for offset, event in enumerate(events):
        seq = size + 1 + offset
        salt = salts[offset * SALT_SIZE : (offset + 1) * SALT_SIZE]
        payload = event.payload_json
        digest = payload_hash(salt, payload.encode("utf-8"))
        rows.append(
            (
                seq,
                event.kind,
                event.subject,
                event.occurred_at,
                event.recorded_at,
                event.actor,
                payload,
                salt,
                digest,
            )
        )
        leaf = leaf_text(
            seq=seq,
            kind=event.kind,
            subject=event.subject,
            occurred_at=event.occurred_at,
            recorded_at=event.recorded_at,
            actor=event.actor,
            payload_hash_hex=digest,
            quote=quoted,
        )
        hashes.append(leaf_hash(leaf.encode("utf-8")))
    bulk_insert(conn, "events", _EVENT_COLUMNS, rows)
    nodestore.write_leaf_hashes(conn, size, hashes)
    return list(range(size + 1, size + len(events) + 1))


_EVENT_COLUMNS = (
    "seq",
    "kind",
    "subject",
    "occurred_at",
    "recorded_at",
    "actor",
    "payload",
    "salt",
    "payload_hash",
)


def bulk_insert(
    conn: Connection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
) -> None:
    """Insert ``rows`` (values already in stored form) in the caller's transaction, fast.

    PostgreSQL: ``COPY … FROM STDIN`` on the transaction's own driver
    connection (the server parses each value from text, as for an INSERT:
    JSON text becomes JSONB). SQLite: the driver's ``executemany``.
    """
    if not rows:
        return
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        driver = conn.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["?"] * len(columns))
    conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


def _stored(row: sa.Row[Any]) -> StoredEvent:
    return StoredEvent(
        seq=int(row.seq),
        kind=row.kind,
        subject=row.subject,
        occurred_at=row.occurred_at,
        recorded_at=row.recorded_at,
        actor=row.actor,
        payload_json=row.payload,
        salt=bytes(row.salt),
        payload_hash=row.payload_hash,
    )


def read_events(conn: Connection, after: int = 0, batch: int = 2000) -> Iterator[StoredEvent]:
    """Every stored event with seq > ``after``, in seq order, read in batches."""
    while True:
        rows = conn.execute(
            sa.select(events_table)
            .where(events_table.c.seq > after)
            .order_by(events_table.c.seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield _stored(row)
        after = int(rows[-1].seq)


def get_event(conn: Connection, seq: int) -> StoredEvent:
    """The stored event ``seq``; ``NotFound`` when there is none."""
    row = conn.execute(sa.select(events_table).where(events_table.c.seq == seq)).first()
    if row is None:
        raise NotFound(Problem("no such event", field="seq", value=str(seq)).describe())
    return _stored(row)


def erase_payload(conn: Connection, seq: int) -> None:
    """Erase event ``seq``'s payload (personal data), keeping its salt and payload hash."""
    get_event(conn, seq)
    conn.execute(sa.update(events_table).where(events_table.c.seq == seq).values(payload=None))
