"""Benchmark: records/s ingesting synthetic files into SQLite and PostgreSQL, against raw inserts.

For each format (CSV, JSON Lines) and database (SQLite file, PostgreSQL schema;
each fresh), times ``ingest_file`` — the whole path: reading and checking every
row, masking and sealing ID numbers, idempotency look-ups, events with their
ledger leaves, the records projection, and re-assessing every subject — and,
in the same database and run, a raw ``executemany`` insert of the same rows
into a plain 17-column table (the baseline; on PostgreSQL also a raw ``COPY``
of the same rows, ``ratio_to_copy``). Prints and saves JSON to
``bench/results/ingest.json``: records/s, ratio to the baseline, peak RSS
(``peak_rss_mib_after_ingest`` is read before each baseline, which holds its
whole file in memory; the first run's figure is the ingest's own).

    python bench/ingest.py [--records 100000] [--pg postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import resource
import secrets
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from publiccredit.domain.record import COLUMNS
from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.policy import default_pack
from publiccredit.store import migrate
from publiccredit.store.db import make_engine
from publiccredit.store.personal import create_personal_keys, load_personal_keys
from publiccredit.synth import SynthConfig, write
from publiccredit.synth.calibration import rate

RESULTS = Path(__file__).resolve().parent / "results"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def rows_of(path: Path) -> Iterator[tuple[Any, ...]]:
    """The file's rows as 17-tuples of text, for the baseline."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            yield from (tuple(row) for row in reader)
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            value = json.loads(line)
            yield tuple(
                json.dumps(value[c], ensure_ascii=False) if c == "extra" else value[c]
                for c in COLUMNS
            )


def baseline(engine: Engine, path: Path) -> tuple[int, float]:
    """Rows and seconds for a raw executemany of the file's rows into a plain table."""
    rows = list(rows_of(path))
    columns = ", ".join(f"{name} TEXT" for name in COLUMNS)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE raw_records ({columns})")
    mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO raw_records VALUES ({', '.join([mark] * len(COLUMNS))})"
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.exec_driver_sql(sql, rows)  # type: ignore[arg-type]
    return len(rows), time.perf_counter() - started


def copy_baseline(engine: Engine, path: Path) -> tuple[int, float]:
    """Rows and seconds for a raw PostgreSQL ``COPY`` of the file's rows into a plain table."""
    rows = list(rows_of(path))
    columns = ", ".join(f"{name} TEXT" for name in COLUMNS)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE raw_copied ({columns})")
    started = time.perf_counter()
    with engine.begin() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None
        names = ", ".join(COLUMNS)
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY raw_copied ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    return len(rows), time.perf_counter() - started


def fresh_database(kind: str, folder: Path, pg_url: str) -> tuple[Engine, Any]:
    """A migrated empty database and a function that drops it."""
    if kind == "sqlite":
        path = folder / f"bench-{secrets.token_hex(4)}.sqlite3"
        engine = make_engine(f"sqlite:///{path}")
        migrate(engine)
        return engine, engine.dispose
    schema = f"pc_bench_{secrets.token_hex(4)}"
    admin = make_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(pg_url, connect_args={"options": f"-csearch_path={schema}"})
    migrate(engine)

    def drop() -> None:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return engine, drop


def measure(kind: str, path: Path, folder: Path, pg_url: str) -> dict[str, Any]:
    keys_dir = folder / f"keys-{secrets.token_hex(4)}"
    keys_dir.mkdir()
    create_personal_keys(keys_dir)
    keys = load_personal_keys(keys_dir)
    engine, drop = fresh_database(kind, folder, pg_url)
    try:
        options = IngestOptions(date(2026, 6, 1), datetime.now(UTC), legacy_listings=True)
        summary = ingest_file(engine, path, default_pack(), keys, options)
        assert summary.committed, summary.problems[:3]
        rss_after_ingest = _peak_rss_mib()
        base_rows, base_seconds = baseline(engine, path)
        copied = copy_baseline(engine, path) if kind == "postgresql" else None
    finally:
        drop()
    ingest_rate = summary.rows / summary.seconds
    base_rate = base_rows / base_seconds
    result = {
        "database": kind,
        "format": path.suffix.lstrip("."),
        "records": summary.rows,
        "subjects_assessed": summary.subjects_assessed,
        "ingest_seconds": round(summary.seconds, 2),
        "records_per_second": round(ingest_rate),
        "baseline_records_per_second": round(base_rate),
        "ratio_to_baseline": round(ingest_rate / base_rate, 4),
        "peak_rss_mib_after_ingest": rss_after_ingest,
    }
    if copied is not None:
        copy_rate = copied[0] / copied[1]
        result["copy_records_per_second"] = round(copy_rate)
        result["ratio_to_copy"] = round(ingest_rate / copy_rate, 4)
    return result


def _peak_rss_mib() -> float:
    """This process's peak RSS so far (the baseline holds a whole file: read this before it)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server URL ('' to skip)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    entities = max(1, round(args.records / rate("records_per_entity")))
    config = SynthConfig(entities=entities, end=date(2026, 5, 31), seed=args.seed)
    runs = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for fmt in ("csv", "jsonl"):
            path = write(config, folder / fmt, fmt).path
            for kind in ("sqlite", "postgresql") if args.pg else ("sqlite",):
                runs.append(measure(kind, path, folder, args.pg))
                print(json.dumps(runs[-1]))
    result = {
        "benchmark": "ingest",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "entities": entities,
        "runs": runs,
        "targets": {
            "sqlite_records_per_second": 100_000,
            "sqlite_ratio_to_executemany": 0.25,
            "postgresql_ratio_to_copy": 0.15,
        },
        "peak_rss_mib": _peak_rss_mib(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ingest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
