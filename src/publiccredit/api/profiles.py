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
Both reads are statements built and compiled once and run on the driver's
cursor (``DriverQuery``); see docs/api.md, Performance, for what each step saved.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.api.views import public_rating, visible_keys
from publiccredit.domain.privacy import public_measures, public_subject
from publiccredit.errors import NotFound
from publiccredit.policy.model import Pack
from publiccredit.store.schema import assessments, subjects

SUBJECT_FIELDS = ("subject_key", "kind", "name", "entity_kind", "region")
SHOWN = (
    "as_of", "next_change_on", "policy_version", "rating", "not_rated", "lists", "measures"
)  # fmt: skip
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
    """The fields a profile shows (each view's own where they differ: the public rating
    names no record the public may not see, persons bound by measures are masked), and
    how many records each view holds."""
    records = document.get("records", [])
    visible = visible_keys(document, pack)
    return {
        **{name: document.get(name) for name in SHOWN},
        "rating_public": public_rating(document.get("rating"), visible),
        "measures_public": public_measures(document.get("measures") or []),
        "records_full": len(records),
        "records_public": len(visible),
    }


def _stamp_query() -> sa.Select[Any]:
    joined = subjects.outerjoin(assessments, assessments.c.subject_key == subjects.c.subject_key)
    return (
        sa.select(
            *(subjects.c[name] for name in SUBJECT_FIELDS),
            *(assessments.c[name] for name in STAMP),
        )
        .select_from(joined)
        .where(subjects.c.subject_key == sa.bindparam("key"))
    )


def _stored_query() -> sa.Select[Any]:
    columns = (assessments.c[name] for name in (*STAMP, "assessment"))
    return sa.select(*columns).where(assessments.c.subject_key == sa.bindparam("key"))


STAMP_QUERY = _stamp_query()
STORED_QUERY = _stored_query()


class DriverQuery:
    """A ``select`` compiled once per dialect and run on the driver's own cursor.

    The two reads of a profile are the hot path of the API; building, compiling and
    wrapping a statement through SQLAlchemy cost several times what the database took
    to answer. This runs the same SQL (as SQLAlchemy compiles it for the connection's
    dialect) with the driver's cursor inside the caller's transaction, and returns the
    row as the driver gives it: SQLite hands dates back as ISO text, PostgreSQL as
    dates, which is fine for a cache key as long as every key is read the same way.
    """

    def __init__(self, query: sa.Select[Any]) -> None:
        self.query = query
        self._compiled: dict[str, tuple[str, bool]] = {}

    def first(self, conn: Connection, key: str) -> tuple[Any, ...] | None:
        """The first row for ``key``, or ``None``."""
        compiled = self._compiled.get(conn.dialect.name)
        if compiled is None:
            statement = self.query.compile(dialect=conn.dialect)
            compiled = self._compiled[conn.dialect.name] = (str(statement), statement.positional)
        sql, positional = compiled
        cursor = conn.connection.cursor()
        try:
            cursor.execute(sql, (key,) if positional else {"key": key})
            row = cursor.fetchone()
        finally:
            cursor.close()
        return None if row is None else tuple(row)


READ_STAMP = DriverQuery(STAMP_QUERY)
READ_STORED = DriverQuery(STORED_QUERY)


def subject_and_stamp(conn: Connection, subject_key: str) -> tuple[dict[str, Any], CacheKey | None]:
    """The subject's row and its stored assessment's identity (``None`` if not assessed);
    ``NotFound`` if there is no such subject (keys are tried as given, then upper case)."""
    for key in dict.fromkeys((subject_key, subject_key.strip().upper())):
        values = READ_STAMP.first(conn, key)
        if values is not None:
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
        row = READ_STORED.first(conn, stamp[0])
        if row is None:
            return None
        *read_stamp, document = row
        found = summarise(_document(document), pack)
        # Keyed by the row actually read: a write between the two reads cannot file a
        # newer summary under the older stamp.
        cache.put((stamp[0], *read_stamp), found)
    return found


def _document(value: Any) -> dict[str, Any]:
    """The JSON column's value as a dict (drivers may hand back text)."""
    if isinstance(value, str | bytes):
        loaded: dict[str, Any] = json.loads(value)
        return loaded
    return dict(value)


def profile_body(
    subject: dict[str, Any], view: str, summary: dict[str, Any] | None
) -> dict[str, Any]:
    """The ``Profile`` answer as JSON-ready data."""
    shown = {name: (summary or {}).get(name) for name in SHOWN}
    if view == "public":
        subject = public_subject(subject)
        if summary is not None:
            shown["rating"] = summary["rating_public"]
            shown["measures"] = summary["measures_public"]
    shown["lists"] = shown["lists"] or []
    shown["measures"] = shown["measures"] or []
    count = 0 if summary is None else summary[f"records_{view}"]
    return {**subject, "view": view, **shown, "records_shown": count}
