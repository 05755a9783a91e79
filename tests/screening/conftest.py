"""Fixtures of the screening tests: a seeded store per backend, built once per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from screening_store import Store, stores

from publiccredit.api import create_app
from publiccredit.api.state import ApiSettings

ENTITIES = 400


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """A store with ``ENTITIES`` synthetic entities ingested, on each backend."""
    yield from stores(request, tmp_path_factory, ENTITIES)


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    """The app over ``store`` (API and portal), generously rate limited."""
    app = create_app(store.config, settings=ApiSettings(rate=1000.0, burst=100_000))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
