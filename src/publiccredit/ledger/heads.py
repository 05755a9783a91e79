"""Signed tree heads: the ledger's public commitment to its size and root.

A head is ``(size, root, timestamp)`` signed with the ledger's Ed25519 key. The
signed message is the RFC 8785 canonical JSON of::

    {"context":"publiccredit/tree-head/v1","root_hex":"<64 hex>",
     "size":<int>,"timestamp":"<RFC 3339 UTC>"}

(on one line, no spaces)

(``context`` keeps a signature over a head from being valid for anything
else). ``key_id`` is the hex SHA-256 of the raw 32-byte public key. Anyone
holding the public key (``publiccredit ledger public-key``) can rebuild the
message from a published head and check the signature with any Ed25519
library. Pure: no I/O (key files are the store's business).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from publiccredit.ledger.leaf import canonical_json
from publiccredit.ledger.merkle import HASH_SIZE

HEAD_CONTEXT = "publiccredit/tree-head/v1"


@dataclass(frozen=True, slots=True)
class TreeHead:
    """A signed tree head; ``number`` is its place among stored heads (1, 2, …) once stored."""

    size: int
    root: bytes
    timestamp: str
    key_id: str
    signature: bytes
    number: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The head as published: hex root and signature (``ledger head --json``)."""
        return {
            "number": self.number,
            "size": self.size,
            "root_hex": self.root.hex(),
            "timestamp": self.timestamp,
            "key_id": self.key_id,
            "signature_hex": self.signature.hex(),
        }


def head_from_json(value: Any) -> TreeHead:
    """A head read back from ``to_json``; ``ValueError`` naming what is wrong."""
    if not isinstance(value, dict):
        raise ValueError("a tree head must be a JSON object")
    try:
        size, root = value["size"], bytes.fromhex(value["root_hex"])
        head = TreeHead(
            size=size,
            root=root,
            timestamp=str(value["timestamp"]),
            key_id=str(value.get("key_id", "")),
            signature=bytes.fromhex(value.get("signature_hex", "")),
            number=value.get("number"),
        )
    except KeyError as missing:
        raise ValueError(f"a tree head needs {missing}") from None
    except (TypeError, AttributeError):
        raise ValueError("root_hex and signature_hex must be hex strings") from None
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ValueError("size must be a non-negative integer")
    if len(root) != HASH_SIZE:
        raise ValueError("root_hex must be 32 bytes of hex")
    return head


def head_message(size: int, root: bytes, timestamp: str) -> bytes:
    """The exact bytes that are signed for a head (see the module docstring)."""
    return canonical_json(
        {"context": HEAD_CONTEXT, "root_hex": root.hex(), "size": size, "timestamp": timestamp}
    )


def raw_public_key(public_key: Ed25519PublicKey) -> bytes:
    """The 32-byte raw public key (RFC 8032)."""
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    """The public key as a SubjectPublicKeyInfo PEM block."""
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def key_id(public_key: Ed25519PublicKey) -> str:
    """Hex SHA-256 of the raw public key: names the key in every head it signed."""
    return hashlib.sha256(raw_public_key(public_key)).hexdigest()


def sign_head(key: Ed25519PrivateKey, size: int, root: bytes, timestamp: str) -> TreeHead:
    """Sign ``(size, root, timestamp)`` with the ledger key."""
    signature = key.sign(head_message(size, root, timestamp))
    return TreeHead(size, root, timestamp, key_id(key.public_key()), signature)


def verify_head(public_key: Ed25519PublicKey, head: TreeHead) -> bool:
    """True when ``head``'s signature is valid under ``public_key`` (never raises)."""
    try:
        public_key.verify(head.signature, head_message(head.size, head.root, head.timestamp))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
