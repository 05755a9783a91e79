"""The change feed's table: appending changes, and reading them back in id order.

Changes are appended only by ``service.monitoring`` inside a write unit (the
writers' lock, ``store/unit.py``), so ids grow in commit order on both
databases: a reader that pages with ``id > cursor`` never misses a change
committed after it read (see docs/monitoring.md, "Complete").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.store.projections import LOOKUP_CHUNK, _document
from publiccredit.store.schema import assessments, changes, watch_entries

FEED_MAX = 1000
"""The largest page of the change feed a caller may ask for (the API and the CLI check)."""


@dataclass(frozen=True, slots=True)
class StoredChange:
    """One row of ``changes``."""

    id: int
    subject_key: str
    kind: str
    item: str
    detail: str
    legal_basis: str
    effective_on: date | None
    repair_possible_on: date | None
    at: str
    through_seq: int

    def to_json(self) -> dict[str, Any]:
        """The change as the feed, the webhooks and the CLI show it."""
        return {
            "id": self.id,
            "subject": self.subject_key,
            "kind": self.kind,
            "item": self.item,
            "detail": self.detail,
            "legal_basis": self.legal_basis,
            "effective_on": None if self.effective_on is None else self.effective_on.isoformat(),
            "repair_possible_on": (
                None if self.repair_possible_on is None else self.repair_possible_on.isoformat()
            ),
            "at": self.at,
            "through_seq": self.through_seq,
        }


def _chunks(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[start : start + LOOKUP_CHUNK] for start in range(0, len(items), LOOKUP_CHUNK)]


def watched_among(conn: Connection, subject_keys: Sequence[str]) -> set[str]:
    """The subjects among ``subject_keys`` that at least one watch list holds."""
    found: set[str] = set()
    if conn.execute(sa.select(watch_entries.c.subject_key).limit(1)).first() is None:
        return found  # nobody watches anything: no query per chunk
    for chunk in _chunks(sorted(set(subject_keys))):
        query = sa.select(watch_entries.c.subject_key).where(watch_entries.c.subject_key.in_(chunk))
        found.update(str(key) for key in conn.execute(query).scalars())
    return found


def stored_documents(
    conn: Connection, subject_keys: Sequence[str]
) -> dict[str, tuple[int, dict[str, Any]]]:
    """Each stored assessment among ``subject_keys``: ``(through_seq, document)``."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for chunk in _chunks(sorted(set(subject_keys))):
        query = sa.select(
            assessments.c.subject_key, assessments.c.through_seq, assessments.c.assessment
        ).where(assessments.c.subject_key.in_(chunk))
        for key, through_seq, document in conn.execute(query):
            found[str(key)] = (int(through_seq), _document(document))
    return found


def insert_changes(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Append change rows (every column but ``id``); the database numbers them."""
    if rows:
        conn.execute(sa.insert(changes), list(rows))


def last_change_id(conn: Connection) -> int:
    """The highest change id so far (0 when there is none)."""
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(changes.c.id), 0))).scalar_one())


def _change(row: Any) -> StoredChange:
    return StoredChange(
        int(row.id), str(row.subject_key), row.kind, row.item, row.detail, row.legal_basis,
        row.effective_on, row.repair_possible_on, row.at, int(row.through_seq),
    )  # fmt: skip


def _of_watch_list(key_id: str) -> sa.Select[Any]:
    """The changes of the subjects on ``key_id``'s list, each after the subject was added."""
    return (
        sa.select(changes)
        .join(
            watch_entries,
            sa.and_(
                watch_entries.c.subject_key == changes.c.subject_key,
                watch_entries.c.key_id == key_id,
            ),
        )
        .where(changes.c.id > watch_entries.c.from_change_id)
    )


def feed(conn: Connection, key_id: str, since: int, limit: int) -> list[StoredChange]:
    """Up to ``limit`` changes after ``since`` of the subjects on ``key_id``'s watch list,
    each only if it came after the subject was added, in id order."""
    query = _of_watch_list(key_id).where(changes.c.id > since).order_by(changes.c.id).limit(limit)
    return [_change(row) for row in conn.execute(query)]


def recent(conn: Connection, key_id: str, limit: int = 50) -> list[StoredChange]:
    """The latest ``limit`` changes of ``key_id``'s feed, newest first (the portal's alerts)."""
    query = _of_watch_list(key_id).order_by(changes.c.id.desc()).limit(limit)
    return [_change(row) for row in conn.execute(query)]
