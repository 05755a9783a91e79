"""The bulk files' typed columns, and records and facts straight from them.

Records are exported as typed Arrow columns (dates as ``date32``, the recorded
time as a UTC timestamp) and come back through ``records_from_columns`` without
a JSON round trip: only ``extra``, a free-form mapping, stays JSON text and is
decoded once, and only where it is not empty. ``amount`` stays decimal text:
agencies give amounts at any scale, and a fixed-scale decimal column would
round some of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import starmap
from types import MappingProxyType
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from publiccredit.domain.facts import (
    EarlyRemoval,
    Fact,
    ObjectionPending,
    ObjectionResolved,
    Repair,
    Revocation,
    fact_date,
)
from publiccredit.domain.record import Record, Severity, SubjectKind

RECORD_SCHEMA = pa.schema(
    [
        pa.field("subject_key", pa.string(), nullable=False),
        pa.field("seq", pa.int64(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("agency", pa.string(), nullable=False),
        pa.field("source_record_id", pa.string(), nullable=False),
        pa.field("record_type", pa.string(), nullable=False),
        pa.field("subject_kind", pa.string(), nullable=False),
        pa.field("subject_id", pa.string(), nullable=False),
        pa.field("subject_name", pa.string()),
        pa.field("decision_no", pa.string()),
        pa.field("decided_on", pa.date32(), nullable=False),
        pa.field("effective_from", pa.date32()),
        pa.field("effective_until", pa.date32()),
        pa.field("severity", pa.string()),
        pa.field("legal_basis", pa.string()),
        pa.field("facts", pa.string()),
        pa.field("amount", pa.string()),
        pa.field("refers_to", pa.string()),
        pa.field("recorded_at", pa.timestamp("us", tz="UTC")),
        pa.field("extra", pa.string()),
    ]
)
"""One row per stored record: ``subject_key`` (the store's key; a person's is a keyed
hash), ``seq`` (the event that first stored it: the online path's order), ``status``,
then the record format's columns as the store holds them (ID numbers masked)."""

FACT_SCHEMA = pa.schema(
    [
        pa.field("subject_key", pa.string(), nullable=False),
        pa.field("position", pa.int32(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("agency", pa.string(), nullable=False),
        pa.field("source_record_id", pa.string(), nullable=False),
        pa.field("on", pa.date32(), nullable=False),
        pa.field("recorded_on", pa.date32()),
    ]
)
"""One row per procedural fact, in the subject's ledger order (``position``)."""

SUBJECT_SCHEMA = pa.schema(
    [
        pa.field("subject_key", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("name", pa.string()),
        pa.field("entity_kind", pa.string()),
        pa.field("region", pa.string()),
    ]
)
"""One row per subject (never an ID number, not even sealed)."""

ASSESSMENT_SCHEMA = pa.schema(
    [
        pa.field("subject_key", pa.string(), nullable=False),
        pa.field("policy_version", pa.string(), nullable=False),
        pa.field("as_of", pa.date32(), nullable=False),
        pa.field("next_change_on", pa.date32()),
        pa.field("through_seq", pa.int64(), nullable=False),
        pa.field("assessment", pa.string(), nullable=False),
    ]
)
"""The bulk assessment output: the ``assessments`` table's columns, the document as JSON
text (``publiccredit.assessment/1``, serialised once)."""

FACT_KINDS: dict[type[Any], str] = {
    Revocation: "revocation",
    Repair: "repair",
    ObjectionPending: "objection_pending",
    ObjectionResolved: "objection_resolved",
    EarlyRemoval: "early_removal",
}
"""The ``kind`` column's value for each fact class."""
_FACT_CLASSES: dict[str, Callable[..., Fact]] = {name: cls for cls, name in FACT_KINDS.items()}

_KINDS = {kind.value: kind for kind in SubjectKind}
_SEVERITIES = {severity.value: severity for severity in Severity}
_EMPTY: MappingProxyType[str, Any] = MappingProxyType({})


def record_row(subject_key: str, seq: int, status: str, row: dict[str, Any]) -> dict[str, Any]:
    """A stored record's row (``Record.to_row`` form) as typed column values."""
    extra = row.get("extra")
    recorded_at = row.get("recorded_at")
    return {
        "subject_key": subject_key,
        "seq": seq,
        "status": status,
        "agency": row["agency"],
        "source_record_id": row["source_record_id"],
        "record_type": row["record_type"],
        "subject_kind": row["subject_kind"],
        "subject_id": row["subject_id"],
        "subject_name": row.get("subject_name") or "",
        "decision_no": row.get("decision_no") or "",
        "decided_on": date.fromisoformat(row["decided_on"]),
        "effective_from": _day(row.get("effective_from")),
        "effective_until": _day(row.get("effective_until")),
        "severity": row.get("severity") or None,
        "legal_basis": row.get("legal_basis") or "",
        "facts": row.get("facts") or "",
        "amount": row.get("amount"),
        "refers_to": row.get("refers_to") or "",
        "recorded_at": _utc(datetime.fromisoformat(recorded_at)) if recorded_at else None,
        "extra": json.dumps(extra, ensure_ascii=False, separators=(",", ":")) if extra else "",
    }


def fact_row(subject_key: str, position: int, fact: Fact) -> dict[str, Any]:
    """One fact as typed column values."""
    agency, source_record_id = fact.record_key
    return {
        "subject_key": subject_key,
        "position": position,
        "kind": FACT_KINDS[type(fact)],
        "agency": agency,
        "source_record_id": source_record_id,
        "on": fact_date(fact),
        "recorded_on": fact.recorded_on,
    }


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _texts(table: pa.Table, name: str) -> list[Any]:
    """A text column as Python strings (``None`` for nulls), through NumPy: faster than
    ``to_pylist`` for strings."""
    values: list[Any] = table.column(name).to_numpy(zero_copy_only=False).tolist()
    return values


_NO_DAY = -(2**31)
_NO_INSTANT = -(2**63)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _memoised(numbers: list[int], absent: int, make: Callable[[int], Any]) -> list[Any]:
    """``make(n)`` for each number (``None`` for ``absent``), each distinct value built once.

    Dates repeat across millions of records, and a batch's records share their
    recorded time: building each distinct ``date``/``datetime`` once (and sharing
    the immutable object) is what makes these columns cheap.
    """
    memo: dict[int, Any] = {absent: None}
    found = memo.get
    out = []
    for number in numbers:
        value = found(number, memo)
        if value is memo:
            value = memo[number] = make(number)
        out.append(value)
    return out


def _days(table: pa.Table, name: str) -> list[date | None]:
    numbers = pc.fill_null(pc.cast(table.column(name), pa.int32()), _NO_DAY).to_numpy()
    return _memoised(numbers.tolist(), _NO_DAY, lambda n: date.fromordinal(_EPOCH_ORDINAL + n))


def _instants(table: pa.Table, name: str) -> list[datetime | None]:
    column = pc.cast(table.column(name), pa.timestamp("us", tz="UTC"))
    numbers = pc.fill_null(pc.cast(column, pa.int64()), _NO_INSTANT).to_numpy()
    return _memoised(numbers.tolist(), _NO_INSTANT, lambda n: _EPOCH + timedelta(microseconds=n))


def _extras(table: pa.Table) -> list[Mapping[str, Any]]:
    """``extra`` decoded once per distinct text (records of a type often share it); the
    mappings are read-only views, so sharing one between records is safe."""
    memo: dict[str | None, Mapping[str, Any]] = {None: _EMPTY, "": _EMPTY}
    out = []
    for text in _texts(table, "extra"):
        value = memo.get(text)
        if value is None:
            value = memo[text] = MappingProxyType(json.loads(text))
        out.append(value)
    return out


def _or_empty(values: list[Any]) -> list[str]:
    return [value or "" for value in values]


def records_from_columns(table: pa.Table) -> list[Record]:
    """``Record`` objects straight from typed columns (``RECORD_SCHEMA``), in row order.

    Column by column (Arrow and NumPy convert each in C; dates, times and
    ``extra`` are built once per distinct value), then one ``Record`` per row:
    no JSON but ``extra``'s. The result equals ``record_from_row`` of the stored
    document (tested), a recorded time being the same instant in UTC.
    """
    kinds = [_KINDS[value] for value in _texts(table, "subject_kind")]
    severities = [
        None if value is None else _SEVERITIES[value] for value in _texts(table, "severity")
    ]
    amounts = [None if value is None else Decimal(value) for value in _texts(table, "amount")]
    columns = zip(
        _texts(table, "agency"),
        _texts(table, "source_record_id"),
        _texts(table, "record_type"),
        kinds,
        _texts(table, "subject_id"),
        _days(table, "decided_on"),
        _or_empty(_texts(table, "subject_name")),
        _or_empty(_texts(table, "decision_no")),
        _days(table, "effective_from"),
        _days(table, "effective_until"),
        severities,
        _or_empty(_texts(table, "legal_basis")),
        _or_empty(_texts(table, "facts")),
        amounts,
        _or_empty(_texts(table, "refers_to")),
        _instants(table, "recorded_at"),
        _extras(table),
        strict=True,
    )
    return list(starmap(Record, columns))


def facts_from_columns(table: pa.Table) -> list[Fact]:
    """The facts of ``FACT_SCHEMA`` rows, in row order."""
    kinds = _texts(table, "kind")
    agencies = _texts(table, "agency")
    sources = _texts(table, "source_record_id")
    days = _days(table, "on")
    recorded = _days(table, "recorded_on")
    return [
        _FACT_CLASSES[kind]((agency, source), day, known)
        for kind, agency, source, day, known in zip(
            kinds, agencies, sources, days, recorded, strict=True
        )
    ]


def to_table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows of column values as an Arrow table of ``schema``."""
    return pa.Table.from_pylist(list(rows), schema=schema)
