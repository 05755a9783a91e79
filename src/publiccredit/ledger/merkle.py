"""RFC 6962 / RFC 9162 Merkle tree hashing and proofs, as pure functions.

* Leaf hash ``SHA-256(0x00 || leaf)``; node hash ``SHA-256(0x01 || left || right)``;
  the root of the empty tree is ``SHA-256("")`` (RFC 6962 §2.1).
* The tree over n leaves splits at k, the largest power of two below n
  (``MTH(D[n]) = node(MTH(D[0:k]), MTH(D[k:n]))``).
* Inclusion proofs are the audit paths of RFC 6962 §2.1.1, verified with the
  algorithm of RFC 9162 §2.1.3.2; consistency proofs are RFC 6962 §2.1.2,
  verified with RFC 9162 §2.1.4.2. Leaf indexes are 0-based.

The generators take all leaf hashes and cost O(n): they are the slow, obvious
reference. The ledger's node store answers the same questions in O(log n)
reads and is cross-checked against these. The verifiers never raise on inputs
of their declared types: anything that does not verify is simply ``False``, so
a third party can feed them untrusted proofs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf: SHA-256 over 0x00 and the leaf's bytes."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an inner node: SHA-256 over 0x01 and both children."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(size: int) -> int:
    """The largest power of two strictly below ``size`` (``size`` ≥ 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def _root(hashes: Sequence[bytes], start: int, end: int) -> bytes:
    """MTH over ``hashes[start:end]`` (non-empty), without copying the slice.

    Folds leaves into perfect subtrees left to right, then joins the
    remaining peaks right to left: the same shape as the recursive definition.
    """
    peaks: list[tuple[int, bytes]] = []
    for position in range(start, end):
        size, value = 1, hashes[position]
        while peaks and peaks[-1][0] == size:
            value = node_hash(peaks.pop()[1], value)
            size *= 2
        peaks.append((size, value))
    value = peaks.pop()[1]
    while peaks:
        value = node_hash(peaks.pop()[1], value)
    return value


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle tree hash of a list of leaf hashes (RFC 6962 §2.1)."""
    return _root(leaf_hashes, 0, len(leaf_hashes)) if leaf_hashes else EMPTY_ROOT


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path for the leaf at ``index`` in the tree over ``leaf_hashes``.

    Raises ``ValueError`` when ``index`` is not a leaf of the tree.
    """
    if not 0 <= index < len(leaf_hashes):
        raise ValueError(f"leaf index {index} is outside a tree of {len(leaf_hashes)} leaves")
    proof: list[bytes] = []
    start, end = 0, len(leaf_hashes)
    while end - start > 1:
        k = _split(end - start)
        if index - start < k:
            proof.append(_root(leaf_hashes, start + k, end))
            end = start + k
        else:
            proof.append(_root(leaf_hashes, start, start + k))
            start += k
    proof.reverse()
    return proof


def consistency_proof(leaf_hashes: Sequence[bytes], size1: int) -> list[bytes]:
    """The proof that the tree of size ``size1`` is a prefix of the tree over ``leaf_hashes``.

    Defined for ``0 < size1 <= len(leaf_hashes)`` (empty when equal); raises
    ``ValueError`` otherwise.
    """
    size2 = len(leaf_hashes)
    if not 0 < size1 <= size2:
        raise ValueError(f"no consistency proof from size {size1} to size {size2}")
    proof: list[bytes] = []
    start, end, complete = 0, size2, True
    while size1 != end - start:
        k = _split(end - start)
        if size1 <= k:
            proof.append(_root(leaf_hashes, start + k, end))
            end = start + k
        else:
            proof.append(_root(leaf_hashes, start, start + k))
            size1 -= k
            start += k
            complete = False
    if not complete:
        proof.append(_root(leaf_hashes, start, end))
    proof.reverse()
    return proof


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """True when ``proof`` shows leaf ``index`` is in the tree of ``tree_size`` with ``root``.

    RFC 9162 §2.1.3.2. Never raises: malformed input is ``False``.
    """
    if not (_is_size(index) and _is_size(tree_size) and 0 <= index < tree_size):
        return False
    if not (_is_hash(leaf_hash) and _is_hash(root)):
        return False
    try:
        path = list(proof)
    except TypeError:
        return False
    if not all(_is_hash(node) for node in path):
        return False
    fn, sn, result = index, tree_size - 1, bytes(leaf_hash)
    for node in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node_hash(bytes(node), result)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, bytes(node))
        fn >>= 1
        sn >>= 1
    return sn == 0 and result == root


def verify_consistency(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> bool:
    """True when ``proof`` shows the tree (size1, root1) is a prefix of (size2, root2).

    RFC 9162 §2.1.4.2, defined for ``0 < size1 <= size2``; equal sizes need an
    empty proof and equal roots. A proof from size 0 is not a proof (the empty
    tree commits to nothing). Never raises: malformed input is ``False``.
    """
    if not (_is_size(size1) and _is_size(size2) and 0 < size1 <= size2):
        return False
    if not (_is_hash(root1) and _is_hash(root2)):
        return False
    try:
        path = [bytes(node) for node in proof] if all(_is_hash(n) for n in proof) else None
    except TypeError:
        return False
    if path is None:
        return False
    if size1 == size2:
        return not path and root1 == root2
    if not path:
        return False
    if size1 & (size1 - 1) == 0:
        path.insert(0, bytes(root1))
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    first = second = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first = node_hash(node, first)
            second = node_hash(node, second)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            second = node_hash(second, node)
        fn >>= 1
        sn >>= 1
    return sn == 0 and first == root1 and second == root2
