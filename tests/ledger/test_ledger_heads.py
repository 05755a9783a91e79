"""Signed tree heads: the documented message, verifiable by a third party."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from publiccredit.ledger.heads import (
    head_from_json,
    head_message,
    key_id,
    raw_public_key,
    sign_head,
    verify_head,
)

ROOT = hashlib.sha256(b"root").digest()


def test_message_is_the_documented_canonical_json() -> None:
    message = head_message(25, ROOT, "2025-03-01T00:00:00.000000Z")
    assert message == (
        b'{"context":"publiccredit/tree-head/v1","root_hex":"' + ROOT.hex().encode() + b'",'
        b'"size":25,"timestamp":"2025-03-01T00:00:00.000000Z"}'
    )


def test_a_third_party_verifies_with_only_the_raw_public_key() -> None:
    key = Ed25519PrivateKey.generate()
    head = sign_head(key, 25, ROOT, "2025-03-01T00:00:00.000000Z")
    published = head.to_json()
    raw = raw_public_key(key.public_key())
    third_party_key = Ed25519PublicKey.from_public_bytes(raw)
    third_party_key.verify(
        bytes.fromhex(published["signature_hex"]),
        head_message(published["size"], bytes.fromhex(published["root_hex"]), head.timestamp),
    )
    assert published["key_id"] == hashlib.sha256(raw).hexdigest() == key_id(key.public_key())


def test_any_change_breaks_the_signature() -> None:
    key = Ed25519PrivateKey.generate()
    head = sign_head(key, 25, ROOT, "2025-03-01T00:00:00.000000Z")
    assert verify_head(key.public_key(), head)
    changed = head_from_json({**head.to_json(), "size": 26})
    assert not verify_head(key.public_key(), changed)
    assert not verify_head(Ed25519PrivateKey.generate().public_key(), head)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([], "JSON object"),
        ({"size": 1}, "needs 'root_hex'"),
        ({"size": -1, "root_hex": "00" * 32, "timestamp": "t"}, "non-negative"),
        ({"size": 1, "root_hex": "00", "timestamp": "t"}, "32 bytes"),
        ({"size": 1, "root_hex": "zz", "timestamp": "t"}, "hex"),
    ],
)
def test_head_from_json_names_what_is_wrong(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        head_from_json(value)
