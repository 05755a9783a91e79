"""Parsing an entity name into region, trade name, industry and legal form.

``parse("深圳市阿宝科技有限公司")`` gives region ``4403``, trade name 阿宝, industry
科技, form family ``limited``. The same parse of ``Shenzhen Abao Technology Co.,
Ltd.`` gives trade key ``abao``, industry 科技 and the same family, so the parts
can be compared across scripts. Folding comes first (``textfold.fold``: NFKC,
traditional to simplified, case), so 深圳市阿寶科技有限公司 parses the same.

Order matters and follows how names are built: the form is cut from the end,
then the industry, then the region from the start; whatever remains is the
trade name. A cut that would leave no trade name is not made (深圳科技有限公司
keeps 深圳 as its trade name, not as its region: there is nothing else).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

from publiccredit.screening.pinyin import initials_key, latin_key, pinyin_key
from publiccredit.screening.regions import latin_regions as _latin_regions
from publiccredit.screening.regions import split_region
from publiccredit.screening.vocabulary import FORMS, INDUSTRIES, LATIN_FORMS
from publiccredit.textfold import fold


@dataclass(frozen=True, slots=True)
class ParsedName:
    """The parts of one name. ``trade`` is Chinese (empty for a Latin name); ``trade_key``
    is its pinyin (or the Latin trade name); ``industry`` is the Chinese industry word."""

    folded: str
    latin: bool
    region: str
    trade: str
    trade_key: str
    initials: str
    industry: str
    form: str
    written: str = ""
    """Trade name and industry as written (before a mistyped industry word was read)."""
    prefix: str = ""
    """The text read as the region (黄石 in 黄石湖副食店: perhaps part of the trade name)."""

    @property
    def core(self) -> str:
        """Trade name and industry: what the trigram index holds (Chinese names)."""
        return self.trade + self.industry


@cache
def _latin_industries() -> dict[str, str]:
    table: dict[str, str] = {}
    for chinese, english in INDUSTRIES.items():
        table.setdefault(latin_key(english), chinese)
        table.setdefault(pinyin_key(chinese), chinese)
    return table


@cache
def _sorted_by_length(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _cut_suffix(text: str, words: tuple[str, ...]) -> tuple[str, str]:
    """``(rest, word)`` for the longest of ``words`` that ends ``text`` and leaves something."""
    for word in _sorted_by_length(words):
        if text.endswith(word) and len(text) > len(word):
            return text[: -len(word)], word
    return text, ""


def _cut_typo_suffix(text: str, words: tuple[str, ...]) -> tuple[str, str]:
    """As ``_cut_suffix``, allowing one character wrong, missing or doubled in a word
    (有限公厮, 有公司, 有限公司司): tried only when no word ends ``text`` exactly, so
    correctly written names never get here."""
    for word in _sorted_by_length(words):
        sizes = (len(word), len(word) + 1, len(word) - 1)
        fits = [
            size
            for size in sizes
            if len(text) > size + 1 and Levenshtein.distance(text[-size:], word) <= 1
        ]
        if fits:  # where the word's first character starts the cut, if anywhere
            dropped_first = (s for s in fits if s < len(word) and text[-s] == word[1])
            size = next((s for s in fits if text[-s] == word[0]), next(dropped_first, fits[0]))
            return text[:-size], word
    return text, ""


def _cut(text: str, words: tuple[str, ...], shortest_typo: int = 3) -> tuple[str, str]:
    """The exact cut; else a cut allowing one typo in a word of ``shortest_typo`` or more;
    a longer word with a typo beats a shorter exact one two or more characters shorter
    (股份份有限公司 is 股份有限公司 mistyped, not 有限公司 after 股份份)."""
    rest, word = _cut_suffix(text, words)
    longest = len(word) + 2 if word else shortest_typo
    typo = _cut_typo_suffix(text, tuple(w for w in words if len(w) >= longest))
    return typo if typo[1] else (rest, word)


_REGION_ENDINGS = "省市区县"


def _cut_unknown_region(text: str, endings: str = _REGION_ENDINGS) -> str:
    """A region the table does not know (a typo: 深训市, 宝坻坻区) still ends in 省/市/区/县
    within the first four characters; cut it (again, for a county after a city) while a
    trade name of two or more remains."""
    for index, char in enumerate(text[1:4], start=1):
        if char in endings and len(text) - index - 1 >= 2:
            return _cut_unknown_region(text[index + 1 :], "市区县")
    return text


_FORM_FAMILY = dict(FORMS)
_LATIN_FAMILY = dict(LATIN_FORMS)
_PARENT_FORMS = ("股份有限公司", "有限责任公司", "有限公司")


def _chinese(folded: str) -> ParsedName:
    rest, form = _cut(folded, tuple(_FORM_FAMILY), shortest_typo=4)  # not 办公室 for 公司
    family = _FORM_FAMILY.get(form, "")
    if family == "branch":  # 阿宝科技有限公司深圳分公司: the parent's name, then the branch
        for parent in _PARENT_FORMS:
            if parent in rest:
                rest = rest[: rest.index(parent)]
                break
    written = rest
    rest, industry = _cut(rest, tuple(INDUSTRIES))
    region, trade = split_region(rest)
    trade = _cut_unknown_region(trade, _REGION_ENDINGS if trade == rest else "市区县")
    if not trade:
        region, trade = "", rest
    return ParsedName(
        folded=folded,
        latin=False,
        region=region,
        trade=trade,
        trade_key=pinyin_key(trade),
        initials=initials_key(trade + industry),
        industry=industry,
        form=family,
        written=_cut_unknown_region(split_region(written)[1]),
        prefix=rest[: len(rest) - len(trade)],
    )


def _words(text: str) -> list[str]:
    """The Latin words of ``text`` (NFKC, case-folded), split at anything not a letter or
    digit: word boundaries say where a region ends (``Hami Shifeng``: not ``Hamishi``)."""
    return [
        word
        for word in re.split(r"[^0-9a-z]+", unicodedata.normalize("NFKC", text).casefold())
        if word
    ]


def _cut_words(words: list[str], table: Mapping[str, str], from_end: bool) -> tuple[list[str], str]:
    """Cut the most words (up to six: ``You Xian Ze Ren Gong Si``) from one end whose
    concatenation is in ``table``, leaving at least one; ``(rest, concatenation)``."""
    for count in range(min(6, len(words) - 1), 0, -1):
        part = words[-count:] if from_end else words[:count]
        joined = "".join(part)
        if joined in table:
            return (words[:-count] if from_end else words[count:]), joined
    return words, ""


def _latin(name: str) -> ParsedName:
    words = _words(name)
    key = "".join(words)
    rest, form = _cut_words(words, _LATIN_FAMILY, from_end=True)
    if not form:  # words run together (CoLtd): cut on the letters
        joined, form = _cut_suffix("".join(rest), tuple(_LATIN_FAMILY))
        rest = [joined] if form else rest
    rest, word = _cut_words(rest, _latin_industries(), from_end=True)
    if not word:
        joined, word = _cut_suffix("".join(rest), tuple(_latin_industries()))
        rest = [joined] if word else rest
    region = ""
    head, written = _cut_words(rest, _latin_regions(), from_end=False)
    if written:
        region, rest = _latin_regions()[written], head
    elif len(rest) == 1:  # one run of letters: a region's pinyin may start it
        region, trade = split_region(rest[0], latin=True)
        rest = [trade] if trade else rest
    return ParsedName(
        folded=key,
        latin=True,
        region=region,
        trade="",
        trade_key="".join(rest),
        initials="",
        industry=_latin_industries().get(word, ""),
        form=_LATIN_FAMILY.get(form, ""),
    )


@lru_cache(maxsize=8192)
def parse(name: str) -> ParsedName:
    """The parts of ``name`` (any script; folded first)."""
    folded = fold(name)
    if folded.isascii():
        return _latin(name)
    return _chinese("".join(char for char in folded if not _is_punctuation(char)))


def _is_punctuation(char: str) -> bool:
    return char in "()（）[]【】·.,，、-_\"'“”‘’"
