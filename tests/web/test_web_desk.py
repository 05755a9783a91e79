"""The agency clerk's desk, used as a clerk would: sign in with an agency key, upload a record
file (a bad one is refused row by row with nothing stored), propose a listing, serve its
notice, try to decide too early, and see only the agency's own cases. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from test_web_report import COMPANY, SAMR, Store, _fine, store

from publiccredit.store.db import make_engine
from publiccredit.store.keys import create_key

__all__ = ["store"]

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _token(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "the page has no CSRF field"
    return found.group(1)


def _key(store: Store, agency: str) -> str:
    engine = make_engine(store.config.db_url)
    try:
        with engine.begin() as conn:
            return create_key(conn, "agency", label="desk test", agency=agency)[1]
    finally:
        engine.dispose()


def _count(store: Store) -> int:
    engine = make_engine(store.config.db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT count(*) FROM records")).scalar_one())
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def clerk(store: Store) -> TestClient:
    """A browser of its own, signed in as the company's market regulator's clerk."""
    client = TestClient(store.client.app, raise_server_exceptions=False)
    form = client.get("/portal/me/sign-in", params={"lang": "zh"})
    data = {"key": _key(store, SAMR), "csrf_token": _token(form.text)}
    signed = client.post("/portal/me/sign-in?lang=zh", follow_redirects=False, data=data)
    assert signed.status_code == 303
    assert signed.headers["location"].startswith("/portal/me/desk")
    return client


def _upload(client: TestClient, rows: list[dict[str, Any]], name: str = "batch.jsonl") -> Any:
    page = client.get("/portal/me/desk/upload", params={"lang": "en"})
    body = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows).encode("utf-8")
    return client.post("/portal/me/desk/upload?lang=en", data={"csrf_token": _token(page.text)},
                       files={"records": (name, body, "application/x-ndjson")})  # fmt: skip


def test_the_desk_shows_the_agencys_cases_and_overdue_deadlines(clerk: TestClient) -> None:
    page = clerk.get("/portal/me/desk", params={"lang": "zh"})
    assert page.status_code == 200
    assert "机关工作台" in page.text
    assert "广东省深圳市市场监督管理局" in page.text
    assert 'id="desk-overdue"' in page.text
    assert "信用修复" in page.text  # the repair case the agency decided in the seed
    assert (
        clerk.get("/portal/me", follow_redirects=False)
        .headers["location"]
        .startswith("/portal/me/desk")
    )


def test_a_bad_file_is_refused_row_by_row_and_nothing_is_stored(
    store: Store, clerk: TestClient
) -> None:
    before = _count(store)
    bad = {**_fine("D-BAD", 3, "general"), "decided_on": "2026-02-30"}
    other = {**_fine("D-OTHER", 3, "general"), "agency": "samr-110000"}
    answer = _upload(clerk, [_fine("D-OK", 3, "general"), bad, other])
    assert answer.status_code == 422
    assert "The file was not stored" in answer.text
    problems = answer.text.split('id="desk-upload-problems"')[1]
    assert "decided_on" in problems
    assert "2026-02-30" in problems
    assert "agency" in problems
    assert "samr-110000" in problems
    assert _count(store) == before


def test_a_good_file_is_stored(store: Store, clerk: TestClient) -> None:
    before = _count(store)
    answer = _upload(clerk, [_fine("D-GOOD-1", 3, "general"), _fine("D-SERIOUS", 2, "serious")])
    assert answer.status_code == 200, answer.text[-2000:]
    assert 'id="desk-upload-done"' in answer.text
    assert "Stored 2 records" in answer.text
    assert _count(store) == before + 2
    wrong = _upload(clerk, [_fine("D-X", 1, "general")], name="batch.exe")
    assert wrong.status_code == 422
    assert "Choose a .csv, .jsonl or .parquet file" in wrong.text


def test_a_listing_row_is_refused_and_points_to_the_listing_procedure(
    store: Store, clerk: TestClient
) -> None:
    before = _count(store)
    listing = {**_fine("D-AL", 3, "general"), "record_type": "abnormal_operation_listing",
               "severity": None, "extra": {"ground": "unreachable_address"}}  # fmt: skip
    listing = {k: v for k, v in listing.items() if v is not None}
    answer = _upload(clerk, [_fine("D-OK-2", 3, "general"), listing])
    assert answer.status_code == 422
    assert "The file was not stored" in answer.text
    problems = answer.text.split('id="desk-upload-problems"')[1]
    assert "abnormal_operation_listing" in problems
    assert "listing procedure" in problems
    assert _count(store) == before


def _propose(clerk: TestClient, **fields: str) -> Any:
    page = clerk.get("/portal/me/desk", params={"lang": "en"})
    data = {"list_id": "serious_illegal_dishonest", "subject": COMPANY, "facts": "屡次虚假宣传",
            "ground": "较重行政处罚，情节严重", "refers_to": "D-SERIOUS",
            "legal_basis": "市场监督管理严重违法失信名单管理办法 第二条",
            **fields, "csrf_token": _token(page.text)}  # fmt: skip
    return clerk.post("/portal/me/desk/listings?lang=en", data=data, follow_redirects=False)


def test_propose_serve_notice_and_a_too_early_decision_is_refused(clerk: TestClient) -> None:
    refused = _propose(clerk, refers_to="D-GOOD-1")  # a general fine cannot carry a serious listing
    assert refused.status_code == 422
    assert 'class="errors"' in refused.text
    opened = _propose(clerk)
    assert opened.status_code == 303, opened.text[-3000:]
    case_path = opened.headers["location"].split("?")[0]
    case = clerk.get(case_path, params={"lang": "en"})
    assert "proposed" in case.text
    serve = {"action": "serve-notice", "csrf_token": _token(case.text)}
    served = clerk.post(f"{case_path}/act?lang=en", follow_redirects=False, data=serve)
    assert served.status_code == 303
    case = clerk.get(case_path, params={"lang": "en"})
    assert "notice served" in case.text
    decide = {"outcome": "effective", "reasons": "x", "csrf_token": _token(case.text)}
    early = clerk.post(f"{case_path}/decide?lang=en", follow_redirects=False, data=decide)
    assert early.status_code == 422
    assert 'class="errors"' in early.text
    assert "notice served" in early.text  # the case did not move


def test_another_agencys_clerk_does_not_see_the_case_and_subjects_are_kept_out(
    store: Store, clerk: TestClient
) -> None:
    listed = clerk.get("/portal/me/desk", params={"lang": "en"}).text
    case_id = re.findall(r'href="/portal/me/desk/cases/([^"?]+)', listed)[-1]
    stranger = TestClient(store.client.app, raise_server_exceptions=False)
    form = stranger.get("/portal/me/sign-in")
    stranger.post("/portal/me/sign-in", data={"key": _key(store, "samr-110000"),
                                              "csrf_token": _token(form.text)})  # fmt: skip
    other = stranger.get(f"/portal/me/desk/cases/{case_id}")
    assert other.status_code in (403, 404)
    assert case_id not in stranger.get("/portal/me/desk").text
    anonymous = TestClient(store.client.app, raise_server_exceptions=False)
    assert anonymous.get("/portal/me/desk", follow_redirects=False).status_code == 303


def test_a_file_over_the_limit_is_refused_with_a_reason(
    clerk: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publiccredit.web import desk_upload

    monkeypatch.setattr(desk_upload, "DESK_MAX_BYTES", 100)
    answer = _upload(clerk, [_fine("D-BIG", 3, "general")] * 3)
    assert answer.status_code == 413
    assert "over 50 MB" in answer.text
