"""Cases and consents through the HTTP API, on the seeded store (SQLite and PostgreSQL).

Each step goes through the same services as the CLI, so these tests check the
API's part: who the key acts as, status codes, and that the effects (the
record under objection, the access log entry with the consent id) show up
through the other endpoints.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from conftest import AGENCY, INSTITUTION, Seeded


def _assessment_entries(seeded: Seeded, key: str) -> dict[tuple[str, str], dict[str, Any]]:
    response = seeded.client.get(f"/v1/subjects/{key}/assessment", headers=seeded.auth("subject"))
    assert response.status_code == 200, response.text
    records = response.json()["assessment"]["records"]
    return {(entry["agency"], entry["source_record_id"]): entry for entry in records}


def test_an_objection_filed_through_the_api_puts_the_record_under_objection(
    seeded: Seeded,
) -> None:
    entries = _assessment_entries(seeded, seeded.entity)
    key = next(k for k, entry in entries.items() if entry["state"] == "published")
    body = {
        "grounds": "The inspection concerned another company",
        "evidence": ["registry-extract.pdf"],
        "record": {"agency": key[0], "source_record_id": key[1]},
    }
    response = seeded.client.post("/v1/cases/objections", json=body, headers=seeded.auth("subject"))
    assert response.status_code == 201, response.text
    case = response.json()["case"]
    assert case["kind"] == "objection"
    assert case["subject"] == seeded.entity
    assert case["deadlines"], "an objection runs a deadline for the agency"
    assert _assessment_entries(seeded, seeded.entity)[key]["state"] == "under_objection"
    shown = seeded.client.get(f"/v1/cases/{case['id']}", headers=seeded.auth("subject"))
    assert shown.status_code == 200
    assert shown.json()["case"]["state"] == case["state"]
    mine = seeded.client.get("/v1/cases", headers=seeded.auth("subject")).json()["items"]
    assert case["id"] in [item["id"] for item in mine]
    assert all(item["subject"] == seeded.entity for item in mine)
    audited = seeded.client.get(f"/v1/cases?subject={seeded.entity}", headers=seeded.auth("admin"))
    assert case["id"] in [item["id"] for item in audited.json()["items"]]


def test_another_subjects_case_is_forbidden_and_the_public_may_not_file(seeded: Seeded) -> None:
    entries = _assessment_entries(seeded, seeded.consented)
    agency, source_id = next(iter(entries))
    body = {"grounds": "not mine", "record": {"agency": agency, "source_record_id": source_id}}
    # The subject key objecting to someone else's record without evidence: refused.
    response = seeded.client.post("/v1/cases/objections", json=body, headers=seeded.auth("subject"))
    assert response.status_code == 403, response.text
    public = seeded.client.post("/v1/cases/objections", json=body)
    assert public.status_code == 403


def test_a_repair_before_eligibility_is_refused_with_the_engines_reason(seeded: Seeded) -> None:
    today = date.today()
    penalty = {
        "agency": AGENCY,
        "source_record_id": "api-repair-P-1",
        "record_type": "admin_penalty",
        "subject_kind": "entity",
        "subject_id": seeded.entity,
        "decided_on": (today - timedelta(days=20)).isoformat(),
        "severity": "general",
        "legal_basis": "Product Quality Law Art. 50",
        "facts": "Sold mislabelled goods",
        "amount": "5000",
        "extra": {"penalty_kinds": ["fine"], "procedure": "ordinary"},
    }
    paid = {
        "agency": AGENCY,
        "source_record_id": "api-repair-OP-1",
        "record_type": "obligation_performed",
        "subject_kind": "entity",
        "subject_id": seeded.entity,
        "decided_on": (today - timedelta(days=10)).isoformat(),
        "refers_to": "api-repair-P-1",
        "extra": {"what": "fine_paid"},
    }
    stored = seeded.client.post(
        "/v1/records/batch", json={"rows": [penalty, paid]}, headers=seeded.auth("agency")
    )
    assert stored.status_code == 200, stored.text
    entry = _assessment_entries(seeded, seeded.entity)[(AGENCY, "api-repair-P-1")]
    eligibility = entry["repair"]
    assert eligibility is not None
    assert eligibility["eligible_from"] > today.isoformat()
    body = {
        "records": [{"agency": AGENCY, "source_record_id": "api-repair-P-1"}],
        "proof": ["receipt.pdf"],
        "commitment": "I commit to keep faith",
    }
    response = seeded.client.post("/v1/cases/repairs", json=body, headers=seeded.auth("subject"))
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["code"] == "procedure_error"
    assert f"may be repaired from {eligibility['eligible_from']}" in error["message"]
    assert eligibility["reason"] in error["message"]
    # Nothing was stored: the subject has no repair case.
    cases = seeded.client.get("/v1/cases?kind=repair", headers=seeded.auth("subject")).json()
    assert cases["items"] == []


def _access_log(seeded: Seeded) -> list[dict[str, Any]]:
    response = seeded.client.get(
        f"/v1/access-log?subject_key={seeded.entity}", headers=seeded.auth("auditor")
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_a_consent_granted_through_the_api_opens_the_full_view_until_revoked(
    seeded: Seeded,
) -> None:
    profile = f"/v1/subjects/{seeded.entity}/records"
    before = seeded.client.get(profile, headers=seeded.auth("institution"))
    assert before.json()["view"] == "public"
    until = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    granted = seeded.client.post(
        "/v1/consents",
        json={"institution": INSTITUTION, "purpose": "credit line", "valid_until": until},
        headers=seeded.auth("subject"),
    )
    assert granted.status_code == 201, granted.text
    consent = granted.json()
    assert consent["live"]
    assert consent["subject"] == seeded.entity

    during = seeded.client.get(profile, headers=seeded.auth("institution"))
    assert during.json()["view"] == "full"
    logged = [e for e in _access_log(seeded) if e["what"] == f"GET {profile}"]
    assert logged
    assert logged[-1]["consent_id"] == consent["id"]
    assert logged[-1]["role"] == "institution"

    full = seeded.client.get(
        f"/v1/consents/{consent['id']}/full", headers=seeded.auth("institution")
    )
    assert full.status_code == 200, full.text
    assert full.json()["consent_id"] == consent["id"]
    assert [e["consent_id"] for e in _access_log(seeded)].count(consent["id"]) == 2

    listed = seeded.client.get("/v1/consents", headers=seeded.auth("institution")).json()
    assert consent["id"] in [item["id"] for item in listed["items"]]

    revoked = seeded.client.post(
        f"/v1/consents/{consent['id']}/revocation", headers=seeded.auth("subject")
    )
    assert revoked.status_code == 200, revoked.text
    assert not revoked.json()["live"]
    after = seeded.client.get(
        f"/v1/consents/{consent['id']}/full", headers=seeded.auth("institution")
    )
    assert after.status_code == 403
    assert after.json()["error"]["code"] == "forbidden"
    assert seeded.client.get(profile, headers=seeded.auth("institution")).json()["view"] == "public"
    again = seeded.client.post(
        f"/v1/consents/{consent['id']}/revocation", headers=seeded.auth("subject")
    )
    assert again.status_code == 409


def test_only_the_subject_grants_and_a_naive_time_is_refused(seeded: Seeded) -> None:
    body = {"institution": INSTITUTION, "purpose": "loan", "valid_until": "2030-01-01T00:00:00"}
    naive = seeded.client.post("/v1/consents", json=body, headers=seeded.auth("subject"))
    assert naive.status_code == 422
    body["valid_until"] = "2030-01-01T00:00:00+08:00"
    assert (
        seeded.client.post("/v1/consents", json=body, headers=seeded.auth("admin")).status_code
        == 403
    )
    other = seeded.client.post(
        f"/v1/consents/{seeded.extra['consent_id']}/revocation", headers=seeded.auth("subject")
    )
    assert other.status_code == 403
