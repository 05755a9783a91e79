"""Compact derived state: each stored assessment's decision fields and list memberships.

A decision needs the measures in force, and a list page the memberships, but
the full assessment document lists every record (~111 KB at 450 records) and
parsing it cost far more than answering. So beside each full row
``projections.upsert_assessments`` keeps a compact row (``assessment_compact``:
level, lists, measures, ``next_change_on``, ``through_seq``) and one
``list_memberships`` row per list entry. This module builds those rows from an
assessment document and reads them back; both tables are derived from the
assessment, which is derived from the events, so a rebuild rewrites them and
``verify`` (which checks the ledger) need not look at them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.store.schema import list_memberships

CHUNK = 4000
"""Keys per ``IN`` query: well under SQLite's 32 766 bound parameters."""

COMPACT_COLUMNS = (
    "subject_key",
    "subject_id",
    "policy_version",
    "as_of",
    "next_change_on",
    "through_seq",
    "level",
    "lists",
    "measures",
)


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _day(value: Any) -> date | None:
    """A date column's value as a date (SQLite's driver hands back ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _subject_id(subject_key: str, document: dict[str, Any]) -> str:
    subject = document.get("subject") or {}
    return str(subject.get("id") or subject_key)


def compact_row(row: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """The ``assessment_compact`` row of an ``assessments`` row and its document."""
    rating = document.get("rating") or {}
    lists = [
        {key: entry.get(key) for key in ("list", "since", "until", "marked")}
        for entry in document.get("lists", [])
    ]
    return {
        "subject_key": row["subject_key"],
        "subject_id": _subject_id(row["subject_key"], document),
        "policy_version": row["policy_version"],
        "as_of": _day(row["as_of"]),
        "next_change_on": _day(row["next_change_on"]),
        "through_seq": row["through_seq"],
        "level": rating.get("level"),
        "lists": _text(lists),
        "measures": _text(document.get("measures", [])),
    }


def membership_rows(row: dict[str, Any], document: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``list_memberships`` rows of an ``assessments`` row and its document."""
    subject_key = row["subject_key"]
    subject_id = _subject_id(subject_key, document)
    return [
        {
            "list_id": entry["list"],
            "subject_key": subject_key,
            "position": position,
            "subject_id": subject_id,
            "since": _day(entry["since"]),
            "until": _day(entry.get("until")),
            "legal_basis": entry.get("legal_basis", ""),
            "because_of": _text(entry.get("because_of", [])),
            "through_seq": row["through_seq"],
        }
        for position, entry in enumerate(document.get("lists", []))
    ]


@dataclass(frozen=True, slots=True)
class Compact:
    """A stored compact assessment: enough to decide and to tell whether it holds."""

    subject_key: str
    subject_id: str
    policy_version: str
    as_of: date
    next_change_on: date | None
    through_seq: int
    level: str | None
    lists_json: str
    measures_json: str

    def holds(self, policy_version: str, on: date) -> bool:
        """True when this is the engine's answer for ``on`` under ``policy_version``: the
        assessment changes by time alone only on ``next_change_on``, and every event that
        touches the subject re-assesses it (api/assessing.py)."""
        return (
            self.policy_version == policy_version
            and self.as_of <= on
            and (self.next_change_on is None or on < self.next_change_on)
        )

    def measures(self) -> list[dict[str, Any]]:
        """The measures in force, as in the full document's ``measures``."""
        loaded: list[dict[str, Any]] = json.loads(self.measures_json)
        return loaded


def _chunks(keys: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(keys), CHUNK):
        yield keys[start : start + CHUNK]


def read_compact(conn: Connection, subject_keys: Iterable[str]) -> dict[str, Compact]:
    """The stored compact assessments of these subjects (absent ones are missing).

    One query per ``CHUNK`` keys on the driver's own cursor, inside the caller's
    transaction: this is the decisions' hot path, and SQLAlchemy's result handling
    cost more than the primary-key read itself (measured: 60 % of a decision).
    """
    wanted = list(dict.fromkeys(subject_keys))
    found: dict[str, Compact] = {}
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    columns = ", ".join(COMPACT_COLUMNS)
    cursor = conn.connection.cursor()
    try:
        for chunk in _chunks(wanted):
            marks = ",".join([mark] * len(chunk))
            sql = f"SELECT {columns} FROM assessment_compact WHERE subject_key IN ({marks})"
            cursor.execute(sql, tuple(chunk))
            for row in cursor.fetchall():
                key, sid, version, as_of, following, seq, level, lists, measures = row
                day = _day(as_of)
                assert day is not None  # the column is NOT NULL
                found[key] = Compact(
                    key, sid, version, day, _day(following), seq, level, lists, measures
                )
    finally:
        cursor.close()
    return found


def stored_through(
    conn: Connection, table: sa.Table, subject_keys: Sequence[str]
) -> dict[str, int]:
    """``through_seq`` of the stored rows of ``table`` for these subjects."""
    found: dict[str, int] = {}
    ordered = sorted(set(subject_keys))
    for chunk in _chunks(ordered):
        query = sa.select(table.c.subject_key, table.c.through_seq).where(
            table.c.subject_key.in_(chunk)
        )
        found.update({str(key): int(seq) for key, seq in conn.execute(query)})
    return found


def replace_memberships(
    conn: Connection, subject_keys: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    """Replace every membership row of ``subject_keys`` with ``rows``."""
    for chunk in _chunks(sorted(set(subject_keys))):
        conn.execute(sa.delete(list_memberships).where(list_memberships.c.subject_key.in_(chunk)))
    if rows:
        conn.execute(sa.insert(list_memberships), list(rows))
