"""What ingest writes besides the database: the problem report and the rejected rows.

* ``ReportWriter`` — ``--report FILE``: one CSV line per problem (errors and
  warnings) with file, row, level, field, value and reason, written as the
  file is read, so even a file with millions of bad rows is reported whole.
* ``write_rejected`` — with ``--skip-invalid``: the rejected rows, copied from
  the input in the input's own format (same header, the original cells; JSON
  Lines byte for byte), ready to fix and send again. Rows are numbered
  exactly as the readers number them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO

import pyarrow.parquet as pq

from publiccredit.errors import Problem
from publiccredit.ingest.lines import LineFeed, physical_lines
from publiccredit.ingest.readers import PARQUET_BATCH_ROWS, format_of

REPORT_COLUMNS = ("file", "row", "level", "field", "value", "reason")


class ReportWriter:
    """A CSV problem report, written line by line (use as a context manager)."""

    def __init__(self, path: Path) -> None:
        self._handle: IO[str] = path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(REPORT_COLUMNS)

    def __call__(self, problem: Problem, level: str) -> None:
        """Write one problem."""
        self._writer.writerow(
            [
                problem.file or "",
                "" if problem.row is None else problem.row,
                level,
                problem.field or "",
                problem.value or "",
                problem.reason,
            ]
        )

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._handle.close()


def rejected_path(path: Path) -> Path:
    """Where the rejected rows of ``path`` go by default: ``<name>.rejected<suffix>`` beside it."""
    return path.with_name(f"{path.stem}.rejected{path.suffix}")


def write_rejected(source: Path, rows: set[int], out: Path) -> int:
    """Copy rows ``rows`` (reader numbering) of ``source`` to ``out``; how many were written."""
    fmt = format_of(source)
    if fmt == "parquet":
        return _parquet(source, rows, out)
    if fmt == "jsonl":
        with source.open("rb") as stream, out.open("wb") as target:
            return _jsonl(stream, rows, target)
    with source.open("rb") as stream, out.open("w", newline="", encoding="utf-8") as text:
        return _csv(stream, rows, text)


def _jsonl(stream: IO[bytes], rows: set[int], target: IO[bytes]) -> int:
    written = 0
    for number, (_offset, raw, _complete) in enumerate(physical_lines(stream), start=1):
        if number in rows and raw:
            target.write(raw if raw.endswith(b"\n") else raw + b"\n")
            written += 1
    return written


def _csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) as the CSV reader numbers them; row 0 is the header."""
    feed = LineFeed(physical_lines(stream))
    reader = csv.reader(feed)
    header_seen = False
    row = 0
    while True:
        feed.start_row()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            row += 1 if header_seen else 0
            continue
        if not cells and not feed.problems:
            continue
        if not header_seen:
            header_seen = True
            yield 0, cells
            continue
        row += 1
        yield row, cells


def _csv(stream: IO[bytes], rows: set[int], text: IO[str]) -> int:
    written = 0
    writer = csv.writer(text)
    for number, cells in _csv_rows(stream):
        if number == 0 or number in rows:
            writer.writerow(cells)
            written += number != 0
    return written


def _parquet(source: Path, rows: set[int], out: Path) -> int:
    parquet = pq.ParquetFile(source)
    written = 0
    number = 0
    with pq.ParquetWriter(out, parquet.schema_arrow) as writer:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            wanted = [i for i in range(batch.num_rows) if number + i + 1 in rows]
            number += batch.num_rows
            if wanted:
                writer.write_batch(batch.take(wanted))
                written += len(wanted)
    return written
