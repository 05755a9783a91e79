"""``manifest.json``: what a bulk export holds and the ledger state it was read at.

A reader checks a file against its SHA-256 and row count before trusting it
(``read_manifest(verify=True)``), and learns the tree size and root the data
reflects (``tree``) — the ``through_seq`` of assessments computed from it —
and the policy pack version active at export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from publiccredit.bulk.files import FileEntry, sha256_of
from publiccredit.errors import InvalidInput, NotFound, Problem

FORMAT = "publiccredit.bulk/1"


@dataclass(frozen=True, slots=True)
class Manifest:
    """The manifest's content (see docs/bulk.md for the JSON)."""

    created_at: datetime
    tree_size: int
    tree_root: str
    signed_head: dict[str, Any] | None
    policy_version: str
    files: tuple[FileEntry, ...]
    schemas: dict[str, pa.Schema]

    def path_of(self, table: str, file_format: str = "parquet") -> str:
        """The relative path of ``table``'s file in ``file_format``."""
        for entry in self.files:
            if entry.table == table and entry.format == file_format:
                return entry.path
        raise NotFound(f"the manifest lists no {file_format} file for table {table!r}")

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created_at": self.created_at.isoformat(),
            "tree": {"size": self.tree_size, "root": self.tree_root},
            "signed_head": self.signed_head,
            "policy_version": self.policy_version,
            "files": [entry.to_json() for entry in self.files],
            "schemas": {
                name: [
                    {"name": field.name, "type": str(field.type), "nullable": field.nullable}
                    for field in schema
                ]
                for name, schema in self.schemas.items()
            },
        }


def write_manifest(folder: Path, manifest: Manifest) -> Path:
    """Write ``folder/manifest.json``."""
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest.to_json(), indent=2, ensure_ascii=False) + "\n")
    return path


def _problem(path: Path, field: str, value: str | None, reason: str) -> InvalidInput:
    return InvalidInput(f"bad bulk export {path}", (Problem(reason, field, value),))


def read_manifest(folder: Path, verify: bool = True) -> Manifest:
    """The manifest of an export folder; with ``verify``, every listed file's size and
    SHA-256 are checked (``InvalidInput`` naming the file on any mismatch)."""
    path = folder / "manifest.json"
    if not path.is_file():
        raise NotFound(f"{folder} holds no manifest.json: not a finished `bulk export` folder")
    try:
        data = json.loads(path.read_text())
        if data.get("format") != FORMAT:
            raise _problem(path, "format", str(data.get("format")), f"must be {FORMAT}")
        files = tuple(FileEntry(**entry) for entry in data["files"])
        manifest = Manifest(
            created_at=datetime.fromisoformat(data["created_at"]),
            tree_size=int(data["tree"]["size"]),
            tree_root=str(data["tree"]["root"]),
            signed_head=data.get("signed_head"),
            policy_version=str(data["policy_version"]),
            files=files,
            schemas={},
        )
    except (ValueError, KeyError, TypeError) as error:
        raise _problem(path, "manifest.json", None, f"unreadable manifest ({error})") from None
    if verify:
        for entry in files:
            _verify(folder, entry)
    return manifest


def _verify(folder: Path, entry: FileEntry) -> None:
    target = folder / entry.path
    if not target.is_file():
        raise _problem(target, entry.path, None, "listed in manifest.json but missing")
    size = target.stat().st_size
    if size != entry.bytes:
        raise _problem(
            target, entry.path, str(size), f"has {size} bytes, manifest says {entry.bytes}"
        )
    digest = sha256_of(target)
    if digest != entry.sha256:
        raise _problem(
            target, entry.path, digest, f"SHA-256 differs from the manifest's {entry.sha256}"
        )
