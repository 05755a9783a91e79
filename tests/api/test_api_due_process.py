"""No bypass of due process through ``/v1/records`` (SQLite AND PostgreSQL).

Every submission path — one record, a batch, corrections — refuses a record
that would list its subject on a list needing notice, with the row, the field,
the value and the way to go instead; nothing of the batch is stored.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from conftest import AGENCY, Seeded
from publiccredit.clock import FixedClock
from publiccredit.procedures.calendar import BEIJING


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


def _state(seeded: Seeded) -> Any:
    return seeded.client.app.state.api  # type: ignore[attr-defined]


def _at(day: date) -> FixedClock:
    return FixedClock(datetime.combine(day, time(10), BEIJING))


def test_an_abnormal_proposal_is_decided_and_objected_to_from_publication(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = _state(seeded).today()
    body = {
        "list_id": "abnormal_operations", "subject": seeded.entity,
        "facts": "Not reachable at the registered address",
        "extra": {"ground": "unreachable_address"},
    }  # fmt: skip
    agency = seeded.auth("agency")
    opened = seeded.client.post("/v1/cases/listings", json=body, headers=agency)
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["case"]["id"]
    decided = seeded.client.post(
        f"/v1/cases/{case_id}/decision", json={"outcome": "effective"}, headers=agency
    )
    assert decided.status_code == 200, decided.text  # was 422: severity serious not allowed
    assert "abnormal_operations" in _lists(seeded)
    served = seeded.client.post(
        f"/v1/cases/{case_id}/actions", json={"action": "serve-notice"}, headers=agency
    )
    assert served.status_code == 200, served.text
    notice = served.json()["case"]["details"]["notice"]
    last_day = today + timedelta(days=30)
    assert notice["objection_deadline"]["last_day"] == last_day.isoformat()
    objection = {
        "grounds": "We were reachable", "evidence": ["lease.pdf"],
        "record": {"agency": AGENCY, "source_record_id": case_id},
    }  # fmt: skip
    monkeypatch.setattr(_state(seeded), "clock", _at(last_day + timedelta(days=1)))
    late = seeded.client.post(
        "/v1/cases/objections", json=objection, headers=seeded.auth("subject")
    )
    assert late.status_code == 409, late.text
    assert f"closed on {last_day.isoformat()}" in late.json()["error"]["message"]
    monkeypatch.setattr(_state(seeded), "clock", _at(last_day))
    in_time = seeded.client.post(
        "/v1/cases/objections", json=objection, headers=seeded.auth("subject")
    )
    assert in_time.status_code == 201, in_time.text


def test_a_serious_proposal_on_a_general_fine_is_refused(seeded: Seeded) -> None:
    day = (_state(seeded).today() - timedelta(days=5)).isoformat()
    fine = {
        "agency": AGENCY, "source_record_id": "gate-general-fine", "record_type": "admin_penalty",
        "subject_kind": "entity", "subject_id": seeded.entity, "decided_on": day,
        "severity": "general", "legal_basis": "Product Quality Law Art. 50",
        "facts": "Mislabelled goods", "amount": "3000",
        "extra": {"penalty_kinds": ["fine"], "procedure": "ordinary"},
    }  # fmt: skip
    agency = seeded.auth("agency")
    assert seeded.client.post("/v1/records", json=fine, headers=agency).status_code == 200
    body = {
        "list_id": "serious_illegal_dishonest", "subject": seeded.entity, "facts": "Mislabelling",
        "refers_to": "gate-general-fine", "extra": {"ground": "mislabelling"},
    }  # fmt: skip
    response = seeded.client.post("/v1/cases/listings", json=body, headers=agency)
    assert response.status_code == 422, response.text
    [detail] = response.json()["error"]["details"]
    assert detail["field"] == "refers_to"
    assert "does not qualify" in detail["reason"]
    del body["refers_to"]
    response = seeded.client.post("/v1/cases/listings", json=body, headers=agency)
    assert response.status_code == 422, response.text


def test_a_subject_contests_only_its_own_publication_period(seeded: Seeded) -> None:
    response = seeded.client.get(
        f"/v1/subjects/{seeded.consented}/assessment", headers=seeded.auth("admin")
    )
    entry = next(e for e in response.json()["assessment"]["records"] if e["state"] == "published")
    ref = {"agency": entry["agency"], "source_record_id": entry["source_record_id"]}
    body = {"grounds": "too long", "evidence": ["x.pdf"], "record": ref, "publication": True}
    refused = seeded.client.post("/v1/cases/objections", json=body, headers=seeded.auth("subject"))
    assert refused.status_code == 403, refused.text
    assert "only the subject" in refused.json()["error"]["message"]


def test_the_cure_posted_through_the_api_opens_a_removal_case_overdue_sees(
    seeded: Seeded,
) -> None:
    today = _state(seeded).today()
    agency = seeded.auth("agency")
    body = {
        "list_id": "abnormal_operations", "subject": seeded.entity,
        "facts": "Annual report for 2025 not published",
        "extra": {"ground": "annual_report_missing", "year": "2025"},
    }  # fmt: skip
    case_id = seeded.client.post("/v1/cases/listings", json=body, headers=agency).json()["case"][
        "id"
    ]
    decided = seeded.client.post(
        f"/v1/cases/{case_id}/decision", json={"outcome": "effective"}, headers=agency
    )
    assert decided.status_code == 200, decided.text
    report = {
        "agency": AGENCY, "source_record_id": "gate-cure-AR", "record_type": "annual_report",
        "subject_kind": "entity", "subject_id": seeded.entity, "decided_on": today.isoformat(),
        "extra": {"year": "2025"},
    }  # fmt: skip
    assert seeded.client.post("/v1/records", json=report, headers=agency).status_code == 200
    removals = seeded.client.get(
        f"/v1/cases?kind=removal&subject={seeded.entity}", headers=seeded.auth("admin")
    ).json()["items"]
    [removal] = [c for c in removals if c["details"]["listing_key"] == [AGENCY, case_id]]
    [deadline] = removal["deadlines"]
    due = date.fromisoformat(deadline["due_on"])
    on_time = seeded.client.get(
        f"/v1/cases/overdue?as_of={due.isoformat()}", headers=seeded.auth("auditor")
    ).json()["overdue"]
    assert removal["id"] not in [i["case_id"] for i in on_time.get(AGENCY, [])]
    late = seeded.client.get(
        f"/v1/cases/overdue?as_of={(due + timedelta(days=1)).isoformat()}",
        headers=seeded.auth("auditor"),
    ).json()["overdue"]
    assert removal["id"] in [i["case_id"] for i in late[AGENCY]]
    removed = seeded.client.post(
        f"/v1/cases/{removal['id']}/decision", json={"outcome": "removed"}, headers=agency
    )
    assert removed.status_code == 200, removed.text
    records = seeded.client.get(
        f"/v1/subjects/{seeded.entity}/records?type=abnormal_operation_removal",
        headers=seeded.auth("admin"),
    ).json()
    assert removal["id"] in json.dumps(records)
