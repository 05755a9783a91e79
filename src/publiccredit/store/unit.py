"""The unit of work: every write takes the ledger lock first, then reads, decides, appends.

A write that reads before it locks can decide on a state that another writer
is changing at that moment: two clerks deciding one case both saw it open
and both committed (granted and refused); two submissions of one new record
both saw it missing and the second failed on the primary key (a 500). So a
write transaction begins by taking the one lock every appender needs anyway:

* SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock at once (a
  plain ``BEGIN`` would only take it at the first write, after the reads);
  readers in WAL mode are never blocked by it. A second writer waits up to
  the busy timeout (``store.db.BUSY_TIMEOUT_MS``).
* PostgreSQL: ``SELECT … FOR UPDATE`` on the ledger state row; every other
  write unit waits for it, and under READ COMMITTED each statement after it
  sees everything committed before the lock was granted.

Inside the unit the caller reads, lets the pure functions decide, appends the
events (``store.events.append_events``, which grows the ledger under the same
lock) and saves the projections; leaving the block commits, an exception rolls
all of it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from publiccredit.errors import Busy
from publiccredit.store.schema import ledger_state


def lock_ledger(conn: Connection) -> None:
    """Take the writers' lock as the first statement of ``conn``'s transaction.

    A writer that waited longer than the database's lock timeout gets ``Busy``
    (try again later), and its transaction is rolled back: nothing half-done.
    """
    try:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            query = sa.select(ledger_state.c.size).where(ledger_state.c.id == 1)
            conn.execute(query.with_for_update())
    except sa.exc.OperationalError as error:
        conn.rollback()
        if "lock" not in str(error.orig).lower():
            raise
        raise Busy("another write is holding the store; nothing was stored, try again") from None


@contextmanager
def write_unit(engine: Engine) -> Iterator[Connection]:
    """A connection whose transaction holds the writers' lock; committed when the block
    ends, rolled back if it raises."""
    with engine.connect() as conn:
        lock_ledger(conn)
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
