"""The ``synth`` and ``demo`` commands, run for real on small sizes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.cli.errors import exit_code_for
from publiccredit.errors import InvalidInput

runner = CliRunner()


def test_synth_writes_the_file_and_reports_json(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["synth", "--entities", "12", "--records-per-entity", "15", "--out", str(tmp_path),
         "--format", "jsonl", "--seed", "3", "--bad-rows", "2", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    lines = (tmp_path / "records.jsonl").read_bytes().splitlines()
    assert summary["records"] + summary["bad_rows"] == len(lines)
    assert summary["bad_rows"] == 2


def _refusal(args: list[str]) -> InvalidInput:
    """The deliberate error a command raised (``main`` turns it into exit code 3)."""
    result = runner.invoke(app, args)
    assert isinstance(result.exception, InvalidInput), result.output
    assert exit_code_for(result.exception) == 3
    return result.exception


def test_synth_refuses_a_bad_date_and_a_bad_format(tmp_path: Path) -> None:
    out = ["--out", str(tmp_path)]
    assert "--start" in str(_refusal(["synth", "--start", "2020-02-30", *out]))
    assert "xml" in str(_refusal(["synth", "--format", "xml", *out]))
    assert "end" in str(_refusal(["synth", "--start", "2024-01-01", "--end", "2023-01-01", *out]))
    assert not list(tmp_path.iterdir())


def test_demo_generates_reads_back_and_summarises(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out), "--entities", "15"])
    assert result.exit_code == 0, result.output
    assert (out / "records.csv").is_file()
    assert "Records by type" in result.stdout
    assert "registration" in result.stdout
    assert "about 15 entities" in result.stdout
