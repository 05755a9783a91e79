"""Monitoring through the real command line on both databases: keys → watch add (and a
bad file refused whole) → ingest → watch changes → webhooks add → deliver (fails, waits,
retries, succeeds) → sweep passes an end date and delivers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from monitoring_data import Receiver, penalty, uscc
from publiccredit.cli import app
from publiccredit.cli.errors import exit_code_for
from publiccredit.errors import InvalidInput, PublicCreditError

runner = CliRunner()
WATCHED, OTHER = uscc(2001), uscc(2002)


def run(*args: str, now: str = "2023-05-01T10:00:00+08:00") -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"PUBLICCREDIT_NOW": now})
    if isinstance(result.exception, PublicCreditError):
        return exit_code_for(result.exception), str(result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_watch_ingest_feed_webhook_and_sweep(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path / "data")]
    assert run("init", *store)[0] == 0
    code, out = run("keys", "create", "--role", "auditor", "--label", "bank", *store, "--json")
    assert code == 0
    key = str(json.loads(out)["key"]["key_id"])

    listed = tmp_path / "watch.csv"
    listed.write_text(f"uscc,name\n{WATCHED},Watched Co\n91440300XXXXXXXXX1,Bad\n", "utf-8")
    code, message = run("watch", "add", "--key", key, "--file", str(listed), *store)
    assert code == exit_code_for(InvalidInput("x"))
    assert str(listed) in message
    assert "row 2" in message
    assert "91440300XXXXXXXXX1" in message
    code, out = run("watch", "list", "--key", key, *store, "--json")
    assert lines(out) == [], "one bad row refuses the whole file"
    listed.write_text(f"uscc\n{WATCHED}\n# a comment\n", "utf-8")
    code, out = run("watch", "add", "--key", key, "--file", str(listed), *store, "--json")
    assert (code, json.loads(out)["added"]) == (0, [WATCHED])

    records = tmp_path / "records.jsonl"
    paid = {
        "agency": "samr-440300",
        "source_record_id": "CLI-1-PAID",
        "subject_kind": "entity",
        "record_type": "obligation_performed",
        "subject_id": WATCHED,
        "decided_on": "2022-07-01",
        "refers_to": "CLI-1",
        "extra": {"what": "fine_paid"},
    }
    rows = [penalty(WATCHED, "CLI-1", date(2022, 6, 1)), paid,
            penalty(OTHER, "CLI-2", date(2022, 6, 1))]  # fmt: skip
    records.write_text("".join(json.dumps(row) + "\n" for row in rows), "utf-8")
    code, out = run("ingest", str(records), *store, "--as-of", "2023-05-01", "--json")
    assert code == 0, out
    code, out = run("watch", "changes", "--key", key, *store, "--json")
    feed = lines(out)
    assert {c["subject"] for c in feed} == {WATCHED}
    published = {c["item"]: c for c in feed if c["kind"] == "record_published"}
    fine = published["record:samr-440300/CLI-1"]
    assert all(c["legal_basis"] for c in feed), "every change names its legal basis"
    # Minimum publication (3 months from 2022-06-01) has passed and the fine was paid.
    assert fine["repair_possible_on"] == "2022-09-01"

    with Receiver([500]) as receiver:
        code, out = run("webhooks", "add", "--url", receiver.url, "--key", key, *store, "--json")
        assert code == 0
        secret = str(json.loads(out)["secret"])
        # Registered after the ingest: the webhook starts with the changes after it.
        code, out = run("ingest", str(records), *store, "--as-of", "2023-05-01", "--json")
        code, out = run("assess", *store, "--subject", WATCHED, "--as-of", "2023-05-01", "--json")
        entry = next(r for r in json.loads(out)["records"] if r["source_record_id"] == "CLI-1")
        end = entry["end"]  # when publication ends by itself, under the pack's rule
        code, out = run("sweep", *store, "--as-of", end, "--json", now=f"{end}T09:00:00+08:00")
        assert code == 0, out
        assert len(receiver.requests) == 1, "the sweep delivers, and the receiver failed"
        code, out = run("webhooks", "deliver", *store, "--json", now=f"{end}T09:00:10+08:00")
        assert json.loads(out) == {"sent": 0, "failed": 0, "waiting": 1}, "backing off"
        code, out = run("webhooks", "deliver", *store, "--json", now=f"{end}T09:01:00+08:00")
        assert json.loads(out) == {"sent": 1, "failed": 0, "waiting": 0}
        code, out = run("webhooks", "deliver", *store, "--json", now=f"{end}T09:02:00+08:00")
        assert json.loads(out) == {"sent": 0, "failed": 0, "waiting": 0}, "nothing twice"

    (failed_headers, failed_body, failed), (headers, body, ok) = receiver.requests
    assert (failed, ok) == (500, 200)
    assert failed_body == body
    assert failed_headers["webhook-id"] == headers["webhook-id"]
    assert Receiver.verify(secret, headers, body)
    assert not Receiver.verify(secret, headers, body.replace(b"ended", b"ENDED"))
    delivered = json.loads(body)["changes"]
    assert ("publication_ended", "record:samr-440300/CLI-1", "ended", end) in [
        (c["kind"], c["item"], c["detail"], c["effective_on"]) for c in delivered
    ]
    code, out = run("webhooks", "list", *store, "--json")
    (hook,) = lines(out)
    assert hook["cursor"] == delivered[-1]["id"]
    assert hook["failures"] == 0
