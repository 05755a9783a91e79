"""What ``publiccredit demo`` reads back from the store it built: counts and a showcase subject.

The counts come from the database, not from re-reading the generated file, so
they show what was really stored (and a 20,000-entity demo does not parse its
file twice more). The showcase is the entity a newcomer should look at first:
one on a restrictive list now *and* with a published penalty that can be
repaired, so the profile shows a listing with its measures and the
self-service what-if and repair pages have something to change.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from publiccredit.identifiers.regions import provinces
from publiccredit.policy.model import Pack
from publiccredit.policy.model.lists import ListKind
from publiccredit.store.schema import assessments, records, subjects

KIND_NAMES = {
    "91": "enterprise", "92": "individual business", "93": "farmers' cooperative",
    "11": "government organ", "12": "public institution", "51": "social group",
    "52": "private non-enterprise unit",
}  # fmt: skip


@dataclass
class DemoCounts:
    """What the store holds: distinct entities by kind and province, records by type."""

    records: int = 0
    entities: set[str] = field(default_factory=set)
    by_type: Counter[str] = field(default_factory=Counter)

    def by_kind(self) -> Counter[str]:
        """Distinct entities by USCC kind (positions 1–2)."""
        return Counter(KIND_NAMES.get(code[:2], code[:2]) for code in self.entities)

    def by_province(self) -> Counter[str]:
        """Distinct entities by province (USCC positions 3–4)."""
        names = provinces()
        return Counter(names.get(code[2:4], code[2:4]) for code in self.entities)


def stored_counts(engine: Engine) -> DemoCounts:
    """Entities and records as stored."""
    counts = DemoCounts()
    with engine.connect() as conn:
        query = sa.select(subjects.c.subject_key).where(subjects.c.kind == "entity")
        counts.entities = set(conn.execute(query).scalars())
        by_type = sa.select(records.c.record_type, sa.func.count()).group_by(records.c.record_type)
        for record_type, number in conn.execute(by_type):
            counts.by_type[record_type] = number
    counts.records = sum(counts.by_type.values())
    return counts


@dataclass(frozen=True, slots=True)
class Showcase:
    """The demo subject: its key, a search that finds it, and why it was chosen."""

    key: str
    search: str
    why: str
    score: int = 0


BEST = 4
"""A restrictive listing now (2) and a penalty repairable today (2)."""


def showcase(engine: Engine, pack: Pack, today: date) -> Showcase:
    """The entity with the most to show (see the module docstring); the first one found
    with everything, else the best seen; an empty store gives an empty key."""
    best = Showcase("", "", "the store holds no assessed entity")
    for key, name, document in _assessed_entities(engine):
        found = _score(key, name or key, document, pack, today)
        if found.score > best.score or not best.key:
            best = found
        if best.score >= BEST:
            break
    return best


def _assessed_entities(engine: Engine) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
    query = (
        sa.select(subjects.c.subject_key, subjects.c.name, assessments.c.assessment)
        .join(assessments, assessments.c.subject_key == subjects.c.subject_key)
        .where(subjects.c.kind == "entity")
        .where(subjects.c.subject_key.like("91%"))  # enterprises: their names are no one's
        .order_by(subjects.c.subject_key)
    )
    with engine.connect() as conn:
        for key, name, value in conn.execute(query):
            yield key, name, json.loads(value) if isinstance(value, str | bytes) else dict(value)


def _score(key: str, name: str, document: dict[str, Any], pack: Pack, today: date) -> Showcase:
    restrictive = [
        entry
        for entry in document.get("lists", [])
        if (definition := pack.lists_by_id.get(entry["list"])) is not None
        and definition.kind is ListKind.RESTRICTIVE
        and (entry.get("until") is None or entry["until"] > today.isoformat())
    ]
    repairable = [
        entry
        for entry in document.get("records", [])
        if entry["record_type"] == "admin_penalty"
        and entry["state"] == "published"
        and (entry.get("repair") or {}).get("repairable")
    ]
    now = [e for e in repairable if (e["repair"].get("eligible_from") or "9") <= today.isoformat()]
    score = 2 * bool(restrictive) + (2 if now else 1 if repairable else 0)
    reasons = [f"on the list {entry['list']} since {entry['since']}" for entry in restrictive[:1]]
    for entry in (now or repairable)[:1]:
        reasons.append(
            f"penalty {entry['source_record_id']} ({entry['agency']}) repairable from "
            f"{entry['repair'].get('eligible_from') or 'when its blockers are met'}"
        )
    why = "; ".join(reasons) or "no listing or repairable penalty in this data set"
    return Showcase(key, name, why, score)
