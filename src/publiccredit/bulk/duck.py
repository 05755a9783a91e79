"""Bulk assessment on DuckDB (embedded): subject ranges in parallel processes.

DuckDB counts the records per subject in one scan of the Parquet file and the
subjects are cut into ranges of about ``RANGE_RECORDS`` records (at least four
per worker, so a slow range does not leave a core idle). Each worker process
opens its own DuckDB, reads its range sorted by subject (the file is sorted,
so row-group statistics let DuckDB skip the rest), runs the engine on each
subject (``groups.assess_tables``) and writes one Parquet part. Processes, not
threads: the engine is Python, and one process per core is what scales it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from publiccredit.bulk.groups import BulkJob, assess_tables, pack_for

RANGE_RECORDS = 200_000
"""Records per range: bounds a worker's memory (Arrow batch plus ``Record`` objects)."""

_RANGE_QUERY = (
    "SELECT * FROM read_parquet(?) WHERE subject_key BETWEEN ? AND ? ORDER BY subject_key, {order}"
)


@dataclass(frozen=True, slots=True)
class RangeTask:
    """One worker's job: the subjects from ``first`` to ``last`` (inclusive)."""

    records: str
    facts: str
    first: str
    last: str
    out: str
    pack_path: str | None
    as_of: date
    through_seq: int


def plan_ranges(records: Path, workers: int) -> list[tuple[str, str]]:
    """Subject-key ranges of about ``RANGE_RECORDS`` records each (a subject is never split)."""
    with duckdb.connect() as con:
        counts = con.execute(
            "SELECT subject_key, count(*) FROM read_parquet(?) GROUP BY 1 ORDER BY 1",
            [str(records)],
        ).fetchall()
    total = sum(count for _key, count in counts)
    target = max(1, min(RANGE_RECORDS, total // max(1, workers * 4)))
    ranges: list[tuple[str, str]] = []
    first: str | None = None
    held = 0
    for key, count in counts:
        first = key if first is None else first
        held += count
        if held >= target:
            ranges.append((first, key))
            first, held = None, 0
    if first is not None:
        ranges.append((first, counts[-1][0]))
    return ranges


def _range(con: duckdb.DuckDBPyConnection, path: str, order: str, task: RangeTask) -> pa.Table:
    """The rows of ``path`` in the task's subject range, sorted by subject then ``order``."""
    query = _RANGE_QUERY.format(order=order)
    table: pa.Table = con.sql(query, params=[path, task.first, task.last]).to_arrow_table()
    return table


def run_range(task: RangeTask) -> tuple[int, int]:
    """Assess one range and write its part; (subjects, records)."""
    with duckdb.connect(config={"threads": 1}) as con:
        records = _range(con, task.records, "seq", task)
        facts = _range(con, task.facts, "position", task)
    # Records and assessments hold no reference cycles: with the collector off, creating
    # hundreds of thousands of objects does not trigger full collections over all of them.
    gc.disable()
    try:
        table = assess_tables(
            records, facts, pack_for(task.pack_path), task.as_of, task.through_seq
        )
    finally:
        gc.enable()
    pq.write_table(table, task.out, compression="zstd")
    return table.num_rows, records.num_rows


def assess_duckdb(job: BulkJob, workers: int | None = None) -> tuple[int, int]:
    """Assess every subject of the export into ``job.out/part-*.parquet``;
    (subjects, records)."""
    workers = workers or os.cpu_count() or 1
    job.out.mkdir(parents=True, exist_ok=True)
    for old in job.out.glob("part-*.parquet"):
        old.unlink()
    tasks = [
        RangeTask(
            str(job.records),
            str(job.facts),
            first,
            last,
            str(job.out / f"part-{index:05d}.parquet"),
            job.pack_name,
            job.as_of,
            job.through_seq,
        )
        for index, (first, last) in enumerate(plan_ranges(job.records, workers))
    ]
    if workers == 1 or len(tasks) <= 1:
        done = [run_range(task) for task in tasks]
    else:
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            done = list(pool.imap_unordered(run_range, tasks))
    return sum(subjects for subjects, _ in done), sum(count for _, count in done)
