"""Benchmark: bulk re-evaluation on DuckDB and on Spark (local mode) at several sizes.

Builds a base of synthetic subjects (``publiccredit.synth``, ~450 records each)
as a bulk export's ``records.parquet``, then for each size DuckDB writes a
larger export by repeating the base under new subject keys (the same records,
so every subject costs the engine what a base subject costs), sorted by
subject. For each size it times, in the same run: a bare DuckDB scan of the
file (reads every column), ``bulk assess --engine duckdb`` (all cores), and at
the Spark sizes ``--engine spark`` on ``local[N]``. Prints and saves JSON
(``bench/results/bulk.json``) with entities/s, records/s, CPU seconds (the
machine may be shared: CPU time per record is the load-independent figure), the
ratio to the bare scan, and the time 180,000 entities / 81 M records would take
at the largest measured rate, wall and on idle cores (linear extrapolation: the
work is per subject and ranges are independent, so it scales with the record
count).

    python bench/bulk.py [--base 400] [--sizes 400,1600,6400] [--spark-sizes 400,1600]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from publiccredit.bulk.columns import FACT_SCHEMA, RECORD_SCHEMA, record_row, to_table
from publiccredit.bulk.duck import assess_duckdb
from publiccredit.bulk.groups import BulkJob
from publiccredit.synth import SynthConfig, generate

RESULTS = Path(__file__).resolve().parent / "results"
AS_OF = date(2026, 6, 1)
NATIONAL_1000 = (180_000, 81_000_000)
"""1/1000 of national scale: entities, records (issue 14's target: ≤ 5 minutes)."""


def write_base(folder: Path, entities: int, per_entity: float) -> Path:
    """The synthetic base as a records Parquet file (subject key = USCC)."""
    config = SynthConfig(
        entities=entities, records_per_entity=per_entity, end=date(2026, 5, 31), seed=1
    )
    rows = [
        record_row(record.subject_id, seq, "active", record.to_row())
        for seq, record in enumerate(generate(config), start=1)
    ]
    path = folder / "base.parquet"
    pq.write_table(to_table(rows, RECORD_SCHEMA), path)
    return path


def write_size(base: Path, folder: Path, copies: int) -> tuple[Path, Path]:
    """An export of ``copies`` × the base (subject keys suffixed), sorted by subject."""
    folder.mkdir(parents=True, exist_ok=True)
    records = folder / "records.parquet"
    with duckdb.connect() as con:
        con.execute(
            f"""COPY (
                SELECT * REPLACE (subject_key || '~' || lpad(copy::VARCHAR, 5, '0') AS subject_key)
                FROM read_parquet('{base}'), range({copies}) AS copies(copy)
                ORDER BY subject_key, seq
            ) TO '{records}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)"""
        )
    facts = folder / "facts.parquet"
    pq.write_table(FACT_SCHEMA.empty_table(), facts)
    return records, facts


def bare_scan(records: Path) -> float:
    """Seconds for DuckDB to read every column of the file once."""
    started = time.perf_counter()
    with duckdb.connect() as con:
        con.execute(
            "SELECT count(DISTINCT subject_key), sum(length(agency) + length(source_record_id) "
            "+ length(record_type) + length(subject_id) + length(coalesce(extra, ''))), "
            "max(decided_on), max(recorded_at), count(severity), max(effective_until) "
            "FROM read_parquet(?)",
            [str(records)],
        ).fetchall()
    return time.perf_counter() - started


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (DuckDB's worker pool)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(
    run: str, folder: Path, records: Path, facts: Path, workers: int
) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one bulk assess (Spark: the JVM's CPU is not counted)."""
    out = folder / f"out-{run}"
    job = BulkJob(records, facts, out, None, AS_OF, 0)
    started, cpu = time.perf_counter(), cpu_seconds()
    if run == "duckdb":
        assess_duckdb(job, workers)
    else:
        from publiccredit.bulk.spark import assess_spark

        assess_spark(job, f"local[{workers}]")
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    shutil.rmtree(out, ignore_errors=True)
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=400, help="synthetic entities in the base")
    parser.add_argument("--records", type=float, default=450.0, help="records per entity")
    parser.add_argument("--sizes", default="400,1600,6400", help="DuckDB sizes (entities)")
    parser.add_argument("--spark-sizes", default="400,1600", help="Spark sizes ('' for none)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="work folder to use and keep")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s})
    spark_sizes = {int(s) for s in args.spark_sizes.split(",") if s}
    work = args.keep or Path(tempfile.mkdtemp(prefix="pc-bench-bulk-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    base = write_base(work, args.base, args.records)
    base_rows = pq.read_metadata(base).num_rows
    took = time.perf_counter() - started
    print(f"base: {args.base} entities, {base_rows} records in {took:.1f} s", file=sys.stderr)
    runs = []
    for size in sorted(set(sizes) | spark_sizes):
        copies = max(1, size // args.base)
        records, facts = write_size(base, work / f"size-{size}", copies)
        entities, count = copies * args.base, copies * base_rows
        scan = bare_scan(records)
        for run in ("duckdb", "spark"):
            if (run == "duckdb" and size not in sizes) or (
                run == "spark" and size not in spark_sizes
            ):
                continue
            load = os.getloadavg()[0]
            seconds, cpu = measure(run, work, records, facts, args.workers)
            row = {
                "engine": run,
                "entities": entities,
                "records": count,
                "seconds": round(seconds, 2),
                # Spark's work runs in the JVM and its Python workers, not our children.
                "cpu_seconds": round(cpu, 2) if run == "duckdb" else None,
                "records_per_cpu_second": round(count / cpu) if run == "duckdb" else None,
                "load_average_before": round(load, 1),
                "entities_per_second": round(entities / seconds, 1),
                "records_per_second": round(count / seconds),
                "bare_scan_seconds": round(scan, 3),
                "ratio_to_bare_scan": round(seconds / scan, 1),
            }
            runs.append(row)
            print(json.dumps(row), file=sys.stderr)
        if args.keep is None:
            shutil.rmtree(work / f"size-{size}", ignore_errors=True)
    largest = max((r for r in runs if r["engine"] == "duckdb"), key=lambda r: r["records"])
    target_entities, target_records = NATIONAL_1000
    result = {
        "benchmark": "bulk",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "workers": args.workers,
        "base_entities": args.base,
        "runs": runs,
        "extrapolation_180k_entities_81M_records": {
            "from": f"duckdb at {largest['records']} records",
            "seconds_at_measured_wall_rate": round(target_records / largest["records_per_second"]),
            "seconds_on_idle_cores": round(
                target_records / (largest["records_per_cpu_second"] * args.workers)
            ),
            "note": "idle cores: the measured CPU time per record, spread over --workers cores "
            "with nothing else running (the machine was shared while measuring)",
            "target_seconds": 300,
            "entities_assumed": target_entities,
        },
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bulk.json").write_text(json.dumps(result, indent=2) + "\n")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
