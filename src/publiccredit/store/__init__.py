"""Persistence: SQLAlchemy Core tables, migrations, the event log and its node store.

The same code runs on SQLite (one file, one writer; the default) and
PostgreSQL (several API processes). Events are the source of truth; every
other table is a projection later layers fill. ``store`` may import
``ledger`` and ``domain``, never ``engine`` (DESIGN §3).
"""

from __future__ import annotations

from publiccredit.store.migrate import migrate

__all__ = ["migrate"]
