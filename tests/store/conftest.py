"""Storage test helpers. The per-backend ``engine`` fixture (SQLite AND PostgreSQL)
lives in ``tests/conftest.py``: ingestion and service tests use it too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from publiccredit.domain.event import Event, EventKind
from publiccredit.store.keyfiles import create_signing_key, load_signing_key


@pytest.fixture
def signing_key(tmp_path: Path) -> Ed25519PrivateKey:
    """A ledger signing key created the way ``init`` does."""
    create_signing_key(tmp_path)
    return load_signing_key(tmp_path)


EventFactory = Callable[..., Event]


@pytest.fixture
def make_event() -> EventFactory:
    """A factory of synthetic ``record.submitted`` events (override any field by keyword)."""

    def factory(number: int = 0, **fields: Any) -> Event:
        moment = datetime(2025, 3, 1, 8, 0, tzinfo=UTC) + timedelta(minutes=number)
        values: dict[str, Any] = {
            "kind": EventKind.RECORD_SUBMITTED,
            "subject": "91440300MA5FTEST01",
            "occurred_at": moment,
            "recorded_at": moment,
            "actor": "samr-440300",
            "payload": {"source_record_id": f"R{number}", "amount": number * 1.5},
        }
        values.update(fields)
        return Event(**values)

    return factory
