"""Benchmark: the HTTP API under load on loopback, and decisions in-process.

Seeds a fresh store with synthetic entities (``publiccredit.synth``, ingested
through ``ingest_file`` exactly as ``publiccredit ingest`` does, so events,
ledger and assessments are consistent and ``publiccredit verify`` passes),
starts ``publiccredit serve`` on a free loopback port, and for ``--seconds``
each runs:

* ``floor_healthz``: ``GET /healthz`` (no database, no work): what this
  machine, server and client reach for an empty request, the ceiling for any
  endpoint; every other figure is also given as a ratio to it;
* ``profile``: ``GET /v1/subjects/{key}``, the key drawn at random from every
  subject in the store (never one hot key);
* ``decision_http``: ``POST /v1/decisions`` for a random subject;
* ``profile_httpx``: the profile run again from the older client (a pool of
  threads with keep-alive ``httpx`` clients), for comparison.

The load generator is a separate process running asyncio with raw HTTP/1.1
keep-alive connections (``--connections``): far cheaper per request than httpx
in threads, so less of the two cores goes to the client. Client and server
still share the machine, so the HTTP figures are a lower bound. Then it times
``decide_json`` over up to 20,000 stored assessments in-process. Before the
runs the database is read into the page cache and 5 s of profile lookups are
sent uncounted (a server that has been up a while; docs/api.md, Performance).

Seeding 180,000 entities at the synthetic default of ~450 records each would
be 81 M records (hours at ~7k records/s), so the benchmark asks the generator
for ``--records-per-entity`` (default 4; structural records such as
registration and annual reports come on top, ~9 stored records an entity).
The profile path reads the subject row and a cached summary of the stored
assessment, so records per entity change little of a lookup's cost; the
figure is in the output JSON. ``--seed-only DIR`` builds a store and stops;
``--reuse DIR`` benchmarks one built before (seeding time carried over);
``--copy-from DIR`` seeds a fresh PostgreSQL database with a copy of a SQLite
store seeded before (``copy_store``).

Prints and saves JSON (``bench/results/api-<database>-<subjects>-w<workers>.json``).
Targets: ≥ 1,000 profile lookups/s with p99 ≤ 50 ms; ≥ 50,000 decisions/s
in-process.

    python bench/api.py [--entities 2000] [--db sqlite|postgresql+psycopg://…/fresh_db]
        [--workers N] [--seconds 10] [--seed-only DIR | --reuse DIR] [--copy-from DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
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
from publiccredit.store.migrate import migrate
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.schema import assessments, metadata
from publiccredit.store.setup import initialise
from publiccredit.synth import SynthConfig, write

RESULTS = Path(__file__).resolve().parent / "results"
ACTION = "public_procurement_bid"
SEEDED = "seeded.json"


def seed(config: StoreConfig, entities: int, per_entity: float, work: Path) -> dict[str, Any]:
    """Initialise and ingest ``entities`` synthetic entities; what was stored and how long."""
    started = time.perf_counter()
    initialise(config)
    summary = write(
        SynthConfig(entities=entities, records_per_entity=per_entity, seed=1), work / "synth", "csv"
    )
    generated = time.perf_counter()
    engine = make_engine(config.db_url)
    now = datetime.now(UTC)
    keys = load_personal_keys(config.data_dir)
    result = ingest_file(
        engine,
        summary.path,
        default_pack(),
        keys,
        IngestOptions(now.date(), now, legacy_listings=True),
    )
    if engine.dialect.name == "postgresql":
        # What autovacuum would do soon after a bulk load (it is off on some servers,
        # this machine's included): set hint bits and the visibility map, so the first
        # reads of the fresh rows do not each write. VACUUM cannot run in a transaction.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    if not result.committed:
        raise SystemExit(f"seeding failed: {result.problems[:3]}")
    done = time.perf_counter()
    summary.path.unlink()  # the store holds it now; the CSV is only bulk on disk
    return {
        "db_url": config.db_url,
        "data_dir": str(config.data_dir),
        "entities": entities,
        "records_per_entity_asked": per_entity,
        "records": result.stored,
        "records_per_entity_stored": round(result.stored / max(1, entities), 2),
        "subjects_assessed": result.subjects_assessed,
        "seed_seconds": round(done - started, 1),
        "synth_seconds": round(generated - started, 1),
        "ingest_seconds": round(done - generated, 1),
        "ingest_records_per_second": round(result.stored / max(1e-9, done - generated)),
    }


def copy_store(source: Path, url: str) -> dict[str, Any]:
    """Seed an empty PostgreSQL database with a copy of the SQLite store seeded in ``source``.

    Seeding 180,000 entities through ``ingest`` on PostgreSQL did not finish in the
    time there was (still re-assessing after 40 minutes on a loaded machine, with
    PostgreSQL running sequential scans of ``records`` and ``events``), so the PostgreSQL
    benchmark store is the SQLite one copied row for row (``COPY``) into a migrated
    schema: the same events, ledger tiles, signed heads, records, subjects and
    assessments, with the same data directory (keys), so the copy is what ingest
    wrote, and ``publiccredit verify`` checks it as it checks any store."""
    import sqlite3

    started = time.perf_counter()
    seeded = json.loads((source / SEEDED).read_text())
    engine = make_engine(url)
    migrate(engine)
    lite = sqlite3.connect(seeded["db_url"].removeprefix("sqlite:///"))
    copied: dict[str, int] = {}
    with engine.begin() as conn:
        names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        driver = conn.connection.dbapi_connection
        for table in metadata.sorted_tables:
            columns = [column.name for column in table.columns]
            listed = ", ".join(f'"{name}"' for name in columns)
            rows = lite.execute(f'SELECT {listed} FROM "{table.name}"')
            command = f'COPY "{table.name}" ({listed}) FROM STDIN'
            with driver.cursor().copy(command) as copy:  # type: ignore[attr-defined]
                count = 0
                for row in rows:
                    copy.write_row(row)
                    count += 1
            copied[table.name] = count
        for table in metadata.sorted_tables:
            for column in table.primary_key.columns:
                if not isinstance(column.type, sa.Integer):
                    continue
                conn.execute(
                    sa.text(
                        "SELECT setval(pg_get_serial_sequence(:table, :column), "
                        f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, '
                        "false) WHERE pg_get_serial_sequence(:table, :column) IS NOT NULL"
                    ),
                    {"table": table.name, "column": column.name},
                )
        conn.execute(sa.text("ANALYZE"))
    engine.dispose()
    lite.close()
    return {
        **seeded,
        "db_url": url,
        "copied_from": seeded["db_url"],
        "copy_seconds": round(time.perf_counter() - started, 1),
        "rows_copied": copied,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and its children (uvicorn workers), MiB."""
    total = 0
    for each in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return round(total / 1024, 1)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        for child in map(int, text):
            found += [child, *_children(child)]
    return found


