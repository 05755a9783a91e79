"""Fixtures for policy pack tests: the cn pack as plain data, and a writer for mutated packs.

A bad pack is the cn pack with one thing changed: load its YAML into dicts,
mutate, write to a temporary folder, load, and expect a refusal naming the
right rule.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bad_packs import RawPack, fresh_cn_raw, write_raw_pack


@pytest.fixture
def cn_raw() -> RawPack:
    """A fresh copy of the cn pack's files (``fresh_cn_raw``), one per test."""
    return fresh_cn_raw()


@pytest.fixture
def write_pack(tmp_path: Path) -> Callable[[RawPack], Path]:
    """Write a raw pack to a new folder under tmp_path and return the folder."""
    counter = iter(range(1_000_000))

    def write(raw: RawPack) -> Path:
        return write_raw_pack(tmp_path / f"pack{next(counter)}", raw)

    return write
