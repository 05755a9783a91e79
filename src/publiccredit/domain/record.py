"""The record: one piece of public credit information, as agencies submit it.

This module is the record file format's single definition (``docs/record-format.md``
and the JSON Schema ``record.schema.json`` beside this file describe the same
thing for people and machines). A row becomes a ``Record`` through
``parse_record``, which checks only what the format itself says (types, dates,
enumerations, a non-negative amount). Whether a record type exists, who may
submit it and which extra fields it needs is the policy pack's business
(the directory), checked by the layers that hold a pack.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType
from typing import Any, TypeVar

from publiccredit.domain.official_time import official_day
from publiccredit.errors import Problem

JsonValue = Any
"""A value that came from JSON: str, int, float, bool, None, list or dict of those."""


class SubjectKind(StrEnum):
    """Whom a record is about: a legal entity (keyed by USCC) or a natural person."""

    ENTITY = "entity"
    PERSON = "person"


class Severity(StrEnum):
    """Severity classes the directory may ask for (NDRC Order 36 (2025) Art. 9 classes)."""

    MINOR = "minor"
    GENERAL = "general"
    SERIOUS = "serious"


COLUMNS: tuple[str, ...] = (
    "agency",
    "source_record_id",
    "record_type",
    "subject_kind",
    "subject_id",
    "subject_name",
    "decision_no",
    "decided_on",
    "effective_from",
    "effective_until",
    "severity",
    "legal_basis",
    "facts",
    "amount",
    "refers_to",
    "recorded_at",
    "extra",
)
"""Every column of the record format, in the order writers emit them."""

REQUIRED_COLUMNS: frozenset[str] = frozenset(
    {"agency", "source_record_id", "record_type", "subject_kind", "subject_id", "decided_on"}
)
"""Columns that must hold a value in every row, whatever the record type."""

_EMPTY: Mapping[str, JsonValue] = MappingProxyType({})
_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Record:
    """One record about one subject, with its provenance.

    ``(agency, source_record_id)`` identifies a record for ever: sending it again
    is idempotent, sending different content under it is a correction.
    ``refers_to`` names another record of the same agency that this one acts
    upon (a removal from a list refers to the listing; a performance of
    obligations refers to the penalty). ``recorded_at`` is when the platform
    learned of the record; ``None`` in a file means "unknown", which replay by
    ``known_at`` treats as known from the decision date.
    """

    agency: str
    source_record_id: str
    record_type: str
    subject_kind: SubjectKind
    subject_id: str
    decided_on: date
    subject_name: str = ""
    decision_no: str = ""
    effective_from: date | None = None
    effective_until: date | None = None
    severity: Severity | None = None
    legal_basis: str = ""
    facts: str = ""
    amount: Decimal | None = None
    refers_to: str = ""
    recorded_at: datetime | None = None
    extra: Mapping[str, JsonValue] = field(default_factory=lambda: _EMPTY)

    @property
    def key(self) -> tuple[str, str]:
        """The record's identity: (agency, source_record_id)."""
        return (self.agency, self.source_record_id)

    @property
    def starts_on(self) -> date:
        """The date the record takes effect: ``effective_from`` or else the decision date."""
        return self.effective_from or self.decided_on

    def known_on(self) -> date:
        """The official (Beijing) day from which the platform knew the record (for
        as-known-at replay)."""
        return official_day(self.recorded_at) if self.recorded_at is not None else self.decided_on

    def to_row(self) -> dict[str, JsonValue]:
        """The record as a JSON-ready mapping with every column (the JSON Lines form)."""
        return {
            "agency": self.agency,
            "source_record_id": self.source_record_id,
            "record_type": self.record_type,
            "subject_kind": self.subject_kind.value,
            "subject_id": self.subject_id,
            "subject_name": self.subject_name,
            "decision_no": self.decision_no,
            "decided_on": self.decided_on.isoformat(),
            "effective_from": _iso(self.effective_from),
            "effective_until": _iso(self.effective_until),
            "severity": self.severity.value if self.severity else None,
            "legal_basis": self.legal_basis,
            "facts": self.facts,
            "amount": None if self.amount is None else str(self.amount),
            "refers_to": self.refers_to,
            "recorded_at": _iso(self.recorded_at),
            "extra": dict(self.extra),
        }

    def to_flat_row(self) -> dict[str, str]:
        """The record as CSV cells: empty string for absent, ``extra`` as compact JSON."""
        flat: dict[str, str] = {}
        for name, value in self.to_row().items():
            if name == "extra":
                flat[name] = (
                    json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                    if value
                    else ""
                )
            else:
                flat[name] = "" if value is None else str(value)
        return flat


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


