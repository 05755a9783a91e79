"""Profiles, fast: the few fields a profile shows, cached per stored assessment.

A profile (``GET /v1/subjects/{key}``) shows the rating, lists and measures
and how many records the caller's view holds, but the stored assessment JSON
it comes from lists every record (hundreds for a large company), and parsing
it was most of a profile's time. So the profile reads the subject and the
stored assessment's small columns in one query, and keeps each assessment's
*summary* (the shown fields and both views' record counts) in a bounded LRU
keyed by everything that identifies a stored assessment: subject, policy
version, ``as_of``, ``next_change_on`` and ``through_seq`` (the last event it
covers). A new event, a re-assessment for another day or another pack gives
another key, so a cached summary is never stale; only a miss reads and parses
the JSON. The cache is per app and per process (a few hundred bytes an entry).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.api.views import publicly_visible
from publiccredit.errors import NotFound
from publiccredit.policy.model import Pack
from publiccredit.store.projections import get_assessment
from publiccredit.store.schema import assessments, subjects

SUBJECT_FIELDS = ("subject_key", "kind", "name", "entity_kind", "region")
SHOWN = ("as_of", "next_change_on", "policy_version", "rating", "lists", "measures")
STAMP = ("policy_version", "as_of", "next_change_on", "through_seq")
CacheKey = tuple[Any, ...]


class SummaryCache:
    """A thread-safe LRU of assessment summaries, at most ``size`` entries."""

    def __init__(self, size: int = 8192) -> None:
        self.size = size
        self._items: OrderedDict[CacheKey, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: CacheKey) -> dict[str, Any] | None:
        """The cached summary, marked as recently used; ``None`` on a miss."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: CacheKey, summary: dict[str, Any]) -> None:
        """Keep ``summary``, dropping the least recently used entry beyond ``size``."""
        with self._lock:
            self._items[key] = summary
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def summarise(document: dict[str, Any], pack: Pack) -> dict[str, Any]:
    """The fields a profile shows, and how many records each view holds."""
    records = document.get("records", [])
    public = sum(
        1 for entry in records if publicly_visible(pack, entry["record_type"], entry["state"])
    )
    return {
        **{name: document.get(name) for name in SHOWN},
        "records_full": len(records),
        "records_public": public,
    }


def subject_and_stamp(conn: Connection, subject_key: str) -> tuple[dict[str, Any], CacheKey | None]:
    """The subject's row and its stored assessment's identity (``None`` if not assessed);
    ``NotFound`` if there is no such subject (keys are tried as given, then upper case)."""
    joined = subjects.outerjoin(assessments, assessments.c.subject_key == subjects.c.subject_key)
    query = sa.select(
        *(subjects.c[name] for name in SUBJECT_FIELDS),
        assessments.c.policy_version,
        assessments.c.as_of,
        assessments.c.next_change_on,
        assessments.c.through_seq,
    ).select_from(joined)
    for key in dict.fromkeys((subject_key, subject_key.strip().upper())):
        row = conn.execute(query.where(subjects.c.subject_key == key)).first()
        if row is not None:
            values = tuple(row)
            subject = dict(zip(SUBJECT_FIELDS, values[:5], strict=True))
            stamp = None if values[8] is None else (subject["subject_key"], *values[5:])
            return subject, stamp
    raise NotFound(f"no subject {subject_key}")


def summary_for(
    conn: Connection, cache: SummaryCache, pack: Pack, stamp: CacheKey | None
) -> dict[str, Any] | None:
    """The summary of the stored assessment ``stamp`` names: cached, or read and kept."""
    if stamp is None:
        return None
    found = cache.get(stamp)
    if found is None:
        stored = get_assessment(conn, stamp[0])
        if stored is None:
            return None
        found = summarise(stored["assessment"], pack)
        # Keyed by the row actually read: a write between the two reads cannot file a
        # newer summary under the older stamp.
        cache.put((stamp[0], *(stored[name] for name in STAMP)), found)
    return found


def profile_body(
    subject: dict[str, Any], view: str, summary: dict[str, Any] | None
) -> dict[str, Any]:
    """The ``Profile`` answer as JSON-ready data."""
    shown = {name: (summary or {}).get(name) for name in SHOWN}
    shown["lists"] = shown["lists"] or []
    shown["measures"] = shown["measures"] or []
    count = 0 if summary is None else summary[f"records_{view}"]
    return {**subject, "view": view, **shown, "records_shown": count}
