"""Fixtures of the screening tests: a seeded store per backend, built once per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from screening_store import Store, stores

ENTITIES = 400


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """A store with ``ENTITIES`` synthetic entities ingested, on each backend."""
    yield from stores(request, tmp_path_factory, ENTITIES)
