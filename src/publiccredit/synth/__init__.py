"""Synthetic public credit records, calibrated to published statistics.

Every test, demo and benchmark stands on this data, so it is reproducible
(the same ``SynthConfig`` always gives byte-identical files) and honest about
what it models: ``docs/synthetic-data.md`` lists every rate with its source
(``calibration.RATES``) and says where we had to assume.

    >>> config = SynthConfig(entities=10, records_per_entity=20, seed=7)
    >>> records = list(generate(config))          # Record objects, in memory order
    >>> summary = write(config, Path("out"), "csv")  # out/records.csv
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from publiccredit.domain.record import Record, parse_record
from publiccredit.errors import InvalidInput
from publiccredit.synth.badrows import BAD_KINDS, with_bad_rows
from publiccredit.synth.records import SynthConfig, generate_entities, generate_rows
from publiccredit.synth.timeline import Row
from publiccredit.synth.writer import FORMATS, write_rows

__all__ = ["BAD_KINDS", "FORMATS", "SynthConfig", "SynthSummary", "generate", "write"]


@dataclass(frozen=True, slots=True)
class SynthSummary:
    """What ``write`` produced: where, how much, and how long it took."""

    path: Path
    format: str
    entities: int
    records: int
    bad_rows: int
    seconds: float
    entities_by_kind: dict[str, int] = field(default_factory=dict)
    records_by_type: dict[str, int] = field(default_factory=dict)


def generate(config: SynthConfig) -> Iterator[Record]:
    """The good records of ``config`` as ``Record`` values (bad rows exist only in files)."""
    for row in generate_rows(config):
        yield parse_record(row)


def write(
    config: SynthConfig,
    out_dir: Path,
    fmt: str,
    on_entity: Callable[[], object] | None = None,
) -> SynthSummary:
    """Write ``out_dir/records.<fmt>`` (replacing it) and say what was written;
    ``on_entity`` is called once per entity written (a progress bar's tick)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInput(f"cannot create output folder {out_dir}: {error.strerror}") from error
    path = out_dir / f"records.{fmt}"
    kinds: Counter[str] = Counter()
    types: Counter[str] = Counter()

    def counted() -> Iterator[Row]:
        for entity, rows in generate_entities(config):
            kinds[entity.kind] += 1
            for row in rows:
                types[row["record_type"]] += 1
                yield row
            if on_entity is not None:
                on_entity()

    expected = round(config.entities * config.records_per_entity)
    stream = with_bad_rows(counted(), config.bad_rows, expected, config.seed, fmt == "parquet")
    started = time.perf_counter()
    write_rows(stream, path, fmt)
    return SynthSummary(
        path=path,
        format=fmt,
        entities=config.entities,
        records=sum(types.values()),
        bad_rows=config.bad_rows if config.entities else 0,
        seconds=time.perf_counter() - started,
        entities_by_kind=dict(sorted(kinds.items())),
        records_by_type=dict(types.most_common()),
    )
