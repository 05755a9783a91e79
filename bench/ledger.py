"""Ledger benchmark: append throughput and proof latency at 10 million leaves.

For SQLite (a temporary file) and PostgreSQL (when reachable; a temporary
schema): appends ``--leaves`` leaf hashes through the node store's batch
append path (``nodestore.append_leaf_hashes``, the path ``append_events``
uses after hashing), times ``--proofs`` random inclusion and consistency
proofs against the full tree, and times full event appends
(``append_events``: canonical JSON, salts, rows, leaves) for ``--events``
events. The baseline is the pure in-memory ``merkle.root`` over the same
leaves in the same run. Prints and saves bench/results/ledger.json.

    .venv/bin/python bench/ledger.py [--leaves 10000000] [--proofs 1000] [--no-pg]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import secrets
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from publiccredit.domain.event import Event, EventKind
from publiccredit.ledger import merkle
from publiccredit.store import migrate, nodestore
from publiccredit.store.db import make_engine
from publiccredit.store.events import append_events

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BATCH = 100_000
RESULTS = Path(__file__).parent / "results" / "ledger.json"


def leaf_batch(start: int, count: int) -> list[bytes]:
    """Synthetic leaf hashes ``start … start+count-1`` (generation is not timed)."""
    return [hashlib.sha256(i.to_bytes(8, "big")).digest() for i in range(start, start + count)]


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds."""
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99), "max_ms": pick(1.0)}


def append_leaves(engine: Engine, total: int) -> float:
    """Append ``total`` leaf hashes in batches; seconds spent inside the appends."""
    spent = 0.0
    for start in range(0, total, BATCH):
        hashes = leaf_batch(start, min(BATCH, total - start))
        began = time.perf_counter()
        with engine.begin() as conn:
            nodestore.append_leaf_hashes(conn, hashes)
        spent += time.perf_counter() - began
    return spent


def time_proofs(engine: Engine, size: int, count: int) -> dict[str, Any]:
    """Latency of random inclusion and consistency proofs (and one root) at ``size``."""
    rng = random.Random(7)
    inclusion, consistency = [], []
    with engine.connect() as conn:
        root = nodestore.root_at(conn, size)
        for _ in range(count):
            index = rng.randrange(size)
            began = time.perf_counter()
            proof = nodestore.inclusion_proof(conn, index, size)
            inclusion.append(time.perf_counter() - began)
            leaf = hashlib.sha256(index.to_bytes(8, "big")).digest()
            assert merkle.verify_inclusion(leaf, index, size, proof, root)
            old = rng.randrange(1, size + 1)
            began = time.perf_counter()
            nodestore.consistency_proof(conn, old, size)
            consistency.append(time.perf_counter() - began)
    return {"inclusion": percentiles(inclusion), "consistency": percentiles(consistency)}


def time_events(engine: Engine, count: int) -> float:
    """Events per second through ``append_events`` in batches of 10 000."""
    moment = datetime(2025, 3, 1, tzinfo=UTC)
    events = [
        Event(
            EventKind.RECORD_SUBMITTED,
            f"91440300MA5F{i:06d}",
            moment,
            moment,
            "samr-440300",
            {"source_record_id": f"R{i}", "record_type": "admin_penalty", "amount": "5000.00"},
        )
        for i in range(count)
    ]
    began = time.perf_counter()
    for start in range(0, count, 10_000):
        with engine.begin() as conn:
            append_events(conn, events[start : start + 10_000])
    return count / (time.perf_counter() - began)


def run_backend(engine: Engine, leaves: int, proofs: int, events: int) -> dict[str, Any]:
    """The figures for one database, from an empty migrated schema."""
    migrate(engine)
    seconds = append_leaves(engine, leaves)
    result: dict[str, Any] = {
        "leaves": leaves,
        "append_seconds": round(seconds, 2),
        "leaves_per_second": round(leaves / seconds),
        "proofs_at_size": leaves,
        **time_proofs(engine, leaves, proofs),
    }
    with engine.begin() as conn:  # a fresh ledger for the event path
        conn.execute(sa.text("DELETE FROM ledger_tiles"))
        conn.execute(sa.text("UPDATE ledger_state SET size = 0"))
    result["events_per_second"] = round(time_events(engine, events))
    return result


def baseline(leaves: int) -> float:
    """Leaves per second of the pure in-memory ``merkle.root`` over the same leaves."""
    hashes = [
        h
        for start in range(0, leaves, BATCH)
        for h in leaf_batch(start, min(BATCH, leaves - start))
    ]
    began = time.perf_counter()
    merkle.root(hashes)
    return leaves / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaves", type=int, default=10_000_000)
    parser.add_argument("--proofs", type=int, default=1000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args()
    results: dict[str, Any] = {"leaves": args.leaves, "backends": {}}
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.sqlite3")
        results["backends"]["sqlite"] = run_backend(engine, args.leaves, args.proofs, args.events)
        engine.dispose()
    if not args.no_pg:
        admin = make_engine(PG_URL, connect_args={"connect_timeout": 3})
        try:
            with admin.begin() as conn:
                schema = f"pc_bench_{secrets.token_hex(4)}"
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        except sa.exc.OperationalError as error:
            results["backends"]["postgresql"] = {"skipped": str(error).splitlines()[0]}
        else:
            engine = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
            try:
                figures = run_backend(engine, args.leaves, args.proofs, args.events)
                results["backends"]["postgresql"] = figures
            finally:
                engine.dispose()
                with admin.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    reference = baseline(args.leaves)
    results["baseline_in_memory_root_leaves_per_second"] = round(reference)
    for figures in results["backends"].values():
        if "leaves_per_second" in figures:
            figures["ratio_to_in_memory_root"] = round(figures["leaves_per_second"] / reference, 3)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
