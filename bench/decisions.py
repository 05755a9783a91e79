"""Benchmark: decisions and list pages from the store, compact derived state against full JSON.

Seeds a fresh store per database with synthetic entities at ``--records-per-entity``
(default 450, the national average) through ``ingest_file``, then, in this one
process (one core: SQLite works in-process; PostgreSQL's server process adds its
own work on the other core), times:

* ``compact_batch``: ``api.assessing.decide_stored`` over batches of 1,000 distinct
  random subjects, every subject when fewer (what ``POST /v1/decisions/batch``
  runs): one query per batch reads the compact rows, and each decision parses
  only the measures in force;
* ``compact_single``: the same, one subject a call (``POST /v1/decisions``);
* ``full_json``: the path before (issue 14): read the stored assessment row,
  parse its full document, ``decide_json`` on it, one subject a call;
* list pages: the first page (100 members) of every list with members, read
  from the membership index (``api.routers.lists.iter_members``) and by the
  path before (a ``LIKE`` over every assessment document, then parsing the
  matching documents), median of ``--page-rounds`` reads.

Each figure is given per wall-clock second and per CPU second of this process
(``time.process_time``): on a machine shared with other work the wall clock
counts time the process was not running, and "per core" is the CPU figure.
With PostgreSQL the server's own CPU is not in it (its wall figure is the
honest one there). Prints and saves JSON (``bench/results/decisions-<database>.json``)
with the same-run ratios. Target: ≥ 20,000 decisions/s per core from the store.

    python bench/decisions.py [--entities 100] [--records-per-entity 450]
        [--seconds 3] [--pg postgresql+psycopg://…] ['' to skip PostgreSQL]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ingest import PG_DEFAULT, fresh_database
from publiccredit.api.assessing import decide_json, decide_stored, stored_holds
from publiccredit.api.routers.lists import iter_members
from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.policy import default_pack
from publiccredit.store.personal import create_personal_keys, load_personal_keys
from publiccredit.store.projections import get_assessment
from publiccredit.store.schema import assessments, list_memberships, subjects
from publiccredit.synth import SynthConfig, write

RESULTS = Path(__file__).resolve().parent / "results"
ACTION = "public_procurement_bid"
AS_OF = date(2026, 6, 1)
BATCH = 1000
PACK = default_pack()


def seed(engine: Engine, folder: Path, entities: int, per_entity: float) -> dict[str, Any]:
    """Ingest a synthetic file; what was stored."""
    folder.mkdir(parents=True)
    create_personal_keys(folder)
    config = SynthConfig(entities=entities, records_per_entity=per_entity, end=date(2026, 5, 31))
    path = write(config, folder / "synth", "jsonl").path
    summary = ingest_file(
        engine,
        path,
        PACK,
        load_personal_keys(folder),
        IngestOptions(AS_OF, datetime.now(UTC), legacy_listings=True),
    )
    assert summary.committed, summary.problems[:3]
    return {"records": summary.rows, "subjects": summary.subjects_assessed}


def timed(seconds: float, step: Callable[[], int]) -> dict[str, Any]:
    """Run ``step`` (returns how many decisions it made) for about ``seconds``."""
    done, started, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        done += step()
    elapsed = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    return {
        "decisions": done,
        "seconds": round(elapsed, 2),
        "per_second": round(done / elapsed),
        "cpu_seconds": round(cpu_seconds, 2),
        "per_cpu_second": round(done / cpu_seconds),
    }


def full_json_decision(conn: Connection, key: str) -> dict[str, Any]:
    """The decision path before the compact row: the whole stored document, parsed."""
    row = get_assessment(conn, key)
    assert row is not None
    assert stored_holds(row, PACK, AS_OF)
    return decide_json(row["assessment"], ACTION)


def decisions(engine: Engine, keys: list[str], seconds: float) -> dict[str, Any]:
    """The three decision paths, on one connection, random subjects."""
    chooser = random.Random(0)

    def compact_batch() -> int:
        batch = chooser.sample(keys, min(BATCH, len(keys)))
        found = decide_stored(conn, PACK, batch, ACTION, AS_OF)
        assert all(source == "stored" for _, source in found.values())
        return len(found)

    def compact_single() -> int:
        key = chooser.choice(keys)
        assert decide_stored(conn, PACK, [key], ACTION, AS_OF)[key][1] == "stored"
        return 1

    def full_json() -> int:
        full_json_decision(conn, chooser.choice(keys))
        return 1

    with engine.connect() as conn:
        full_json()  # warm the page cache: every path then reads from memory
        result = {
            "compact_batch": timed(seconds, compact_batch),
            "compact_single": timed(seconds, compact_single),
            "full_json": timed(seconds, full_json),
        }
        sample = random.Random(1).sample(keys, min(50, len(keys)))
        same = decide_stored(conn, PACK, sample, ACTION, AS_OF)
        for key in sample:
            expected = full_json_decision(conn, key)
            expected["as_of"] = AS_OF.isoformat()
            assert same[key][0] == expected, key
    for unit in ("per_second", "per_cpu_second"):
        full = result["full_json"][unit]
        for path in ("compact_batch", "compact_single"):
            result[f"ratio_{path}_to_full_json_{unit}"] = round(result[path][unit] / full, 1)
    return result


def like_members(conn: Connection, list_id: str, day: date) -> Iterator[str]:
    """The list page's path before the index: ``LIKE`` over every document, then parse."""
    needle, after, text = f'%"{list_id}"%', "", day.isoformat()
    while True:
        query = (
            sa.select(assessments.c.subject_key, assessments.c.assessment, subjects.c.name)
            .join(subjects, subjects.c.subject_key == assessments.c.subject_key)
            .where(assessments.c.subject_key > after)
            .where(sa.cast(assessments.c.assessment, sa.Text).like(needle))
            .order_by(assessments.c.subject_key)
            .limit(500)
        )
        rows = conn.execute(query).all()
        for key, document, _name in rows:
            parsed = document if isinstance(document, dict) else json.loads(document)
            for entry in parsed["lists"]:
                until = entry["until"]
                if (
                    entry["list"] == list_id
                    and entry["since"] <= text
                    and (until is None or text < until)
                ):
                    yield key
                    break
        if len(rows) < 500:
            return
        after = rows[-1][0]


