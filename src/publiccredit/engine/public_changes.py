"""What changed in a subject's public state between two of its assessments.

Monitoring (docs/monitoring.md) alerts a watcher to every change in what the
public can see about a subject: a record published, its publication ended
(maximum reached, repaired, revoked, suspended by an objection), the date
repair becomes possible moved, a list entered or left, a measure added or
ended. Both assessments are the documented JSON (``Assessment.to_json()``,
docs/assessment.md), so a stored assessment compares with a new one without
decoding anything else. Pure: the service layer reads and writes.

Each change carries its legal basis: for a record, the publication rule's
source (``rule_basis``, built from the pack); for a list or a measure, the
basis the assessment already names. ``repair_possible_on`` is the first day
repair may be applied for: the record's own date, or for a list or a measure
the earliest date among the records it rests on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from publiccredit.policy.model import Pack

KINDS: tuple[str, ...] = (
    "record_published",
    "publication_ended",
    "repaired",
    "repair_date_changed",
    "listed",
    "delisted",
    "measure_added",
    "measure_ended",
)
"""Every kind of change, in the order they are documented."""

PUBLISHED = "published"

Document = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class PublicChange:
    """One change: what (``item``: ``record:<agency>/<id>``, ``list:<id>``,
    ``measure:<id>@<trigger>``), how (``detail``: the record's new state, or the
    list/measure id), why (``legal_basis``) and the dates that matter."""

    kind: str
    item: str
    detail: str
    legal_basis: str
    effective_on: date | None
    repair_possible_on: date | None


def rule_basis(pack: Pack) -> dict[str, str]:
    """Publication rule id → its citation (instrument and article)."""
    return {rule.id: rule.source.cite() for rule in pack.publication}


def _day(text: object) -> date | None:
    return date.fromisoformat(str(text)) if text else None


def _records(document: Document | None) -> dict[str, Document]:
    if document is None:
        return {}
    return {
        f"record:{entry['agency']}/{entry['source_record_id']}": entry
        for entry in document.get("records", ())
    }


def _repair_on(entry: Document | None) -> date | None:
    if entry is None or entry.get("state") != PUBLISHED or not entry.get("repair"):
        return None
    return _day(entry["repair"].get("eligible_from"))


def _earliest_repair(
    because_of: Sequence[Document], records: Mapping[str, Document]
) -> date | None:
    days = [
        day
        for key in because_of
        if (day := _repair_on(records.get(f"record:{key['agency']}/{key['source_record_id']}")))
    ]
    return min(days) if days else None


def _record_changes(
    before: Mapping[str, Document], after: Mapping[str, Document], basis: Mapping[str, str]
) -> Iterator[PublicChange]:
    for item in [*after, *(key for key in before if key not in after)]:
        old, new = before.get(item), after.get(item)
        was = old is not None and old.get("state") == PUBLISHED
        now = new is not None and new.get("state") == PUBLISHED
        rule = str((new or old or {}).get("rule") or "")
        cite = basis.get(rule, rule)
        if now and not was:
            assert new is not None
            yield PublicChange(
                "record_published", item, PUBLISHED, cite, _day(new.get("start")), _repair_on(new)
            )
        elif was and not now:
            state = "withdrawn" if new is None else str(new.get("state"))
            kind = "repaired" if state == "repaired" else "publication_ended"
            ended = None if new is None else _day(new.get("end"))
            yield PublicChange(kind, item, state, cite, ended, None)
        elif was and now and _repair_on(old) != _repair_on(new):
            assert new is not None
            yield PublicChange("repair_date_changed", item, PUBLISHED, cite, None, _repair_on(new))


def _keyed(document: Document | None, part: str) -> dict[str, Document]:
    if document is None:
        return {}
    if part == "lists":
        return {f"list:{entry['list']}": entry for entry in document.get("lists", ())}
    return {
        f"measure:{entry['measure']}@{entry['trigger']}": entry
        for entry in document.get("measures", ())
    }


def _membership_changes(
    part: str,
    before: Document | None,
    after: Document,
    records: tuple[Mapping[str, Document], Mapping[str, Document]],
) -> Iterator[PublicChange]:
    old, new = _keyed(before, part), _keyed(after, part)
    added, ended = ("listed", "delisted") if part == "lists" else ("measure_added", "measure_ended")
    name = "list" if part == "lists" else "measure"
    for item, entry in new.items():
        if item not in old:
            repair = _earliest_repair(entry.get("because_of", ()), records[1])
            yield PublicChange(
                added, item, str(entry[name]), str(entry.get("legal_basis", "")),
                _day(entry.get("since")), repair,
            )  # fmt: skip
    for item, entry in old.items():
        if item not in new:
            yield PublicChange(
                ended, item, str(entry[name]), str(entry.get("legal_basis", "")),
                _day(entry.get("until")), None,
            )  # fmt: skip


def public_changes(
    before: Document | None, after: Document, basis: Mapping[str, str]
) -> list[PublicChange]:
    """Every change from ``before`` (``None``: never assessed) to ``after``, records
    first (in the assessment's order), then lists, then measures."""
    records = (_records(before), _records(after))
    return [
        *_record_changes(*records, basis),
        *_membership_changes("lists", before, after, records),
        *_membership_changes("measures", before, after, records),
    ]
