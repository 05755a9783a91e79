"""Canonical JSON (RFC 8785) of event payloads, with a fast path for plain payloads.

``rfc8785.dumps`` is exact for every JSON value but slow in bulk (an agency's
file is a million payloads). Payloads made only of text, integers within
±2^53, booleans, ``null``, lists and objects with ASCII keys serialise to the
same bytes with ``json.dumps(sort_keys=True, separators=(",", ":"),
ensure_ascii=False)``: both escape exactly ``"`` ``\\`` and the control
characters (``\\b \\f \\n \\r \\t`` short, others ``\\u00xx`` lower-case), leave
every other character as UTF-8, and ASCII keys sort the same by code point
and by UTF-16 unit. Floats (number formatting differs) and non-ASCII keys go
through ``rfc8785``. A property test holds the two equal.
"""

from __future__ import annotations

import json
from typing import Any

from publiccredit.ledger.leaf import canonical_json

_SAFE_INT = 2**53 - 1
_dumps = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
).encode


def is_plain(value: Any) -> bool:
    """True when ``value`` can take the fast path (see the module docstring)."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return bool(-_SAFE_INT <= value <= _SAFE_INT)
    if kind is dict:
        return all(
            type(key) is str and key.isascii() and is_plain(item) for key, item in value.items()
        )
    if kind is list:
        return all(is_plain(item) for item in value)
    return False


def canonical_text(value: Any) -> str:
    """RFC 8785 canonical JSON of ``value`` as text (fast when ``is_plain``)."""
    if is_plain(value):
        return _dumps(value)
    return canonical_json(value).decode("utf-8")


def canonical_row(row: dict[str, Any], nested: str) -> str:
    """``canonical_text`` of a mapping whose values are all text or ``None`` except
    ``row[nested]`` (a record row and its ``extra``): only that value needs the check."""
    if is_plain(row[nested]):
        return _dumps(row)
    return canonical_json(row).decode("utf-8")
