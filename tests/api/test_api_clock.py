"""The API reads the app's one clock (SQLite AND PostgreSQL).

At 17:30 UTC on 31 December it is already 1 January in Beijing: a decision
without a date is for 1 January, and a record decided on 1 January is not "in
the future" (before, the API took the server's local date in one place and
the UTC date in another).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import AGENCY, Seeded
from publiccredit.clock import FixedClock

NEW_YEAR_IN_BEIJING = FixedClock(datetime(2026, 12, 31, 17, 30, tzinfo=UTC))


def test_decisions_and_submissions_count_on_the_beijing_day(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = seeded.client.app.state.api  # type: ignore[attr-defined]
    monkeypatch.setattr(state, "clock", NEW_YEAR_IN_BEIJING)
    body = {"subject": seeded.entity, "action": "public_procurement_bid"}
    answer = seeded.client.post("/v1/decisions", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["as_of"] == "2027-01-01"
    row = {
        "agency": AGENCY, "source_record_id": "clock-1", "record_type": "admin_license",
        "subject_kind": "entity", "subject_id": seeded.entity, "decided_on": "2027-01-01",
        "extra": {"licence_kind": "food_business"},
    }  # fmt: skip
    stored = seeded.client.post("/v1/records", json=row, headers=seeded.auth("agency"))
    assert stored.status_code == 200, stored.text
    assert stored.json()["stored"] == 1
    later = {**row, "source_record_id": "clock-2", "decided_on": "2027-01-02"}
    refused = seeded.client.post("/v1/records", json=later, headers=seeded.auth("agency"))
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["field"] == "decided_on"
