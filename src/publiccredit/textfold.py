"""Folding names for search: variants of one name fold to the same text.

A person types ``ＡＢＣ科技`` or ``abc科技`` for ``ABC科技``: full-width forms and
case must not decide whether a subject is found. Folding is NFKC (full-width
letters, digits and punctuation to their ordinary forms), case folding, and
dropping spaces. Stored as ``subjects.name_folded`` and applied to queries.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """The search form of ``text``: NFKC, case-folded, without whitespace."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    return "".join(normal.split())
