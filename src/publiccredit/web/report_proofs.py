"""Inclusion proofs for many events at once: the leaves and audit paths a report carries.

``GET /v1/transparency/inclusion`` answers one event per request (a few reads
each). A report needs one proof per event behind every record it shows, which
for a large company is over a thousand, so this reads the events' leaf fields
and the node store's tiles in a few chunked queries and assembles every audit
path from the same pure planning the node store uses (``ledger.tiles``). The
proofs are identical to the API's: the tests verify each one with
``ledger.merkle.verify_inclusion`` against the signed head's root.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.ledger import tiles
from publiccredit.ledger.leaf import leaf_bytes
from publiccredit.ledger.merkle import leaf_hash
from publiccredit.store.nodestore import read_tiles
from publiccredit.store.schema import events

CHUNK = 500
"""Keys per ``IN`` list: well inside both databases' parameter limits."""


@dataclass(frozen=True, slots=True)
class LeafProof:
    """One event's leaf and its RFC 6962 audit path in the tree of ``tree_size`` leaves."""

    seq: int
    leaf_index: int
    tree_size: int
    leaf: str
    leaf_hash_hex: str
    proof_hex: tuple[str, ...]


def _chunks(items: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _leaves(conn: Connection, seqs: Sequence[int]) -> dict[int, bytes]:
    columns = (
        events.c.seq,
        events.c.kind,
        events.c.subject,
        events.c.occurred_at,
        events.c.recorded_at,
        events.c.actor,
        events.c.payload_hash,
    )
    found: dict[int, bytes] = {}
    for chunk in _chunks(seqs):
        for seq, kind, subject, occurred, recorded, actor, hashed in conn.execute(
            sa.select(*columns).where(events.c.seq.in_(list(chunk)))
        ):
            found[int(seq)] = leaf_bytes(
                seq=int(seq),
                kind=kind,
                subject=subject,
                occurred_at=occurred,
                recorded_at=recorded,
                actor=actor,
                payload_hash_hex=hashed,
            )
    return found


def _tiles(conn: Connection, wanted: set[tiles.TileId]) -> dict[tiles.TileId, bytes]:
    ordered = sorted(wanted)
    found: dict[tiles.TileId, bytes] = {}
    for start in range(0, len(ordered), CHUNK):
        found.update(read_tiles(conn, ordered[start : start + CHUNK]))
    return found


def leaf_proofs(conn: Connection, seqs: Sequence[int], tree_size: int) -> list[LeafProof]:
    """The leaf and audit path of each event ``seqs`` (each ≤ ``tree_size``), in seq order.

    ``tree_size`` must not exceed the ledger's size (it is a signed head's size).
    """
    wanted = sorted({seq for seq in seqs if 1 <= seq <= tree_size})
    leaves = _leaves(conn, wanted)
    plans = {seq: tiles.inclusion_plan(seq - 1, tree_size) for seq in wanted}
    fetched = _tiles(conn, {tile for plan in plans.values() for tile in tiles.plan_tiles(plan)})
    joined: dict[tuple[tiles.Subtree, ...], bytes] = {}  # upper nodes are shared: hash once
    proofs = []
    for seq in wanted:
        path = []
        for entry in plans[seq]:
            if entry not in joined:
                joined[entry] = tiles.join(tiles.subtree_hash(s, fetched) for s in entry)
            path.append(joined[entry].hex())
        leaf = leaves[seq]
        proofs.append(
            LeafProof(
                seq=seq,
                leaf_index=seq - 1,
                tree_size=tree_size,
                leaf=leaf.decode("utf-8"),
                leaf_hash_hex=leaf_hash(leaf).hex(),
                proof_hex=tuple(path),
            )
        )
    return proofs
