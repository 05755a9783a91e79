"""Spark (local mode) bulk assessments equal the online ones, subject by subject.

Runs ``bulk assess --engine spark --master local[2]`` through the command line
on an export of a seeded SQLite store (the export itself is tested on both
databases in test_bulk_differential.py). Needs Java 17: found from
``$JAVA_HOME`` or ``java`` on the PATH; outside CI the test skips saying so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bulk_store import AS_OF, online_assessments, seed, synthetic_records
from test_bulk_differential import bulk_documents, run

from publiccredit.bulk.spark import JAVA_HINT, find_java_home
from publiccredit.store.db import make_engine
from publiccredit.store.migrate import migrate

pytestmark = pytest.mark.slow


def test_spark_bulk_equals_online_subject_by_subject(tmp_path: Path) -> None:
    if find_java_home() is None:
        pytest.skip(JAVA_HINT)
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    engine = make_engine(url)
    migrate(engine)
    seed(engine, tmp_path / "data", synthetic_records())
    online = online_assessments(engine)
    engine.dispose()
    folder = tmp_path / "export"
    run("bulk", "export", "--out", str(folder), "--db", url, "--data-dir", str(tmp_path / "data"))
    out = tmp_path / "spark-out"
    summary = json.loads(
        run(
            "bulk",
            "assess",
            str(folder),
            "--engine",
            "spark",
            "--master",
            "local[2]",
            "--out",
            str(out),
            "--as-of",
            AS_OF.isoformat(),
            "--json",
        )
    )
    assert summary["subjects"] == len(online)
    bulk = bulk_documents(out)
    assert bulk.keys() == online.keys()
    for key, document in online.items():
        assert bulk[key] == document, key