def _request(kind: str, key: str) -> bytes:
    if kind == "floor":
        return b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"
    if kind == "profile":
        return f"GET /v1/subjects/{key} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    body = json.dumps({"subject": key, "action": ACTION}).encode()
    head = (
        f"POST /v1/decisions HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _connection(
    port: int, kind: str, keys: list[str], deadline: float, rng: random.Random
) -> tuple[list[float], int]:
    """One keep-alive connection sending requests back to back until ``deadline``."""
    latencies: list[float] = []
    errors = 0
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                writer.write(_request(kind, rng.choice(keys)))
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10.0)
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    if line[:15].lower() == b"content-length:":
                        length = int(line[15:])
                await asyncio.wait_for(reader.readexactly(length), 10.0)
                ok = head.startswith(b"HTTP/1.1 200")
            except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
                ok = False
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            latencies.append(time.perf_counter() - start)
            errors += not ok
    finally:
        writer.close()
    return latencies, errors


def _raw_load(
    port: int, kind: str, keys: list[str], seconds: float, connections: int
) -> tuple[list[float], int, float]:
    async def run() -> tuple[list[float], int, float]:
        started = time.perf_counter()
        deadline = started + seconds
        done = await asyncio.gather(
            *(_connection(port, kind, keys, deadline, random.Random(n)) for n in range(connections))
        )
        elapsed = time.perf_counter() - started
        return [x for each, _ in done for x in each], sum(bad for _, bad in done), elapsed

    return asyncio.run(run())


