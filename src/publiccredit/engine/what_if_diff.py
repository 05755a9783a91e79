"""What differs between the assessment without and with the changes, as structured items.

``engine.what_if`` already lists the differences in English words; a page in
Chinese needs them as data, so this module compares the same things (level and
score, lists, measures, record states) and returns ``Highlight`` values the
portal words in either language and the API returns as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from publiccredit.domain.assessment import Assessment


@dataclass(frozen=True, slots=True)
class Highlight:
    """One difference: its kind, what it concerns, and the value before and after.

    Kinds: ``level`` and ``score`` (the rating), ``leaves_list``, ``joins_list``
    and ``list_until`` (a list id), ``measure_lifted`` and ``measure_applies``
    (a measure id), ``record_state`` (a record key ``agency/source_record_id``).
    """

    kind: str
    about: str
    before: str | None
    after: str | None

    def to_json(self) -> dict[str, Any]:
        """``{"kind", "about", "before", "after"}``."""
        return {"kind": self.kind, "about": self.about, "before": self.before, "after": self.after}


def _day(value: object) -> str | None:
    return None if value is None else str(value)


def _rating(before: Assessment, after: Assessment) -> list[Highlight]:
    old, new = before.rating, after.rating
    if old is None or new is None:
        return []
    if old.level != new.level:
        return [Highlight("level", "rating", old.level, new.level)]
    if old.score != new.score:
        return [Highlight("score", "rating", f"{old.score:g}", f"{new.score:g}")]
    return []


def _lists(before: Assessment, after: Assessment) -> list[Highlight]:
    old = {m.list_id: m for m in before.lists}
    new = {m.list_id: m for m in after.lists}
    found = [Highlight("leaves_list", list_id, _day(old[list_id].until), None)
             for list_id in sorted(old.keys() - new.keys())]  # fmt: skip
    found += [Highlight("joins_list", list_id, None, _day(new[list_id].until))
              for list_id in sorted(new.keys() - old.keys())]  # fmt: skip
    for list_id in sorted(old.keys() & new.keys()):
        if old[list_id].until != new[list_id].until:
            until = _day(new[list_id].until)
            found.append(Highlight("list_until", list_id, _day(old[list_id].until), until))
    return found


def _measures(before: Assessment, after: Assessment) -> list[Highlight]:
    old = {m.measure_id for m in before.measures}
    new = {m.measure_id for m in after.measures}
    return [Highlight("measure_lifted", m, "in_force", None) for m in sorted(old - new)] + [
        Highlight("measure_applies", m, None, "in_force") for m in sorted(new - old)
    ]


def _records(before: Assessment, after: Assessment) -> list[Highlight]:
    states = {entry.record.key: entry.state for entry in before.records}
    found = []
    for entry in after.records:
        previous = states.get(entry.record.key)
        if previous is not None and previous != entry.state:
            about = "/".join(entry.record.key)
            found.append(Highlight("record_state", about, previous.value, entry.state.value))
    return found


def highlights(before: Assessment, after: Assessment) -> tuple[Highlight, ...]:
    """Every difference between ``before`` and ``after``: rating, lists, measures, records."""
    return tuple(
        _rating(before, after)
        + _lists(before, after)
        + _measures(before, after)
        + _records(before, after)
    )
