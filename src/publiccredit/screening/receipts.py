"""Screening receipts: a signed statement of what screening answered, against which ledger.

A compliance officer must later be able to prove "on day T, screening these suppliers
against the register as of ledger version V gave no hit". A receipt holds, per query,
the query's digest, the digest of its results and the ids that matched; the ledger's
size and root when the answer was read (the version: any later tree head proves by
RFC 6962 consistency that this tree is its prefix); the time; the threshold and limit.
Its RFC 8785 JSON, without the signature, is signed with the platform's Ed25519 key
(the key that signs tree heads; ``key_id`` as in heads).

The receipt names digests, not the queries: a legal representative's name is
personal data and need not travel inside a document meant to be kept and shown.
"""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from publiccredit.ledger.heads import key_id
from publiccredit.ledger.leaf import canonical_json

CONTEXT = "publiccredit/screening-receipt/v1"


def results_digest(results: list[dict[str, Any]]) -> str:
    """SHA-256 of the results' RFC 8785 JSON, each as id, score and match, in order."""
    kept = [{"id": r["id"], "match": r["match"], "score": r["score"]} for r in results]
    return hashlib.sha256(canonical_json(kept)).hexdigest()


def query_entry(query_sha256: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """What a receipt says about one query."""
    return {
        "query_sha256": query_sha256,
        "results_sha256": results_digest(results),
        "matches": [result["id"] for result in results if result["match"]],
        "results": [[result["id"], result["score"]] for result in results],
    }


def receipt_body(
    queries: dict[str, dict[str, Any]],
    tree: tuple[int, bytes],
    issued_at: str,
    threshold: float,
    limit: int,
    signer_id: str,
) -> dict[str, Any]:
    """The receipt before signing."""
    return {
        "context": CONTEXT,
        "issued_at": issued_at,
        "tree": {"size": tree[0], "root_hex": tree[1].hex()},
        "threshold": threshold,
        "limit": limit,
        "queries": queries,
        "key_id": signer_id,
    }


def sign_receipt(key: Ed25519PrivateKey, body: dict[str, Any]) -> dict[str, Any]:
    """The receipt: ``body`` with the Ed25519 signature over its canonical JSON."""
    return {**body, "signature_hex": key.sign(canonical_json(body)).hex()}


def check_signature(public_key: Ed25519PublicKey, receipt: Any) -> list[str]:
    """Why ``receipt`` is not a receipt signed by ``public_key`` (empty when it is)."""
    if not isinstance(receipt, dict):
        return ["a receipt is a JSON object"]
    problems = [
        f"the receipt has no {name}"
        for name in ("context", "issued_at", "tree", "queries", "key_id", "signature_hex")
        if name not in receipt
    ]
    if problems:
        return problems
    if receipt["context"] != CONTEXT:
        return [f"not a screening receipt (context {receipt['context']!r})"]
    if receipt["key_id"] != key_id(public_key):
        return [f"signed by key {receipt['key_id']}, not this platform's {key_id(public_key)}"]
    body = {name: value for name, value in receipt.items() if name != "signature_hex"}
    try:
        public_key.verify(bytes.fromhex(receipt["signature_hex"]), canonical_json(body))
    except (InvalidSignature, ValueError, TypeError):
        return ["the signature does not verify: the receipt was changed or not signed here"]
    return []
