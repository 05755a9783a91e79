"""Screening receipts: signed, naming the ledger version read; checked by the API and the
CLI; a changed receipt, or one checked against a rewritten ledger, fails."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from screening_store import Store
from typer.testing import CliRunner

from publiccredit.cli import app as cli
from publiccredit.ledger.heads import key_id
from publiccredit.store import nodestore
from publiccredit.store.keyfiles import load_signing_key
from publiccredit.store.schema import subjects

runner = CliRunner()
STRANGER = "乌鲁木齐市龘靐齉齾科技有限公司"


@pytest.fixture(scope="module")
def name(store: Store) -> str:
    with store.engine.connect() as conn:
        found = conn.execute(
            sa.select(subjects.c.name)
            .where(subjects.c.subject_key.like("91%"))
            .order_by(subjects.c.subject_key)
        ).scalar()
    assert found
    return str(found)


def _receipt(client: TestClient, names: dict[str, str]) -> dict[str, Any]:
    queries = {qid: {"schema": "Company", "properties": {"name": [n]}} for qid, n in names.items()}
    response = client.post("/v1/match", params={"receipt": "true"}, json={"queries": queries})
    assert response.status_code == 200, response.text
    receipt: dict[str, Any] = response.json()["receipt"]
    return receipt


def _check(client: TestClient, receipt: Any) -> dict[str, Any]:
    response = client.post("/v1/match/receipts/verify", json={"receipt": receipt})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_receipt_names_the_ledger_version_and_verifies(
    client: TestClient, store: Store, name: str
) -> None:
    receipt = _receipt(client, {"hit": name, "clean": STRANGER})
    with store.engine.connect() as conn:
        size = nodestore.ledger_size(conn)
        root = nodestore.root_at(conn, size).hex()
    assert receipt["tree"] == {"size": size, "root_hex": root}
    assert receipt["key_id"] == key_id(load_signing_key(store.config.data_dir).public_key())
    assert receipt["queries"]["hit"]["matches"]
    assert receipt["queries"]["clean"]["matches"] == []  # "no hit against version V"
    assert len(receipt["queries"]["clean"]["query_sha256"]) == 64
    assert name not in json.dumps(receipt, ensure_ascii=False)
    assert _check(client, receipt) == {"valid": True, "problems": []}


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r: r["queries"]["clean"]["matches"].append("91440300MA5F00000X"),
        lambda r: r.update(issued_at="2020-01-01T00:00:00.000000Z"),
        lambda r: r["tree"].update(size=r["tree"]["size"] - 1),
        lambda r: r.update(signature_hex="00" * 64),
        lambda r: r.pop("key_id"),
    ],
)
def test_a_changed_receipt_fails(client: TestClient, name: str, tamper: Any) -> None:
    receipt = _receipt(client, {"hit": name, "clean": STRANGER})
    changed = copy.deepcopy(receipt)
    tamper(changed)
    result = _check(client, changed)
    assert result["valid"] is False
    assert result["problems"]


def test_the_cli_saves_and_verifies_a_receipt(store: Store, name: str, tmp_path: Path) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(f"name\n{name}\n{STRANGER}\n", encoding="utf-8")
    receipt = tmp_path / "receipt.json"
    args = ["--db", store.url, "--data-dir", str(store.config.data_dir)]
    result = runner.invoke(cli, ["screen", str(listing), "--receipt", str(receipt), *args])
    assert result.exit_code == 0, result.output
    saved = json.loads(receipt.read_text(encoding="utf-8"))
    assert sorted(saved["queries"]) == ["1", "2"]
    checked = runner.invoke(cli, ["receipt", "verify", str(receipt), *args])
    assert checked.exit_code == 0, checked.output
    assert "Valid" in checked.stdout
    saved["queries"]["2"]["matches"] = ["91440300MA5F00000X"]
    receipt.write_text(json.dumps(saved), encoding="utf-8")
    refused = runner.invoke(cli, ["receipt", "verify", str(receipt), *args])
    assert refused.exit_code == 1
    assert "signature does not verify" in refused.output
    receipt.write_text("not json", encoding="utf-8")
    assert runner.invoke(cli, ["receipt", "verify", str(receipt), *args]).exit_code == 3
