"""Bad input gets the same clear errors on PostgreSQL as on SQLite (issue 12, point 5):
NUL characters and over-long ids and names are refused by validation, before the
database, naming file, row and field; nothing of the file is stored; no stack trace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publiccredit.cli import app

runner = CliRunner()
CODE = "91440300MA5FAKE02K"


def _row(source: str, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "agency": "samr-440300",
        "source_record_id": source,
        "record_type": "admin_license",
        "subject_kind": "entity",
        "subject_id": CODE,
        "subject_name": "深圳市另一示例有限公司",
        "decided_on": "2025-03-01",
        "extra": {"licence_kind": "food_business"},
    }
    row.update(changes)
    return row


BAD_ROWS = [
    (_row("nul-1", subject_name="深圳\x00公司"), "subject_name", "NUL"),
    (_row("x" * 129), "source_record_id", "at most 128"),
    (_row("long-agency", agency="samr-" + "4" * 70), "agency", "at most 64"),
    (_row("long-name", subject_name="名" * 501), "subject_name", "at most 500"),
    (_row("nul-extra", extra={"licence_kind": "food\x00business"}), "extra.licence_kind", "NUL"),
    (_row("nul-facts", facts="a\x00b"), "facts", "NUL"),
]


@pytest.mark.parametrize(("row", "field", "reason"), BAD_ROWS, ids=[f for _, f, _ in BAD_ROWS])
def test_unstorable_values_are_refused_before_the_database(
    db_url: str, tmp_path: Path, row: dict[str, object], field: str, reason: str
) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path / "data")]
    assert runner.invoke(app, ["init", *store]).exit_code == 0
    path = tmp_path / "records.jsonl"
    lines = [_row("fine-1"), row]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    result = runner.invoke(app, ["ingest", str(path), *store, "--as-of", "2026-06-01"])
    assert result.exit_code == 3, result.output
    message = result.stderr.replace("\n", " ")
    assert str(path) in message.replace(" ", "") or str(path) in message
    assert "row 2" in message
    assert f"field {field!r}" in message
    assert reason in message
    assert "Traceback" not in result.output
    check = runner.invoke(
        app, ["check", CODE, *store, "--action", "bond_issuance", "--as-of", "2026-06-01", "--json"]
    )
    assert json.loads(check.stdout)["outcome"] == "unknown"  # nothing stored


def test_conflicting_corrections_in_one_file_are_refused(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path / "data")]
    assert runner.invoke(app, ["init", *store]).exit_code == 0
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(_row("c-1"), ensure_ascii=False) + "\n", "utf-8")
    ingest = ["ingest", "--as-of", "2026-06-01", *store]
    assert runner.invoke(app, [*ingest, str(first)]).exit_code == 0
    fixes = tmp_path / "fixes.jsonl"
    rows = [
        _row("c-1", subject_name="深圳市甲有限公司"),
        _row("c-1", subject_name="深圳市乙有限公司"),
    ]
    fixes.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    result = runner.invoke(app, [*ingest, str(fixes), "--corrections"])
    assert result.exit_code != 0
    message = result.stderr.replace("\n", " ")
    assert "row 2" in message
    assert "rows 1 and 2" in message
    assert "Traceback" not in result.output
    assessed = runner.invoke(app, ["assess", *store, "--subject", CODE, "--as-of", "2026-06-01",
                                   "--json"])  # fmt: skip
    assert json.loads(assessed.stdout)["subject"]["name"] == "深圳市另一示例有限公司"
