"""The closed directory's negative side: matters no category or record type may touch.

The catalogue lives in ``prohibited.yaml`` beside this module, with its
sources (DESIGN §8; the credit-reporting regulation of 2013, Art. 14). A
directory entry is refused when one of its ``subject_matter`` tags is a
prohibited tag, or when a text naming its data contains a prohibited term.

Texts are *folded* before they are searched, because a guardrail that a
rename gets around is no guardrail: NFKC turns full-width ``ＦＡＣＥ`` into
``FACE``, OpenCC's character table turns traditional ``宗教活動`` into ``宗教活动``
(``textfold.fold_characters``), case is folded,
camelCase and ``snake_case`` split into words, and runs of single letters
(``r e l i g i o n``) join into one word. English terms then match whole words
or runs of up to three adjacent words joined (so ``general`` never matches
``gene``, while ``Social-Media``, ``socialmedia`` and ``social media`` all match
``social media``); Chinese terms match anywhere once whitespace and
punctuation are gone (``宗 教`` matches ``宗教``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from publiccredit.textfold import fold_characters

GUARDRAILS_FILE = Path(__file__).resolve().parent / "guardrails.yaml"
CATALOGUE_FILE = Path(__file__).resolve().parent / "prohibited.yaml"

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[0-9a-z]+")
_NOT_WORD = re.compile(r"[\W_]+")
_MAX_RUN = 3
"""English terms may be spread over this many adjacent words (``facial recognition log``)."""


@dataclass(frozen=True, slots=True)
class FoldedText:
    """One text in the two forms the terms are looked up in."""

    original: str
    phrases: frozenset[str]
    compact: str

    @classmethod
    def of(cls, text: str) -> FoldedText:
        """Fold ``text``: English word runs joined, and a compact form without separators."""
        split = _CAMEL.sub(" ", unicodedata.normalize("NFKC", text))
        folded = fold_characters(split)
        words = _join_letter_runs(_WORD.findall(folded))
        phrases = {
            "".join(words[start : start + size])
            for size in range(1, _MAX_RUN + 1)
            for start in range(len(words) - size + 1)
        }
        return cls(text, frozenset(phrases), _NOT_WORD.sub("", folded))


def _join_letter_runs(words: list[str]) -> list[str]:
    """``['r', 'e', 'l', 'i', 'g', 'i', 'o', 'n']`` → ``['religion']`` (three letters or more)."""
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        joined.extend(["".join(run)] if len(run) >= 3 else run)
        run = []
        if word:
            joined.append(word)
    return joined


def english_key(term: str) -> str:
    """The folded, separator-free form an English term is matched in."""
    return _NOT_WORD.sub("", fold_characters(term))


def chinese_key(term: str) -> str:
    """The folded (simplified, no separators) form a Chinese term is matched in."""
    return _NOT_WORD.sub("", fold_characters(term))


@dataclass(frozen=True)
class ProhibitedMatter:
    """One prohibited matter with the terms that reveal it."""

    id: str
    name_en: str
    tags: frozenset[str]
    terms_en: tuple[str, ...]
    terms_zh: tuple[str, ...]
    terms_zh_tw: tuple[str, ...]

    @functools.cached_property
    def _english(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple(
            (term, (key, key + "s", key + "es"))
            for term in self.terms_en
            if (key := english_key(term))
        )

    @functools.cached_property
    def _chinese(self) -> tuple[tuple[str, str], ...]:
        return tuple((term, chinese_key(term)) for term in (*self.terms_zh, *self.terms_zh_tw))

    def found_in(self, text: FoldedText) -> str | None:
        """The term of this matter that ``text`` contains, if any."""
        for term, forms in self._english:
            if any(form in text.phrases for form in forms):
                return term
        return next((term for term, key in self._chinese if key and key in text.compact), None)


def term_found(text: FoldedText, terms_en: Iterable[str], terms_zh: Iterable[str]) -> str | None:
    """The first English or Chinese term found in ``text`` (folded alike), if any."""
    for term in terms_en:
        key = english_key(term)
        if key and any(form in text.phrases for form in (key, key + "s", key + "es")):
            return term
    return next((t for t in terms_zh if (k := chinese_key(t)) and k in text.compact), None)


@functools.cache
def guardrail_data() -> dict[str, Any]:
    """The parsed ``guardrails.yaml``."""
    data: dict[str, Any] = yaml.safe_load(GUARDRAILS_FILE.read_text(encoding="utf-8"))
    return data


@functools.cache
def catalogue() -> dict[str, Any]:
    """The parsed ``prohibited.yaml``."""
    data: dict[str, Any] = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return data


@functools.cache
def prohibited_matters() -> tuple[ProhibitedMatter, ...]:
    """Every prohibited matter of the catalogue."""
    return tuple(
        ProhibitedMatter(
            id=item["id"],
            name_en=item["name_en"],
            tags=frozenset(english_key(tag) for tag in item.get("tags", ())),
            terms_en=tuple(item.get("terms_en", ())),
            terms_zh=tuple(item.get("terms_zh", ())),
            terms_zh_tw=tuple(item.get("terms_zh_tw", ())),
        )
        for item in catalogue()["matters"]
    )


def prohibited_source() -> str:
    """The citation of the prohibited catalogue, for messages."""
    source = catalogue()["source"]
    return f"{source['instrument']}, {source['article']}"


def find_prohibited(
    tags: Iterable[str], texts: Iterable[str]
) -> list[tuple[ProhibitedMatter, str]]:
    """Each prohibited matter touched, with the tag or term (and the text) that gave it away."""
    found: list[tuple[ProhibitedMatter, str]] = []
    tag_keys = {english_key(tag): tag for tag in tags}
    folded = [FoldedText.of(text) for text in texts if text]
    for matter in prohibited_matters():
        hit = next(iter(sorted(set(tag_keys) & matter.tags)), None)
        if hit is not None:
            found.append((matter, f"subject_matter tag {tag_keys[hit]!r}"))
            continue
        for text in folded:
            term = matter.found_in(text)
            if term is not None:
                found.append((matter, f"keyword {term!r} in {text.original!r}"))
                break
    return found
