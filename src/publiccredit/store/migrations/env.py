"""Alembic environment: migrations run only programmatically, on a given connection.

``publiccredit.store.migrate(engine)`` passes its connection in
``config.attributes["connection"]``; there is no alembic.ini and no URL here,
so the same migrations serve SQLite and PostgreSQL (in whatever schema the
connection's search_path selects).
"""

from __future__ import annotations

from alembic import context

from publiccredit.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