def _raw_in_child(queue: Any, *args: Any) -> None:
    queue.put(_raw_load(*args))


def load_raw(
    port: int, kind: str, keys: list[str], seconds: float, connections: int
) -> dict[str, Any]:
    """``kind`` requests for ``seconds`` over ``connections`` raw keep-alive connections,
    sent from a separate process (its own interpreter, not this one's GIL)."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(
        target=_raw_in_child, args=(queue, port, kind, keys, seconds, connections)
    )
    child.start()
    latencies, errors, elapsed = queue.get()
    child.join()
    return figures(latencies, errors, elapsed, f"asyncio raw HTTP/1.1, {connections} connections")


def load_httpx(base: str, keys: list[str], seconds: float, threads: int) -> dict[str, Any]:
    """The former client: ``threads`` keep-alive httpx clients in threads, in this process."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(number: int) -> None:
        nonlocal errors
        rng = random.Random(number)
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=base, timeout=10.0) as client:
            while time.perf_counter() < deadline:
                key = rng.choice(keys)
                start = time.perf_counter()
                try:
                    ok = client.get(f"/v1/subjects/{key}").status_code == 200
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
    return figures(latencies, errors, time.perf_counter() - started, f"httpx, {threads} threads")


def figures(latencies: list[float], errors: int, elapsed: float, client: str) -> dict[str, Any]:
    """Requests/s, p50/p99 latency (ms) and errors of one run."""
    ordered = sorted(latencies)
    return {
        "client": client,
        "requests": len(ordered),
        "per_second": round(len(ordered) / elapsed),
        "p50_ms": round(statistics.median(ordered) * 1000, 2) if ordered else None,
        "p99_ms": round(ordered[max(0, int(len(ordered) * 0.99) - 1)] * 1000, 2)
        if ordered
        else None,
        "errors": errors,
    }


