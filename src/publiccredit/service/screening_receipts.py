"""Issuing and checking screening receipts against the store's ledger.

``issue`` reads the ledger's size and root on the connection the answers were read on
(the version they describe) and signs. ``verify`` checks the signature, then that the
ledger holds that version: its root at the receipt's size must equal the receipt's
root (a ledger that was rewritten, or a receipt from another store, fails here).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.engine import Connection

from publiccredit.domain.event import format_instant
from publiccredit.ledger.heads import key_id
from publiccredit.screening.receipts import (
    check_signature,
    query_entry,
    receipt_body,
    sign_receipt,
)
from publiccredit.store import nodestore


def issue(
    conn: Connection,
    key: Ed25519PrivateKey,
    responses: dict[str, dict[str, Any]],
    digests: dict[str, str],
    settings: tuple[float, int],
    at: datetime,
) -> dict[str, Any]:
    """A signed receipt for ``responses`` (query id → response body with ``results``)."""
    size = nodestore.ledger_size(conn)
    queries = {
        query_id: query_entry(digests[query_id], body["results"])
        for query_id, body in responses.items()
    }
    body = receipt_body(
        queries,
        (size, nodestore.root_at(conn, size)),
        format_instant(at),
        settings[0],
        settings[1],
        key_id(key.public_key()),
    )
    return sign_receipt(key, body)


def verify(conn: Connection, public_key: Ed25519PublicKey, receipt: Any) -> list[str]:
    """Why ``receipt`` does not hold for this store (empty when it does)."""
    problems = check_signature(public_key, receipt)
    if problems:
        return problems
    tree = receipt["tree"]
    size, current = tree.get("size"), nodestore.ledger_size(conn)
    if not isinstance(size, int) or not 0 <= size <= current:
        return [f"the receipt names tree size {size}; this ledger has {current} leaves"]
    if nodestore.root_at(conn, size).hex() != tree.get("root_hex"):
        return [f"this ledger's root at size {size} is not the receipt's root"]
    return []
