"""``verify``: recompute the ledger from the stored events and name every difference.

Checks, in one pass over the events (memory stays O(log n)):

* every event's leaf, recomputed from its row, equals the node store's leaf
  hash, and every present payload hashes to its stored ``payload_hash``;
* seqs run 1, 2, 3, … up to the ledger size, with nothing missing or extra;
* every stored node above the leaves equals the hash of its children;
* every signed head's signature, and its root against the root recomputed
  from the events at its size;
* each committed access-log day still hashes to what was committed;
* optionally, a head saved earlier: same root at its size, and a valid
  consistency proof from it to the current tree.

Each problem becomes a ``Finding`` that names the event (seq) or the head and
what differs, e.g. ``event 17: payload does not match its hash``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.engine import Connection

from publiccredit.domain.event import EventKind
from publiccredit.ledger import tiles
from publiccredit.ledger.compact import RootAccumulator
from publiccredit.ledger.heads import TreeHead, key_id, verify_head
from publiccredit.ledger.merkle import HASH_SIZE, leaf_hash, verify_consistency
from publiccredit.store import nodestore
from publiccredit.store.access_log import entries_digest
from publiccredit.store.difference import Difference
from publiccredit.store.events import StoredEvent, read_events
from publiccredit.store.heads import all_heads

MAX_FINDINGS = 1000


@dataclass(frozen=True, slots=True)
class Finding:
    """One difference: the event it concerns (``None`` for heads and nodes) and what it is."""

    seq: int | None
    message: str


@dataclass(slots=True)
class VerifyReport:
    """What was checked and every finding; ``ok`` when there are none."""

    ledger_size: int = 0
    events_checked: int = 0
    payloads_checked: int = 0
    payloads_erased: int = 0
    heads_checked: int = 0
    root_hex: str = ""
    findings: list[Finding] = field(default_factory=list)
    rebuilt: dict[str, int] | None = None
    """Rows rebuilt per projection (``None``: ``--ledger-only``, projections not checked)."""
    differences: list[Difference] = field(default_factory=list)
    """Projection rows that differ from what the events give (``service.verify_projections``)."""

    @property
    def ok(self) -> bool:
        """True when verification found nothing wrong, in the ledger or the projections."""
        return not self.findings and not self.differences

    def add(self, seq: int | None, message: str) -> None:
        """Record a finding (the first ``MAX_FINDINGS``; later ones are counted)."""
        self.findings.append(Finding(seq, message))

    def to_json(self) -> dict[str, Any]:
        """The report as ``verify --json`` prints it."""
        return {
            "ok": self.ok,
            "ledger_size": self.ledger_size,
            "events_checked": self.events_checked,
            "payloads_checked": self.payloads_checked,
            "payloads_erased": self.payloads_erased,
            "heads_checked": self.heads_checked,
            "root_hex": self.root_hex,
            "findings": [{"seq": f.seq, "message": f.message} for f in self.findings],
            "projections_rebuilt": self.rebuilt,
            "differences": [d.to_json() for d in self.differences[:MAX_FINDINGS]],
            "differences_total": len(self.differences),
        }


def _stored_leaves(conn: Connection) -> Iterator[tuple[int, bytes]]:
    """``(leaf index, stored leaf hash)`` from the level-0 tiles, in order."""
    for idx, blob in nodestore.iter_level(conn, 0):
        for offset in range(0, len(blob), HASH_SIZE):
            yield idx * tiles.TILE_WIDTH + offset // HASH_SIZE, blob[offset : offset + HASH_SIZE]


class _Scan:
    """The single pass over events, stored leaves and heads' sizes."""

    def __init__(self, conn: Connection, report: VerifyReport, head_sizes: set[int]) -> None:
        self.report = report
        self.stored = _stored_leaves(conn)
        self.next_stored: tuple[int, bytes] | None = next(self.stored, None)
        self.accumulator = RootAccumulator()
        self.roots: dict[int, bytes] = {0: self.accumulator.root()}
        self.head_sizes = head_sizes
        self.mismatched: dict[int, tuple[StoredEvent, bytes | None]] = {}
        self.access_days: list[StoredEvent] = []

    def stored_leaf(self, index: int) -> bytes | None:
        while self.next_stored is not None and self.next_stored[0] < index:
            self.next_stored = next(self.stored, None)
        if self.next_stored is not None and self.next_stored[0] == index:
            return self.next_stored[1]
        return None

    def push(self, value: bytes) -> None:
        self.accumulator.append(value)
        if self.accumulator.size in self.head_sizes:
            self.roots[self.accumulator.size] = self.accumulator.root()

    def missing(self, first: int, last: int, message: str | None = None) -> None:
        text = message or f"events {first}–{last} missing (stored events jump over them)"
        self.report.add(first, text)
        for seq in range(first, last + 1):
            self.push(self.stored_leaf(seq - 1) or b"\x00" * HASH_SIZE)

    def event(self, row: StoredEvent) -> None:
        report, seq = self.report, row.seq
        report.events_checked += 1
        if row.kind not in {kind.value for kind in EventKind}:
            report.add(seq, f"event {seq}: unknown kind {row.kind!r}")
        if row.erased:
            report.payloads_erased += 1
        else:
            report.payloads_checked += 1
            if not row.payload_matches():
                report.add(seq, f"event {seq}: payload does not match its hash")
        computed = leaf_hash(row.leaf())
        stored = self.stored_leaf(seq - 1)
        if seq > report.ledger_size:
            report.add(
                seq, f"event {seq}: stored but not in the ledger (size {report.ledger_size})"
            )
            return
        if stored is None:
            report.add(seq, f"event {seq}: leaf missing from node store")
        elif stored != computed:
            self.mismatched[seq] = (row, stored)
        self.push(computed)
        if row.kind == EventKind.ACCESS_LOG_COMMITTED and not row.erased:
            self.access_days.append(row)

    def name_mismatches(self) -> None:
        """Name reorderings (a row holding another seq's event) and plain leaf differences."""
        rows = self.mismatched
        for seq, (row, _) in sorted(rows.items()):
            origin = next(
                (
                    other
                    for other, (_, stored) in rows.items()
                    if other != seq and len(rows) <= 50 and leaf_hash(row.leaf(other)) == stored
                ),
                None,
            )
            if origin is not None:
                self.report.add(seq, f"event {seq}: holds event {origin} (events reordered)")
            else:
                self.report.add(seq, f"event {seq}: leaf differs from node store")


