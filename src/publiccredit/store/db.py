"""Engines for SQLite and PostgreSQL, configured the way the store needs them.

SQLite gets, on every connection: WAL journal (readers never block the
writer), foreign keys on (off by default in SQLite), a 10 s busy timeout (a
second writer waits instead of failing at once) and ``synchronous=NORMAL``
(safe with WAL; a power cut may lose the last commits, never corrupt) and a
64 MiB page cache.
PostgreSQL needs nothing special: appenders serialise on the ledger state row.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 65_536
"""SQLite page cache per connection (64 MiB, default 2 MiB): keeps the upper node-store
pages hot so proofs on a large ledger stay a few cached B-tree lookups."""


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.close()


def make_engine(url: str, *, connect_args: dict[str, Any] | None = None) -> Engine:
    """An engine for ``url``; ``connect_args`` go to the driver (e.g. a PostgreSQL search_path)."""
    # A server connection (PostgreSQL) may have been dropped while pooled, so it is pinged
    # at checkout; a SQLite file connection cannot go stale, and the ping cost a statement
    # per checkout (a fifth of a profile lookup's database time).
    ping = not url.startswith("sqlite")
    engine = sa.create_engine(url, connect_args=connect_args or {}, pool_pre_ping=ping)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _configure_sqlite)
    return engine
