"""A killed ingest (SIGKILL, mid-way) leaves all of the file or none of it, on both databases.

Runs the real command (``python -m publiccredit ingest``) in a subprocess on a
synthetic file big enough to take several seconds, kills it at a few points,
and checks that the database holds all the file's events or none, that
``verify`` is green, and that sending the file again stores every record
exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.store.schema import events, records
from publiccredit.synth import SynthConfig, write

KILL_AFTER_SECONDS = (1.5, 3.0, 4.5)


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    config = SynthConfig(entities=160, end=date(2026, 5, 31), seed=5)  # ≈ 60,000 rows
    return write(config, folder, "csv").path


def _count(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


@pytest.mark.slow
def test_killed_ingest_stores_all_or_nothing(
    engine: Engine, db_url: str, big_file: Path, tmp_path: Path
) -> None:
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    assert CliRunner().invoke(app, ["init", *store]).exit_code == 0
    rows = sum(1 for _ in big_file.open(encoding="utf-8")) - 1
    command = [sys.executable, "-m", "publiccredit", "ingest", str(big_file), *store,
               "--as-of", "2026-06-01", "--legacy-listings", "--json"]  # fmt: skip
    killed = 0
    for delay in KILL_AFTER_SECONDS:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed += 1
        process.wait()
        assert _count(engine, events) in (0, rows)
        assert _count(engine, records) in (0, rows)
    assert killed >= 2, "the file ingested too fast to be killed mid-way; make it bigger"
    verified = subprocess.run(
        [sys.executable, "-m", "publiccredit", "verify", *store, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0
    assert json.loads(verified.stdout)["ok"]
    resent = subprocess.run(command, capture_output=True, text=True, check=False)
    assert resent.returncode == 0, resent.stderr
    summary = json.loads(resent.stdout)
    assert summary["stored"] + summary["unchanged"] == rows
    assert _count(engine, events) == _count(engine, records) == rows
