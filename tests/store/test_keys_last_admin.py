"""``publiccredit keys revoke`` refuses to revoke the last live admin key (issue 12,
point 5), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from publiccredit.cli import app

runner = CliRunner()


def _create(store: list[str], role: str) -> str:
    result = runner.invoke(app, ["keys", "create", "--role", role, *store, "--json"])
    assert result.exit_code == 0, result.output
    key_id: str = json.loads(result.stdout)["key"]["key_id"]
    return key_id


def test_the_last_admin_key_cannot_be_revoked(db_url: str, tmp_path: Path) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path / "data")]
    assert runner.invoke(app, ["init", *store]).exit_code == 0
    first = _create(store, "admin")
    auditor = _create(store, "auditor")
    refused = runner.invoke(app, ["keys", "revoke", first, *store])
    assert refused.exit_code == 6
    assert "last live admin key" in refused.stderr.replace("\n", " ")
    assert "Traceback" not in refused.output
    assert runner.invoke(app, ["keys", "revoke", auditor, *store]).exit_code == 0
    second = _create(store, "admin")
    assert runner.invoke(app, ["keys", "revoke", first, *store]).exit_code == 0
    assert runner.invoke(app, ["keys", "revoke", second, *store]).exit_code == 6
    listed = runner.invoke(app, ["keys", "list", *store, "--json"])
    live = [k for k in map(json.loads, listed.stdout.splitlines()) if not k["revoked_at"]]
    assert [(k["key_id"], k["role"]) for k in live] == [(second, "admin")]
