"""The node store's layout and proof planning, as pure functions.

The tree's hashes are kept in **tiles**, as in Go's ``tlog``: a tile at
``(level, index)`` holds up to ``TILE_WIDTH`` (16) consecutive hashes of the
nodes at height ``TILE_HEIGHT * level`` (level 0 holds the leaf hashes,
level 1 the roots of every 16 leaves, level 2 of every 256, …), positions
``index*16 … index*16+15``, concatenated. Only the rightmost tile of a level
is ever partial; it is rewritten as the tree grows, every other tile is
written once.

Why tiles of 16: any perfect subtree of height ``h`` is the root of at most
``2**(h % 4)`` ≤ 8 consecutive hashes of one tile, so each proof hash costs one
tile (≈2 distinct tiles per level) and at most 7 hash operations. A proof at
10 million leaves reads ≈12 small rows in one query. An append costs about two
SHA-256 per leaf and one row per 16 leaves.

Planning is separate from reading: ``inclusion_plan`` / ``consistency_plan`` /
``root_plan`` say which perfect subtrees make up each proof hash,
``plan_tiles`` which tiles hold them, and ``assemble`` turns the fetched
tiles into the proof. ``merkle``'s O(n) functions are the reference these are
tested against.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from publiccredit.ledger.merkle import EMPTY_ROOT, HASH_SIZE, node_hash

TILE_HEIGHT = 4
TILE_WIDTH = 1 << TILE_HEIGHT

TileId = tuple[int, int]
"""``(level, index)`` of a tile."""


@dataclass(frozen=True, slots=True)
class Subtree:
    """The perfect subtree of height ``height`` over leaves ``[position·2^h, (position+1)·2^h)``."""

    height: int
    position: int

    @property
    def tile(self) -> TileId:
        """The tile holding the hashes this subtree's hash is computed from."""
        level, below = divmod(self.height, TILE_HEIGHT)
        return level, (self.position << below) // TILE_WIDTH


LEVEL_SHIFT = 56


def tile_key(tile: TileId) -> int:
    """One integer naming a tile, ``level << 56 | index``: the node store's primary key."""
    level, index = tile
    return level << LEVEL_SHIFT | index


def tile_of_key(key: int) -> TileId:
    """The ``(level, index)`` named by ``tile_key``."""
    return key >> LEVEL_SHIFT, key & ((1 << LEVEL_SHIFT) - 1)


ProofPlan = tuple[tuple[Subtree, ...], ...]
"""One entry per proof hash: the perfect subtrees (left to right) whose join is that hash."""


