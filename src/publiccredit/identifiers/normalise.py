"""Turning what people type or paste into the compact form identifiers are checked in.

Codes arrive full-width from Chinese input methods (``９１４４…Ｘ``), with spaces
or hyphens for readability, with a byte-order mark or zero-width characters
from spreadsheets, and with a lowercase ``x``. ``compact_text`` removes all of
that: NFKC folds full-width forms to ASCII, separators are dropped, letters are
upper-cased. It is idempotent: compacting twice changes nothing.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile("[\\s\\-\u2010-\u2015\u200b-\u200d\u2060\ufeff]+")


def compact_text(text: str) -> str:
    """Full-width to ASCII, separators (whitespace, hyphens, zero-width) dropped, upper case."""
    result = text
    for _ in range(8):  # upper-casing can un-normalise; a fixed point comes within 2-3 rounds
        folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", result).upper())
        if folded == result:
            break
        result = folded
    return result
