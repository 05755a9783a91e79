"""RFC 6962 hashing and proofs against transparency-dev's known answers, a reference, mutations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.ledger import merkle


@pytest.fixture(scope="module")
def vectors(shared_data: Path) -> dict[str, Any]:
    path = shared_data / "merkle/rfc6962-known-answers.json"
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _leaves(vectors: dict[str, Any]) -> list[bytes]:
    return [merkle.leaf_hash(bytes.fromhex(h)) for h in vectors["leaf_inputs_hex"]]


def test_hasher_known_answers(vectors: dict[str, Any]) -> None:
    for case in vectors["hasher"]:
        want = bytes.fromhex(case["want"])
        if case.get("input", "") is None:
            assert merkle.root([]) == want
        elif "leaf_hex" in case:
            assert merkle.leaf_hash(bytes.fromhex(case["leaf_hex"])) == want
        else:
            left, right = bytes.fromhex(case["left_hex"]), bytes.fromhex(case["right_hex"])
            assert merkle.node_hash(left, right) == want


def test_roots_for_every_tree_size(vectors: dict[str, Any]) -> None:
    leaves = _leaves(vectors)
    for size, want in vectors["root_hash_by_tree_size"].items():
        assert merkle.root(leaves[: int(size)]).hex() == want


def test_inclusion_proof_vectors(vectors: dict[str, Any]) -> None:
    leaves = _leaves(vectors)
    for case in vectors["inclusion_proofs"]:
        proof = [bytes.fromhex(h) for h in case["proof"]]
        if case.get("leaf_index") is None:
            assert not merkle.verify_inclusion(merkle.EMPTY_ROOT, 0, 0, proof, merkle.EMPTY_ROOT)
            continue
        index, size = case["leaf_index"], case["tree_size"]
        leaf, want_root = bytes.fromhex(case["leaf_hash"]), bytes.fromhex(case["root"])
        assert merkle.verify_inclusion(leaf, index, size, proof, want_root) is case["expect_valid"]
        if case["expect_valid"] and size <= len(leaves):
            assert merkle.inclusion_proof(leaves[:size], index) == proof


def test_consistency_proof_vectors(vectors: dict[str, Any]) -> None:
    leaves = _leaves(vectors)
    for case in vectors["consistency_proofs"]:
        size1, size2 = case["size1"], case["size2"]
        proof = [bytes.fromhex(h) for h in case["proof"]]
        root1, root2 = bytes.fromhex(case["root1"]), bytes.fromhex(case["root2"])
        assert merkle.verify_consistency(size1, size2, root1, root2, proof) is case["expect_valid"]
        if case["expect_valid"] and size2 <= len(leaves):
            assert merkle.consistency_proof(leaves[:size2], size1) == proof


def _reference_root(hashes: list[bytes]) -> bytes:
    """RFC 6962 §2.1 written literally: the slow recursive definition."""
    if not hashes:
        return merkle.EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return merkle.node_hash(_reference_root(hashes[:k]), _reference_root(hashes[k:]))


trees = st.lists(st.binary(max_size=8), min_size=1, max_size=70).map(
    lambda leaves: [merkle.leaf_hash(leaf) for leaf in leaves]
)


@given(trees)
def test_root_matches_the_recursive_definition(hashes: list[bytes]) -> None:
    assert merkle.root(hashes) == _reference_root(hashes)


@given(trees, st.data())
def test_every_inclusion_proof_verifies_and_only_for_its_leaf(
    hashes: list[bytes], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(hashes) - 1))
    proof = merkle.inclusion_proof(hashes, index)
    tree_root = merkle.root(hashes)
    assert merkle.verify_inclusion(hashes[index], index, len(hashes), proof, tree_root)
    other = data.draw(st.integers(0, len(hashes) - 1))
    if hashes[other] != hashes[index]:
        assert not merkle.verify_inclusion(hashes[other], index, len(hashes), proof, tree_root)
    assert not merkle.verify_inclusion(hashes[index], len(hashes), len(hashes), proof, tree_root)


@given(trees, st.data())
def test_every_consistency_proof_verifies(hashes: list[bytes], data: st.DataObject) -> None:
    size1 = data.draw(st.integers(1, len(hashes)))
    proof = merkle.consistency_proof(hashes, size1)
    root1, root2 = merkle.root(hashes[:size1]), merkle.root(hashes)
    assert merkle.verify_consistency(size1, len(hashes), root1, root2, proof)
    if size1 < len(hashes):
        assert not merkle.verify_consistency(size1, len(hashes), root2, root1, proof)


def _mutations(proof: list[bytes]) -> list[list[bytes]]:
    """Bit flips in every node, a truncated node, a dropped node, an extra node, a swap."""
    variants: list[list[bytes]] = []
    for position, node in enumerate(proof):
        flipped = bytes([node[0] ^ 1]) + node[1:]
        variants.append([*proof[:position], flipped, *proof[position + 1 :]])
        variants.append([*proof[:position], node[:31], *proof[position + 1 :]])
        variants.append(proof[:position] + proof[position + 1 :])
    variants.append([*proof, proof[-1] if proof else merkle.EMPTY_ROOT])
    if len(proof) > 1:
        variants.append([proof[1], proof[0], *proof[2:]])
    return variants


@given(st.lists(st.binary(max_size=4), min_size=2, max_size=40), st.data())
def test_mutated_proofs_never_verify(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = [merkle.leaf_hash(leaf) for leaf in leaves]
    if len(set(hashes)) != len(hashes):
        return
    size = len(hashes)
    index = data.draw(st.integers(0, size - 1))
    tree_root = merkle.root(hashes)
    for bad in _mutations(merkle.inclusion_proof(hashes, index)):
        assert not merkle.verify_inclusion(hashes[index], index, size, bad, tree_root)
    size1 = data.draw(st.integers(1, size - 1))
    root1 = merkle.root(hashes[:size1])
    for bad in _mutations(merkle.consistency_proof(hashes, size1)):
        assert not merkle.verify_consistency(size1, size, root1, tree_root, bad)
    for wrong_size in (0, size1 + 1 if size1 + 1 < size else size1 - 1, size + 1):
        proof = merkle.consistency_proof(hashes, size1)
        if wrong_size != size1:
            assert not merkle.verify_consistency(wrong_size, size, root1, tree_root, proof)


junk = st.one_of(st.binary(), st.integers(), st.none(), st.text(), st.lists(st.binary(max_size=40)))


@given(junk, junk, junk, junk, junk)
def test_verifiers_never_raise(a: Any, b: Any, c: Any, d: Any, e: Any) -> None:
    assert merkle.verify_inclusion(a, b, c, d, e) in (True, False)
    assert merkle.verify_consistency(a, b, c, d, e) in (True, False)


def test_proofs_from_size_zero_or_outside_the_tree_are_refused() -> None:
    hashes = [merkle.leaf_hash(bytes([i])) for i in range(5)]
    with pytest.raises(ValueError, match="outside a tree"):
        merkle.inclusion_proof(hashes, 5)
    with pytest.raises(ValueError, match="no consistency proof"):
        merkle.consistency_proof(hashes, 0)
    assert not merkle.verify_consistency(0, 5, merkle.EMPTY_ROOT, merkle.root(hashes), [])