def _check_nodes(conn: Connection, report: VerifyReport) -> None:
    """Every stored node above the leaves must be the hash of its 16 children."""
    level = 1
    while report.ledger_size >> (tiles.TILE_HEIGHT * level):
        expected = (
            (idx, tiles.tile_root(blob))
            for idx, blob in nodestore.iter_level(conn, level - 1)
            if len(blob) == tiles.TILE_WIDTH * HASH_SIZE
        )
        stored = (
            (idx * tiles.TILE_WIDTH + off // HASH_SIZE, blob[off : off + HASH_SIZE])
            for idx, blob in nodestore.iter_level(conn, level)
            for off in range(0, len(blob), HASH_SIZE)
        )
        for (position, want), (at, have) in zip(expected, stored, strict=False):
            if position != at or want != have:
                report.add(None, f"node store level {level}, node {at}: differs from its children")
                break
        level += 1


def _check_heads(
    report: VerifyReport, heads: list[TreeHead], roots: dict[int, bytes], key: Ed25519PublicKey
) -> None:
    our_key = key_id(key)
    for head in heads:
        report.heads_checked += 1
        name = f"signed head {head.number} (size {head.size})"
        if head.key_id != our_key:
            report.add(None, f"{name}: signed by another key ({head.key_id[:16]}…)")
        elif not verify_head(key, head):
            report.add(None, f"{name}: signature does not verify")
        if head.size > report.ledger_size:
            report.add(None, f"{name}: the ledger has only {report.ledger_size} leaves")
        elif head.size in roots and roots[head.size] != head.root:
            report.add(None, f"{name}: root differs from the root recomputed from the events")


def _check_since(
    conn: Connection, report: VerifyReport, saved: TreeHead, roots: dict[int, bytes]
) -> None:
    name = f"saved head (size {saved.size})"
    if saved.size > report.ledger_size:
        report.add(None, f"{name}: the ledger now has only {report.ledger_size} leaves")
        return
    if roots.get(saved.size) != saved.root:
        report.add(None, f"{name}: root differs from the root recomputed from the events")
    if saved.size > 0:
        size = report.ledger_size
        try:
            proof = nodestore.consistency_proof(conn, saved.size, size)
            current = nodestore.root_at(conn, size)
        except (KeyError, ValueError):
            report.add(None, f"{name}: the node store lacks nodes for a consistency proof")
            return
        if not verify_consistency(saved.size, size, saved.root, current, proof):
            report.add(None, f"{name}: no valid consistency proof to the current size {size}")


def _check_access_days(conn: Connection, scan: _Scan) -> None:
    for row in scan.access_days:
        payload = json.loads(row.payload_json or "{}")
        count, digest = entries_digest(conn, str(payload.get("day")), row.seq)
        if (count, digest) != (payload.get("count"), payload.get("entries_sha256")):
            day = payload.get("day")
            scan.report.add(row.seq, f"event {row.seq}: access log of {day} differs from commit")


def verify_store(
    conn: Connection, public_key: Ed25519PublicKey, since: TreeHead | None = None
) -> VerifyReport:
    """Verify everything stored (see the module docstring); never raises on tampered data."""
    report = VerifyReport(ledger_size=nodestore.ledger_size(conn))
    heads = all_heads(conn)
    sizes = {head.size for head in heads} | {report.ledger_size}
    if since is not None:
        sizes.add(since.size)
    scan = _Scan(conn, report, sizes)
    expected = 1
    for row in read_events(conn):
        if row.seq > expected and expected <= report.ledger_size:
            scan.missing(expected, min(row.seq - 1, report.ledger_size))
        scan.event(row)
        expected = max(expected, row.seq + 1)
    last = expected - 1
    if last < report.ledger_size:
        size = report.ledger_size
        scan.missing(
            last + 1, size, f"events missing after {last}: stored {last}, ledger size {size}"
        )
    for head in heads:
        if head.size > last:
            signs = f"head {head.number} signs size {head.size}"
            report.add(None, f"events missing after {last}: stored {last}, {signs}")
    scan.name_mismatches()
    _check_nodes(conn, report)
    _check_heads(report, heads, scan.roots, public_key)
    if since is not None:
        _check_since(conn, report, since, scan.roots)
    _check_access_days(conn, scan)
    report.root_hex = scan.accumulator.root().hex()
    if len(report.findings) > MAX_FINDINGS:
        extra = len(report.findings) - MAX_FINDINGS
        del report.findings[MAX_FINDINGS:]
        report.add(None, f"… and {extra} more findings")
    report.findings.sort(key=lambda f: (f.seq is None, f.seq or 0))
    return report
