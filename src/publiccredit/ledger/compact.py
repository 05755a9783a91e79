"""A streaming Merkle root: feed leaf hashes one by one, ask the root at any size.

``verify`` walks millions of leaves and must check the root at every signed
head's size without holding all leaf hashes in memory; this keeps only the
O(log n) perfect-subtree peaks (a "compact range"). Pure.
"""

from __future__ import annotations

from publiccredit.ledger.merkle import EMPTY_ROOT, node_hash


class RootAccumulator:
    """The peaks of the tree built so far; ``root()`` joins them like RFC 6962."""

    def __init__(self) -> None:
        self.size = 0
        self._peaks: list[tuple[int, bytes]] = []

    def append(self, leaf_hash: bytes) -> None:
        """Add the next leaf hash."""
        width, value = 1, leaf_hash
        while self._peaks and self._peaks[-1][0] == width:
            value = node_hash(self._peaks.pop()[1], value)
            width *= 2
        self._peaks.append((width, value))
        self.size += 1

    def root(self) -> bytes:
        """The Merkle tree hash of the leaves appended so far."""
        if not self._peaks:
            return EMPTY_ROOT
        value = self._peaks[-1][1]
        for _, peak in reversed(self._peaks[:-1]):
            value = node_hash(peak, value)
        return value
