"""Shared pieces of the procedure tests on a real store: records of the story, the CLI runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from procedures_helpers import COMPANY, SAMR
from typer.testing import CliRunner

from publiccredit.cli import app

runner = CliRunner()

REGISTRATION = {
    "agency": SAMR, "source_record_id": "REG", "record_type": "registration",
    "subject_kind": "entity", "subject_id": COMPANY, "decided_on": "2015-01-05",
    "extra": {"name": "测试程序有限公司", "legal_representative_name": "张测试",
              "legal_representative_id": "440301199001011234", "status": "active"},
}  # fmt: skip
PENALTY = {
    "agency": SAMR, "source_record_id": "P-1", "record_type": "admin_penalty",
    "subject_kind": "entity", "subject_id": COMPANY, "decided_on": "2025-10-10",
    "severity": "serious", "legal_basis": "Product Quality Law Art. 50",
    "facts": "Sold counterfeit goods", "amount": "200000",
    "extra": {"penalty_kinds": ["fine"], "procedure": "ordinary"},
}  # fmt: skip
"""A serious SAMR fine under Order 45 (minimum 3 months: repairable from 2026-01-10 once paid)."""
PAID = {
    "agency": SAMR, "source_record_id": "OP-1", "record_type": "obligation_performed",
    "subject_kind": "entity", "subject_id": COMPANY, "decided_on": "2026-10-20",
    "refers_to": "P-1", "extra": {"what": "fine_paid"},
}  # fmt: skip


def records_file(folder: Path, name: str, *rows: dict[str, Any]) -> Path:
    """A JSON Lines record file."""
    path = folder / name
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), "utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI: exit code, stdout, stderr."""
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> dict[str, Any]:
    """Run a ``--json`` command that must succeed; its document."""
    code, out, err = run(*args, "--json")
    assert code == 0, err + out
    value: dict[str, Any] = json.loads(out)
    return value
