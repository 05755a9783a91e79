"""Bad input and auth edges (issue 12, point 5), on SQLite and PostgreSQL: NUL bytes and
over-long values refused before the database; corrections of nothing and conflicting
corrections refused; OpenAPI marks public operations; the last admin key stays; a
wrong auth scheme is 401. The last test revokes the seeded admin key: keep it last."""

from __future__ import annotations

from typing import Any

from test_api_authz import EVERYONE, MATRIX

from conftest import AGENCY, Seeded

CODE = "91440300MA5FAKE02K"


def _row(source: str, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "agency": AGENCY,
        "source_record_id": source,
        "record_type": "admin_license",
        "subject_id": CODE,
        "subject_name": "深圳市另一示例有限公司",
        "decided_on": "2025-03-01",
        "extra": {"licence_kind": "food_business"},
    }
    row.update(changes)
    return row


def _post(seeded: Seeded, path: str, body: Any) -> Any:
    return seeded.client.post(path, json=body, headers=seeded.auth("agency"))


def _records(seeded: Seeded) -> dict[str, Any]:
    found = seeded.client.get(f"/v1/subjects/{CODE}/records", headers=seeded.auth("auditor"))
    if found.status_code == 404:
        return {}
    return {i["record"]["source_record_id"]: i["record"] for i in found.json()["items"]}


def test_nul_bytes_and_over_long_values_are_refused_naming_row_and_field(seeded: Seeded) -> None:
    cases = [
        (_row("nul-facts", facts="a\x00b"), "facts"),
        (_row("nul-name", subject_name="深圳\x00"), "subject_name"),
        (_row("nul-extra", extra={"licence_kind": "food\x00"}), "extra.licence_kind"),
        (_row("x" * 129), "rows.1.source_record_id"),
        (_row("long-name", subject_name="名" * 501), "rows.1.subject_name"),
    ]
    for bad, field in cases:
        response = _post(seeded, "/v1/records/batch", {"rows": [_row("fine-1"), bad]})
        assert response.status_code == 422, (field, response.text)
        details = response.json()["error"]["details"]
        assert [(d["field"], d["row"]) for d in details] == [(field, 2)], details
    assert "fine-1" not in _records(seeded)  # nothing of any batch was stored
    nul_subject = seeded.client.post(
        "/v1/decisions", json={"subject": "9144\x00", "action": "bond_issuance"}
    )
    assert nul_subject.status_code == 422


def test_a_correction_of_a_missing_record_is_refused(seeded: Seeded) -> None:
    response = _post(seeded, "/v1/records/corrections", {"rows": [_row("never-stored")]})
    assert response.status_code == 409
    (detail,) = response.json()["error"]["details"]
    assert (detail["field"], detail["row"]) == ("source_record_id", 1)
    assert "no stored record" in detail["reason"]
    assert "never-stored" not in _records(seeded)


def test_conflicting_corrections_in_one_batch_are_refused(seeded: Seeded) -> None:
    assert _post(seeded, "/v1/records", _row("to-correct")).status_code == 200
    first = _row("to-correct", subject_name="深圳市第一更正有限公司")
    second = _row("to-correct", subject_name="深圳市第二更正有限公司")
    refused = _post(seeded, "/v1/records/corrections", {"rows": [first, second]})
    assert refused.status_code == 409
    (detail,) = refused.json()["error"]["details"]
    assert detail["row"] == 2
    assert "rows 1 and 2" in detail["reason"]
    assert _records(seeded)["to-correct"]["subject_name"] == "深圳市另一示例有限公司"
    same_twice = _post(seeded, "/v1/records/corrections", {"rows": [first, first]})
    assert same_twice.json()["corrected"] == 1
    assert _records(seeded)["to-correct"]["subject_name"] == "深圳市第一更正有限公司"


def test_openapi_marks_public_operations_and_documents_400(seeded: Seeded) -> None:
    document = seeded.client.get("/openapi.json").json()
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    seen = 0
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            allowed, _request = MATRIX[(method.upper(), path)]
            expected = [] if allowed == EVERYONE else [{"HTTPBearer": []}]
            assert operation["security"] == expected, (method, path)
            if path.startswith("/v1"):
                assert "400" in operation["responses"], (method, path)
            seen += 1
    assert seen > 30


def test_a_wrong_auth_scheme_is_401_with_www_authenticate(seeded: Seeded) -> None:
    for header in ("Basic dXNlcjpwYXNz", "Token abc", "Bearer", "pc_abc_def"):
        response = seeded.client.get("/v1/policy", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["error"]["code"] == "unauthenticated"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_last_admin_key_cannot_be_revoked(seeded: Seeded) -> None:
    admin = seeded.auth("admin")
    keys = seeded.client.get("/v1/keys", headers=admin).json()
    live = [k["key_id"] for k in keys if k["role"] == "admin" and not k["revoked_at"]]
    assert len(live) == 1
    refused = seeded.client.delete(f"/v1/keys/{live[0]}", headers=admin)
    assert refused.status_code == 409
    assert "last live admin key" in refused.json()["error"]["message"]
    created = seeded.client.post(
        "/v1/keys", json={"role": "admin", "label": "second"}, headers=admin
    )
    second = created.json()
    assert seeded.client.delete(f"/v1/keys/{live[0]}", headers=admin).status_code == 200
    seeded.tokens["admin"] = second["token"]
    again = seeded.client.delete(
        f"/v1/keys/{second['key']['key_id']}", headers=seeded.auth("admin")
    )
    assert again.status_code == 409
