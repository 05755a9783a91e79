"""An ID number written into free text is refused at ingest, naming file, row and field
(issue 12, point 2), on SQLite and PostgreSQL; nothing of the file is stored."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from publiccredit.cli import app

runner = CliRunner()
NUMBER = "440304198511070028"
"""A synthetic resident ID number (valid check digit)."""


def test_an_id_number_in_facts_is_refused(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path / "data")]
    assert runner.invoke(app, ["init", *store]).exit_code == 0
    good = {
        "agency": "samr-440300",
        "source_record_id": "ok-1",
        "record_type": "admin_license",
        "subject_kind": "entity",
        "subject_id": "91440300MA5FAKE02K",
        "decided_on": "2025-03-01",
        "extra": {"licence_kind": "food_business"},
    }
    bad = {
        **good,
        "source_record_id": "pen-1",
        "record_type": "admin_penalty",
        "severity": "general",
        "facts": f"法定代表人（身份证{NUMBER}）拒不改正",
        "extra": {},
    }
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (good, bad)) + "\n")
    result = runner.invoke(app, ["ingest", str(path), *store, "--as-of", "2026-06-01"])
    assert result.exit_code == 3, result.output
    message = result.stderr.replace("\n", "")
    assert str(path) in message
    assert "row 1" not in message
    assert "row 2" in message
    assert "'facts'" in message
    assert NUMBER[:6] + "********" + NUMBER[14:] in message
    assert NUMBER not in result.output
    assert "Traceback" not in result.output
    check = runner.invoke(
        app, ["check", "91440300MA5FAKE02K", *store, "--action", "bond_issuance", "--as-of",
              "2026-06-01", "--json"],
    )  # fmt: skip
    assert json.loads(check.stdout)["outcome"] == "unknown"  # nothing of the file was stored


def test_an_id_number_in_extra_text_is_refused_naming_the_key(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path / "data")]
    assert runner.invoke(app, ["init", *store]).exit_code == 0
    row = {
        "agency": "samr-440300",
        "source_record_id": "commit-1",
        "record_type": "credit_commitment",
        "subject_kind": "entity",
        "subject_id": "91440300MA5FAKE02K",
        "decided_on": "2025-03-01",
        "extra": {"text": f"本人（{NUMBER}）承诺如实申报"},
    }
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    result = runner.invoke(app, ["ingest", str(path), *store, "--as-of", "2026-06-01"])
    assert result.exit_code == 3, result.output
    message = result.stderr.replace("\n", "")
    assert "'extra.text'" in message
    assert NUMBER not in result.output
