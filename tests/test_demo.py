"""``publiccredit demo`` for real on a small size: the store, the showcase subject, the URLs."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from publiccredit.api import create_app
from publiccredit.api.state import ApiSettings
from publiccredit.cli import app
from publiccredit.cli.demo_store import showcase
from publiccredit.ledger.merkle import leaf_hash, verify_inclusion
from publiccredit.policy import default_pack
from publiccredit.policy.model.lists import ListKind
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.projections import get_assessment
from publiccredit.store.schema import assessments
from publiccredit.synth import SynthConfig, write

PACK = default_pack()
URL = re.compile(r"http://127\.0\.0\.1:8123(/\S*)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A demo store of 300 entities at 3 records each (asked), and the command's output."""
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(
        app,
        ["demo", "--out", str(out), "--entities", "300", "--records-per-entity", "3",
         "--port", "8123"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out, result.stdout


def _config(out: Path) -> StoreConfig:
    store = out / "store"
    return StoreConfig(store, f"sqlite:///{store / 'publiccredit.sqlite3'}")


def _subject(output: str) -> str:
    found = re.search(r"Demo subject (\w+):", output)
    assert found is not None, output
    return found.group(1)


def test_the_demo_subject_is_listed_and_has_a_repairable_penalty(demo: tuple[Path, str]) -> None:
    out, output = demo
    key = _subject(output)
    engine = make_engine(_config(out).db_url)
    with engine.connect() as conn:
        stored = get_assessment(conn, key)
    engine.dispose()
    assert stored is not None
    document = stored["assessment"]
    today = date.today().isoformat()
    assert any(
        PACK.lists_by_id[entry["list"]].kind is ListKind.RESTRICTIVE for entry in document["lists"]
    )
    assert any(
        entry["record_type"] == "admin_penalty"
        and entry["state"] == "published"
        and entry["repair"]["repairable"]
        and entry["repair"]["eligible_from"] <= today
        for entry in document["records"]
    )


def _worth(document: dict[str, Any], today: str) -> int:
    """Independently: 2 for a restrictive listing now, 2 for a penalty repairable today
    (1 if repairable later)."""
    listed = any(
        PACK.lists_by_id[entry["list"]].kind is ListKind.RESTRICTIVE
        and (entry["until"] is None or entry["until"] > today)
        for entry in document["lists"]
    )
    repairs = [
        entry["repair"]
        for entry in document["records"]
        if entry["record_type"] == "admin_penalty"
        and entry["state"] == "published"
        and entry["repair"]
        and entry["repair"]["repairable"]
    ]
    now = any((repair["eligible_from"] or "9") <= today for repair in repairs)
    return 2 * listed + (2 if now else 1 if repairs else 0)


@pytest.mark.parametrize("entities", [20, 60])
def test_the_showcase_is_the_best_there_is(tmp_path: Path, entities: int) -> None:
    """Few entities, few listings: whatever is picked, nothing better was passed over."""
    out = tmp_path / "small"
    result = CliRunner().invoke(app, ["demo", "--out", str(out), "--entities", str(entities)])
    assert result.exit_code == 0, result.output
    engine = make_engine(_config(out).db_url)
    chosen = showcase(engine, PACK, date.today())
    with engine.connect() as conn:
        keys = list(conn.execute(sa.select(assessments.c.subject_key)).scalars())
        documents = {key: get_assessment(conn, key) for key in keys if key.startswith("91")}
    engine.dispose()
    today = date.today().isoformat()
    worth = {
        key: _worth(stored["assessment"], today) for key, stored in documents.items() if stored
    }
    assert chosen.key == _subject(result.stdout)
    assert worth[chosen.key] == chosen.score == max(worth.values())


def test_the_printed_urls_name_the_subject_and_answer(demo: tuple[Path, str]) -> None:
    out, output = demo
    key = _subject(output)
    paths = URL.findall(output)
    for expected in (
        "/portal/",
        f"/portal/subjects/{key}",
        "/portal/me/sign-in",
        "/portal/me/what-if",
        f"/portal/subjects/{key}/report",
        "/portal/statistics",
        "/portal/policy",
        "/portal/transparency",
        "/docs",
    ):
        assert expected in paths, (expected, paths)
    assert any(path.startswith("/portal/search?q=") for path in paths)
    api = create_app(_config(out), settings=ApiSettings(rate=1000.0, burst=1000))
    with TestClient(api) as client:
        for path in ("/portal/", f"/portal/subjects/{key}", "/docs"):
            assert client.get(path).status_code == 200, path
        search = next(path for path in paths if path.startswith("/portal/search?q="))
        assert key in client.get(search).text
        profile = client.get(f"/v1/subjects/{key}").json()
        assert profile["lists"], profile


def test_the_demo_counts_what_was_stored(demo: tuple[Path, str]) -> None:
    out, output = demo
    engine = make_engine(_config(out).db_url)
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT COUNT(*) FROM records")).scalar_one()
    engine.dispose()
    assert f"{stored:,} records about 300 entities" in output.replace("\n", " ")


def test_a_taken_port_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = tmp_path / "demo"
        command = [sys.executable, "-m", "publiccredit"]
        demo = [*command, "demo", "--out", str(out), "--entities", "50", "--serve"]
        result = subprocess.run([*demo, "--port", str(port)], capture_output=True, text=True,
                                timeout=120, check=False)  # fmt: skip
        assert result.returncode == 3, result.stderr
        message = " ".join(result.stderr.split())  # Rich wraps long lines
        assert f"cannot serve on http://127.0.0.1:{port}" in message
        assert "choose another port with --port" in message
        assert "Traceback" not in result.stderr
        assert not out.exists()  # nothing generated, nothing half-built
        serve = [*command, "serve", "--db", f"sqlite:///{tmp_path}/x.db", "--port", str(port)]
        served = subprocess.run(serve, capture_output=True, text=True, timeout=120, check=False)
        assert served.returncode == 3, served.stderr
        assert f"cannot serve on http://127.0.0.1:{port}" in " ".join(served.stderr.split())


def test_generation_reports_each_entity_for_the_progress_bar(tmp_path: Path) -> None:
    ticks: list[int] = []
    summary = write(SynthConfig(entities=37, records_per_entity=2.0, seed=3), tmp_path, "csv",
                    lambda: ticks.append(1))  # fmt: skip
    assert len(ticks) == summary.entities == 37


def test_the_demo_report_carries_inclusion_proofs_that_verify(demo: tuple[Path, str]) -> None:
    """The demo build runs the daily close: a signed head covers the store, so the demo
    subject's report proves its records' events against it, and verify passes."""
    out, output = demo
    key = _subject(output)
    api = create_app(_config(out), settings=ApiSettings(rate=1000.0, burst=1000))
    with TestClient(api) as client:
        head = client.get("/v1/transparency/head").json()
        report = client.get(f"/portal/subjects/{key}/report.json").json()
        transparency = client.get("/portal/transparency")
    assert transparency.status_code == 200
    assert str(head["size"]) in transparency.text.replace(",", "")
    assert report["head"]["root_hex"] == head["root_hex"]
    assert report["proofs"]
    assert report["pending_events"] == []  # the head covers everything the demo stored
    root = bytes.fromhex(head["root_hex"])
    for proof in report["proofs"]:
        leaf = leaf_hash(proof["leaf"].encode("utf-8"))
        path = [bytes.fromhex(node) for node in proof["proof_hex"]]
        assert verify_inclusion(leaf, proof["leaf_index"], proof["tree_size"], path, root)
    store = ["--db", _config(out).db_url, "--data-dir", str(out / "store"), "--json"]
    verified = CliRunner().invoke(app, ["verify", *store])
    assert verified.exit_code == 0, verified.stdout[:2000]
