"""Pinyin keys: the sound of a Chinese name in Latin letters, so scripts can meet.

``pinyin_key("阿宝")`` is ``"abao"``: toneless, joined, lower case. A supplier
list written in pinyin (``Abao Keji``) or a homophone typed by mistake through a
pinyin input method (阿包 for 阿宝, the commonest Chinese typo) has the same key.
Latin text keeps its letters and digits only. Keys are cached: the same trade
names and industry words come up again and again.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


def latin_key(text: str) -> str:
    """Lower-case letters and digits of ``text`` (spaces and punctuation dropped)."""
    return "".join(char for char in text.casefold() if char.isascii() and char.isalnum())


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> str:
    """Toneless pinyin of ``text``, syllables joined; Latin parts kept as their letters."""
    if text.isascii():
        return latin_key(text)
    return latin_key("".join(lazy_pinyin(text, style=Style.NORMAL, errors="default")))


@lru_cache(maxsize=65536)
def initials_key(text: str) -> str:
    """First letters of each syllable (阿宝科技 → ``abkj``): how abbreviations are typed."""
    if text.isascii():
        return latin_key(text)
    return latin_key("".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")))
