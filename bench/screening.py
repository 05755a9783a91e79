"""Benchmark: counterparty screening quality and speed, against the old name search.

Uses a store seeded by the API benchmark (``bench/api.py --seed-only DIR``: synthetic
entities ingested through ``ingest_file``, so the screening index was built on ingest),
or seeds one (``--entities``, cached in ``--store``, never in git). Then:

* builds the labelled evaluation set (``publiccredit.synth.screening_eval``: variants
  of stored names, true negatives drawn with another seed) and prints precision,
  recall and recall@5 at the default threshold, with recall per variant;
* times every query of the set through ``service.screening.screen`` in this one
  process and thread: queries per wall-clock second and per CPU second of this
  process (SQLite runs inside it, so that is the per-core figure, and it holds on a
  machine shared with other work, where wall-clock time does not), latency
  p50/p95/p99;
* runs the same query names through today's ``GET /v1/subjects?q=`` search function
  (``api.routers.subjects.search``, a substring scan) for the same number of queries:
  its queries/s, its recall@5 on the same set, and the ratio;
* the same queries through ``POST /v1/match`` in-process (test client, 50 queries per
  request, each access-logged);
* peak memory of this process (``ru_maxrss``).

Saves the JSON to ``bench/results/screening-<db>-<subjects>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from publiccredit.api import create_app
from publiccredit.api.auth import Caller
from publiccredit.api.routers.subjects import search
from publiccredit.api.state import ApiSettings, ApiState
from publiccredit.policy import default_pack
from publiccredit.screening.scoring import DEFAULT_THRESHOLD
from publiccredit.service.screening import ScreenQuery, screen
from publiccredit.service.screening_quality import evaluate
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.projections import upsert_subjects
from publiccredit.store.schema import subjects
from publiccredit.store.screening_index import index_subjects, rebuild
from publiccredit.store.setup import initialise
from publiccredit.store.unit import write_unit
from publiccredit.synth import SynthConfig
from publiccredit.synth.entities import make_entity
from publiccredit.synth.records import entity_rng
from publiccredit.synth.screening_eval import EvalQuery, evaluation_set
from publiccredit.textfold import fold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api import seed  # the API benchmark's seeding through ingest

RESULTS = Path(__file__).resolve().parent / "results"


def _percentiles(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    pick = lambda share: ordered[min(len(ordered) - 1, int(share * len(ordered)))]  # noqa: E731
    return {
        "p50_ms": round(pick(0.50) * 1e3, 3),
        "p95_ms": round(pick(0.95) * 1e3, 3),
        "p99_ms": round(pick(0.99) * 1e3, 3),
        "mean_ms": round(statistics.fmean(ordered) * 1e3, 3),
    }


def time_screening(engine: sa.Engine, queries: list[EvalQuery]) -> dict[str, Any]:
    """Every query once, timed one by one, in this thread."""
    latencies = []
    with engine.connect() as conn:
        for query in queries[: min(200, len(queries))]:  # warm-up, not counted
            screen(conn, ScreenQuery((query.name,), region=query.region))
        started, cpu = time.perf_counter(), time.process_time()
        for query in queries:
            begun = time.perf_counter()
            screen(conn, ScreenQuery((query.name,), region=query.region))
            latencies.append(time.perf_counter() - begun)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "queries": len(queries),
        "per_second": round(len(queries) / elapsed, 1),
        "per_cpu_second": round(len(queries) / cpu, 1),
    } | _percentiles(latencies)


def time_api(store: Path, url: str, queries: list[EvalQuery], batch: int = 50) -> dict[str, Any]:
    """``POST /v1/match`` in-process (FastAPI's test client, no socket), ``batch`` queries
    per request, every query access-logged: the API's own cost on top of screening."""
    app = create_app(StoreConfig(store / "data", url), settings=ApiSettings(rate=1e9, burst=1e9))
    bodies = []
    for start in range(0, len(queries), batch):
        chunk = queries[start : start + batch]
        bodies.append(
            {
                "queries": {
                    str(number): {
                        "schema": "Company",
                        "properties": {"name": [q.name], "region": [q.region] if q.region else []},
                    }
                    for number, q in enumerate(chunk)
                }
            }
        )
    with TestClient(app) as client:
        client.post("/v1/match", json=bodies[0])  # warm-up, not counted
        started, cpu = time.perf_counter(), time.process_time()
        for body in bodies:
            response = client.post("/v1/match", json=body)
            assert response.status_code == 200, response.text
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "queries": len(queries),
        "queries_per_request": batch,
        "per_second": round(len(queries) / elapsed, 1),
        "per_cpu_second": round(len(queries) / cpu, 1),
    }


