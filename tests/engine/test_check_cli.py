"""``publiccredit check CODE…`` fails closed (issue 12, point 1): file mode and the store
(SQLite and PostgreSQL through ``db_url``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.identifiers import uscc

runner = CliRunner()
LISTED = "91440300MA5FAKE01G"
"""A synthetic code (check character right) of an entity listed as a judgment defaulter."""
CLEAN = "91440300MA5FAKE02K"
"""A synthetic code with one harmless record."""
NOBODY = "91350100M000100Y43"
"""Valid, and in no file or store of these tests."""
PERSON = "440305199203150019"
"""A synthetic resident ID number (valid check digit)."""
REP = "440304198511070028"
"""A synthetic resident ID number: the listed entity's legal representative."""
ACTION = ["--action", "high_consumption", "--as-of", "2026-06-01"]


def _listing(subject_kind: str, subject_id: str, source: str) -> dict[str, object]:
    return {
        "agency": "court-440305",
        "source_record_id": source,
        "record_type": "judgment_default_listing",
        "subject_kind": subject_kind,
        "subject_id": subject_id,
        "subject_name": "周晓明" if subject_kind == "person" else "深圳市示例科技有限公司",
        "decided_on": "2026-01-05",
        "effective_from": "2026-01-05",
        "severity": "serious",
        "extra": {"ground": "able_but_refuses", "case_no": f"（2026）粤0305执{source}号"},
    }


@pytest.fixture
def records_file(tmp_path: Path) -> Path:
    rows = [
        _listing("entity", LISTED, "1"),
        _listing("person", PERSON, "2"),
        {
            "agency": "samr-440300",
            "source_record_id": "reg-1",
            "record_type": "registration",
            "subject_kind": "entity",
            "subject_id": LISTED,
            "subject_name": "深圳市示例科技有限公司",
            "decided_on": "2020-03-01",
            "extra": {
                "name": "深圳市示例科技有限公司",
                "legal_representative_name": "李明华",
                "legal_representative_id": REP,
                "status": "active",
            },
        },
        {
            "agency": "samr-440300",
            "source_record_id": "lic-1",
            "record_type": "admin_license",
            "subject_kind": "entity",
            "subject_id": CLEAN,
            "subject_name": "深圳市另一示例有限公司",
            "decided_on": "2025-03-01",
            "extra": {"licence_kind": "food_business"},
        },
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def _check(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = runner.invoke(app, ["check", *args, *ACTION, "--json"])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines, result.stderr


def _answers(source: list[str]) -> None:
    code, lines, _ = _check(*source, CLEAN)
    assert (code, [d["outcome"] for d in lines]) == (0, ["allowed"])
    code, lines, _ = _check(*source, LISTED.lower(), _full_width(CLEAN), NOBODY)
    assert code == 1
    assert [(d["subject"], d["outcome"], d["known"]) for d in lines] == [
        (LISTED, "restricted", True),
        (CLEAN, "allowed", True),
        (NOBODY, "unknown", False),
    ]
    code, lines, _ = _check(*source, NOBODY)
    assert (code, lines[0]["outcome"]) == (5, "unknown")
    code, lines, out = _check(*source, PERSON)
    assert code == 1
    assert lines[0]["subject"] == "440305********0019"
    assert PERSON not in out
    assert all(PERSON not in json.dumps(d) for d in lines)


def _refuses(source: list[str]) -> None:
    wrong = LISTED[:17] + ("0" if LISTED[17] != "0" else "1")
    code, lines, err = _check(*source, CLEAN, wrong, "hello")
    assert code == 3
    assert lines == []  # nothing decided
    assert "CODE 2" in err
    assert f"should be {uscc.calc_check_char(LISTED[:17])!r}" in err
    assert "CODE 3" in err
    assert "Traceback" not in err


def test_check_over_a_file_fails_closed(records_file: Path) -> None:
    _answers(["--records", str(records_file)])
    _refuses(["--records", str(records_file)])


def test_check_over_the_store_fails_closed(records_file: Path, db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path / "data")]
    assert runner.invoke(app, ["init", *store]).exit_code == 0
    ingest = runner.invoke(app, ["ingest", str(records_file), *store, "--as-of", "2026-06-01"])
    assert ingest.exit_code == 0, ingest.output
    _answers(store)
    _refuses(store)
    code, lines, out = _check(*store, REP)  # bound as the listed entity's legal representative
    assert (code, lines[0]["outcome"]) == (1, "restricted")
    assert lines[0]["subject"] == REP[:6] + "********" + REP[14:]
    assert REP not in out


def test_check_human_text_says_unknown(records_file: Path) -> None:
    result = runner.invoke(app, ["check", NOBODY, "--records", str(records_file), *ACTION])
    assert result.exit_code == 5
    assert "unknown" in result.stdout
