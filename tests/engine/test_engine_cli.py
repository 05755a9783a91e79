"""``publiccredit assess`` / ``check`` over real synthetic files (docs/engine-cli.md)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.synth import SynthConfig, write

runner = CliRunner()


@pytest.fixture(scope="module")
def records_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("engine-cli")
    config = SynthConfig(entities=6, records_per_entity=40, end=date(2026, 5, 31), seed=3)
    return write(config, folder, "jsonl").path


def _subjects(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(dict.fromkeys(json.loads(line)["subject_id"] for line in lines))


def test_assess_json_one_line_per_subject(records_file: Path) -> None:
    result = runner.invoke(
        app, ["assess", "--records", str(records_file), "--as-of", "2026-06-01", "--json"]
    )
    assert result.exit_code == 0, result.output
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    subjects = _subjects(records_file)
    for document, subject in zip(documents, subjects, strict=True):
        if document["subject"]["kind"] == "entity":
            assert document["subject"]["id"] == subject
        else:  # a natural person's ID number is only ever shown masked
            assert document["subject"]["id"] == subject[:6] + "********" + subject[14:]
    assert {d["schema"] for d in documents} == {"publiccredit.assessment/1"}
    assert all(d["as_of"] == "2026-06-01" for d in documents)
    assert len(documents) == len(_subjects(records_file))


def test_assess_one_subject_human_text(records_file: Path) -> None:
    subject = _subjects(records_file)[0]
    result = runner.invoke(
        app,
        ["assess", "--records", str(records_file), "--as-of", "2026-06-01", "--subject", subject],
    )
    assert result.exit_code == 0, result.output
    assert subject in result.stdout
    assert "next change on" in result.stdout


def test_check_prints_decision(records_file: Path) -> None:
    subject = _subjects(records_file)[0]
    args = ["check", "--records", str(records_file), "--subject", subject]
    result = runner.invoke(
        app, [*args, "--action", "public_procurement_bid", "--as-of", "2026-06-01", "--json"]
    )
    decision = json.loads(result.stdout)
    assert decision["action"] == "public_procurement_bid"
    assert result.exit_code == (1 if decision["outcome"] == "restricted" else 0)


def test_unknown_action_lists_close_matches(records_file: Path) -> None:
    subject = _subjects(records_file)[0]
    result = runner.invoke(
        app,
        [
            "check",
            "--records",
            str(records_file),
            "--subject",
            subject,
            "--action",
            "public_procurement",
            "--as-of",
            "2026-06-01",
        ],
    )
    assert result.exit_code == 3
    assert "public_procurement_bid" in result.stderr
    assert "Traceback" not in result.output


def test_bad_rows_are_named_and_exit_3(tmp_path: Path) -> None:
    config = SynthConfig(
        entities=3, records_per_entity=20, end=date(2026, 5, 31), seed=4, bad_rows=3
    )
    path = write(config, tmp_path, "csv").path
    result = runner.invoke(app, ["assess", "--records", str(path), "--as-of", "2026-06-01"])
    assert result.exit_code == 3
    assert "row" in result.stderr
    assert str(path) in result.stderr.replace("\n", "")
    assert "Traceback" not in result.output


def test_bad_date_is_a_clear_error(records_file: Path) -> None:
    result = runner.invoke(app, ["assess", "--records", str(records_file), "--as-of", "June"])
    assert result.exit_code == 3
    assert "--as-of" in result.stderr
    assert "YYYY-MM-DD" in result.stderr