def time_old_search(state: ApiState, queries: list[EvalQuery], budget: float) -> dict[str, Any]:
    """Today's substring search over the same names (as many as fit in ``budget`` seconds)."""
    caller = Caller("public", client="bench")
    latencies: list[float] = []
    found = positives = 0
    started, cpu = time.perf_counter(), time.process_time()
    for query in queries:
        begun = time.perf_counter()
        page = search(state, caller, q=query.name[:200], offset=0, limit=5)
        latencies.append(time.perf_counter() - begun)
        if query.expected is not None:
            positives += 1
            found += query.expected in [item.subject_key for item in page.items]
        if time.perf_counter() - started > budget:
            break
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "queries": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "per_cpu_second": round(len(latencies) / cpu, 1),
        "recall_at_5": round(found / max(1, positives), 4),
    } | _percentiles(latencies)


def seed_direct(url: str, data_dir: Path, entities: int) -> dict[str, Any]:
    """A store whose subjects are the synthetic entities (``make_entity`` with the streams
    ``synth`` uses, seed 1: the same names) and whose screening index is written by the
    same ``index_subjects`` that ingest calls, without their records: what screening
    reads, built in minutes instead of the hour a full ingest takes here."""
    begun = time.perf_counter()
    initialise(StoreConfig(data_dir, url))
    engine = make_engine(url)
    config = SynthConfig(entities=entities, records_per_entity=1, seed=1)
    issued: set[str] = set()
    batch: list[dict[str, Any]] = []
    with write_unit(engine) as conn:
        for index in range(entities):
            rng = entity_rng(config.seed, index)
            entity = make_entity(index, rng, config.start, config.end, 1.0, issued)
            batch.append(
                {
                    "subject_key": entity.uscc,
                    "kind": "entity",
                    "name": entity.name,
                    "name_folded": fold(entity.name),
                    "region": entity.region.code,
                }
            )
            if len(batch) == 2000 or index == entities - 1:
                upsert_subjects(conn, batch)
                index_subjects(conn, batch)
                batch = []
    engine.dispose()
    return {"how": "direct", "seed_seconds": round(time.perf_counter() - begun, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="Seeded folder (or to seed).")
    parser.add_argument("--entities", type=int, default=2000, help="When seeding.")
    parser.add_argument("--positives", type=int, default=2000)
    parser.add_argument("--negatives", type=int, default=1000)
    parser.add_argument("--old-search-seconds", type=float, default=30.0)
    parser.add_argument("--rebuild-index", action="store_true", help="Rebuild it first.")
    parser.add_argument(
        "--direct", action="store_true", help="Seed subjects and index only (no ingest)."
    )
    args = parser.parse_args()
    database = args.store / "bench.sqlite3"
    seeded: dict[str, Any] = {"how": "reused"}
    if not database.exists():
        args.store.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{database}"
        if args.direct:
            seeded = seed_direct(url, args.store / "data", args.entities)
        else:
            seeded = seed(StoreConfig(args.store / "data", url), args.entities, 1.0, args.store)
            seeded = {"how": "ingest", **{k: v for k, v in seeded.items() if "dir" not in k}}
    engine = make_engine(f"sqlite:///{database}")
    rebuilt = None
    if args.rebuild_index:
        begun = time.perf_counter()
        with engine.begin() as conn:
            count = rebuild(conn)
        rebuilt = {"entities": count, "seconds": round(time.perf_counter() - begun, 1)}
    with engine.connect() as conn:
        stored = [
            (str(key), str(name))
            for key, name in conn.execute(
                sa.select(subjects.c.subject_key, subjects.c.name).where(
                    subjects.c.kind == "entity", subjects.c.name.is_not(None)
                )
            )
        ]
    queries = evaluation_set(stored, args.positives, args.negatives)
    with engine.connect() as conn:
        quality = evaluate(conn, queries, DEFAULT_THRESHOLD)
    misses = quality.pop("misses")
    speed = time_screening(engine, queries)
    state = ApiState(engine, default_pack(), args.store / "data", ApiSettings())
    old = time_old_search(state, queries, args.old_search_seconds)
    api = time_api(args.store, f"sqlite:///{database}", queries)
    results = {
        "database": "sqlite",
        "subjects": len(stored),
        "seeded": seeded,
        "index_rebuilt": rebuilt,
        "quality": quality,
        "screening": speed,
        "api_match_in_process": api,
        "old_substring_search": old,
        "speed_ratio_to_old_search": round(speed["per_second"] / max(0.1, old["per_second"]), 1),
        "cpu_speed_ratio_to_old_search": round(
            speed["per_cpu_second"] / max(0.1, old["per_cpu_second"]), 1
        ),
        "peak_memory_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "misses_sample": misses[:20],
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(json.dumps(results, indent=2, ensure_ascii=False))
    RESULTS.mkdir(exist_ok=True)
    name = f"screening-sqlite-{len(stored)}.json"
    (RESULTS / name).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
