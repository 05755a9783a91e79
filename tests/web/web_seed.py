"""The API tests' seeded store and app (tests/api/conftest.py), for the portal's tests.

Loaded once, under one module name, so every portal test module shares the same
seeding code and its ``seeded`` fixture (module-scoped, on SQLite and PostgreSQL).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

API_DIR = Path(__file__).resolve().parents[1] / "api"


def load(name: str, path: Path) -> ModuleType:
    """``path`` as the module ``name`` (once; later calls return the same module)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


API = load("api_seed_for_web", API_DIR / "conftest.py")
seeded = API.seeded


@contextmanager
def database(backend: str, tmp: Path, name: str) -> Iterator[str]:
    """A fresh database URL for ``backend``: a SQLite file in ``tmp``, or a PostgreSQL
    schema of its own (dropped afterwards); a missing server fails under CI, else skips."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / f'{name}.sqlite3'}"
        return
    found = API._pg_database(tmp)
    if found is None:
        if API.IN_CI:
            pytest.fail(API.HOW_TO_START)
        pytest.skip(API.HOW_TO_START)
    url, schema = found
    try:
        yield url
    finally:
        API._drop_schema(schema)


def cells(html: str) -> str:
    """``html`` without the cells' ``data-label`` attributes (web/cell_labels.py), so a test
    can look for ``<td>value</td>`` whatever the column's heading."""
    return re.sub(r' data-label="[^"]*"', "", html)
