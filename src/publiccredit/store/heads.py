"""Signed tree heads in the database: sign the current size, read them back.

The signing and the message format are pure (``ledger/heads.py``); this
module stores the result. Heads are never changed or deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Connection

from publiccredit.domain.event import format_instant
from publiccredit.ledger.heads import TreeHead, sign_head
from publiccredit.store import nodestore
from publiccredit.store.schema import signed_heads


def sign_current_head(
    conn: Connection, key: Ed25519PrivateKey, now: datetime | None = None
) -> TreeHead:
    """Sign and store a head for the ledger's current size and root."""
    size = nodestore.ledger_size(conn)
    root = nodestore.root_at(conn, size)
    timestamp = format_instant(now or datetime.now(UTC))
    head = sign_head(key, size, root, timestamp)
    number = conn.execute(
        sa.insert(signed_heads)
        .values(
            size=head.size,
            root=head.root,
            timestamp=head.timestamp,
            key_id=head.key_id,
            signature=head.signature,
        )
        .returning(signed_heads.c.number)
    ).scalar_one()
    return TreeHead(head.size, head.root, head.timestamp, head.key_id, head.signature, number)


def _head(row: Sequence[Any]) -> TreeHead:
    number, size, root, timestamp, key_id, signature = row
    return TreeHead(int(size), bytes(root), timestamp, key_id, bytes(signature), int(number))


_COLUMNS = (
    signed_heads.c.number,
    signed_heads.c.size,
    signed_heads.c.root,
    signed_heads.c.timestamp,
    signed_heads.c.key_id,
    signed_heads.c.signature,
)


def latest_head(conn: Connection) -> TreeHead | None:
    """The most recently stored head, or ``None`` before the first ``ledger head --sign``."""
    row = conn.execute(sa.select(*_COLUMNS).order_by(signed_heads.c.number.desc()).limit(1)).first()
    return _head(row) if row else None


def all_heads(conn: Connection) -> list[TreeHead]:
    """Every stored head, oldest first."""
    return [_head(row) for row in conn.execute(sa.select(*_COLUMNS).order_by(_COLUMNS[0]))]
