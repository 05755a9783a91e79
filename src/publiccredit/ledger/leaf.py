"""The ledger leaf: what exactly is hashed for each event (DESIGN §6).

A leaf is the RFC 8785 canonical JSON of the event with its payload replaced
by a salted hash::

    {"actor":…,"kind":…,"occurred_at":…,"payload_hash":…,"recorded_at":…,"seq":…,"subject":…}

* ``payload_hash`` is the lowercase hex SHA-256 of ``salt || canonical_json(payload)``;
  the salt is 16 random bytes per event, kept by the platform and not in the
  leaf, so nobody can confirm a guessed payload (an ID number) from a public
  leaf. Erasing a payload later keeps its salt and hash, so the tree stands.
* Times are the ``format_instant`` text (UTC, microseconds, ``Z``); ``subject``
  is ``null`` for platform-wide events; ``seq`` is the 1-based sequence number
  (leaf index + 1), so a reordered event no longer matches its leaf.

The leaf's members are strings, ``null`` and one small integer, for which
RFC 8785 output is the members in sorted order with strings escaped as
``json.dumps(ensure_ascii=False)`` escapes them; ``leaf_text`` writes exactly
that (several times faster than the general encoder) and a property test holds
it equal to ``rfc8785.dumps``. It is the one definition of the leaf: the
store's bulk append builds its leaves with it too. Payloads, which may hold
any JSON, go through the ``rfc8785`` package. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from json.encoder import encode_basestring  # the string escaping of json.dumps(ensure_ascii=False)
from typing import Any

import rfc8785

SALT_SIZE = 16
MAX_SEQ = 2**53 - 1
"""Larger integers are not exact in I-JSON (RFC 8785 §3.2.2.3); the ledger never gets there."""


def canonical_json(value: Any) -> bytes:
    """RFC 8785 canonical JSON (UTF-8) of a JSON value."""
    return bytes(rfc8785.dumps(value))


def new_salt() -> bytes:
    """A fresh random per-event salt."""
    return secrets.token_bytes(SALT_SIZE)


def payload_hash(salt: bytes, payload_json: bytes) -> str:
    """Hex SHA-256 of ``salt || payload_json`` (``payload_json`` already canonical)."""
    return hashlib.sha256(salt + payload_json).hexdigest()


class StringQuoter:
    """JSON string literals, remembered: a batch repeats its kinds, times and actors."""

    def __init__(self, limit: int = 4096) -> None:
        self._seen: dict[str, str] = {}
        self._limit = limit

    def __call__(self, text: str) -> str:
        found = self._seen.get(text)
        if found is None:
            if len(self._seen) > self._limit:
                self._seen.clear()
            found = self._seen[text] = encode_basestring(text)
        return found


def leaf_text(
    *,
    seq: int,
    kind: str,
    subject: str | None,
    occurred_at: str,
    recorded_at: str,
    actor: str,
    payload_hash_hex: str,
    quote: Callable[[str], str] = encode_basestring,
) -> str:
    """The canonical JSON leaf as text: members in RFC 8785 order, strings escaped.

    ``quote`` may be a ``StringQuoter`` for bulk appends (the values that
    repeat; the subject and the payload hash rarely do). Raises ``ValueError``
    for a ``seq`` outside 1..2^53-1.
    """
    if not 1 <= seq <= MAX_SEQ:
        raise ValueError(f"sequence number {seq} is outside 1..2^53-1")
    subject_json = "null" if subject is None else encode_basestring(subject)
    return (
        f'{{"actor":{quote(actor)},"kind":{quote(kind)},'
        f'"occurred_at":{quote(occurred_at)},"payload_hash":{encode_basestring(payload_hash_hex)},'
        f'"recorded_at":{quote(recorded_at)},"seq":{seq},"subject":{subject_json}}}'
    )


def leaf_bytes(
    *,
    seq: int,
    kind: str,
    subject: str | None,
    occurred_at: str,
    recorded_at: str,
    actor: str,
    payload_hash_hex: str,
) -> bytes:
    """The canonical JSON leaf of one event (see the module docstring for the format).

    Raises ``ValueError`` for a ``seq`` outside 1..2^53-1 and
    ``UnicodeEncodeError`` for text that is not valid Unicode (lone surrogates),
    which RFC 8785 cannot encode either.
    """
    text = leaf_text(
        seq=seq,
        kind=kind,
        subject=subject,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        actor=actor,
        payload_hash_hex=payload_hash_hex,
    )
    return text.encode("utf-8")
