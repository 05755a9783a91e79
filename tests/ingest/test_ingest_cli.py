"""The command line, end to end on both databases: init → ingest → assess --db → sweep → verify."""

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
    folder = tmp_path_factory.mktemp("ingest-cli")
    config = SynthConfig(entities=10, records_per_entity=30, end=date(2026, 5, 31), seed=8)
    return write(config, folder, "jsonl").path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def test_init_ingest_assess_sweep_verify(records_file: Path, db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert run("init", *store)[0] == 0
    code, out = run(
        "ingest", str(records_file), *store, "--as-of", "2026-06-01", "--legacy-listings", "--json"
    )
    summary = json.loads(out)
    lines = records_file.read_text(encoding="utf-8").splitlines()
    assert code == 0
    assert summary["committed"]
    assert summary["stored"] == len(lines)
    subject = json.loads(lines[0])["subject_id"]

    code, out = run("assess", *store, "--subject", subject, "--as-of", "2026-06-01", "--json")
    from_db = json.loads(out)
    code_file, out_file = run("assess", "--records", str(records_file), "--subject", subject,
                              "--as-of", "2026-06-01", "--json")  # fmt: skip
    assert code == code_file == 0
    assert from_db == json.loads(out_file)  # the store gives the file's answer

    code, out = run("check", *store, "--subject", subject, "--action", "public_procurement_bid",
                    "--as-of", "2026-06-01", "--json")  # fmt: skip
    assert json.loads(out)["subject"] == subject
    assert code in (0, 1)

    code, out = run("sweep", *store, "--as-of", "2030-01-01", "--json")
    assert code == 0
    assert json.loads(out)["reassessed"] >= 1
    code, out = run("verify", *store, "--json")
    assert code == 0
    assert json.loads(out)["ok"]

    code, out = run(
        "ingest", str(records_file), *store, "--as-of", "2026-06-01", "--legacy-listings", "--json"
    )
    assert code == 0
    assert json.loads(out)["unchanged"] == len(lines)


def test_bad_file_exit_3_with_report(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    run("init", *store)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"agency": "samr-440300"}\nnot json\n', encoding="utf-8")
    report = tmp_path / "report.csv"
    code, out = run("ingest", str(bad), *store, "--report", str(report), "--json")
    assert code == 3
    assert not json.loads(out)["committed"]
    assert json.loads(out)["rejected"] == 2
    assert len(report.read_text(encoding="utf-8").splitlines()) > 2


def test_assess_db_unknown_subject_and_both_sources(
    records_file: Path, db_url: str, tmp_path: Path
) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    run("init", *store)
    code, _ = run("assess", *store, "--subject", "91440300MA5FTEST01", "--as-of", "2026-06-01")
    assert code == 5
    code, _ = run("assess", *store, "--records", str(records_file), "--as-of", "2026-06-01")
    assert code == 3
