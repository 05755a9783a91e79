"""The Merkle node store in the database: appends, roots and proofs in a few reads.

Layout and planning are pure (``ledger/tiles.py``); this module only reads
and writes tiles. Every function takes a caller-owned ``Connection`` so an
append commits or rolls back together with the events it hashes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.errors import InvalidInput, Problem
from publiccredit.ledger import tiles
from publiccredit.ledger.merkle import EMPTY_ROOT
from publiccredit.store.schema import ledger_state, ledger_tiles


def ledger_size(conn: Connection) -> int:
    """The number of leaves in the ledger (= the highest event seq)."""
    return int(conn.execute(sa.select(ledger_state.c.size)).scalar_one())


def reserve(conn: Connection, count: int) -> int:
    """Lock the ledger for this transaction and grow its size by ``count``; the old size.

    The UPDATE comes first on purpose: it takes PostgreSQL's row lock (other
    appenders wait until this transaction ends) and SQLite's write lock before
    anything is read, so two appenders can never read the same size.
    """
    conn.execute(sa.update(ledger_state).values(size=ledger_state.c.size + count))
    return ledger_size(conn) - count


def read_tiles(conn: Connection, ids: Iterable[tiles.TileId]) -> dict[tiles.TileId, bytes]:
    """The stored tiles among ``ids``, in one query."""
    wanted = sorted({tiles.tile_key(tile) for tile in ids})
    if not wanted:
        return {}
    rows = conn.execute(
        sa.select(ledger_tiles.c.tile_key, ledger_tiles.c.hashes).where(
            ledger_tiles.c.tile_key.in_(wanted)
        )
    )
    return {tiles.tile_of_key(int(key)): bytes(blob) for key, blob in rows}


def write_leaf_hashes(conn: Connection, size: int, leaf_hashes: Sequence[bytes]) -> None:
    """Add ``leaf_hashes`` after leaf ``size`` (the caller holds the lock from ``reserve``)."""
    partial = read_tiles(conn, tiles.partial_tiles(size))
    changed = tiles.extend(size, partial, leaf_hashes)
    if rewritten := sorted(set(partial) & set(changed)):
        keys = [tiles.tile_key(tile) for tile in rewritten]
        conn.execute(sa.delete(ledger_tiles).where(ledger_tiles.c.tile_key.in_(keys)))
    conn.execute(
        sa.insert(ledger_tiles),
        [{"tile_key": tiles.tile_key(tile), "hashes": blob} for tile, blob in changed.items()],
    )


def append_leaf_hashes(conn: Connection, leaf_hashes: Sequence[bytes]) -> int:
    """Append raw leaf hashes (no events): the batch path; returns the first new leaf index.

    ``append_events`` is the normal way in; this is for rebuilding and
    benchmarking the node store.
    """
    size = reserve(conn, len(leaf_hashes))
    if leaf_hashes:
        write_leaf_hashes(conn, size, leaf_hashes)
    return size


def _check_size(size: int, current: int) -> None:
    if not 0 <= size <= current:
        raise InvalidInput(
            "no such tree size",
            (Problem(f"the ledger has {current} leaves", field="size", value=str(size)),),
        )


def _fetch(conn: Connection, plan: tiles.ProofPlan) -> list[bytes]:
    return tiles.assemble(plan, read_tiles(conn, tiles.plan_tiles(plan)))


def root_at(conn: Connection, size: int) -> bytes:
    """The tree root at ``size`` (≤ the current size)."""
    _check_size(size, ledger_size(conn))
    return _fetch(conn, tiles.root_plan(size))[0] if size else EMPTY_ROOT


def inclusion_proof(conn: Connection, index: int, size: int) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of ``size`` leaves."""
    _check_size(size, ledger_size(conn))
    if not 0 <= index < size:
        raise InvalidInput(
            "no such leaf in that tree",
            (Problem(f"the tree has {size} leaves", field="index", value=str(index)),),
        )
    return _fetch(conn, tiles.inclusion_plan(index, size))


def consistency_proof(conn: Connection, size1: int, size2: int) -> list[bytes]:
    """The proof that the tree at ``size1`` is a prefix of the tree at ``size2``."""
    _check_size(size2, ledger_size(conn))
    if not 0 < size1 <= size2:
        raise InvalidInput(
            "no consistency proof between these sizes",
            (Problem(f"need 0 < from ≤ to = {size2}", field="from", value=str(size1)),),
        )
    return _fetch(conn, tiles.consistency_plan(size1, size2))


def iter_level(conn: Connection, level: int, batch: int = 1024) -> Iterator[tuple[int, bytes]]:
    """Every tile of one level in index order, as ``(index, hashes)``, read in batches."""
    after, end = tiles.tile_key((level, 0)) - 1, tiles.tile_key((level + 1, 0))
    key = ledger_tiles.c.tile_key
    while True:
        rows = conn.execute(
            sa.select(key, ledger_tiles.c.hashes)
            .where(key > after, key < end)
            .order_by(key)
            .limit(batch)
        ).all()
        if not rows:
            return
        for tile, blob in rows:
            yield tiles.tile_of_key(int(tile))[1], bytes(blob)
        after = int(rows[-1][0])
