"""The access log: every read of non-public data, committed to the ledger day by day.

``log_access`` records who read what about whom, in which role and under
which consent. ``commit_access_log(conn, day, now)`` closes an official
(Beijing) day: it appends one ``access_log.committed`` event whose payload
holds the day, the number of entries and ``entries_sha256``, the SHA-256 of
the day's entries in id order, each written as its RFC 8785 JSON followed by
a newline (JSON Lines)::

    {"actor":…,"at":…,"consent_id":…,"role":…,"subject_key":…,"what":…}\\n

After that the day is closed (``meta`` remembers it, even for a day
without entries): a later entry for it is refused, and ``verify``
recomputes the hash, so an entry edited or deleted afterwards is detected.

Readers append entries while the commit runs, so the two must not interleave
(a row written between the commit's hash and its marking would be committed
without being hashed; one written just after would stay in a closed day,
never committed):

* the commit runs inside a unit of work (``store.unit``: the ledger lock) and
  then takes the access log's own lock exclusively — PostgreSQL: the
  transaction-level advisory lock ``ACCESS_LOG_LOCK``; SQLite: the unit's
  ``BEGIN IMMEDIATE`` already holds the database's one write lock;
* ``log_access`` takes the same lock shared (PostgreSQL; readers never wait
  for each other) and inserts with one statement that refuses a closed day
  (``INSERT … SELECT … WHERE NOT EXISTS`` the day's ``meta`` row), which on
  SQLite runs under the write lock as one atomic step.

So each entry is either in the commit's hash and marked with its seq, or
written after it and refused (``Conflict``: the read is not served).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.domain.event import Event, EventKind, format_instant
from publiccredit.domain.official_time import BEIJING, official_day
from publiccredit.errors import Conflict, InvalidInput, Problem
from publiccredit.ledger.leaf import canonical_json
from publiccredit.store.events import append_events
from publiccredit.store.schema import access_log, meta

ACCESS_LOG_LOCK = 0x7075_626C_6963_6C67
"""PostgreSQL advisory lock key (``"publiclg"``): shared by readers, exclusive by the commit."""

ACTOR = "system:access-log"
_ENTRY_COLUMNS = ("actor", "at", "consent_id", "role", "subject_key", "what")


def _meta_key(day: str) -> str:
    return f"access_log.committed:{day}"


def _committed_seq(conn: Connection, day: str) -> int | None:
    """The seq that committed ``day``, from ``meta`` (a day may have no entries at all)."""
    seq = conn.execute(sa.select(meta.c.value).where(meta.c.key == _meta_key(day))).scalar()
    return None if seq is None else int(seq)


def _lock(conn: Connection, shared: bool) -> None:
    """PostgreSQL: the access log's advisory lock until the transaction ends (see above)."""
    if conn.dialect.name == "postgresql":
        name = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        conn.execute(sa.select(getattr(sa.func, name)(ACCESS_LOG_LOCK)))


def log_access(
    conn: Connection,
    actor: str,
    role: str,
    subject_key: str | None,
    what: str,
    consent_id: str | None,
    at: datetime,
) -> int:
    """Record one read of non-public data at ``at`` (the injected clock's instant); its
    entry id. ``Conflict`` if that official day's log is already committed."""
    day = official_day(at).isoformat()
    _lock(conn, shared=True)
    values = {
        "at": format_instant(at),
        "day": day,
        "actor": actor,
        "role": role,
        "what": what,
        "subject_key": subject_key,
        "consent_id": consent_id,
    }
    closed = sa.exists().where(meta.c.key == _meta_key(day))
    row = sa.select(*(sa.literal(value, access_log.c[name].type) for name, value in values.items()))
    statement = sa.insert(access_log).from_select(list(values), row.where(~closed))
    entry = conn.execute(statement.returning(access_log.c.id)).scalar()
    if entry is None:
        seq = _committed_seq(conn, day)
        raise Conflict(f"the access log of {day} was committed to the ledger in event {seq}")
    return int(entry)


def entries_digest(conn: Connection, day: str, committed_seq: int | None) -> tuple[int, str]:
    """``(count, entries_sha256)`` of the day's entries that carry ``committed_seq``."""
    rows = conn.execute(
        sa.select(*(access_log.c[name] for name in _ENTRY_COLUMNS))
        .where(access_log.c.day == day)
        .where(
            access_log.c.committed_seq.is_(None)
            if committed_seq is None
            else access_log.c.committed_seq == committed_seq
        )
        .order_by(access_log.c.id)
    ).all()
    digest = hashlib.sha256()
    for row in rows:
        digest.update(canonical_json(dict(zip(_ENTRY_COLUMNS, row, strict=True))) + b"\n")
    return len(rows), digest.hexdigest()


def day_end(day: date) -> datetime:
    """When the official day ``day`` ends: midnight Beijing time after it."""
    return datetime.combine(day + timedelta(days=1), time(), BEIJING)


def commit_access_log(conn: Connection, day: date, now: datetime) -> int:
    """Commit the official day's access log to the ledger as one event; that event's seq.

    Call it inside a unit of work (``store.unit.write_unit``). Refuses a day that
    has not ended (Beijing time) and a day already committed.
    """
    moment = now
    label = day.isoformat()
    ended = day_end(day)
    if moment < ended:
        raise InvalidInput(
            "an access log day can be committed only after it ended",
            (Problem(f"the day ends at {format_instant(ended)}", field="day", value=label),),
        )
    _lock(conn, shared=False)
    if (seq := _committed_seq(conn, label)) is not None:
        raise Conflict(f"the access log of {label} was already committed in event {seq}")
    count, digest = entries_digest(conn, label, None)
    payload = {"day": label, "count": count, "entries_sha256": digest}
    event = Event(EventKind.ACCESS_LOG_COMMITTED, None, ended, moment, ACTOR, payload)
    [seq] = append_events(conn, [event])
    conn.execute(
        sa.update(access_log)
        .where(access_log.c.day == label, access_log.c.committed_seq.is_(None))
        .values(committed_seq=seq)
    )
    conn.execute(sa.insert(meta).values(key=_meta_key(label), value=str(seq)))
    return seq


def days_to_commit(conn: Connection, today: date) -> list[date]:
    """The ended official days not committed yet: every day before ``today`` that holds
    uncommitted entries, and yesterday (a day without reads is committed too)."""
    query = (
        sa.select(access_log.c.day)
        .where(access_log.c.committed_seq.is_(None), access_log.c.day < today.isoformat())
        .distinct()
    )
    days = {date.fromisoformat(value) for value in conn.execute(query).scalars()}
    days.add(today - timedelta(days=1))
    return sorted(day for day in days if _committed_seq(conn, day.isoformat()) is None)
