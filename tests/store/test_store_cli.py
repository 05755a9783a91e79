"""``init``, ``ledger …`` and ``verify`` through the real command line (SQLite data dir)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.cli.errors import exit_code_for
from publiccredit.errors import PublicCreditError
from publiccredit.ledger import merkle
from publiccredit.store.config import resolve
from publiccredit.store.events import append_events
from publiccredit.store.setup import open_store

runner = CliRunner()


def _run(*args: str, code: int = 0) -> str:
    """Run the CLI; a deliberate error's code comes from the CLI's one mapping."""
    result = runner.invoke(app, list(args))
    exit_code = result.exit_code
    if isinstance(result.exception, PublicCreditError):
        exit_code = exit_code_for(result.exception)
        return_text = str(result.exception)
    else:
        return_text = result.output
    assert exit_code == code, (result.output, result.exception)
    return return_text


@pytest.fixture
def data_dir(tmp_path: Path, make_event) -> Path:
    """An initialised data directory holding 30 events."""
    directory = tmp_path / "data"
    _run("init", "--data-dir", str(directory))
    engine = open_store(resolve(None, directory))
    with engine.begin() as conn:
        append_events(conn, [make_event(i) for i in range(30)])
    engine.dispose()
    return directory


def test_init_creates_everything_once(tmp_path: Path) -> None:
    directory = tmp_path / "fresh"
    first = json.loads(_run("init", "--data-dir", str(directory), "--json"))
    assert first["changed"]
    assert len(first["done"]) == 4
    for name in ("ledger-signing-key.pem", "personal-data.key"):
        assert stat.S_IMODE((directory / name).stat().st_mode) == 0o600
    assert (directory / "publiccredit.sqlite3").exists()
    before = {p.name: p.read_bytes() for p in directory.iterdir() if p.suffix != ".sqlite3"}
    assert "nothing changed" in _run("init", "--data-dir", str(directory))
    assert before == {p.name: p.read_bytes() for p in directory.iterdir() if p.suffix != ".sqlite3"}


def test_init_honours_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLICCREDIT_DATA_DIR", str(tmp_path / "env-dir"))
    _run("init")
    assert (tmp_path / "env-dir" / "publiccredit.sqlite3").exists()


def test_head_prove_and_consistency_verify_with_the_reference(data_dir: Path) -> None:
    where = ("--data-dir", str(data_dir))
    _run("ledger", "head", *where, code=5)
    head = json.loads(_run("ledger", "head", "--sign", "--json", *where))
    assert json.loads(_run("ledger", "head", "--json", *where)) == head
    proof = json.loads(_run("ledger", "prove", "--event", "17", "--json", *where))
    assert proof["tree_size"] == head["size"] == 30
    assert merkle.verify_inclusion(
        bytes.fromhex(proof["leaf_hash_hex"]),
        16,
        30,
        [bytes.fromhex(h) for h in proof["proof_hex"]],
        bytes.fromhex(head["root_hex"]),
    )
    assert merkle.leaf_hash(proof["leaf"].encode()).hex() == proof["leaf_hash_hex"]
    consistency = json.loads(_run("ledger", "consistency", "--from", "11", "--json", *where))
    assert merkle.verify_consistency(
        11,
        30,
        bytes.fromhex(consistency["from_root_hex"]),
        bytes.fromhex(head["root_hex"]),
        [bytes.fromhex(h) for h in consistency["proof_hex"]],
    )
    _run("ledger", "prove", "--event", "31", *where, code=3)
    key = json.loads(_run("ledger", "public-key", "--json", *where))
    assert key["key_id"] == head["key_id"]
    assert "BEGIN PUBLIC KEY" in key["pem"]


def test_verify_is_green_then_names_tampering_with_exit_1(data_dir: Path) -> None:
    # The fixture's events are synthetic (no projection rows): check the ledger only.
    where = ("--data-dir", str(data_dir), "--ledger-only")
    saved = data_dir / "head.json"
    saved.write_text(_run("ledger", "head", "--sign", "--json", *where[:2]))
    assert json.loads(_run("verify", "--since-head", str(saved), "--json", *where))["ok"]
    assert "Ledger verified" in _run("verify", *where)
    engine = open_store(resolve(None, data_dir))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE events SET actor = 'forged' WHERE seq = 18"))
    engine.dispose()
    report = json.loads(_run("verify", "--json", "--since-head", str(saved), *where, code=1))
    assert {"seq": 18, "message": "event 18: leaf differs from node store"} in report["findings"]
    assert "event 18: leaf differs from node store" in _run("verify", *where, code=1)


def test_commands_on_an_uninitialised_store_say_to_run_init(tmp_path: Path) -> None:
    output = _run("ledger", "consistency", "--from", "1", "--data-dir", str(tmp_path), code=5)
    assert "publiccredit init" in output