def page_ms(read: Callable[[], list[str]], rounds: int) -> tuple[float, list[str]]:
    """Median milliseconds of ``read`` over ``rounds``, and what it read."""
    times, got = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        got = read()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2), got


def list_pages(engine: Engine, rounds: int) -> list[dict[str, Any]]:
    """First page (100) of every list with members, by the index and by ``LIKE``."""
    found = []
    with engine.connect() as conn:
        query = sa.select(list_memberships.c.list_id).distinct()
        for list_id in sorted(conn.execute(query).scalars()):

            def indexed(list_id: str = list_id) -> list[str]:
                members = iter_members(conn, list_id, AS_OF)
                return [m["subject_key"] for _, m in zip(range(100), members, strict=False)]

            def before(list_id: str = list_id) -> list[str]:
                members = like_members(conn, list_id, AS_OF)
                return [key for _, key in zip(range(100), members, strict=False)]

            index_ms, by_index = page_ms(indexed, rounds)
            like_ms, by_like = page_ms(before, rounds)
            assert by_index == by_like, list_id
            found.append({
                "list": list_id, "members_on_page": len(by_index), "index_ms": index_ms,
                "like_json_ms": like_ms, "ratio_like_to_index": round(like_ms / index_ms, 1),
            })  # fmt: skip
    return found


def run(kind: str, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    engine, drop = fresh_database(kind, folder, args.pg)
    try:
        started = time.perf_counter()
        stored = seed(engine, folder / kind, args.entities, args.records_per_entity)
        stored["seed_seconds"] = round(time.perf_counter() - started, 1)
        with engine.connect() as conn:
            keys = sorted(conn.execute(sa.select(assessments.c.subject_key)).scalars())
            size = sa.func.avg(sa.func.length(sa.cast(assessments.c.assessment, sa.Text)))
            stored["mean_assessment_bytes"] = round(float(conn.execute(sa.select(size)).scalar()))
        result = {"database": kind, **stored, **decisions(engine, keys, args.seconds)}
        result["list_pages"] = list_pages(engine, args.page_rounds)
        return result
    finally:
        drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100)
    parser.add_argument("--records-per-entity", type=float, default=450)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--page-rounds", type=int, default=5)
    parser.add_argument("--pg", default=PG_DEFAULT, help="PostgreSQL server URL ('' to skip)")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        for kind in ("sqlite", "postgresql") if args.pg else ("sqlite",):
            result = {
                "benchmark": "decisions",
                "when": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "machine": platform.machine(),
                "target_decisions_per_second_per_core": 20_000,
                **run(kind, args, Path(name)),
            }
            text = json.dumps(result, indent=2)
            (RESULTS / f"decisions-{kind}.json").write_text(text + "\n", encoding="utf-8")
            print(text)


if __name__ == "__main__":
    main()
