"""The API tests' seeded store and app (tests/api/conftest.py), for the portal's tests.

Loaded once, under one module name, so every portal test module shares the same
seeding code and its ``seeded`` fixture (module-scoped, on SQLite and PostgreSQL).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

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
