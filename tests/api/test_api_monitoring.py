"""Monitoring through the API (SQLite AND PostgreSQL): watch lists, the change feed from
records an agency submits and from an objection case, paging, webhooks with a real receiver."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from conftest import AGENCY, Seeded
from monitoring_data import Receiver, penalty
from publiccredit.api import create_app
from publiccredit.api.state import ApiSettings
from publiccredit.service.webhooks import deliver
from publiccredit.store.db import make_engine

BAD = "91440300XXXXXXXXX1"


def _feed(seeded: Seeded, role: str, since: str = "0", limit: int = 1000) -> dict[str, Any]:
    response = seeded.client.get(
        f"/v1/changes?since={since}&limit={limit}", headers=seeded.auth(role)
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_watch_list_is_checked_per_key_and_all_or_nothing(seeded: Seeded) -> None:
    bank = seeded.auth("institution")
    assert seeded.client.get("/v1/watchlists/me").status_code == 403, "the public has no list"
    bad = seeded.client.put(f"/v1/watchlists/me/{BAD}", headers=bank)
    assert bad.status_code == 422
    (problem,) = bad.json()["error"]["details"]
    assert problem["value"] == BAD
    assert "check character" in problem["reason"]
    many = seeded.client.post(
        "/v1/watchlists/me", json={"subjects": [seeded.listed, BAD]}, headers=bank
    )
    assert many.status_code == 422
    assert [(d["row"], d["value"]) for d in many.json()["error"]["details"]] == [(2, BAD)]
    assert seeded.client.get("/v1/watchlists/me", headers=bank).json()["count"] == 0

    added = seeded.client.put(f"/v1/watchlists/me/{seeded.listed.lower()}", headers=bank)
    assert added.json() == {"added": [seeded.listed], "count": 1}
    again = seeded.client.put(f"/v1/watchlists/me/{seeded.listed}", headers=bank)
    assert again.json() == {"added": [], "count": 1}
    (entry,) = seeded.client.get("/v1/watchlists/me", headers=bank).json()["items"]
    assert entry["subject"] == seeded.listed
    assert entry["name"], "the store knows the subject's name"
    other = seeded.client.get("/v1/watchlists/me", headers=seeded.auth("auditor"))
    assert other.json()["count"] == 0, "each key has its own list"
    gone = seeded.client.delete(f"/v1/watchlists/me/{seeded.listed}", headers=bank)
    assert gone.status_code == 204
    assert (
        seeded.client.delete(f"/v1/watchlists/me/{seeded.listed}", headers=bank).status_code == 404
    )


def test_records_and_an_objection_reach_the_feed_in_order_and_page_without_gaps(
    seeded: Seeded,
) -> None:
    watcher = "auditor"
    assert seeded.client.put(f"/v1/watchlists/me/{seeded.entity}", headers=seeded.auth(watcher))
    start = _feed(seeded, watcher)
    assert start["items"] == []
    assert start["next_cursor"] == "0"
    decided = date.today() - timedelta(days=20)
    row = penalty(seeded.entity, "mon-P-1", decided)
    stored = seeded.client.post("/v1/records", json=row, headers=seeded.auth("agency"))
    assert stored.status_code in (200, 201), stored.text
    after_record = _feed(seeded, watcher)["items"]
    published = [c for c in after_record if c["item"] == f"record:{AGENCY}/mon-P-1"]
    assert [(c["kind"], c["subject"]) for c in published] == [("record_published", seeded.entity)]
    assert published[0]["legal_basis"]
    assert published[0]["effective_on"] == decided.isoformat()

    objection = {
        "grounds": "The inspection concerned another company",
        "evidence": ["registry-extract.pdf"],
        "record": {"agency": AGENCY, "source_record_id": "mon-P-1"},
    }
    filed = seeded.client.post(
        "/v1/cases/objections", json=objection, headers=seeded.auth("subject")
    )
    assert filed.status_code == 201, filed.text
    since = after_record[-1]["id"]
    suspended = _feed(seeded, watcher, str(since))["items"]
    assert ("publication_ended", f"record:{AGENCY}/mon-P-1", "under_objection") in [
        (c["kind"], c["item"], c["detail"]) for c in suspended
    ]
    # The agency rejects the objection: the record is published again, an alert again.
    case_id = filed.json()["case"]["id"]
    decision = {"outcome": "rejected", "reasons": "The inspection report names this company"}
    decided_case = seeded.client.post(
        f"/v1/cases/{case_id}/decision", json=decision, headers=seeded.auth("agency")
    )
    assert decided_case.status_code == 200, decided_case.text
    again = _feed(seeded, watcher, str(suspended[-1]["id"]))["items"]
    assert ("record_published", f"record:{AGENCY}/mon-P-1") in [
        (c["kind"], c["item"]) for c in again
    ]

    everything = _feed(seeded, watcher)["items"]
    paged, cursor = [], "0"
    while True:
        page = _feed(seeded, watcher, cursor, limit=1)
        paged += page["items"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert paged == everything
    ids = [c["id"] for c in paged]
    assert ids == sorted(set(ids))
    assert _feed(seeded, watcher, cursor)["next_cursor"] == cursor
    bad = seeded.client.get("/v1/changes?since=abc", headers=seeded.auth(watcher))
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["field"] == "since"


def test_a_webhook_on_a_private_address_is_refused_unless_the_operator_allows_it(
    seeded: Seeded,
) -> None:
    owner = seeded.auth("auditor")
    for url in ("http://127.0.0.1:8080/hook", "http://localhost/hook", "https://10.1.2.3/x",
                "http://[::1]/hook", "http://169.254.169.254/latest"):  # fmt: skip
        refused = seeded.client.post("/v1/webhooks", json={"url": url}, headers=owner)
        assert refused.status_code == 422, url
        assert "public address" in refused.json()["error"]["details"][0]["reason"]
    public = seeded.client.post(
        "/v1/webhooks", json={"url": "https://hooks.example.com/credit"}, headers=owner
    )
    assert public.status_code == 201
    assert public.json()["secret"].startswith("whsec_")


def test_a_webhook_registered_through_the_api_is_signed_retried_and_recorded(
    seeded: Seeded,
) -> None:
    settings = ApiSettings(rate=1000.0, burst=100_000, webhooks_private=True)
    with TestClient(create_app(seeded.config, settings=settings)) as client:
        _signed_and_retried(seeded, client)


def _signed_and_retried(seeded: Seeded, client: TestClient) -> None:
    owner = seeded.auth("admin")
    secret = "a-shared-secret-of-the-bank"
    refused = client.post(
        "/v1/webhooks", json={"url": "ftp://example.org/", "secret": secret}, headers=owner
    )
    assert refused.status_code == 422
    with Receiver([503]) as receiver:
        made = client.post("/v1/webhooks", json={"url": receiver.url, "secret": secret},
                           headers=owner)  # fmt: skip
        assert made.status_code == 201, made.text
        hook = made.json()
        assert hook["secret"] == secret
        assert "secret" not in client.get("/v1/webhooks", headers=owner).json()["items"][0]
        client.put(f"/v1/watchlists/me/{seeded.consented}", headers=owner)
        row = penalty(seeded.consented, "mon-hook-1", date.today() - timedelta(days=5))
        assert client.post("/v1/records", json=row, headers=seeded.auth("agency")).is_success
        engine = make_engine(seeded.config.db_url)
        try:
            now = datetime.now(UTC)
            assert deliver(engine, now).failed == 1
            assert deliver(engine, now + timedelta(seconds=5)).waiting == 1
            assert deliver(engine, now + timedelta(seconds=31)).sent == 1
        finally:
            engine.dispose()
    (_, first, status_1), (headers, body, status_2) = receiver.requests
    assert (status_1, status_2, first) == (503, 200, body)
    assert Receiver.verify(secret, headers, body)
    attempts = client.get(f"/v1/webhooks/{hook['id']}/attempts", headers=owner).json()
    assert [(a["ok"], a["status_code"]) for a in attempts["items"]] == [(True, 200), (False, 503)]
    other = client.get(f"/v1/webhooks/{hook['id']}/attempts", headers=seeded.auth("auditor"))
    assert other.status_code == 404, "another key's webhook is not found"
    removed = client.delete(f"/v1/webhooks/{hook['id']}", headers=owner).json()
    assert removed["removed_at"] is not None


def test_a_granted_repair_is_an_alert_after_the_date_the_feed_announced(seeded: Seeded) -> None:
    watcher = seeded.auth("institution")
    assert seeded.client.put(f"/v1/watchlists/me/{seeded.entity}", headers=watcher).is_success
    today = date.today()
    fine = penalty(seeded.entity, "mon-repair-P", today - timedelta(days=200))
    paid = {
        "agency": AGENCY,
        "source_record_id": "mon-repair-OP",
        "record_type": "obligation_performed",
        "subject_kind": "entity",
        "subject_id": seeded.entity,
        "decided_on": (today - timedelta(days=190)).isoformat(),
        "refers_to": "mon-repair-P",
        "extra": {"what": "fine_paid"},
    }
    stored = seeded.client.post(
        "/v1/records/batch", json={"rows": [fine, paid]}, headers=seeded.auth("agency")
    )
    assert stored.status_code == 200, stored.text
    item = f"record:{AGENCY}/mon-repair-P"
    announced = next(c for c in _feed(seeded, "institution")["items"] if c["item"] == item)
    assert announced["kind"] == "record_published"
    assert announced["repair_possible_on"] is not None
    assert announced["repair_possible_on"] <= today.isoformat(), "repair is possible now"

    body = {
        "records": [{"agency": AGENCY, "source_record_id": "mon-repair-P"}],
        "proof": ["receipt.pdf"],
        "commitment": "We commit to keep faith and observe the law",
    }
    applied = seeded.client.post("/v1/cases/repairs", json=body, headers=seeded.auth("subject"))
    assert applied.status_code == 201, applied.text
    case_id = applied.json()["case"]["id"]
    agency = seeded.auth("agency")
    forwarded = seeded.client.post(
        f"/v1/cases/{case_id}/actions", json={"action": "forward"}, headers=agency
    )
    assert forwarded.status_code == 200, forwarded.text
    granted = seeded.client.post(
        f"/v1/cases/{case_id}/decision", json={"outcome": "granted"}, headers=agency
    )
    assert granted.status_code == 200, granted.text
    after = _feed(seeded, "institution", str(announced["id"]))["items"]
    assert ("repaired", item, "repaired") in [(c["kind"], c["item"], c["detail"]) for c in after]
