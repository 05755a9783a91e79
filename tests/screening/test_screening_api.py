"""``POST /v1/match``: yente's request and answer shape, variants found, codes checked,
empty and malformed queries refused, every query in the access log."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from screening_store import Store

from publiccredit.identifiers.uscc import ALPHABET
from publiccredit.screening.scoring import DEFAULT_THRESHOLD
from publiccredit.store.schema import access_log, subjects


@pytest.fixture(scope="module")
def company(store: Store) -> tuple[str, str, str]:
    """A stored enterprise: key, name, region code."""
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(subjects.c.subject_key, subjects.c.name, subjects.c.region)
            .where(subjects.c.subject_key.like("91%"), subjects.c.name.like("%有限公司"))
            .order_by(subjects.c.subject_key)
        ).first()
    assert row is not None
    return row[0], row[1], row[2]


def _match(client: TestClient, queries: dict[str, Any], **params: Any) -> dict[str, Any]:
    response = client.post("/v1/match", json={"queries": queries}, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _company(properties: dict[str, list[str]]) -> dict[str, Any]:
    return {"schema": "Company", "properties": properties}


def test_an_exact_name_is_the_first_result_and_a_match(
    client: TestClient, company: tuple[str, str, str]
) -> None:
    key, name, _ = company
    body = _match(client, {"q1": _company({"name": [name]})})
    response = body["responses"]["q1"]
    assert response["status"] == 200
    best = response["results"][0]
    assert (best["id"], best["caption"], best["schema"], best["match"]) == (
        key,
        name,
        "Company",
        True,
    )
    assert best["score"] == 1.0
    assert best["properties"]["registrationNumber"] == [key]
    assert set(best["features"]) == {"trade_name", "industry", "region", "legal_form"}
    assert set(best["explanations"]) >= set(best["features"])
    assert body["threshold"] == DEFAULT_THRESHOLD


def test_variants_of_the_name_find_the_same_subject(
    client: TestClient, company: tuple[str, str, str]
) -> None:
    key, name, _ = company
    traditional = name.replace("贸", "貿").replace("电", "電").replace("业", "業") + ""
    swapped = name.replace("有限公司", "有限责任公司")
    body = _match(
        client,
        {
            "traditional": _company({"name": [traditional]}),
            "swapped": _company({"name": [swapped]}),
            "fullwidth": _company({"name": [name.replace("有限", " 有限 ")]}),
        },
    )
    for query_id, response in body["responses"].items():
        best = response["results"][0]
        assert best["id"] == key, query_id
        assert best["match"], query_id


def test_the_code_decides_and_a_mistyped_code_offers_the_stored_one(
    client: TestClient, company: tuple[str, str, str]
) -> None:
    key, _, _ = company
    wrong = key[:10] + next(c for c in ALPHABET if c != key[10]) + key[11:]
    body = _match(
        client,
        {
            "right": _company({"registrationNumber": [key.lower()]}),
            "wrong": _company({"registrationNumber": [wrong]}),
        },
    )
    right = body["responses"]["right"]
    assert right["results"][0]["id"] == key
    assert right["results"][0]["features"]["code"] == 1.0
    assert right["code_check"]["valid"] is True
    check = body["responses"]["wrong"]["code_check"]
    assert check["valid"] is False
    assert check["reasons"]
    assert key in check["nearby"]


def test_a_stranger_is_no_match(client: TestClient) -> None:
    body = _match(client, {"q": _company({"name": ["乌鲁木齐市龘靐齉齾科技有限公司"]})})
    assert not any(result["match"] for result in body["responses"]["q"]["results"])


def test_threshold_and_limit_are_honoured(
    client: TestClient, company: tuple[str, str, str]
) -> None:
    _, name, _ = company
    trade_only = {"q": _company({"name": [name[3:6]]})}
    body = _match(client, trade_only, threshold=0.0, limit=2)
    results = body["responses"]["q"]["results"]
    assert 1 <= len(results) <= 2
    assert all(result["match"] for result in results)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


@pytest.mark.parametrize(
    ("queries", "field"),
    [
        ({"q": _company({"name": [" "]})}, "queries.q"),
        ({"q": _company({"legalRepresentative": ["张三"]})}, "queries.q"),
        ({"q": {"schema": "Company", "properties": {"nmae": ["x"]}}}, "nmae"),
        ({"q": {"schema": "Person", "properties": {"name": ["x"]}}}, "schema"),
        ({}, "queries"),
    ],
)
def test_a_query_that_cannot_be_answered_is_refused(
    client: TestClient, queries: dict[str, Any], field: str
) -> None:
    response = client.post("/v1/match", json={"queries": queries})
    assert response.status_code == 422
    error = response.json()["error"]
    assert any(field in (detail["field"] or "") for detail in error["details"]), error


def test_every_query_is_in_the_access_log_without_its_text(
    client: TestClient, store: Store, company: tuple[str, str, str]
) -> None:
    key, name, _ = company
    with store.engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.max(access_log.c.id))).scalar() or 0
    queries = {
        "a": _company({"name": [name], "legalRepresentative": ["王小明"]}),
        "b": _company({"name": ["乌鲁木齐市龘靐齉齾科技有限公司"]}),
    }
    body = _match(client, queries)
    assert body["responses"]["a"]["not_compared"]["legalRepresentative"]
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                access_log.c.actor, access_log.c.role, access_log.c.subject_key, access_log.c.what
            )
            .where(access_log.c.id > before)
            .order_by(access_log.c.id)
        ).all()
    assert [(row.role, row.subject_key) for row in rows] == [("public", key), ("public", None)]
    assert rows[0].what.startswith("screen POST /v1/match a sha256:")
    assert all("王小明" not in row.what and name not in row.what for row in rows)
