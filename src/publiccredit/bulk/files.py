"""Writing one table as a Parquet file and a CSV file side by side, and describing them.

Parquet keeps the types (dates, timestamps) and is what ``bulk assess`` reads;
CSV is for everyone else (spreadsheets, ``COPY``). Both hold the same rows in
the same order. ``FileEntry`` is a file's line in the manifest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileEntry:
    """A file of the export: path (relative), table, format, rows, bytes and SHA-256."""

    path: str
    table: str
    format: str
    rows: int
    bytes: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "table": self.table,
            "format": self.format,
            "rows": self.rows,
            "bytes": self.bytes,
            "sha256": self.sha256,
        }


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def describe(folder: Path, name: str, table: str, file_format: str, rows: int) -> FileEntry:
    """The manifest entry of ``folder / name``."""
    path = folder / name
    return FileEntry(name, table, file_format, rows, path.stat().st_size, sha256_of(path))


class TableWriter:
    """Writes ``<table>.parquet`` (zstd) and ``<table>.csv`` batch by batch (use it in
    ``contextlib.closing``)."""

    def __init__(self, folder: Path, table: str, schema: pa.Schema) -> None:
        self.folder = folder
        self.table = table
        self.rows = 0
        self._parquet = pq.ParquetWriter(folder / f"{table}.parquet", schema, compression="zstd")
        self._csv = pa_csv.CSVWriter(str(folder / f"{table}.csv"), schema)

    def write(self, batch: pa.Table) -> None:
        self._parquet.write_table(batch)
        self._csv.write_table(batch)
        self.rows += batch.num_rows

    def close(self) -> None:
        self._parquet.close()
        self._csv.close()

    def files(self) -> list[FileEntry]:
        """The two files' manifest entries (after ``close``)."""
        return [
            describe(self.folder, f"{self.table}.{suffix}", self.table, suffix, self.rows)
            for suffix in ("parquet", "csv")
        ]
