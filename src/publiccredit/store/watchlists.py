"""Watch lists: which subjects each API key watches (docs/monitoring.md).

A key has one list. Adding a subject notes the last change id then, so the
key's feed starts from that moment and never replays older alerts other
watchers caused. Adding twice keeps the first entry (idempotent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.domain.event import format_instant
from publiccredit.errors import NotFound
from publiccredit.store.changes import last_change_id
from publiccredit.store.schema import api_keys, subjects, watch_entries


@dataclass(frozen=True, slots=True)
class WatchEntry:
    """One watched subject (``name`` when the store knows the subject)."""

    subject_key: str
    added_at: str
    name: str | None

    def to_json(self) -> dict[str, Any]:
        """The entry as the API and the CLI show it."""
        return {"subject": self.subject_key, "added_at": self.added_at, "name": self.name}


def require_live_key(conn: Connection, key_id: str) -> None:
    """``NotFound`` unless ``key_id`` names a live (not revoked) API key."""
    query = sa.select(api_keys.c.revoked_at).where(api_keys.c.key_id == key_id)
    row = conn.execute(query).first()
    if row is None or row.revoked_at is not None:
        raise NotFound(f"no live API key {key_id} (see `publiccredit keys list`)")


def add_subjects(
    conn: Connection, key_id: str, subject_keys: Sequence[str], now: datetime
) -> list[str]:
    """Add subjects to ``key_id``'s list; the ones that were not on it yet."""
    wanted = list(dict.fromkeys(subject_keys))
    present = {
        str(key)
        for key in conn.execute(
            sa.select(watch_entries.c.subject_key).where(watch_entries.c.key_id == key_id)
        ).scalars()
    }
    new = [key for key in wanted if key not in present]
    if new:
        mark, added = last_change_id(conn), format_instant(now)
        conn.execute(
            sa.insert(watch_entries),
            [
                {"key_id": key_id, "subject_key": key, "added_at": added, "from_change_id": mark}
                for key in new
            ],
        )
    return new


def remove_subject(conn: Connection, key_id: str, subject_key: str) -> None:
    """Take a subject off the list; ``NotFound`` if it is not on it."""
    done = conn.execute(
        sa.delete(watch_entries).where(
            watch_entries.c.key_id == key_id, watch_entries.c.subject_key == subject_key
        )
    )
    if done.rowcount == 0:
        raise NotFound(f"{subject_key} is not on this watch list")


def list_entries(conn: Connection, key_id: str) -> list[WatchEntry]:
    """The key's watched subjects, in subject key order."""
    query = (
        sa.select(watch_entries.c.subject_key, watch_entries.c.added_at, subjects.c.name)
        .select_from(
            watch_entries.outerjoin(subjects, subjects.c.subject_key == watch_entries.c.subject_key)
        )
        .where(watch_entries.c.key_id == key_id)
        .order_by(watch_entries.c.subject_key)
    )
    return [WatchEntry(str(key), str(added), name) for key, added, name in conn.execute(query)]
