"""Consent through the CLI and the service, on SQLite AND PostgreSQL: grant, read (logged),
revoke, read refused, expiry refused."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from procedures_helpers import COMPANY, OTHER
from procedures_store import PENALTY, REGISTRATION, records_file, run, run_json
from sqlalchemy.engine import Engine

from publiccredit.store.schema import access_log, consents, events

BANK = "bank-of-tests"


def test_grant_read_revoke_refuse(engine: Engine, db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    file = records_file(tmp_path, "records.jsonl", REGISTRATION, PENALTY)
    assert run_json("ingest", str(file), *store, "--as-of", "2026-03-01")["stored"] == 2

    code, _, err = run("consent", "grant", *store, "--subject", COMPANY, "--institution", BANK,
                       "--purpose", "loan", "--until", "2026-06-01", "--as", OTHER)  # fmt: skip
    assert code == 2  # there is no --as: only the subject grants its own consent
    granted = run_json("consent", "grant", *store, "--subject", COMPANY, "--institution", BANK,
                       "--purpose", "working-capital loan", "--from", "2026-03-01",
                       "--until", "2026-04-01", "--at", "2026-03-01")  # fmt: skip
    consent_id = granted["id"]

    code, out, _ = run("consent", "read", *store, "--institution", BANK, "--subject", COMPANY,
                       "--what", "loan review", "--at", "2026-03-10")  # fmt: skip
    assert code == 0
    view = json.loads(out)
    assert view["consent_id"] == consent_id
    assert {r["source_record_id"] for r in view["records"]} == {"REG", "P-1"}
    assert view["assessment"]["subject"]["id"] == COMPANY
    code, _, _ = run("consent", "read", *store, "--institution", "other-bank",
                     "--subject", COMPANY, "--at", "2026-03-10")  # fmt: skip
    assert code == 7
    code, _, err = run("consent", "read", *store, "--institution", BANK, "--subject", COMPANY,
                       "--at", "2026-04-02")  # fmt: skip
    assert code == 7  # expired
    assert "no consent" in err

    revoked = run_json("consent", "revoke", consent_id, *store, "--at", "2026-03-15")
    assert revoked["revoked_at"].startswith("2026-03-15")
    code, _, _ = run("consent", "read", *store, "--institution", BANK, "--subject", COMPANY,
                     "--at", "2026-03-16")  # fmt: skip
    assert code == 7  # revoked
    code, _, _ = run("consent", "revoke", consent_id, *store, "--at", "2026-03-17")
    assert code == 8  # revoking twice

    listed = run_json("consent", "list", *store, "--subject", COMPANY)
    assert [c["id"] for c in listed["consents"]] == [consent_id]
    with engine.connect() as conn:
        logged = conn.execute(sa.select(access_log.c.actor, access_log.c.consent_id)).all()
        kinds = list(conn.execute(sa.select(events.c.kind).order_by(events.c.seq)).scalars())
        row = conn.execute(sa.select(consents.c.revoked_at)).scalar_one()
    assert logged == [(BANK, consent_id)]  # one read, under its consent; refusals read nothing
    assert kinds[-2:] == ["consent.granted", "consent.revoked"]
    assert row is not None
