"""Check one record against the directory of a pack (the closed directory, DESIGN §8).

``parse_record`` checks the record format; this checks what the pack says:
the record type exists, the subject kind is allowed for it, the submitting
agency's kind may submit it, its extra fields are the declared ones with
allowed values, and its severity class is given where required and allowed.
Extra fields the directory does not name are refused too: a record may carry
no information the directory does not list.

Non-text extra values are compared by their JSON text: ``true`` / ``false``
for booleans, digits for integers (so ``field_values`` and ``where`` filters
are written as strings: ``kept: ['true']``, ``extension_years: ['1', '2']``).
"""

from __future__ import annotations

import json
import re

from publiccredit.domain.record import JsonValue, Record
from publiccredit.errors import Problem
from publiccredit.policy.model import Pack, RecordType

AGENCY_CODE = re.compile(r"^(?P<kind>[a-z][a-z_]*)-(?P<region>\d{6})$")
"""An agency code: ``<kind>-<region6>``, e.g. ``samr-440300``; national bodies use ``100000``."""


def agency_kind(agency: str) -> str | None:
    """The agency kind of an agency code (``samr`` for ``samr-440300``), or None if malformed."""
    match = AGENCY_CODE.match(agency)
    return match.group("kind") if match else None


def extra_value_text(value: JsonValue) -> str:
    """How an extra value is compared with the pack's allowed values (see module docstring)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _extra_problems(record_type: RecordType, record: Record) -> list[Problem]:
    problems = []
    declared = set(record_type.required_fields) | set(record_type.optional_fields)
    for name in record_type.required_fields:
        if record.extra.get(name) in (None, "", [], {}):
            problems.append(Problem(f"required by record type {record_type.id}", f"extra.{name}"))
    for name, value in record.extra.items():
        if name not in declared:
            reason = f"record type {record_type.id} declares no such field (closed directory)"
            problems.append(Problem(reason, f"extra.{name}", extra_value_text(value)))
            continue
        allowed = record_type.field_values.get(name)
        if not allowed or value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            if extra_value_text(item) not in allowed:
                reason = f"must be one of: {', '.join(allowed)}"
                problems.append(Problem(reason, f"extra.{name}", extra_value_text(item)))
    return problems


def _severity_problems(record_type: RecordType, record: Record) -> list[Problem]:
    rule = record_type.severity
    if record.severity is None:
        if rule.required:
            allowed = ", ".join(rule.allowed)
            return [
                Problem(f"record type {record_type.id} needs a severity ({allowed})", "severity")
            ]
        return []
    if record.severity not in rule.allowed:
        allowed = ", ".join(rule.allowed) or "none"
        reason = f"severity not allowed for record type {record_type.id} (allowed: {allowed})"
        return [Problem(reason, "severity", record.severity.value)]
    return []


def check_record(pack: Pack, record: Record) -> tuple[Problem, ...]:
    """Every way ``record`` breaks the directory of ``pack``; empty when it conforms."""
    record_type = pack.record_types.get(record.record_type)
    if record_type is None:
        reason = "record type is not in the directory of the policy pack (closed directory)"
        return (Problem(reason, "record_type", record.record_type),)
    problems: list[Problem] = []
    if record.subject_kind not in record_type.subject_kinds:
        allowed = ", ".join(record_type.subject_kinds)
        reason = f"record type {record_type.id} may only be about: {allowed}"
        problems.append(Problem(reason, "subject_kind", record.subject_kind.value))
    kind = agency_kind(record.agency)
    if kind is None:
        reason = "agency code must be <kind>-<region6>, e.g. samr-440300"
        problems.append(Problem(reason, "agency", record.agency))
    elif kind not in record_type.submitters:
        allowed = ", ".join(record_type.submitters)
        reason = f"agencies of kind {kind!r} may not submit {record_type.id} (allowed: {allowed})"
        problems.append(Problem(reason, "agency", record.agency))
    problems += _extra_problems(record_type, record)
    problems += _severity_problems(record_type, record)
    return tuple(problems)
