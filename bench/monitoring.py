"""Benchmark: what monitoring costs the writers, and how fast the change feed reads.

On one synthetic file, in fresh databases, times ``ingest_file`` and a sweep two
years later (publication ends, repair dates come) three ways: nobody watches
anything, 10 % of the entities are watched, every entity is watched (the worst
case: each assessment write compares the old and new public state and stores
the changes). Then reads the whole feed of the all-watching key in pages of
1,000 (``GET /v1/changes``'s query). Prints and saves JSON to
``bench/results/monitoring.json``.

    python bench/monitoring.py [--entities 2000] [--pg postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import json
import secrets
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.policy import default_pack
from publiccredit.service import sweep
from publiccredit.service.watchlists import watch
from publiccredit.store import migrate
from publiccredit.store.changes import feed
from publiccredit.store.db import make_engine
from publiccredit.store.keys import create_key
from publiccredit.store.personal import create_personal_keys, load_personal_keys
from publiccredit.store.schema import changes
from publiccredit.store.unit import write_unit
from publiccredit.synth import SynthConfig, write

RESULTS = Path(__file__).resolve().parent / "results"
AS_OF = date(2026, 6, 1)
SWEEP_ON = date(2028, 6, 1)


def _entities(path: Path) -> list[str]:
    found = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["subject_kind"] == "entity":
                found.append(row["subject_id"])
    return sorted(set(found))


def _engine(kind: str, folder: Path, pg_url: str) -> tuple[sa.Engine, str | None]:
    if kind == "sqlite":
        engine = make_engine(f"sqlite:///{folder / f'{secrets.token_hex(4)}.sqlite3'}")
        migrate(engine)
        return engine, None
    schema = f"bench_mon_{secrets.token_hex(4)}"
    admin = make_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    engine = make_engine(pg_url, connect_args={"options": f"-csearch_path={schema}"})
    migrate(engine)
    return engine, schema


def measure(kind: str, path: Path, folder: Path, share: float, pg_url: str) -> dict[str, Any]:
    """Ingest, sweep and read the feed with ``share`` of the entities watched."""
    engine, schema = _engine(kind, folder, pg_url)
    keys_dir = folder / f"keys-{secrets.token_hex(4)}"
    keys_dir.mkdir()
    create_personal_keys(keys_dir)
    keys = load_personal_keys(keys_dir)
    entities = _entities(path)
    watched = entities[: int(len(entities) * share)]
    with write_unit(engine) as conn:
        key, _ = create_key(conn, "auditor", label="bench")
        if watched:
            watch(conn, key.key_id, watched, datetime.now(UTC))
    started = time.perf_counter()
    summary = ingest_file(  # a synthetic world: its lists were decided before the platform
        engine, path, default_pack(), keys,
        IngestOptions(AS_OF, datetime.now(UTC), legacy_listings=True),
    )  # fmt: skip
    ingest_s = time.perf_counter() - started
    started = time.perf_counter()
    swept = sweep(engine, default_pack(), SWEEP_ON, now=datetime(2028, 6, 1, 1, tzinfo=UTC))
    sweep_s = time.perf_counter() - started
    with engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(changes)).scalar_one()
    started, read, cursor = time.perf_counter(), 0, 0
    while True:
        with engine.connect() as conn:
            page = feed(conn, key.key_id, cursor, 1000)
        if not page:
            break
        read, cursor = read + len(page), page[-1].id
    feed_s = time.perf_counter() - started
    engine.dispose()
    if schema is not None:
        admin = make_engine(pg_url)
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return {
        "database": kind,
        "watched_share": share,
        "watched_entities": len(watched),
        "records": summary.stored,
        "ingest_s": round(ingest_s, 3),
        "ingest_records_per_s": round(summary.stored / ingest_s),
        "sweep_subjects": swept,
        "sweep_s": round(sweep_s, 3),
        "changes_stored": stored,
        "feed_changes_read": read,
        "feed_changes_per_s": round(read / feed_s) if read else None,
    }


def main() -> None:
    """Run every case and save the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--pg", default=None, help="Also measure on this PostgreSQL URL.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config = SynthConfig(entities=args.entities, end=date(2026, 5, 31), seed=11)
        path = write(config, folder / "synth", "jsonl").path
        results = []
        for kind in ["sqlite"] + (["postgresql"] if args.pg else []):
            for share in (0.0, 0.1, 1.0):
                result = measure(kind, path, folder, share, args.pg or "")
                print(json.dumps(result))
                results.append(result)
    for result in results:
        base = next(
            r for r in results if r["database"] == result["database"] and r["watched_share"] == 0
        )
        result["ingest_time_vs_unwatched"] = round(result["ingest_s"] / base["ingest_s"], 2)
        result["sweep_time_vs_unwatched"] = round(result["sweep_s"] / base["sweep_s"], 2)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "monitoring.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
