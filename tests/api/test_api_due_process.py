"""No bypass of due process through ``/v1/records`` (SQLite AND PostgreSQL).

Every submission path — one record, a batch, corrections — refuses a record
that would list its subject on a list needing notice, with the row, the field,
the value and the way to go instead; nothing of the batch is stored.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from conftest import AGENCY, Seeded


def _rows(seeded: Seeded, tag: str) -> tuple[dict[str, Any], dict[str, Any]]:
    day = (seeded.client.app.state.api.today() - timedelta(days=3)).isoformat()  # type: ignore[attr-defined]
    licence = {
        "agency": AGENCY, "source_record_id": f"gate-{tag}-L", "record_type": "admin_license",
        "subject_kind": "entity", "subject_id": seeded.entity, "decided_on": day,
        "extra": {"licence_kind": "food_business"},
    }  # fmt: skip
    listing = {
        "agency": AGENCY, "source_record_id": f"gate-{tag}-AL",
        "record_type": "abnormal_operation_listing", "subject_kind": "entity",
        "subject_id": seeded.entity, "decided_on": day,
        "extra": {"ground": "unreachable_address"},
    }  # fmt: skip
    return licence, listing


def _lists(seeded: Seeded) -> list[str]:
    response = seeded.client.get(
        f"/v1/subjects/{seeded.entity}/assessment", headers=seeded.auth("subject")
    )
    assert response.status_code == 200, response.text
    return [membership["list"] for membership in response.json()["assessment"]["lists"]]


@pytest.mark.parametrize("path", ["", "/batch", "/corrections"])
def test_a_listing_record_is_refused_on_every_submission_path(seeded: Seeded, path: str) -> None:
    before = _lists(seeded)
    licence, listing = _rows(seeded, path.strip("/") or "one")
    body: dict[str, Any] = listing if path == "" else {"rows": [licence, listing]}
    response = seeded.client.post(f"/v1/records{path}", json=body, headers=seeded.auth("agency"))
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    [detail] = error["details"]
    assert detail["row"] == (1 if path == "" else 2)
    assert detail["field"] == "record_type"
    assert detail["value"] == "abnormal_operation_listing"
    assert "/v1/cases/listings" in detail["reason"]
    assert "nothing stored" in error["message"]
    assert _lists(seeded) == before
    if path:  # the good row of the batch was not stored either
        again = seeded.client.post(
            "/v1/records/batch", json={"rows": [licence]}, headers=seeded.auth("agency")
        )
        assert again.json()["stored"] == 1
