"""Folding names for search: variants of one name fold to the same text.

A person types ``ＡＢＣ科技`` or ``abc科技`` for ``ABC科技``, or ``華為技術`` (traditional
characters, as written in Hong Kong, Macao and Taiwan) for ``华为技术``: full-width
forms, case and the script must not decide whether a subject is found.
Folding is NFKC (full-width letters, digits and punctuation to their ordinary
forms), traditional to simplified Chinese (OpenCC's ``t2s`` tables, through
``opencc-purepy``), case folding, and dropping whitespace. Stored as
``subjects.name_folded`` and applied to queries, so both sides fold alike.

The converter loads its dictionaries once, on the first fold (not at import,
so commands that never search do not pay for it).

``fold_characters`` is the light variant for checking words (the policy
guardrails): the same NFKC and case folding, with traditional characters
mapped one by one through OpenCC's own character table (``TSCharacters``)
instead of loading the phrase dictionaries (~0.4 s and ~33 MiB) — enough to
see 宗教活動 as 宗教活动, and cheap enough for every pack load.
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from importlib import resources
from typing import Protocol


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


_converter: _Converter | None = None
_lock = threading.Lock()


def _to_simplified() -> _Converter:
    """The traditional-to-simplified converter, built once per process."""
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc_purepy

                _converter = opencc_purepy.OpenCC("t2s")
    return _converter


def fold_script(text: str) -> str:
    """``text`` in NFKC, simplified script and case-folded, whitespace kept (word boundaries)."""
    normal = unicodedata.normalize("NFKC", text)
    if not normal.isascii():
        normal = _to_simplified().convert(normal)
    return normal.casefold()


def fold(text: str) -> str:
    """The search form of ``text``: NFKC, simplified script, case-folded, no whitespace."""
    return "".join(fold_script(text).split())


@functools.cache
def _character_table() -> dict[int, str]:
    """Traditional → simplified, one character at a time (OpenCC ``TSCharacters.txt``)."""
    text = (
        resources.files("opencc_purepy")
        .joinpath("dicts", "TSCharacters.txt")
        .read_text(encoding="utf-8")
    )
    table: dict[int, str] = {}
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets:
            table[ord(source)] = targets.split()[0]
    return table


def fold_characters(text: str) -> str:
    """``text`` in NFKC, simplified character by character, case-folded, whitespace kept."""
    normal = unicodedata.normalize("NFKC", text)
    if not normal.isascii():
        normal = normal.translate(_character_table())
    return normal.casefold()
