"""A labelled evaluation set for screening, from stored synthetic entities.

Each positive query is one stored entity's name changed the way supplier lists
change names, one kind of change per query in turn:

* ``exact``; ``typo``: a homophone of a trade-name character (the pinyin
  input-method slip), or one character of the region, industry or form
  replaced, dropped or doubled; ``dropped_region``: the region cut from the
  name and given in the region column instead (as a list's address column
  does); ``form_swap``: 有限公司 ↔ 有限责任公司, or ``Co., Ltd.``;
  ``traditional``: traditional characters; ``pinyin``: the name in pinyin
  (``Shenzhen Abao Keji Youxian Gongsi``); ``english``: region and trade name
  in pinyin, industry and form in English; ``abbreviation``: the short name
  (region without 市, then the trade name: 深圳阿宝).

True negatives are entities drawn with another seed whose names are not in the
store, written the same ways: they share trade names with stored entities (the
pool of trade names is the same), so they are the hard negatives a screener
meets, not random strings. Seeded: the same store and seed give the same set.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from pypinyin import lazy_pinyin

from publiccredit.screening.names import parse
from publiccredit.screening.regions import split_region
from publiccredit.screening.vocabulary import INDUSTRIES
from publiccredit.synth.entities import make_entity
from publiccredit.synth.names import brand_words
from publiccredit.textfold import fold

VARIANTS = (
    "exact",
    "typo",
    "dropped_region",
    "form_swap",
    "traditional",
    "pinyin",
    "english",
    "abbreviation",
)
SCREENED_KINDS = ("91", "92", "93", "51", "52")
"""Kinds with a trade name (enterprises, shops, cooperatives, social organisations)."""
_LATIN_FORMS = {
    "limited": "Co., Ltd.",
    "joint-stock": "Co., Ltd. (Joint Stock)",
    "partnership": "Partnership",
    "cooperative": "Cooperative",
}


@dataclass(frozen=True, slots=True)
class EvalQuery:
    """One labelled query: ``expected`` is the subject it should find (``None``: none)."""

    variant: str
    name: str
    region: str
    expected: str | None


@cache
def _homophones() -> dict[str, tuple[str, ...]]:
    groups: dict[str, set[str]] = {}
    for char in {char for word in brand_words() for char in word}:
        groups.setdefault("".join(lazy_pinyin(char)), set()).add(char)
    return {
        char: tuple(sorted(group - {char}))
        for group in groups.values()
        for char in group
        if len(group) > 1
    }


@cache
def _to_traditional() -> object:
    import opencc_purepy

    return opencc_purepy.OpenCC("s2t")


def _split(name: str) -> tuple[str, str]:
    """``(region text, rest)`` of a folded name."""
    folded = fold(name)
    _, rest = split_region(folded)
    return folded[: len(folded) - len(rest)], rest


def _short_region(region: str) -> str:
    for ending in ("市", "省"):
        if region.endswith(ending) and len(region) > 2:
            return region[: region.index(ending)] if region.count(ending) == 1 else region
    return region


def _typo(rng: random.Random, name: str) -> str:
    parsed = parse(name)
    trade_at = name.find(parsed.trade) if parsed.trade else -1
    homophone = [
        index
        for index in range(len(parsed.trade))
        if _homophones().get(parsed.trade[index]) and trade_at >= 0
    ]
    if homophone and rng.random() < 0.5:
        index = trade_at + rng.choice(homophone)
        return name[:index] + rng.choice(_homophones()[name[index]]) + name[index + 1 :]
    outside = [
        index
        for index in range(len(name))
        if not (trade_at <= index < trade_at + len(parsed.trade))
    ]
    index = rng.choice(outside)
    action = rng.choice(("replace", "drop", "double"))
    if action == "drop":
        return name[:index] + name[index + 1 :]
    if action == "double":
        return name[: index + 1] + name[index:]
    return name[:index] + rng.choice("的一是在不了有和人这中大为上个国") + name[index + 1 :]


def _latin(name: str, english: bool) -> str:
    parsed = parse(name)
    region, _ = _split(name)
    words = [_short_region(region)] if region else []
    words.append(parsed.trade)
    parts = ["".join(lazy_pinyin(word)).capitalize() for word in words if word]
    if parsed.industry:
        industry = INDUSTRIES[parsed.industry] if english else "".join(lazy_pinyin(parsed.industry))
        parts.append(industry.title())
    if parsed.form:
        parts.append(_LATIN_FORMS.get(parsed.form, "") if english else _pinyin_form(name))
    return " ".join(part for part in parts if part)


def _pinyin_form(name: str) -> str:
    for form in ("股份有限公司", "有限责任公司", "有限公司", "合伙企业", "专业合作社"):
        if name.endswith(form):
            return " ".join(syllable.capitalize() for syllable in lazy_pinyin(form))
    return ""


def variant(rng: random.Random, kind: str, name: str) -> tuple[str, str]:
    """``(name as written, region column)`` for variant ``kind`` of ``name``."""
    if kind == "typo":
        return _typo(rng, name), ""
    if kind == "dropped_region":
        region, rest = _split(name)
        return (rest, region) if region else (name, "")
    if kind == "form_swap":
        for old, new in (("有限责任公司", "有限公司"), ("有限公司", "有限责任公司")):
            if name.endswith(old) and not name.endswith("股份" + old):
                return name[: -len(old)] + new, ""
        return name, ""
    if kind == "traditional":
        return _to_traditional().convert(name), ""  # type: ignore[attr-defined]
    if kind in ("pinyin", "english"):
        return _latin(name, english=kind == "english"), ""
    if kind == "abbreviation":
        region, _ = _split(name)
        return _short_region(region) + parse(name).trade, ""
    return name, ""


def evaluation_set(
    stored: Sequence[tuple[str, str]], positives: int, negatives: int, seed: int = 5
) -> list[EvalQuery]:
    """Labelled queries from ``stored`` (subject key, name) pairs: ``positives`` variants of
    stored entities (variants in turn) and ``negatives`` of entities not stored."""
    rng = random.Random(seed)
    pool = sorted((key, name) for key, name in stored if key[:2] in SCREENED_KINDS)
    chosen = rng.sample(pool, min(positives, len(pool)))
    queries = []
    for number, (key, name) in enumerate(chosen):
        kind = VARIANTS[number % len(VARIANTS)]
        written, region = variant(rng, kind, name)
        queries.append(EvalQuery(kind, written, region, key))
    names = {fold(name) for _, name in stored}
    issued: set[str] = {key for key, _ in stored}
    index = 0
    while sum(query.expected is None for query in queries) < negatives:
        index += 1
        entity = make_entity(
            index,
            random.Random(f"neg-{seed}-{index}"),
            date(2020, 1, 1),
            date(2024, 12, 31),
            2.0,
            issued,
        )
        if entity.kind not in SCREENED_KINDS or fold(entity.name) in names:
            continue
        kind = VARIANTS[index % len(VARIANTS)]
        written, region = variant(rng, kind, entity.name)
        queries.append(EvalQuery(kind, written, region, None))
    return queries
