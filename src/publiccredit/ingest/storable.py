"""Values every database can store, checked before any database sees them.

SQLite stores a NUL character in text and any length in a ``VARCHAR``;
PostgreSQL refuses both — deep inside a transaction, as a driver error with
a stack trace, after a batch was half-written. So a row is held to the
strictest store here, with the same clear error on both (issue 12, point 5):

* no NUL character in any text cell, nor in any text inside ``extra``
  (named ``extra.<key>``);
* the keys fit their columns: ``agency`` 64 characters, ``source_record_id``
  and ``refers_to`` 128, ``record_type`` and ``subject_id`` 64; names and free
  text have the limits the API states for a row (``subject_name`` 500,
  ``decision_no`` 200, ``legal_basis`` 2,000, ``facts`` 5,000) so a file and
  the API accept the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from publiccredit.domain.record import Record
from publiccredit.errors import Problem

TEXT_LIMITS: dict[str, int] = {
    "agency": 64,
    "source_record_id": 128,
    "record_type": 64,
    "subject_id": 64,
    "subject_name": 500,
    "decision_no": 200,
    "legal_basis": 2000,
    "facts": 5000,
    "refers_to": 128,
}
"""Most characters each text field may hold (the store's column or the API's limit)."""


def _shown(value: str) -> str:
    text = value.replace("\x00", "\\0")
    return text if len(text) <= 40 else text[:40] + "…"


def texts_in(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every text inside a JSON value, with its place (``extra.a.b``, ``extra.a[0]``)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from texts_in(str(key), where)
            yield from texts_in(item, f"{where}.{key}")
    elif isinstance(value, Sequence):
        for index, item in enumerate(value):
            yield from texts_in(item, f"{where}[{index}]")


def storable_problems(record: Record) -> list[Problem]:
    """A problem for every NUL character and every over-long value of ``record``."""
    problems = []
    for name, limit in TEXT_LIMITS.items():
        value: str = getattr(record, name) or ""
        if len(value) > limit:
            reason = f"is {len(value)} characters long; at most {limit} are allowed"
            problems.append(Problem(reason, name, _shown(value)))
    fields = [(name, getattr(record, name) or "") for name in TEXT_LIMITS]
    for where, text in [*fields, *texts_in(dict(record.extra), "extra")]:
        if "\x00" in text:
            problems.append(Problem("contains the NUL character (\\0)", where, _shown(text)))
    return problems
