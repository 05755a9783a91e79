"""Synthetic subjects and records for the monitoring tests (no real company)."""

from __future__ import annotations

from datetime import date
from typing import Any

from publiccredit.identifiers.uscc import calc_check_char, calc_inner_check_char

AGENCY = "samr-440300"


def uscc(number: int) -> str:
    """A valid, synthetic USCC of a Shenzhen company: ``91440300`` + organisation code."""
    organisation = f"{number:08d}"
    first17 = "91440300" + organisation + calc_inner_check_char(organisation)
    return first17 + calc_check_char(first17)


def penalty(subject: str, source_id: str, decided_on: date, **extra: Any) -> dict[str, Any]:
    """A general administrative penalty (a fine) as an agency submits it."""
    row: dict[str, Any] = {
        "agency": AGENCY,
        "source_record_id": source_id,
        "record_type": "admin_penalty",
        "subject_kind": "entity",
        "subject_id": subject,
        "decided_on": decided_on.isoformat(),
        "severity": "general",
        "legal_basis": "Product Quality Law Art. 50",
        "facts": "Sold mislabelled goods",
        "amount": "5000",
        "extra": {"penalty_kinds": ["fine"], "procedure": "ordinary"},
    }
    row.update(extra)
    return row
