"""Spark (local mode) bulk assessments equal the online ones, subject by subject.

Runs ``bulk assess --engine spark --master local[2]`` through the command line
on an export of a seeded SQLite store (the export itself is tested on both
databases in test_bulk_differential.py). Needs Java 17: found from
``$JAVA_HOME`` or ``java`` on the PATH; outside CI the test skips saying so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bulk_store import (
    bulk_assess,
    bulk_documents,
    online_assessments,
    seed_and_export,
    synthetic_records,
)

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
    folder, _manifest = seed_and_export(engine, url, tmp_path, synthetic_records())
    online = online_assessments(engine)
    engine.dispose()
    out = tmp_path / "spark-out"
    summary = bulk_assess(folder, "--engine", "spark", "--master", "local[2]", "--out", str(out))
    assert summary["subjects"] == len(online)
    bulk = bulk_documents(out)
    assert bulk.keys() == online.keys()
    for key, document in online.items():
        assert bulk[key] == document, key
