"""Benchmark: the HTTP API under load on loopback, and decisions in-process.

Seeds a fresh store with synthetic entities (``publiccredit.synth``, ingested
as ``publiccredit ingest`` does), starts ``publiccredit serve`` on a free
loopback port, and for ``--seconds`` each runs profile lookups
(``GET /v1/subjects/{key}``) and decisions (``POST /v1/decisions``) from a
thread pool of keep-alive httpx clients, every request bounded by a timeout
and the run by time. Reports requests/s, p50/p99 latency, errors and the
server's RSS; then times ``decide_json`` over every stored assessment
in-process. Prints and saves JSON (``bench/results/api.json``).
Targets: ≥ 1,000 profile lookups/s with p99 ≤ 50 ms; ≥ 50,000 decisions/s
in-process. Client and server share the machine's cores, so the HTTP figures
are a lower bound; ``floor_healthz`` (``GET /healthz``, no database, no work)
shows what this machine, server and client reach for an empty request, the
ceiling for any endpoint.

    python bench/api.py [--entities 2000] [--db sqlite|postgresql+psycopg://…] [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from publiccredit.api.assessing import decide_json
from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.policy import default_pack
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.schema import assessments
from publiccredit.store.setup import initialise
from publiccredit.synth import SynthConfig, write

RESULTS = Path(__file__).resolve().parent / "results"
ACTION = "public_procurement_bid"


def seed(config: StoreConfig, entities: int, work: Path) -> float:
    """Initialise and ingest ``entities`` synthetic entities; seconds taken."""
    started = time.perf_counter()
    initialise(config)
    summary = write(SynthConfig(entities=entities, seed=1), work / "synth", "csv")
    engine = make_engine(config.db_url)
    now = datetime.now(UTC)
    keys = load_personal_keys(config.data_dir)
    result = ingest_file(engine, summary.path, default_pack(), keys, IngestOptions(now.date(), now))
    engine.dispose()
    if not result.committed:
        raise SystemExit(f"seeding failed: {result.problems[:3]}")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(base: str, keys: list[str], kind: str, seconds: float, threads: int) -> dict[str, Any]:
    """Send requests of ``kind`` for ``seconds`` from ``threads`` clients."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=base, timeout=10.0) as client:
            while time.perf_counter() < deadline:
                key = rng.choice(keys)
                start = time.perf_counter()
                try:
                    if kind == "profile":
                        response = client.get(f"/v1/subjects/{key}")
                    elif kind == "floor":
                        response = client.get("/healthz")
                    else:
                        response = client.post(
                            "/v1/decisions", json={"subject": key, "action": ACTION}
                        )
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                mine.append(time.perf_counter() - start)
                bad += not ok
        with lock:
            latencies.extend(mine)
            errors += bad

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "per_second": round(len(ordered) / elapsed),
        "p50_ms": round(statistics.median(ordered) * 1000, 2) if ordered else None,
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 2) if ordered else None,
        "errors": errors,
    }


def in_process_decisions(config: StoreConfig) -> dict[str, Any]:
    """``decide_json`` over every stored assessment, timed without I/O."""
    engine = make_engine(config.db_url)
    with engine.connect() as conn:
        documents = [
            value if isinstance(value, dict) else json.loads(value)
            for value in conn.execute(sa.select(assessments.c.assessment)).scalars()
        ]
    engine.dispose()
    rounds = max(1, 200_000 // max(1, len(documents)))
    started = time.perf_counter()
    for _ in range(rounds):
        for document in documents:
            decide_json(document, ACTION)
    elapsed = time.perf_counter() - started
    count = rounds * len(documents)
    return {"decisions": count, "per_second": round(count / elapsed)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--db", default="sqlite", help="sqlite, or a PostgreSQL URL (fresh db!)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--reuse", type=Path, help="A folder seeded by an earlier SQLite run.")
    args = parser.parse_args()
    work = args.reuse or Path(tempfile.mkdtemp(prefix="pc-bench-api-"))
    url = f"sqlite:///{work / 'bench.sqlite3'}" if args.db == "sqlite" else args.db
    config = StoreConfig(work / "data", url)
    seeded_in = 0.0 if args.reuse else seed(config, args.entities, work)
    engine = make_engine(url)
    with engine.connect() as conn:
        keys = list(conn.execute(sa.text("SELECT subject_key FROM subjects")).scalars())
    engine.dispose()
    port = free_port()
    env = {**os.environ, "PUBLICCREDIT_API_RATE": "1000000", "PUBLICCREDIT_API_BURST": "1000000"}
    command = [sys.executable, "-m", "publiccredit", "serve", "--db", url,
               "--data-dir", str(config.data_dir), "--port", str(port)]  # fmt: skip
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/readyz", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"the server did not become ready: {' '.join(command)}")
        results = {
            "database": "sqlite" if args.db == "sqlite" else "postgresql",
            "entities": args.entities,
            "subjects": len(keys),
            "seed_seconds": round(seeded_in, 1),
            "threads": args.threads,
            "floor_healthz": load(base, keys, "floor", args.seconds, args.threads),
            "profile": load(base, keys, "profile", args.seconds, args.threads),
            "decision_http": load(base, keys, "decision", args.seconds, args.threads),
            "server_rss_mib": round(rss_mib(server.pid), 1),
            "decision_in_process": in_process_decisions(config),
            "cpus": os.cpu_count(),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
