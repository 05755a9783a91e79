"""The authorisation matrix: every role × every route, allowed or denied.

``MATRIX`` has one row per (method, path) of the app. A new route without a
row fails ``test_every_route_has_a_row``: whoever adds an endpoint must decide
who may call it. "Allowed" means the answer is neither 401 nor 403 (it may
still be 404 or 422 for the sample request); "denied" means 403.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from conftest import AGENCY, Seeded

ROLES = ("public", "agency", "subject", "institution", "auditor", "admin")
EVERYONE = frozenset(ROLES)
CASE_READERS = frozenset({"agency", "subject", "auditor", "admin"})
KEYED = EVERYONE - {"public"}
NO_RECORD = {"agency": AGENCY, "source_record_id": "matrix-no-such-record"}


def _license_row(seeded: Seeded) -> dict[str, Any]:
    return {
        "agency": AGENCY,
        "source_record_id": "matrix-licence-1",
        "record_type": "admin_license",
        "subject_kind": "entity",
        "subject_id": seeded.entity,
        "decided_on": date.today().isoformat(),
        "extra": {"licence_kind": "food_business"},
    }


Request = Callable[[Seeded], dict[str, Any]]

MATRIX: dict[tuple[str, str], tuple[frozenset[str], Request]] = {
    ("GET", "/healthz"): (EVERYONE, lambda s: {"url": "/healthz"}),
    ("GET", "/readyz"): (EVERYONE, lambda s: {"url": "/readyz"}),
    ("GET", "/openapi.json"): (EVERYONE, lambda s: {"url": "/openapi.json"}),
    ("GET", "/docs"): (EVERYONE, lambda s: {"url": "/docs"}),
    ("GET", "/docs/oauth2-redirect"): (EVERYONE, lambda s: {"url": "/docs/oauth2-redirect"}),
    ("GET", "/redoc"): (EVERYONE, lambda s: {"url": "/redoc"}),
    ("GET", "/v1/subjects"): (EVERYONE, lambda s: {"url": "/v1/subjects?q=a"}),
    ("GET", "/v1/subjects/{subject_key}"): (
        EVERYONE,
        lambda s: {"url": f"/v1/subjects/{s.entity}"},
    ),
    ("GET", "/v1/subjects/{subject_key}/assessment"): (
        EVERYONE,
        lambda s: {"url": f"/v1/subjects/{s.entity}/assessment"},
    ),
    ("GET", "/v1/subjects/{subject_key}/records"): (
        EVERYONE,
        lambda s: {"url": f"/v1/subjects/{s.entity}/records"},
    ),
    ("POST", "/v1/subjects/{subject_key}/what-if"): (
        frozenset({"subject", "auditor", "admin"}),
        lambda s: {"url": f"/v1/subjects/{s.entity}/what-if", "json": {}},
    ),
    ("POST", "/v1/match"): (
        EVERYONE,
        lambda s: {
            "url": "/v1/match",
            "json": {"queries": {"q": {"schema": "Company", "properties": {"name": ["阿宝"]}}}},
        },
    ),
    ("POST", "/v1/match/receipts/verify"): (
        EVERYONE,
        lambda s: {"url": "/v1/match/receipts/verify", "json": {"receipt": {}}},
    ),
    ("POST", "/v1/decisions"): (
        EVERYONE,
        lambda s: {
            "url": "/v1/decisions",
            "json": {"subject": s.entity, "action": "public_procurement_bid"},
        },
    ),
    ("POST", "/v1/decisions/batch"): (
        EVERYONE,
        lambda s: {
            "url": "/v1/decisions/batch",
            "json": {"subjects": [s.entity], "action": "public_procurement_bid"},
        },
    ),
    ("POST", "/v1/decisions/persons"): (
        frozenset({"agency", "auditor", "admin"}),
        lambda s: {
            "url": "/v1/decisions/persons",
            "json": {"id_number": "11010519491231002X", "action": "high_consumption"},
        },
    ),
    ("POST", "/v1/records"): (
        frozenset({"agency"}),
        lambda s: {"url": "/v1/records", "json": _license_row(s)},
    ),
    ("POST", "/v1/records/batch"): (
        frozenset({"agency"}),
        lambda s: {"url": "/v1/records/batch", "json": {"rows": [_license_row(s)]}},
    ),
    ("POST", "/v1/records/corrections"): (
        frozenset({"agency"}),
        lambda s: {"url": "/v1/records/corrections", "json": {"rows": [_license_row(s)]}},
    ),
    ("POST", "/v1/records/{agency}/{source_record_id}/revocation"): (
        frozenset({"agency"}),
        lambda s: {
            "url": f"/v1/records/{AGENCY}/no-such-record/revocation",
            "json": {"on": "2024-01-01", "reason": "quashed on review"},
        },
    ),
    ("GET", "/v1/cases"): (CASE_READERS, lambda s: {"url": "/v1/cases"}),
    ("GET", "/v1/cases/overdue"): (
        frozenset({"auditor", "admin"}),
        lambda s: {"url": "/v1/cases/overdue"},
    ),
    ("GET", "/v1/cases/{case_id}"): (CASE_READERS, lambda s: {"url": "/v1/cases/OBJ-none"}),
    ("POST", "/v1/cases/listings"): (
        frozenset({"agency"}),
        lambda s: {
            "url": "/v1/cases/listings",
            "json": {"list_id": "no_such_list", "subject": s.entity, "facts": "matrix"},
        },
    ),
    ("POST", "/v1/cases/objections"): (
        frozenset({"agency", "subject"}),
        lambda s: {
            "url": "/v1/cases/objections",
            "json": {"grounds": "matrix", "evidence": ["e"], "record": NO_RECORD},
        },
    ),
    ("POST", "/v1/cases/repairs"): (
        frozenset({"subject"}),
        lambda s: {"url": "/v1/cases/repairs", "json": {"records": [NO_RECORD]}},
    ),
    ("POST", "/v1/cases/removals"): (
        frozenset({"subject"}),
        lambda s: {"url": "/v1/cases/removals", "json": {"listing": NO_RECORD}},
    ),
    ("POST", "/v1/cases/{case_id}/actions"): (
        frozenset({"agency", "subject"}),
        lambda s: {"url": "/v1/cases/OBJ-none/actions", "json": {"action": "accept"}},
    ),
    ("POST", "/v1/cases/{case_id}/decision"): (
        frozenset({"agency"}),
        lambda s: {"url": "/v1/cases/OBJ-none/decision", "json": {"outcome": "upheld"}},
    ),
    ("POST", "/v1/cases/{case_id}/extensions"): (
        frozenset({"agency"}),
        lambda s: {
            "url": "/v1/cases/OBJ-none/extensions",
            "json": {"working_days": 5, "reason": "matrix"},
        },
    ),
    ("GET", "/v1/consents"): (
        frozenset({"subject", "institution", "auditor", "admin"}),
        lambda s: {"url": "/v1/consents"},
    ),
    ("POST", "/v1/consents"): (
        frozenset({"subject"}),
        lambda s: {
            "url": "/v1/consents",
            "json": {
                "institution": "Matrix Bank",
                "purpose": "matrix",
                "valid_from": "2030-01-02T00:00:00Z",
                "valid_until": "2030-01-01T00:00:00Z",
            },
        },
    ),
    ("POST", "/v1/consents/{consent_id}/revocation"): (
        frozenset({"subject"}),
        lambda s: {"url": "/v1/consents/CNS-none/revocation"},
    ),
    ("GET", "/v1/consents/{consent_id}/full"): (
        frozenset({"institution"}),
        lambda s: {"url": "/v1/consents/CNS-none/full"},
    ),
    ("GET", "/v1/lists"): (EVERYONE, lambda s: {"url": "/v1/lists"}),
    ("GET", "/v1/lists/{list_id}"): (EVERYONE, lambda s: {"url": "/v1/lists/abnormal_operations"}),
    ("GET", "/v1/lists/{list_id}/download"): (
        EVERYONE,
        lambda s: {"url": "/v1/lists/abnormal_operations/download?format=csv"},
    ),
    ("GET", "/v1/transparency/head"): (EVERYONE, lambda s: {"url": "/v1/transparency/head"}),
    ("GET", "/v1/transparency/inclusion"): (
        EVERYONE,
        lambda s: {"url": "/v1/transparency/inclusion?seq=1"},
    ),
    ("GET", "/v1/transparency/consistency"): (
        EVERYONE,
        lambda s: {"url": "/v1/transparency/consistency?from=1"},
    ),
    ("GET", "/v1/transparency/public-key"): (
        EVERYONE,
        lambda s: {"url": "/v1/transparency/public-key"},
    ),
    ("GET", "/v1/policy"): (EVERYONE, lambda s: {"url": "/v1/policy"}),
    ("GET", "/v1/statistics"): (EVERYONE, lambda s: {"url": "/v1/statistics"}),
    ("GET", "/v1/keys"): (frozenset({"admin"}), lambda s: {"url": "/v1/keys"}),
    ("POST", "/v1/keys"): (
        frozenset({"admin"}),
        lambda s: {"url": "/v1/keys", "json": {"role": "auditor", "label": "matrix"}},
    ),
    ("DELETE", "/v1/keys/{key_id}"): (
        frozenset({"admin"}),
        lambda s: {"url": "/v1/keys/0000000000000000"},
    ),
    ("GET", "/v1/access-log"): (
        frozenset({"auditor", "admin", "subject"}),
        lambda s: {"url": "/v1/access-log"},
    ),
    ("GET", "/v1/watchlists/me"): (KEYED, lambda s: {"url": "/v1/watchlists/me"}),
    ("POST", "/v1/watchlists/me"): (
        KEYED,
        lambda s: {"url": "/v1/watchlists/me", "json": {"subjects": [s.entity]}},
    ),
    ("PUT", "/v1/watchlists/me/{subject}"): (
        KEYED,
        lambda s: {"url": f"/v1/watchlists/me/{s.entity}"},
    ),
    ("DELETE", "/v1/watchlists/me/{subject}"): (
        KEYED,
        lambda s: {"url": f"/v1/watchlists/me/{s.entity}"},
    ),
    ("GET", "/v1/changes"): (KEYED, lambda s: {"url": "/v1/changes?since=0"}),
    ("GET", "/v1/webhooks"): (KEYED, lambda s: {"url": "/v1/webhooks"}),
    ("POST", "/v1/webhooks"): (
        KEYED,
        lambda s: {"url": "/v1/webhooks", "json": {"url": "https://hooks.example.com/matrix"}},
    ),
    ("GET", "/v1/webhooks/{webhook_id}/attempts"): (
        KEYED,
        lambda s: {"url": "/v1/webhooks/0000000000000000/attempts"},
    ),
    ("DELETE", "/v1/webhooks/{webhook_id}"): (
        KEYED,
        lambda s: {"url": "/v1/webhooks/0000000000000000"},
    ),
}


def app_routes(seeded: Seeded) -> set[tuple[str, str]]:
    """Every (method, path) the app serves (HEAD is GET's shadow)."""
    found = set()
    for route in seeded.client.app.routes:  # type: ignore[attr-defined]
        # FastAPI keeps an included router as one entry that expands to its routes.
        expand = getattr(route, "effective_route_contexts", None)
        for item in expand() if expand else [route]:
            for method in getattr(item, "methods", None) or ():
                if method != "HEAD":
                    found.add((method, item.path))
    return found


def test_every_route_has_a_row(seeded: Seeded) -> None:
    missing = app_routes(seeded) - set(MATRIX)
    assert not missing, f"routes without a row in the authorisation matrix: {sorted(missing)}"
    stale = set(MATRIX) - app_routes(seeded)
    assert not stale, f"matrix rows for routes that do not exist: {sorted(stale)}"


@pytest.mark.parametrize("route", sorted(MATRIX), ids="{0[0]} {0[1]}".format)
def test_each_role_is_allowed_or_denied(seeded: Seeded, route: tuple[str, str]) -> None:
    allowed, build = MATRIX[route]
    for role in ROLES:
        response = seeded.client.request(route[0], headers=seeded.auth(role), **build(seeded))
        assert response.status_code < 500, (role, response.text)
        if role in allowed:
            assert response.status_code not in (401, 403), (role, response.text)
        else:
            assert response.status_code == 403, (role, response.status_code, response.text)
            assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("role", "subject", "view"),
    [
        ("public", "entity", "public"),
        ("agency", "entity", "public"),
        ("subject", "entity", "full"),
        ("subject", "consented", "public"),
        ("institution", "entity", "public"),
        ("institution", "consented", "full"),
        ("auditor", "entity", "full"),
        ("admin", "entity", "full"),
    ],
)
def test_who_sees_the_full_record(seeded: Seeded, role: str, subject: str, view: str) -> None:
    key = getattr(seeded, subject)
    for path in ("", "/assessment", "/records"):
        response = seeded.client.get(f"/v1/subjects/{key}{path}", headers=seeded.auth(role))
        assert response.status_code == 200, response.text
        assert response.json()["view"] == view


def test_a_bad_token_is_refused_not_served_as_public(seeded: Seeded) -> None:
    for token in ("nonsense", "pc_abc_def", seeded.tokens["admin"] + "x"):
        response = seeded.client.get("/v1/policy", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthenticated"
