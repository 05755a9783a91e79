"""Tile layout and proof planning against the slow in-memory reference (merkle.py)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.ledger import merkle, tiles
from publiccredit.ledger.compact import RootAccumulator


def _leaves(count: int) -> list[bytes]:
    return [merkle.leaf_hash(str(i).encode()) for i in range(count)]


def _build(batches: list[int]) -> tuple[dict[tiles.TileId, bytes], list[bytes]]:
    store: dict[tiles.TileId, bytes] = {}
    leaves: list[bytes] = []
    for batch in batches:
        new = _leaves(len(leaves) + batch)[len(leaves) :]
        partial = {tid: store[tid] for tid in tiles.partial_tiles(len(leaves))}
        store.update(tiles.extend(len(leaves), partial, new))
        leaves.extend(new)
    return store, leaves


@given(st.lists(st.integers(0, 300), min_size=1, max_size=6), st.data())
def test_plans_over_tiles_equal_reference_proofs(batches: list[int], data: st.DataObject) -> None:
    store, leaves = _build(batches)
    size = len(leaves)
    if size == 0:
        assert tiles.root_from_tiles(0, store) == merkle.EMPTY_ROOT
        return
    for n in {size, data.draw(st.integers(1, size))}:
        assert tiles.root_from_tiles(n, store) == merkle.root(leaves[:n])
        index = data.draw(st.integers(0, n - 1))
        plan = tiles.inclusion_plan(index, n)
        assert tiles.assemble(plan, store) == merkle.inclusion_proof(leaves[:n], index)
        old = data.draw(st.integers(1, n))
        plan = tiles.consistency_plan(old, n)
        assert tiles.assemble(plan, store) == merkle.consistency_proof(leaves[:n], old)


def test_every_proof_in_small_trees_equals_reference() -> None:
    store, leaves = _build([70])
    for n in range(1, 71):
        for index in range(n):
            plan = tiles.inclusion_plan(index, n)
            assert tiles.assemble(plan, store) == merkle.inclusion_proof(leaves[:n], index)
        for old in range(1, n + 1):
            plan = tiles.consistency_plan(old, n)
            assert tiles.assemble(plan, store) == merkle.consistency_proof(leaves[:n], old)


@given(st.integers(0, 2**40), st.integers(0, 2**40))
def test_range_subtrees_cover_the_range_exactly(start: int, length: int) -> None:
    covered = start
    for subtree in tiles.range_subtrees(start, start + length):
        assert subtree.position << subtree.height == covered
        covered += 1 << subtree.height
    assert covered == start + length


def test_a_proof_at_ten_million_leaves_reads_few_tiles() -> None:
    size = 10_000_000
    for index in (0, 4_999_999, size - 1):
        assert len(tiles.plan_tiles(tiles.inclusion_plan(index, size))) <= 16
    assert len(tiles.plan_tiles(tiles.consistency_plan(6_543_210, size))) <= 24


def test_extend_refuses_a_partial_tile_of_the_wrong_width() -> None:
    store, _ = _build([20])
    bad = {(0, 1): store[(0, 1)][:-32]}
    with pytest.raises(ValueError, match="holds 3 hashes"):
        tiles.extend(20, bad, _leaves(1))


@given(st.integers(0, 600))
def test_root_accumulator_equals_reference(count: int) -> None:
    leaves = [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(count)]
    accumulator = RootAccumulator()
    for value in leaves:
        accumulator.append(value)
    assert accumulator.root() == merkle.root(leaves)
    assert accumulator.size == count