def in_process_decisions(url: str) -> dict[str, Any]:
    """``decide_json`` over stored assessments (at most 20,000), timed without I/O."""
    engine = make_engine(url)
    with engine.connect() as conn:
        query = sa.select(assessments.c.assessment).limit(20_000)
        documents = [
            value if isinstance(value, dict) else json.loads(value)
            for value in conn.execute(query).scalars()
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


def prepare(args: argparse.Namespace) -> tuple[Path, dict[str, Any]]:
    """The benchmark folder and what is seeded in it (seeding now unless ``--reuse``)."""
    if args.reuse:
        return args.reuse, json.loads((args.reuse / SEEDED).read_text())
    if args.copy_from:
        seeded = copy_store(args.copy_from, args.db)
        work = args.seed_only or Path(tempfile.mkdtemp(prefix="pc-bench-api-"))
        work.mkdir(parents=True, exist_ok=True)
        (work / SEEDED).write_text(json.dumps(seeded, indent=2) + "\n")
        return work, seeded
    work = args.seed_only or Path(tempfile.mkdtemp(prefix="pc-bench-api-"))
    work.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{work / 'bench.sqlite3'}" if args.db == "sqlite" else args.db
    seeded = seed(StoreConfig(work / "data", url), args.entities, args.records_per_entity, work)
    (work / SEEDED).write_text(json.dumps(seeded, indent=2) + "\n")
    return work, seeded


def warm_cache(url: str) -> dict[str, Any]:
    """Read the tables a lookup touches into the OS page cache, as a server that has been
    up a while has them: a freshly seeded 3 GB store is cold, and a first touch of each
    page is a disk read, which is what a cold start costs, not what a lookup does."""
    started = time.perf_counter()
    if url.startswith("sqlite"):
        with open(url.removeprefix("sqlite:///"), "rb") as file:
            while file.read(16 << 20):
                pass
        how = "database file read once"
    else:
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
            conn.execute(
                sa.text(
                    "SELECT pg_prewarm(c.oid) FROM pg_class c JOIN pg_namespace n "
                    "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                    "AND c.relkind IN ('r', 'i') "
                    "AND (c.relname LIKE 'subjects%' OR c.relname LIKE 'assessments%' "
                    "OR c.relname LIKE '%_pkey' OR c.relname LIKE 'api_keys%')"
                )
            ).all()
        engine.dispose()
        how = "pg_prewarm of subjects, assessments and primary keys"
    return {"how": how, "seconds": round(time.perf_counter() - started, 1)}


def serve(seeded: dict[str, Any], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """``publiccredit serve`` on the seeded store, ready; the process and its port."""
    port = free_port()
    # No statistics count at start-up: on 1.5 M records it keeps every worker and the
    # database busy for the first minute, which is not the steady state measured here.
    env = {
        **os.environ,
        "PUBLICCREDIT_API_RATE": "1000000",
        "PUBLICCREDIT_API_BURST": "1000000",
        "PUBLICCREDIT_WARM_STATISTICS": "0",
    }
    command = [sys.executable, "-m", "publiccredit", "serve", "--db", seeded["db_url"],
               "--data-dir", seeded["data_dir"], "--port", str(port),
               "--workers", str(workers)]  # fmt: skip
    # Its access log (one line a request, as served) goes to /dev/null, not the terminal.
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(150):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1.0).status_code == 200:
                return server, port
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"the server did not become ready: {' '.join(command)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--records-per-entity", type=float, default=4.0)
    parser.add_argument("--db", default="sqlite", help="sqlite, or a PostgreSQL URL (fresh db!)")
    parser.add_argument("--workers", type=int, default=None, help="default 1 SQLite, 2 PostgreSQL")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=8, help="httpx client threads")
    parser.add_argument("--seed-only", type=Path, help="Seed a store in this folder and stop.")
    parser.add_argument("--reuse", type=Path, help="A folder seeded by an earlier run.")
    parser.add_argument(
        "--copy-from", type=Path, help="Seed --db (PostgreSQL) by copying this seeded SQLite run."
    )
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    seeded = prepare(args)[1]
    if args.seed_only:
        print(json.dumps(seeded, indent=2))
        return
    database = "sqlite" if seeded["db_url"].startswith("sqlite") else "postgresql"
    workers = args.workers or (1 if database == "sqlite" else 2)
    engine = make_engine(seeded["db_url"])
    with engine.connect() as conn:
        keys = list(conn.execute(sa.text("SELECT subject_key FROM subjects")).scalars())
    engine.dispose()
    warmed = warm_cache(seeded["db_url"])
    server, port = serve(seeded, workers)
    try:
        load_raw(port, "profile", keys, min(5.0, args.seconds), args.connections)  # not counted
        floor = load_raw(port, "floor", keys, args.seconds, args.connections)
        profile = load_raw(port, "profile", keys, args.seconds, args.connections)
        rss_after_profiles = rss_mib(server.pid)
        decision = load_raw(port, "decision", keys, args.seconds, args.connections)
        base = f"http://127.0.0.1:{port}"
        profile_httpx = load_httpx(base, keys, args.seconds, args.threads)
        rss = rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    results = {
        "database": database,
        "workers": workers,
        "subjects": len(keys),
        **{name: value for name, value in seeded.items() if name not in ("db_url", "data_dir")},
        "seconds_per_run": args.seconds,
        "cache_warmed": warmed,
        "warm_up": f"{min(5.0, args.seconds):g} s of profile lookups before the runs, not counted",
        "floor_healthz": floor,
        "profile": profile,
        "profile_ratio_to_floor": round(profile["per_second"] / max(1, floor["per_second"]), 2),
        "decision_http": decision,
        "decision_ratio_to_floor": round(decision["per_second"] / max(1, floor["per_second"]), 2),
        "profile_httpx": profile_httpx,
        "server_rss_mib_after_profiles": rss_after_profiles,
        "server_rss_mib": rss,
        "decision_in_process": in_process_decisions(seeded["db_url"]),
        "cpus": os.cpu_count(),
        "load_average_1min": {
            "before": round(load_before, 2),
            "after": round(os.getloadavg()[0], 2),
        },
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(exist_ok=True)
    name = f"api-{database}-{len(keys)}-w{workers}.json"
    (RESULTS / name).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
