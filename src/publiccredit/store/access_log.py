"""The access log: every read of non-public data, committed to the ledger day by day.

``log_access`` records who read what about whom, in which role and under
which consent. ``commit_access_log(conn, day)`` closes a UTC day: it appends
one ``access_log.committed`` event whose payload holds the day, the number of
entries and ``entries_sha256``, the SHA-256 of the day's entries in id order,
each written as its RFC 8785 JSON followed by a newline (JSON Lines)::

    {"actor":…,"at":…,"consent_id":…,"role":…,"subject_key":…,"what":…}\\n

After that the day is closed (``meta`` remembers it, even for a day
without entries): a later entry for it is refused, and ``verify``
recomputes the hash, so an entry edited or deleted afterwards is detected.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.domain.event import Event, EventKind, format_instant
from publiccredit.errors import Conflict, InvalidInput, Problem
from publiccredit.ledger.leaf import canonical_json
from publiccredit.store.events import append_events
from publiccredit.store.schema import access_log, meta

ACTOR = "system:access-log"
_ENTRY_COLUMNS = ("actor", "at", "consent_id", "role", "subject_key", "what")


def _meta_key(day: str) -> str:
    return f"access_log.committed:{day}"


def _committed_seq(conn: Connection, day: str) -> int | None:
    """The seq that committed ``day``, from ``meta`` (a day may have no entries at all)."""
    seq = conn.execute(sa.select(meta.c.value).where(meta.c.key == _meta_key(day))).scalar()
    return None if seq is None else int(seq)


def log_access(
    conn: Connection,
    actor: str,
    role: str,
    subject_key: str | None,
    what: str,
    consent_id: str | None = None,
    at: datetime | None = None,
) -> int:
    """Record one read of non-public data; its entry id. ``Conflict`` if the day is closed."""
    instant = format_instant(at or datetime.now(UTC))
    day = instant[:10]
    if (seq := _committed_seq(conn, day)) is not None:
        raise Conflict(f"the access log of {day} was committed to the ledger in event {seq}")
    values = {"actor": actor, "role": role, "subject_key": subject_key, "what": what}
    statement = sa.insert(access_log).values(at=instant, day=day, consent_id=consent_id, **values)
    return int(conn.execute(statement.returning(access_log.c.id)).scalar_one())


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


def commit_access_log(conn: Connection, day: date, now: datetime | None = None) -> int:
    """Commit the day's access log to the ledger as one event; that event's seq.

    Refuses a day that has not ended (UTC) and a day already committed.
    """
    moment = now or datetime.now(UTC)
    label = day.isoformat()
    day_end = datetime.combine(day + timedelta(days=1), time(), UTC)
    if moment < day_end:
        raise InvalidInput(
            "an access log day can be committed only after it ended",
            (Problem(f"the day ends at {format_instant(day_end)}", field="day", value=label),),
        )
    if (seq := _committed_seq(conn, label)) is not None:
        raise Conflict(f"the access log of {label} was already committed in event {seq}")
    count, digest = entries_digest(conn, label, None)
    payload = {"day": label, "count": count, "entries_sha256": digest}
    event = Event(EventKind.ACCESS_LOG_COMMITTED, None, day_end, moment, ACTOR, payload)
    [seq] = append_events(conn, [event])
    conn.execute(
        sa.update(access_log)
        .where(access_log.c.day == label, access_log.c.committed_seq.is_(None))
        .values(committed_seq=seq)
    )
    conn.execute(sa.insert(meta).values(key=_meta_key(label), value=str(seq)))
    return seq
