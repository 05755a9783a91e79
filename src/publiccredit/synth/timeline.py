"""One entity's records as they are drawn, then put in date order.

Rows are built directly in the JSON Lines shape of ``Record.to_row()`` (every
column, ``None`` for an absent date, severity, amount or time, ``""`` for
absent text, ``extra`` a dict): the generator's speed depends on not building
and re-serialising ``Record`` objects, and a test checks that every row equals
``parse_record(row).to_row()``.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

from publiccredit.synth.entities import Entity

Row = dict[str, Any]

TYPE_CODES = {
    "registration": "RG", "annual_report": "AR", "admin_license": "LI",
    "admin_inspection": "IN", "admin_penalty": "PE", "obligation_performed": "OP",
    "abnormal_operation_listing": "AL", "abnormal_operation_removal": "AX",
    "serious_dishonesty_listing": "SL", "serious_dishonesty_removal": "SX",
    "tax_major_violation_listing": "TL", "customs_credit_status": "CS",
    "tax_credit_rating": "TR", "judgment_default_listing": "JL",
    "judgment_default_removal": "JX", "court_judgment": "CJ",
    "professional_qualification": "PQ", "contract_performance": "CP",
    "credit_commitment": "CC", "honour": "HO", "charitable_donation": "CD", "ip_right": "IP",
}  # fmt: skip
"""Short codes that open each synthetic ``source_record_id``."""


_LAGS = tuple(int(-4 * math.log(1 - (i + 0.5) / 64)) for i in range(64))
"""Publication lags in days: the 64 quantiles of an exponential distribution, mean 4."""


class Timeline:
    """Collects one entity's rows; ``rows()`` returns them by date, registration first."""

    def __init__(self, entity: Entity, rng: random.Random, end: date) -> None:
        self.entity = entity
        self.rng = rng
        self.end = end
        self._keyed: list[tuple[str, int, Row]] = []

    @property
    def days_left(self) -> int:
        """Days from registration to the end of the period."""
        return (self.end - self.entity.registered_on).days

    def day(self, low: date | None = None) -> date:
        """A uniformly drawn day in [``low`` or registration, end]."""
        first = max(low or self.entity.registered_on, self.entity.registered_on)
        span = max(0, (self.end - first).days) + 1
        return first + timedelta(days=int(self.rng.random() * span))

    def add(
        self,
        record_type: str,
        agency: str,
        decided_on: date,
        *,
        extra: dict[str, Any],
        decision_no: str = "",
        severity: str | None = None,
        effective_from: date | None = None,
        effective_until: date | None = None,
        legal_basis: str = "",
        facts: str = "",
        amount: str | None = None,
        refers_to: str = "",
        subject: tuple[str, str, str] | None = None,
    ) -> str:
        """Add a row decided on ``decided_on``; returns its ``source_record_id``.

        ``subject`` is (kind, id, name) for a record about someone other than the
        entity (a natural person listed as a judgment defaulter).
        """
        seq = len(self._keyed)
        record_id = f"{TYPE_CODES[record_type]}-{self.entity.index:07d}-{seq:05d}"
        kind, subject_id, name = subject or ("entity", self.entity.uscc, self.entity.name)
        row: Row = {
            "agency": agency,
            "source_record_id": record_id,
            "record_type": record_type,
            "subject_kind": kind,
            "subject_id": subject_id,
            "subject_name": name,
            "decision_no": decision_no,
            "decided_on": decided_on.isoformat(),
            "effective_from": effective_from.isoformat() if effective_from else None,
            "effective_until": effective_until.isoformat() if effective_until else None,
            "severity": severity,
            "legal_basis": legal_basis,
            "facts": facts,
            "amount": amount,
            "refers_to": refers_to,
            "recorded_at": self._recorded_at(decided_on),
            "extra": extra,
        }
        self._keyed.append((row["decided_on"], seq, row))
        return record_id

    def _recorded_at(self, decided_on: date) -> str:
        # Agencies publish within days (SAMR Order 45: 20 working days); never after --end.
        # One draw gives the lag (exponential, mean about 4 days), the hour and the minute.
        bits = self.rng.getrandbits(24)
        lag = _LAGS[bits & 63]
        known = min(decided_on + timedelta(days=lag), self.end) if lag else decided_on
        return f"{known.isoformat()}T{8 + (bits >> 6) % 11:02d}:{(bits >> 12) % 60:02d}:00+08:00"

    def __len__(self) -> int:
        return len(self._keyed)

    def has_serious(self) -> bool:
        """Whether any row so far is of serious severity (a heavy penalty or a listing)."""
        return any(row["severity"] == "serious" for _day, _seq, row in self._keyed)

    def rows(self) -> list[Row]:
        """The rows in (decision date, creation order): registration comes first."""
        self._keyed.sort(key=lambda keyed: (keyed[0], keyed[1]))
        return [row for _day, _seq, row in self._keyed]