class RecordParseError(ValueError):
    """A row does not follow the record format; ``problems`` says every way it does not."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("; ".join(p.describe() for p in problems))
        self.problems = problems


def parse_record(row: Mapping[str, JsonValue]) -> Record:
    """Turn one row (CSV cells or a JSON object) into a ``Record``.

    Collects every problem in the row before raising, so a report can list
    them all at once. Unknown columns are a problem too: a typo in a column
    name must not silently drop data.

    Files are mostly good rows, so a fast path takes a row whose cells are
    all text (or absent) and that passes every check; on any doubt the full
    path runs and decides (same result, same problems: tested).
    """
    return _parse_plain(row) or parse_record_checked(row)


_COLUMN_SET = frozenset(COLUMNS)
_TEXT_COLUMNS = tuple(name for name in COLUMNS if name not in ("amount", "extra"))
"""The text columns, in the order ``_parse_plain`` unpacks them."""
_KINDS: dict[str, SubjectKind] = {kind.value: kind for kind in SubjectKind}
_SEVERITIES: dict[str, Severity] = {severity.value: severity for severity in Severity}


def _parse_plain(row: Mapping[str, JsonValue]) -> Record | None:
    """The ``Record`` of a row that is plainly good, else ``None`` (never raises)."""
    cells: list[str] = []
    for value in map(row.get, _TEXT_COLUMNS):
        if type(value) is str:
            cells.append(value.strip())
        elif value is None:
            cells.append("")
        else:
            return None
    (
        agency,
        source_record_id,
        record_type,
        kind_text,
        subject_id,
        subject_name,
        decision_no,
        decided_text,
        from_text,
        until_text,
        severity_text,
        legal_basis,
        facts,
        refers_to,
        recorded_text,
    ) = cells
    subject_kind = _KINDS.get(kind_text)
    severity = _SEVERITIES.get(severity_text) if severity_text else None
    if (
        subject_kind is None
        or (severity_text and severity is None)
        or not (agency and source_record_id and record_type and subject_id)
        or not _COLUMN_SET.issuperset(row)
    ):
        return None
    problems: list[Problem] = []
    decided_on = _date(decided_text, "decided_on", problems)
    effective_from = _date(from_text, "effective_from", problems) if from_text else None
    effective_until = _date(until_text, "effective_until", problems) if until_text else None
    if effective_from and effective_until and effective_until < effective_from:
        return None
    amount = _amount(row.get("amount"), problems)
    recorded_at = _datetime(recorded_text, "recorded_at", problems) if recorded_text else None
    extra = _extra(row.get("extra"), problems)
    if problems or decided_on is None:
        return None
    return Record(
        agency=agency,
        source_record_id=source_record_id,
        record_type=record_type,
        subject_kind=subject_kind,
        subject_id=subject_id,
        subject_name=subject_name,
        decision_no=decision_no,
        decided_on=decided_on,
        effective_from=effective_from,
        effective_until=effective_until,
        severity=severity,
        legal_basis=legal_basis,
        facts=facts,
        amount=amount,
        refers_to=refers_to,
        recorded_at=recorded_at,
        extra=extra,
    )


def parse_record_checked(row: Mapping[str, JsonValue]) -> Record:
    """``parse_record`` without the fast path: checks every cell, collects every problem."""
    problems: list[Problem] = []

    def text(name: str) -> str:
        value = row.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.append(
                    Problem(f"must be text, not {type(value).__name__}", name, repr(value))
                )
                return ""
            value = str(value)
        return value.strip()

    for name in row:
        if name not in COLUMNS:
            problems.append(Problem("unknown column", name, _show(row[name])))
    for name in sorted(REQUIRED_COLUMNS):
        if not text(name):
            problems.append(Problem("required field is missing or empty", name, None))

    subject_kind = _enum(SubjectKind, text("subject_kind"), "subject_kind", problems)
    severity = _enum(Severity, text("severity"), "severity", problems)
    decided_on = _date(text("decided_on"), "decided_on", problems)
    effective_from = _date(text("effective_from"), "effective_from", problems)
    effective_until = _date(text("effective_until"), "effective_until", problems)
    if effective_from and effective_until and effective_until < effective_from:
        problems.append(
            Problem(
                f"ends before it starts (effective_from is {effective_from.isoformat()})",
                "effective_until",
                effective_until.isoformat(),
            )
        )
    amount = _amount(row.get("amount"), problems)
    recorded_at = _datetime(text("recorded_at"), "recorded_at", problems)
    extra = _extra(row.get("extra"), problems)

    if problems or subject_kind is None or decided_on is None:
        raise RecordParseError(tuple(problems))
    return Record(
        agency=text("agency"),
        source_record_id=text("source_record_id"),
        record_type=text("record_type"),
        subject_kind=subject_kind,
        subject_id=text("subject_id"),
        subject_name=text("subject_name"),
        decision_no=text("decision_no"),
        decided_on=decided_on,
        effective_from=effective_from,
        effective_until=effective_until,
        severity=severity,
        legal_basis=text("legal_basis"),
        facts=text("facts"),
        amount=amount,
        refers_to=text("refers_to"),
        recorded_at=recorded_at,
        extra=extra,
    )


def _show(value: JsonValue) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _enum(kind: type[_E], value: str, name: str, problems: list[Problem]) -> _E | None:
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        problems.append(Problem(f"must be one of: {allowed}", name, value))
        return None


def _date(value: str, name: str, problems: list[Problem]) -> date | None:
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        problems.append(Problem("must be a calendar date written YYYY-MM-DD", name, value))
        return None


def _datetime(value: str, name: str, problems: list[Problem]) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        problems.append(Problem("must be an ISO 8601 date and time", name, value))
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _amount(value: JsonValue, problems: list[Problem]) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(Problem("must be a number of yuan", "amount", _show(value)))
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        problems.append(Problem("must be a number of yuan", "amount", str(value)))
        return None
    if not amount.is_finite():
        problems.append(Problem("must be a finite number of yuan", "amount", str(value)))
        return None
    if amount < 0:
        problems.append(Problem("must not be negative", "amount", str(value)))
        return None
    return amount


def _extra(value: JsonValue, problems: list[Problem]) -> Mapping[str, JsonValue]:
    if value is None or value == "":
        return _EMPTY
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            problems.append(Problem(f"must be a JSON object ({exc.msg})", "extra", value))
            return _EMPTY
    if not isinstance(value, dict):
        problems.append(Problem("must be a JSON object", "extra", _show(value)))
        return _EMPTY
    return MappingProxyType(value)
