"""The watch list page through the portal (SQLite AND PostgreSQL): sign in, add companies
(a bad code refuses the whole form, naming it), see alerts with their legal basis and repair
date, stop watching; CSRF as on every own-area form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from html import escape
from typing import Any

import pytest
import web_seed
from fastapi.testclient import TestClient

from monitoring_data import penalty
from publiccredit.store.db import make_engine
from publiccredit.store.keys import create_key

seeded = web_seed.seeded
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGE = "/portal/me/watch?lang=en"
BAD = "91440300XXXXXXXXX1"


@pytest.fixture
def client(seeded: Any) -> Iterator[TestClient]:
    with TestClient(seeded.client.app, raise_server_exceptions=False) as fresh:
        yield fresh


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "the page has no CSRF field"
    return found.group(1)


def _signed_in(seeded: Any, client: TestClient) -> str:
    engine = make_engine(seeded.config.db_url)
    with engine.begin() as conn:
        _, token = create_key(conn, "subject", subject_key=seeded.entity, label="watch page")
    engine.dispose()
    form = client.get("/portal/me/sign-in?lang=en")
    done = client.post("/portal/me/sign-in?lang=en",
                       data={"key": token, "csrf_token": _csrf(form.text)},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    return token


def _post(client: TestClient, action: str, fields: dict[str, str]) -> Any:
    token = _csrf(client.get(PAGE).text)
    return client.post(action, data={**fields, "csrf_token": token}, follow_redirects=False)


def test_watch_add_alert_and_remove_on_the_portal(seeded: Any, client: TestClient) -> None:
    assert client.get(PAGE, follow_redirects=False).status_code == 303, "sign in first"
    token = _signed_in(seeded, client)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "You do not watch any company yet." in page.text
    assert page.headers["cache-control"].startswith("no-store")

    refused = _post(client, PAGE, {"subjects": f"{seeded.consented}\n{BAD}"})
    assert refused.status_code == 422
    assert BAD in refused.text
    assert "check character" in refused.text
    assert "You do not watch any company yet." in refused.text, "nothing was added"

    no_token = client.post(PAGE, data={"subjects": seeded.consented}, follow_redirects=False)
    assert no_token.status_code == 403, "a form without its CSRF token is refused"

    added = _post(client, PAGE, {"subjects": seeded.consented})
    assert added.status_code == 303
    shown = client.get(added.headers["location"]).text
    assert "1 company(ies) added." in shown
    assert seeded.consented in shown
    assert "No alerts yet." in shown

    decided = date.today() - timedelta(days=10)
    row = penalty(seeded.consented, "portal-watch-1", decided)
    stored = seeded.client.post("/v1/records", json=row, headers=seeded.auth("agency"))
    assert stored.is_success, stored.text
    mine = seeded.client.get("/v1/changes", headers={"Authorization": f"Bearer {token}"}).json()
    published = next(c for c in mine["items"] if c["item"].endswith("/portal-watch-1"))
    alerts = client.get(PAGE).text
    assert "Record published" in alerts
    assert escape(published["legal_basis"]) in alerts
    assert "record:samr-440300/portal-watch-1" in alerts

    action = f"/portal/me/watch/{seeded.consented}/remove?lang=en"
    assert escape(action) in alerts
    removed = _post(client, action, {})
    assert removed.status_code == 303
    after = client.get(removed.headers["location"]).text
    assert "The company is no longer watched." in after
    assert "You do not watch any company yet." in after
    assert _post(client, action, {}).status_code == 404
