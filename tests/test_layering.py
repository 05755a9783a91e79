"""The dependency rules of DESIGN §3, checked on the source (no import is executed).

The pure layers — domain, identifiers, policy, engine, the ledger's hashing and
proof code, and the procedures core (state machines and calendar) — import
nothing that does I/O and no outer layer; ``store`` never imports ``engine``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "publiccredit"

PURE = ("domain", "identifiers", "policy", "engine", "procedures", "ledger")
"""Packages whose modules must stay pure (the ledger's store-facing parts live in ``store``)."""

OUTER = ("store", "service", "ingest", "api", "web", "cli", "synth", "bulk", "interop")
IO_LIBRARIES = ("sqlalchemy", "alembic", "fastapi", "uvicorn", "starlette", "psycopg", "httpx")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(package: str) -> list[Path]:
    return sorted((SRC / package).rglob("*.py"))


@pytest.mark.parametrize("package", PURE)
def test_pure_layers_import_no_io_and_no_outer_layer(package: str) -> None:
    offenders = []
    for path in _modules(package):
        for name in _imports(path):
            top = name.split(".")
            if top[0] in IO_LIBRARIES or (
                top[0] == "publiccredit" and len(top) > 1 and top[1] in OUTER
            ):
                offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert offenders == []


def test_store_never_imports_the_engine() -> None:
    offenders = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in _modules("store")
        for name in _imports(path)
        if name.startswith(("publiccredit.engine", "publiccredit.service"))
    ]
    assert offenders == []


def test_the_check_sees_imports() -> None:
    """Guard against a checker that finds nothing: the engine does import the policy."""
    assert any(
        name.startswith("publiccredit.policy")
        for path in _modules("engine")
        for name in _imports(path)
    )
