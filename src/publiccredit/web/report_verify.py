"""Checking an inclusion proof a visitor pastes: parse the five fields, verify, say why not.

The verification itself is the ledger's own ``merkle.verify_inclusion`` (RFC
9162 §2.1.3.2), which never raises and answers only yes or no. This module
turns a form's text into its arguments, naming the field, the value and the
reason for anything it cannot read, and when a well-formed proof fails it
says whether the path has the wrong number of hashes for that leaf and tree
(``audit_path_length``) or simply does not lead to the root given.
Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field

from publiccredit.ledger.leaf import MAX_SEQ
from publiccredit.ledger.merkle import leaf_hash, verify_inclusion

FIELDS = ("leaf", "leaf_index", "tree_size", "proof", "root")
HEX64 = re.compile(r"[0-9a-fA-F]{64}")
"""A SHA-256 in hex: two digits per byte."""
MAX_PROOF = 64
"""An audit path has at most 63 hashes for any tree of fewer than 2^63 leaves."""
MAX_LEAF = 8000


@dataclass(frozen=True, slots=True)
class Issue:
    """Why a field cannot be used: ``reason`` is a key of the words, ``args`` fill it in."""

    field: str
    value: str
    reason: str
    args: dict[str, str] = _field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome: ``verified``, or the issues with the input, or why a proof failed."""

    verified: bool
    issues: tuple[Issue, ...] = ()
    failure: str | None = None
    args: dict[str, str] = _field(default_factory=dict)
    leaf_hash_hex: str | None = None
    leaf_was_text: bool = False


def audit_path_length(index: int, size: int) -> int:
    """How many hashes the RFC 6962 audit path of leaf ``index`` in a tree of ``size`` has.

    The path climbs from the leaf while the leaf's and the last leaf's
    positions differ (``inner`` levels), then joins the right border's
    complete subtrees, one per set bit above them (as in transparency-dev's
    ``decompInclProof``).
    """
    inner = (index ^ (size - 1)).bit_length()
    return inner + bin(index >> inner).count("1")


def _number(name: str, text: str, issues: list[Issue]) -> int | None:
    if not text:
        issues.append(Issue(name, text, "missing"))
        return None
    if not (text.isascii() and text.isdigit()) or len(text) > 16 or int(text) > MAX_SEQ:
        issues.append(Issue(name, text[:80], "not_number"))
        return None
    return int(text)


def _hash(name: str, text: str, issues: list[Issue]) -> bytes | None:
    if not text:
        issues.append(Issue(name, text, "missing"))
        return None
    if not HEX64.fullmatch(text):
        issues.append(Issue(name, text[:80], "not_hex"))
        return None
    return bytes.fromhex(text)


def _leaf(text: str, issues: list[Issue]) -> tuple[bytes | None, bool]:
    """The leaf hash: the field itself when it is 64 hex digits, else the hash of the leaf text."""
    if not text:
        issues.append(Issue("leaf", text, "missing"))
        return None, False
    if HEX64.fullmatch(text):
        return bytes.fromhex(text), False
    if len(text) > MAX_LEAF:
        issues.append(Issue("leaf", text[:80], "too_long", {"max": str(MAX_LEAF)}))
        return None, True
    return leaf_hash(text.encode("utf-8")), True


def _path(text: str, issues: list[Issue]) -> list[bytes] | None:
    items = [item for item in re.split(r"[\s,;\"'\[\]]+", text) if item]
    if len(items) > MAX_PROOF:
        issues.append(Issue("proof", text[:80], "too_many", {"max": str(MAX_PROOF)}))
        return None
    bad = [(n, item) for n, item in enumerate(items, 1) if not HEX64.fullmatch(item)]
    if bad:
        number, item = bad[0]
        issues.append(Issue("proof", item[:80], "proof_item", {"n": str(number)}))
        return None
    return [bytes.fromhex(item) for item in items]


def check_proof(form: Mapping[str, str]) -> Checked:
    """Parse the form's ``FIELDS`` and verify the inclusion proof they describe."""
    values = {name: (form.get(name) or "").strip() for name in FIELDS}
    issues: list[Issue] = []
    leaf, was_text = _leaf(values["leaf"], issues)
    index = _number("leaf_index", values["leaf_index"], issues)
    size = _number("tree_size", values["tree_size"], issues)
    path = _path(values["proof"], issues)
    root = _hash("root", values["root"], issues)
    if size is not None and size < 1:
        issues.append(Issue("tree_size", values["tree_size"], "size_range"))
    elif index is not None and size is not None and index >= size:
        issues.append(Issue("leaf_index", values["leaf_index"], "index_range", {"size": str(size)}))
    hashed = None if leaf is None else leaf.hex()
    if issues or leaf is None or index is None or size is None or path is None or root is None:
        return Checked(False, tuple(issues), leaf_hash_hex=hashed, leaf_was_text=was_text)
    args = {"index": str(index), "size": str(size), "root": root.hex(), "leaf": leaf.hex()}
    if verify_inclusion(leaf, index, size, path, root):
        return Checked(True, args=args, leaf_hash_hex=hashed, leaf_was_text=was_text)
    want = audit_path_length(index, size)
    if len(path) != want:
        args |= {"want": str(want), "got": str(len(path))}
        return Checked(False, failure="length", args=args, leaf_hash_hex=hashed,
                       leaf_was_text=was_text)  # fmt: skip
    return Checked(False, failure="mismatch", args=args, leaf_hash_hex=hashed,
                   leaf_was_text=was_text)  # fmt: skip
