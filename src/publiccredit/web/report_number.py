"""The report number: a short fingerprint of what a report states, checkable later.

A printed or forwarded report is only as good as the reader's ability to ask
"does the platform still say this?". The number is ``PCR-<as_of>-<digest>``:
the report date in the clear (so the check page knows which day to rebuild)
and 80 bits of SHA-256 over the report's language-independent content — the
subject, the date, the policy version, the rating, the lists, the measures and
each shown record with its state, publication period and ledger events — in
RFC 8785 canonical JSON. The same facts in Chinese or English give the same
number; any change to what the public sees gives another. Pure: no I/O.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Protocol

import rfc8785

PATTERN = re.compile(r"PCR-(\d{8})-([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})")
"""``PCR-YYYYMMDD-XXXX-XXXX-XXXX-XXXX`` (base32 without padding, in groups of four)."""


class ShownRecord(Protocol):
    """The parts of a report record the number covers."""

    @property
    def agency(self) -> str: ...
    @property
    def source_record_id(self) -> str: ...
    @property
    def record_type(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def published_from(self) -> str | None: ...
    @property
    def published_until(self) -> str | None: ...
    @property
    def events(self) -> tuple[int, ...]: ...


def _periods(entries: Iterable[Mapping[str, Any]], key: str) -> list[list[Any]]:
    return [[entry[key], entry.get("since"), entry.get("until")] for entry in entries]


def _record(r: ShownRecord) -> list[Any]:
    return [r.agency, r.source_record_id, r.record_type, r.state, r.published_from,
            r.published_until, list(r.events)]  # fmt: skip


def report_number(
    subject_key: str,
    as_of: str,
    policy_version: str | None,
    rating: Mapping[str, Any] | None,
    lists: Iterable[Mapping[str, Any]],
    measures: Iterable[Mapping[str, Any]],
    records: Iterable[ShownRecord],
) -> str:
    """The number of the report stating these facts (see the module's docstring)."""
    content = {
        "subject": subject_key,
        "as_of": as_of,
        "policy": policy_version,
        "rating": None if rating is None else [rating.get("level"), rating.get("score")],
        "reasons": [] if rating is None else list(rating.get("reasons") or []),
        "lists": _periods(lists, "list"),
        "measures": _periods(measures, "measure"),
        "records": [_record(r) for r in records],
    }
    digest = hashlib.sha256(rfc8785.dumps(content)).digest()[:10]
    text = base64.b32encode(digest).decode("ascii")
    groups = "-".join(text[i : i + 4] for i in range(0, 16, 4))
    return f"PCR-{as_of.replace('-', '')}-{groups}"


def number_date(number: str) -> date | None:
    """The report date a well-formed number states (``None``: not a report number)."""
    found = PATTERN.fullmatch(number.strip().upper())
    if found is None:
        return None
    text = found.group(1)
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
