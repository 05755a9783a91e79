"""The leaf encoding: RFC 8785 exactly, salted payload hashes, no I/O."""

from __future__ import annotations

import hashlib

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.ledger.leaf import (
    StringQuoter,
    canonical_json,
    leaf_bytes,
    leaf_text,
    new_salt,
    payload_hash,
)

text = st.text(st.characters(exclude_categories=["Cs"]))


@given(
    seq=st.integers(1, 2**53 - 1),
    kind=text,
    subject=st.none() | text,
    occurred=text,
    recorded=text,
    actor=text,
    digest=text,
)
def test_leaf_fast_path_equals_rfc8785(
    seq: int,
    kind: str,
    subject: str | None,
    occurred: str,
    recorded: str,
    actor: str,
    digest: str,
) -> None:
    fields = {
        "seq": seq,
        "kind": kind,
        "subject": subject,
        "occurred_at": occurred,
        "recorded_at": recorded,
        "actor": actor,
        "payload_hash": digest,
    }
    leaf = leaf_bytes(
        seq=seq,
        kind=kind,
        subject=subject,
        occurred_at=occurred,
        recorded_at=recorded,
        actor=actor,
        payload_hash_hex=digest,
    )
    assert leaf == rfc8785.dumps(fields)


def test_leaf_known_form() -> None:
    leaf = leaf_bytes(
        seq=7,
        kind="record.submitted",
        subject=None,
        occurred_at="2025-03-01T00:00:00.000000Z",
        recorded_at="2025-03-02T08:00:00.000000Z",
        actor="samr-440300",
        payload_hash_hex="ab" * 32,
    )
    assert leaf == (
        b'{"actor":"samr-440300","kind":"record.submitted",'
        b'"occurred_at":"2025-03-01T00:00:00.000000Z","payload_hash":"' + b"ab" * 32 + b'",'
        b'"recorded_at":"2025-03-02T08:00:00.000000Z","seq":7,"subject":null}'
    )


@pytest.mark.parametrize("seq", [0, -1, 2**53])
def test_leaf_refuses_sequence_numbers_outside_ijson(seq: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        leaf_bytes(
            seq=seq,
            kind="k",
            subject=None,
            occurred_at="",
            recorded_at="",
            actor="a",
            payload_hash_hex="",
        )


def test_payload_hash_is_salted_sha256_of_canonical_json() -> None:
    salt = bytes(range(16))
    payload = canonical_json({"b": 1.5, "a": "数据"})
    assert payload == '{"a":"数据","b":1.5}'.encode()
    assert payload_hash(salt, payload) == hashlib.sha256(salt + payload).hexdigest()
    assert payload_hash(new_salt(), payload) != payload_hash(new_salt(), payload)


def test_a_remembering_quoter_writes_the_same_leaves() -> None:
    """The bulk append's StringQuoter (which clears itself when full) changes no byte."""
    quoter = StringQuoter(limit=2)
    for number in range(1, 20):
        fields = {
            "seq": number,
            "kind": "record.submitted",
            "subject": None if number % 3 else "914403001922038216",
            "occurred_at": f"2026-01-{number:02d}T00:00:00.000000Z",
            "recorded_at": "2026-02-01T08:00:00.000000Z",
            "actor": f"samr-44030{number % 4}",
            "payload_hash_hex": "ab" * 32,
        }
        assert leaf_text(**fields, quote=quoter).encode("utf-8") == leaf_bytes(**fields)