def tile_root(tile: bytes) -> bytes:
    """The root of a full tile's 16 hashes: the next level's hash."""
    hashes = [tile[i : i + HASH_SIZE] for i in range(0, len(tile), HASH_SIZE)]
    while len(hashes) > 1:
        hashes = [node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
    return hashes[0]


def partial_tiles(size: int) -> list[TileId]:
    """The tiles that are partial in a tree of ``size`` leaves (one per level at most)."""
    found: list[TileId] = []
    level = 0
    while count := size >> (TILE_HEIGHT * level):
        if count % TILE_WIDTH:
            found.append((level, count // TILE_WIDTH))
        level += 1
    return found


def extend(
    size: int, partial: Mapping[TileId, bytes], leaf_hashes: Sequence[bytes]
) -> dict[TileId, bytes]:
    """The tiles to write when ``leaf_hashes`` are appended to a tree of ``size`` leaves.

    ``partial`` holds the current content of ``partial_tiles(size)``. Returns
    every tile that is new or changed, with its full new content. Raises
    ``ValueError`` when a partial tile is missing or has the wrong width: the
    node store does not match its size.
    """
    written: dict[TileId, bytes] = {}
    incoming = list(leaf_hashes)
    level = 0
    while incoming:
        count = size >> (TILE_HEIGHT * level)
        first_tile, filled = divmod(count, TILE_WIDTH)
        existing = partial.get((level, first_tile), b"") if filled else b""
        if len(existing) != filled * HASH_SIZE:
            raise ValueError(
                f"node store tile ({level}, {first_tile}) holds {len(existing) // HASH_SIZE} "
                f"hashes, the ledger size {size} needs {filled}"
            )
        buffer = existing + b"".join(incoming)
        step = TILE_WIDTH * HASH_SIZE
        incoming = []
        for offset in range(0, len(buffer), step):
            tile = buffer[offset : offset + step]
            written[(level, first_tile + offset // step)] = tile
            if len(tile) == step:
                incoming.append(tile_root(tile))
        level += 1
    return written


def range_subtrees(start: int, end: int) -> tuple[Subtree, ...]:
    """The perfect subtrees, left to right, whose leaves are exactly ``[start, end)``."""
    found: list[Subtree] = []
    while start < end:
        height = (end - start).bit_length() - 1
        if start:
            height = min(height, (start & -start).bit_length() - 1)
        found.append(Subtree(height, start >> height))
        start += 1 << height
    return tuple(found)


def _split(size: int) -> int:
    return 1 << ((size - 1).bit_length() - 1)


def inclusion_plan(index: int, size: int) -> ProofPlan:
    """The plan of the audit path for leaf ``index`` in the tree of ``size`` (RFC 6962 §2.1.1)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of {size} leaves")
    ranges: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index - start < k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    return tuple(range_subtrees(a, b) for a, b in reversed(ranges))


def consistency_plan(size1: int, size2: int) -> ProofPlan:
    """The plan of the consistency proof from ``size1`` to ``size2`` (RFC 6962 §2.1.2)."""
    if not 0 < size1 <= size2:
        raise ValueError(f"no consistency proof from size {size1} to size {size2}")
    ranges: list[tuple[int, int]] = []
    start, end, complete, remaining = 0, size2, True, size1
    while remaining != end - start:
        k = _split(end - start)
        if remaining <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            remaining -= k
            start += k
            complete = False
    if not complete:
        ranges.append((start, end))
    return tuple(range_subtrees(a, b) for a, b in reversed(ranges))


def root_plan(size: int) -> ProofPlan:
    """The plan of the tree root at ``size``: one entry (none for the empty tree)."""
    return (range_subtrees(0, size),) if size else ()


def plan_tiles(plan: ProofPlan) -> set[TileId]:
    """Every tile a plan reads."""
    return {subtree.tile for entry in plan for subtree in entry}


def subtree_hash(subtree: Subtree, tiles: Mapping[TileId, bytes]) -> bytes:
    """A perfect subtree's hash from the tile that holds its lower nodes.

    Raises ``KeyError`` when the tile was not fetched and ``ValueError`` when
    it is too short (the node store lacks nodes the tree should have).
    """
    below = subtree.height % TILE_HEIGHT
    first = (subtree.position << below) % TILE_WIDTH
    tile = tiles[subtree.tile]
    end = (first + (1 << below)) * HASH_SIZE
    if len(tile) < end:
        raise ValueError(f"node store tile {subtree.tile} is shorter than the tree needs")
    hashes = [tile[i : i + HASH_SIZE] for i in range(first * HASH_SIZE, end, HASH_SIZE)]
    while len(hashes) > 1:
        hashes = [node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
    return hashes[0]


def join(peaks: Iterable[bytes]) -> bytes:
    """The hash of a range from its perfect subtrees' hashes, joined right to left."""
    stack = list(peaks)
    value = stack.pop()
    while stack:
        value = node_hash(stack.pop(), value)
    return value


def assemble(plan: ProofPlan, tiles: Mapping[TileId, bytes]) -> list[bytes]:
    """The proof hashes (or the root, for ``root_plan``) from the fetched tiles."""
    return [join(subtree_hash(s, tiles) for s in entry) for entry in plan]


def root_from_tiles(size: int, tiles: Mapping[TileId, bytes]) -> bytes:
    """The tree root at ``size`` from the tiles ``plan_tiles(root_plan(size))``."""
    return assemble(root_plan(size), tiles)[0] if size else EMPTY_ROOT
