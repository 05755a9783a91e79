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
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pyarrow as pa

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
    return table.column(name).to_pylist()  # type: ignore[no-any-return]


def records_from_columns(table: pa.Table) -> list[Record]:
    """``Record`` objects straight from typed columns (``RECORD_SCHEMA``), in row order.

    Column by column (Arrow converts each to Python in C), then one ``Record`` per
    row: no JSON but ``extra``'s, and that only where it is not empty. The result
    equals ``record_from_row`` of the stored document (tested), including a
    recorded time that is compared as the same instant.
    """
    table = table.select(RECORD_SCHEMA.names[3:]).cast(
        pa.schema([RECORD_SCHEMA.field(name) for name in RECORD_SCHEMA.names[3:]])
    )
    kinds = [_KINDS[value] for value in _texts(table, "subject_kind")]
    severities = [
        None if value is None else _SEVERITIES[value] for value in _texts(table, "severity")
    ]
    amounts = [None if value is None else Decimal(value) for value in _texts(table, "amount")]
    extras = [
        MappingProxyType(json.loads(value)) if value else _EMPTY for value in _texts(table, "extra")
    ]
    columns = zip(
        _texts(table, "agency"),
        _texts(table, "source_record_id"),
        _texts(table, "record_type"),
        kinds,
        _texts(table, "subject_id"),
        _texts(table, "decided_on"),
        [value or "" for value in _texts(table, "subject_name")],
        [value or "" for value in _texts(table, "decision_no")],
        _texts(table, "effective_from"),
        _texts(table, "effective_until"),
        severities,
        [value or "" for value in _texts(table, "legal_basis")],
        [value or "" for value in _texts(table, "facts")],
        amounts,
        [value or "" for value in _texts(table, "refers_to")],
        _texts(table, "recorded_at"),
        extras,
        strict=True,
    )
    return [Record(*values) for values in columns]


def facts_from_columns(table: pa.Table) -> list[Fact]:
    """The facts of ``FACT_SCHEMA`` rows, in row order."""
    kinds = _texts(table, "kind")
    agencies = _texts(table, "agency")
    sources = _texts(table, "source_record_id")
    days = _texts(table, "on")
    recorded = _texts(table, "recorded_on")
    return [
        _FACT_CLASSES[kind]((agency, source), day, known)
        for kind, agency, source, day, known in zip(
            kinds, agencies, sources, days, recorded, strict=True
        )
    ]


def to_table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows of column values as an Arrow table of ``schema``."""
    return pa.Table.from_pylist(list(rows), schema=schema)
