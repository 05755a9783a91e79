"""One projection row that differs from what the events say, named for a person to act on.

``verify`` rebuilds the projections (records, cases, consents, assessments)
from the event log and compares them with the stored rows; each difference
names the table, the row's key, the field and both values, e.g.
``records samr-440300/R-17: content.record.severity stored 'minor', rebuilt
'serious'``. JSON documents are compared field by field (``json_differences``)
so a tampered assessment names the entry that changed, not just "differs".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SHOWN = 80
"""Characters of a value shown in a message (the JSON report carries them whole)."""


@dataclass(frozen=True, slots=True)
class Difference:
    """A stored projection row (or one of its fields) that the events do not give."""

    table: str
    key: str
    field: str
    stored: Any
    rebuilt: Any

    @property
    def message(self) -> str:
        """``<table> <key>: <field> stored …, rebuilt …``."""
        return (
            f"{self.table} {self.key}: {self.field} stored {_short(self.stored)}, "
            f"rebuilt {_short(self.rebuilt)}"
        )

    def to_json(self) -> dict[str, Any]:
        """The difference as ``verify --json`` prints it."""
        return {
            "table": self.table,
            "key": self.key,
            "field": self.field,
            "stored": self.stored,
            "rebuilt": self.rebuilt,
        }


MISSING = "(no row)"
"""The value shown for a row that exists on one side only."""


def _short(value: Any) -> str:
    text = value if value == MISSING else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def json_differences(stored: Any, rebuilt: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """``(path, stored, rebuilt)`` of every leaf where two JSON values differ, in key order.

    Objects are walked key by key and lists item by item (a list of another
    length differs as a whole), so the path names the smallest part that changed.
    """
    if isinstance(stored, dict) and isinstance(rebuilt, dict):
        for name in sorted(set(stored) | set(rebuilt), key=str):
            where = f"{path}.{name}" if path else str(name)
            if name not in stored or name not in rebuilt:
                yield where, stored.get(name, MISSING), rebuilt.get(name, MISSING)
            else:
                yield from json_differences(stored[name], rebuilt[name], where)
    elif isinstance(stored, list) and isinstance(rebuilt, list) and len(stored) == len(rebuilt):
        for index, (left, right) in enumerate(zip(stored, rebuilt, strict=True)):
            yield from json_differences(left, right, f"{path}[{index}]")
    elif stored != rebuilt or isinstance(stored, bool) is not isinstance(rebuilt, bool):
        yield path or "(whole value)", stored, rebuilt
