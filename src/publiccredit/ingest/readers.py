"""Streaming readers for record files: CSV, JSON Lines and Parquet.

Each reader yields one ``RowResult`` per data row: its number and either a
``Record`` or the problems that keep it from being one (file, row, field,
value, reason). Memory stays bounded whatever the file's size: lines are read
one at a time (none longer than ``MAX_LINE_BYTES``), Parquet in record batches.
A bad row never stops the file; only a file that cannot be read at all (missing,
unknown suffix, not Parquet) raises ``InvalidInput``. A CSV header without the
required columns is reported once, as row 0, and nothing else is read.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from publiccredit.domain.record import COLUMNS, REQUIRED_COLUMNS, Record, RecordParseError
from publiccredit.domain.record import parse_record as parse_row
from publiccredit.errors import InvalidInput, Problem
from publiccredit.ingest.checks import check_record
from publiccredit.ingest.lines import MAX_LINE_BYTES, LineFeed, physical_lines
from publiccredit.policy import default_pack
from publiccredit.policy.model import Pack

SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
"""File suffix → format; the suffix alone decides how a file is read."""

PARQUET_BATCH_ROWS = 4096

__all__ = ["MAX_LINE_BYTES", "SUFFIXES", "RowResult", "format_of", "read_records"]


@dataclass(frozen=True, slots=True)
class RowResult:
    """One data row: a ``Record`` when it is good, else the ``problems`` (never both).

    ``row`` counts data rows from 1 (for JSON Lines, the line number); row 0
    stands for the file as a whole (a CSV or Parquet header that cannot work).
    """

    row: int
    record: Record | None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class _Context:
    name: str
    today: date
    pack: Pack

    def result(self, row: int, cells: Mapping[str, Any]) -> RowResult:
        try:
            record = parse_row(cells)
        except RecordParseError as error:
            return self.failed(row, error.problems)
        checked = check_record(record, self.pack, self.today)
        if checked.errors:
            return self.failed(row, checked.errors)
        warnings = self.located(row, checked.warnings) if checked.warnings else ()
        return RowResult(row, checked.record, (), warnings)

    def located(self, row: int, problems: Iterable[Problem]) -> tuple[Problem, ...]:
        return tuple(replace(p, row=row or None, file=self.name) for p in problems)

    def failed(self, row: int, problems: Iterable[Problem]) -> RowResult:
        return RowResult(row, None, self.located(row, problems))


def format_of(path: Path) -> str:
    """The format a file is read as, from its suffix; ``InvalidInput`` if unknown."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(SUFFIXES)
        raise InvalidInput(f"{path}: unknown file type {path.suffix!r}; use one of {known}")
    return fmt


def read_records(
    path: Path,
    *,
    today: date | None = None,
    pack: Pack | None = None,
) -> Iterator[RowResult]:
    """Read a record file row by row, checked against ``pack``'s directory (default: ``cn``).

    ``today`` bounds dates (default: the system date).

    Raises ``InvalidInput`` before the first row if the file cannot be read.
    """
    fmt = format_of(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    context = _Context(str(path), today or date.today(), pack or default_pack())
    if fmt == "parquet":
        try:
            source = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as error:
            raise InvalidInput(f"{path}: not a readable Parquet file ({error})") from error
        return _parquet(source, context)
    try:
        stream = path.open("rb")
    except OSError as error:
        raise InvalidInput(f"{path}: cannot open ({error.strerror})") from error
    return _csv(stream, context) if fmt == "csv" else _jsonl(stream, context)


def header_problems(names: list[str]) -> list[Problem]:
    """What is wrong with a header: duplicate, unknown or missing required columns."""
    problems = [
        Problem("duplicate column", name, name)
        for name in sorted({n for n in names if names.count(n) > 1})
    ]
    problems += [Problem("unknown column", name, name) for name in names if name not in COLUMNS]
    missing = sorted(REQUIRED_COLUMNS - set(names))
    if missing:
        problems.append(Problem(f"header lacks required columns: {', '.join(missing)}", None))
    return problems


def _csv(stream: IO[bytes], context: _Context) -> Iterator[RowResult]:
    with stream:
        feed = LineFeed(physical_lines(stream))
        reader = csv.reader(feed)
        header: list[str] | None = None
        row = 0
        while True:
            feed.start_row()
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                row += 1 if header is not None else 0
                yield context.failed(row, [Problem(f"malformed CSV: {error}")])
                if header is None:
                    return
                continue
            if not cells and not feed.problems:
                continue  # blank line
            if header is None:
                header = [name.strip() for name in cells]
                problems = feed.problems + header_problems(header)
                if problems:
                    yield context.failed(0, problems)
                    return
                continue
            row += 1
            if feed.problems:
                yield context.failed(row, feed.problems)
            elif len(cells) != len(header):
                reason = f"row has {len(cells)} cells but the header has {len(header)}"
                yield context.failed(row, [Problem(reason)])
            else:
                yield context.result(row, dict(zip(header, cells, strict=True)))
        if header is None:
            yield context.failed(0, [Problem("file is empty: no header row")])


def _jsonl(stream: IO[bytes], context: _Context) -> Iterator[RowResult]:
    with stream:
        for number, (offset, raw, complete) in enumerate(physical_lines(stream), start=1):
            if not complete:
                reason = f"line longer than {MAX_LINE_BYTES} bytes at byte offset {offset}"
                yield context.failed(number, [Problem(reason)])
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                reason = f"invalid UTF-8 at byte offset {offset + error.start}"
                yield context.failed(number, [Problem(reason)])
                continue
            if number == 1:
                text = text.removeprefix("\ufeff")
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as error:
                yield context.failed(number, [Problem(f"not valid JSON ({error})")])
                continue
            if not isinstance(value, dict):
                yield context.failed(number, [Problem("each line must be a JSON object")])
                continue
            yield context.result(number, value)


def _parquet(source: pq.ParquetFile, context: _Context) -> Iterator[RowResult]:
    names = list(source.schema_arrow.names)
    problems = header_problems(names)
    if problems:
        yield context.failed(0, problems)
        return
    row = 0
    try:
        for batch in source.iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for cells in batch.to_pylist():
                row += 1
                yield context.result(row, cells)
    except (pa.ArrowException, OSError) as error:
        raise InvalidInput(f"{context.name}: damaged after row {row} ({error})") from error
