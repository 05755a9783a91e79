"""Fixtures for policy pack tests: the cn pack as plain data, and a writer for mutated packs.

A bad pack is the cn pack with one thing changed: load its YAML into dicts,
mutate, write to a temporary folder, load, and expect a refusal naming the
right rule.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from publiccredit.policy.loader import CN_PACK_PATH, FILE_MODELS

RawPack = dict[str, dict[str, Any]]


def _read_cn() -> RawPack:
    return {
        name: yaml.safe_load((CN_PACK_PATH / name).read_text(encoding="utf-8"))
        for name in FILE_MODELS
    }


_CN_RAW = _read_cn()


def _unshared(value: Any) -> Any:
    """A copy in which no two places share an object (YAML anchors share them)."""
    if isinstance(value, dict):
        return {key: _unshared(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unshared(item) for item in value]
    return value


def fresh_cn_raw() -> RawPack:
    """A fresh copy of the cn pack's files as dicts, anchors expanded into separate objects."""
    copied: RawPack = _unshared(_CN_RAW)
    return copied


@pytest.fixture
def cn_raw() -> RawPack:
    """A fresh copy of the cn pack's files (``fresh_cn_raw``), one per test."""
    return fresh_cn_raw()


def write_raw_pack(folder: Path, raw: RawPack) -> Path:
    """Write ``raw`` as a pack folder and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in raw.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def write_pack(tmp_path: Path) -> Callable[[RawPack], Path]:
    """Write a raw pack to a new folder under tmp_path and return the folder."""
    counter = iter(range(1_000_000))

    def write(raw: RawPack) -> Path:
        return write_raw_pack(tmp_path / f"pack{next(counter)}", raw)

    return write
