"""Writing the record stream in the three file forms of ``docs/record-format.md``.

CSV (UTF-8, header row, ``extra`` as compact JSON text), JSON Lines (one object
per line, ``extra`` an object) and Parquet (every column a string, ``extra`` as
JSON text). Output is byte-for-byte reproducible: no timestamps, stable key
order, fixed batch sizes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from publiccredit.domain.record import COLUMNS
from publiccredit.synth.badrows import BAD_BYTES_MARK, INVALID_UTF8
from publiccredit.synth.timeline import Row

FORMATS = ("csv", "jsonl", "parquet")
"""File forms ``write`` can produce; the file is ``records.<format>``."""

PARQUET_BATCH = 65_536
_MARK = BAD_BYTES_MARK.encode()


_EXTRA = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


_EXTRA_CACHE: dict[tuple[tuple[str, Any], ...], str] = {}


def _extra_text(extra: Any) -> str:
    # Most extras repeat ({"outcome":"passed"}): remember their text, bounded.
    if not extra:
        return ""
    try:
        key = tuple(extra.items())
        return _EXTRA_CACHE[key]
    except KeyError:
        if len(_EXTRA_CACHE) > 200_000:
            _EXTRA_CACHE.clear()
        text = _EXTRA_CACHE[key] = _EXTRA(extra)
        return text
    except (TypeError, AttributeError):  # unhashable values (lists) or not a dict
        return _EXTRA(extra)


def flat(row: Row) -> list[str]:
    """A row as CSV cells in column order (the same cells as ``Record.to_flat_row``).

    Rows are built with their keys in ``COLUMNS`` order, ``extra`` last.
    """
    cells: list[str] = ["" if value is None else value for value in row.values()]
    cells[-1] = _extra_text(row["extra"])
    return cells


def write_csv(rows: Iterable[Row], out: BinaryIO) -> None:
    """CSV with a header row, RFC 4180 quoting, CRLF line ends, UTF-8 without BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(flat(row))
        if buffer.tell() > 1 << 20 or row["subject_name"] == BAD_BYTES_MARK:
            _drain(buffer, out)
    _drain(buffer, out)


def write_jsonl(rows: Iterable[Row], out: BinaryIO) -> None:
    """One JSON object per line, columns in order, ``extra`` as an object."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write(_LINE(row))
        buffer.write("\n")
        if buffer.tell() > 1 << 20 or row["subject_name"] == BAD_BYTES_MARK:
            _drain(buffer, out)
    _drain(buffer, out)


def _drain(buffer: io.StringIO, out: BinaryIO) -> None:
    data = buffer.getvalue().encode("utf-8")
    out.write(data.replace(_MARK, INVALID_UTF8) if _MARK in data else data)
    buffer.seek(0)
    buffer.truncate()


def write_parquet(rows: Iterable[Row], path: Path) -> None:
    """Every column a nullable string; absent values are null; ``extra`` JSON text."""
    schema = pa.schema([(name, pa.string()) for name in COLUMNS])
    with pq.ParquetWriter(path, schema) as writer:
        columns: list[list[str | None]] = [[] for _ in COLUMNS]
        for row in rows:
            for column, cell in zip(columns, flat(row), strict=True):
                column.append(cell or None)
            if len(columns[0]) >= PARQUET_BATCH:
                writer.write_table(pa.table(columns, schema=schema))
                columns = [[] for _ in COLUMNS]
        if columns[0]:
            writer.write_table(pa.table(columns, schema=schema))


def write_rows(rows: Iterable[Row], path: Path, fmt: str) -> None:
    """Write ``rows`` to ``path`` in form ``fmt`` (one of ``FORMATS``), replacing the file."""
    if fmt == "parquet":
        write_parquet(rows, path)
        return
    writers: dict[str, Callable[[Iterable[Row], BinaryIO], None]] = {
        "csv": write_csv,
        "jsonl": write_jsonl,
    }
    with path.open("wb") as out:
        writers[fmt](rows, out)
