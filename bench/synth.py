"""Benchmark: how fast ``publiccredit synth`` writes records, against a trivial baseline.

Writes N records (default 1,000,000) as CSV, then, in the same run, writes the
same number of trivial 17-cell rows with the ``csv`` module alone. Prints and
saves JSON (``bench/results/synth-<time>.json``): records/s, wall time, peak
RSS, and ratio = synth time / baseline time (lower is better; the ratio is
comparable across machines, the seconds are not).

    python bench/synth.py [--records 1000000] [--format csv]
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from publiccredit.domain.record import COLUMNS
from publiccredit.synth import SynthConfig, write
from publiccredit.synth.calibration import rate

RESULTS = Path(__file__).resolve().parent / "results"


def baseline(rows: int, path: Path) -> float:
    """Seconds to write ``rows`` trivial rows with the csv module."""
    started = time.perf_counter()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        cells = [str(i) for i in range(len(COLUMNS))]
        for _ in range(rows):
            writer.writerow(cells)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--format", default="csv", choices=("csv", "jsonl", "parquet"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    mean = rate("records_per_entity")
    entities = max(1, round(args.records / mean))
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        summary = write(SynthConfig(entities=entities, seed=args.seed), Path(folder), args.format)
        synth_seconds = time.perf_counter() - started
        base_seconds = baseline(summary.records, Path(folder) / "baseline.csv")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "benchmark": "synth",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "format": args.format,
        "entities": entities,
        "records": summary.records,
        "wall_seconds": round(synth_seconds, 3),
        "records_per_second": round(summary.records / synth_seconds),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "baseline_seconds": round(base_seconds, 3),
        "ratio_to_baseline": round(synth_seconds / base_seconds, 2),
    }
    print(json.dumps(result, indent=2))
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"synth-{stamp}.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
