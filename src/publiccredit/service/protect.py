"""A record as the store keeps it: natural persons' ID numbers masked and sealed.

DESIGN §8: a natural person's ID number never lies clear in the database.
Before a record becomes an event payload and a ``records`` row:

* a person subject's ``subject_id`` and the responsible persons' numbers in a
  registration's ``extra`` (``PERSON_ID_FIELDS``) are replaced by their masked
  form (``110105********002X``), which is all the engine and every public
  view need;
* the clear numbers are sealed (AES-256-GCM, ``PersonalDataKeys.encrypt``,
  base64) under ``"sealed"``, keyed by the field they came from, so an
  authorised procedure can still recover them;
* a person subject's key is ``PersonalDataKeys.person_key`` (keyed hash).

The stored document is ``{"record": <row>, "sealed": {…}, "warnings": […]}``
(``sealed`` only when there is something to seal; ``warnings`` only when the
reader accepted the row with warnings, e.g. a USCC of an unknown region).
Its ``content_hash`` is a keyed
HMAC-SHA256 of the clear row's canonical JSON: it detects "same id, other
content" across resubmissions without letting anyone confirm a guessed ID
number from the hash (the sealed part is random, so it cannot be hashed).
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from publiccredit.domain.privacy import mask_id
from publiccredit.domain.record import Record, Severity, SubjectKind
from publiccredit.errors import Problem
from publiccredit.identifiers.normalise import compact_text
from publiccredit.store.canonical import canonical_row, canonical_text
from publiccredit.store.personal import PersonalDataKeys

PERSON_ID_FIELDS: tuple[str, ...] = ("legal_representative_id", "actual_controller_id")
"""Fields of ``extra`` that hold a natural person's ID number (registration records)."""


@dataclass(frozen=True, slots=True)
class Protected:
    """A record ready to store: its subject key, stored document (canonical text) and hash."""

    record: Record
    subject_key: str
    document_json: str
    content_hash: str
    id_number_sealed: bytes | None
    """A person subject's encrypted number (for the ``subjects`` row), else ``None``."""
    stored_record: Record
    """The record as reading it back from the store gives it (numbers masked)."""
    person_links: tuple[tuple[str, str], ...] = ()
    """(role, keyed hash) of each responsible person the record names (registrations)."""


def _seal(keys: PersonalDataKeys, number: str) -> str:
    return base64.b64encode(keys.encrypt(number)).decode("ascii")


def _warnings(warnings: Sequence[Problem]) -> list[dict[str, str | None]]:
    return [{"field": w.field, "reason": w.reason, "value": w.value} for w in warnings]


def protect(
    record: Record,
    keys: PersonalDataKeys,
    warnings: Sequence[Problem] = (),
    recorded_at: datetime | None = None,
) -> Protected:
    """Mask, seal and hash ``record``; keep the reader's ``warnings`` with it.

    ``recorded_at`` is when the platform stores it: it replaces whatever time the
    agency declared, because "what did the platform know on day K" (``known_at``)
    must rest on the platform's own clock, never on a sender's word. The content
    hash leaves that time out, so sending the same record again stays idempotent.
    """
    row = record.to_row()
    row["recorded_at"] = None
    clear_json = canonical_row(row, "extra")  # to_row gives text or None elsewhere
    content_hash = hmac.digest(keys.lookup_key, clear_json.encode("utf-8"), "sha256").hex()
    if recorded_at is not None:
        record = replace(record, recorded_at=recorded_at)
    if record.recorded_at is not None:
        row["recorded_at"] = record.recorded_at.isoformat()
        clear_json = with_recorded_at(clear_json, row["recorded_at"])
    extra = row["extra"]
    person = record.subject_kind is SubjectKind.PERSON
    if stored_as_given(record):
        if warnings:
            document = canonical_text({"record": row, "warnings": _warnings(warnings)})
        else:
            document = '{"record":' + clear_json + "}"
        return Protected(record, record.subject_id, document, content_hash, None, record)
    sealed: dict[str, str] = {}
    sealed_subject: bytes | None = None
    subject_key = record.subject_id
    if person:
        sealed_subject = keys.encrypt(record.subject_id)
        sealed["subject_id"] = base64.b64encode(sealed_subject).decode("ascii")
        subject_key = keys.person_key(record.subject_id)
        row["subject_id"] = mask_id(record.subject_id)
    links: list[tuple[str, str]] = []
    for name in PERSON_ID_FIELDS:
        number = extra.get(name)
        if isinstance(number, str) and number:
            sealed[f"extra.{name}"] = _seal(keys, number)
            extra[name] = mask_id(number)
            links.append((name.removesuffix("_id"), keys.person_key(compact_text(number))))
    stored: dict[str, Any] = {"record": row, "sealed": sealed}
    if warnings:
        stored["warnings"] = _warnings(warnings)
    document = canonical_text(stored)
    masked = record_from_row(row)
    return Protected(
        record, subject_key, document, content_hash, sealed_subject, masked, tuple(links)
    )


_NO_TIME = '"recorded_at":null'


def with_recorded_at(clear_json: str, instant: str) -> str:
    """The canonical text of a record row with ``recorded_at`` set, from the same row's
    canonical text with it ``null``: one canonicalisation per record, not two.

    Keys are sorted, so the row's own ``recorded_at`` comes after ``extra`` (the only
    nested object) and every later value is a JSON string, whose quotes are escaped:
    the last ``"recorded_at":null`` in the text is the row's. ``instant`` is ISO
    text (digits, ``-:.+T``), which needs no escaping. A test holds this equal to
    canonicalising the row again.
    """
    at = clear_json.rindex(_NO_TIME)
    return f'{clear_json[:at]}"recorded_at":"{instant}"{clear_json[at + len(_NO_TIME) :]}'


def stored_as_given(record: Record) -> bool:
    """True when ``protect`` stores ``record`` unmasked: no natural person's number in it."""
    if record.subject_kind is SubjectKind.PERSON:
        return False
    extra = record.extra
    return not any(extra.get(name) for name in PERSON_ID_FIELDS)


def record_from_row(row: dict[str, Any]) -> Record:
    """A ``Record`` back from a stored (already checked) row, without re-validating.

    Equal to ``parse_record(row)`` for every row ``protect`` stored (tested),
    at a fraction of the cost: re-assessment reads thousands of rows.
    """
    amount = row.get("amount")
    severity = row.get("severity")
    recorded_at = row.get("recorded_at")
    effective_from = row.get("effective_from")
    effective_until = row.get("effective_until")
    return Record(
        agency=row["agency"],
        source_record_id=row["source_record_id"],
        record_type=row["record_type"],
        subject_kind=SubjectKind(row["subject_kind"]),
        subject_id=row["subject_id"],
        decided_on=date.fromisoformat(row["decided_on"]),
        subject_name=row.get("subject_name") or "",
        decision_no=row.get("decision_no") or "",
        effective_from=date.fromisoformat(effective_from) if effective_from else None,
        effective_until=date.fromisoformat(effective_until) if effective_until else None,
        severity=Severity(severity) if severity else None,
        legal_basis=row.get("legal_basis") or "",
        facts=row.get("facts") or "",
        amount=None if amount is None else Decimal(amount),
        refers_to=row.get("refers_to") or "",
        recorded_at=datetime.fromisoformat(recorded_at) if recorded_at else None,
        extra=MappingProxyType(row.get("extra") or {}),
    )
