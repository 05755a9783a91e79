"""Fixtures of the engine tests: the small test pack of ``engine_packs``."""

from __future__ import annotations

import pytest
from engine_packs import make_pack

from publiccredit.policy.model import Pack


@pytest.fixture(scope="session")
def pack() -> Pack:
    """The test pack, built once (the engine caches its compilation per pack object)."""
    return make_pack()
