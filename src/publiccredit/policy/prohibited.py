"""The closed directory's negative side: matters no category or record type may touch.

The vocabulary lives in ``guardrails.yaml`` beside this module, with its
sources (DESIGN §8; the credit-reporting regulation of 2013, Art. 14). A
directory entry is refused when one of its ``subject_matter`` tags is a
prohibited tag, or when its id, names, description or extra field names
contain a prohibited keyword: renaming "religion" to "faith_community" or
"宗教团体" must not get it past the loader.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

GUARDRAILS_FILE = Path(__file__).resolve().parent / "guardrails.yaml"


@dataclass(frozen=True, slots=True)
class ProhibitedMatter:
    """One prohibited matter with the words that reveal it."""

    id: str
    name_en: str
    tags: frozenset[str]
    keywords_en: tuple[str, ...]
    keywords_zh: tuple[str, ...]

    def found_in(self, text: str) -> str | None:
        """The keyword of this matter that ``text`` contains, if any."""
        words = f" {_words(text)} "
        english = next((k for k in self.keywords_en if f" {_words(k)} " in words), None)
        return english or next((k for k in self.keywords_zh if k in text), None)


def _words(text: str) -> str:
    """Lower-case words separated by single spaces; ids split on ``_``, ``.`` and ``-``."""
    return " ".join(re.split(r"[^0-9a-z]+", text.lower())).strip()


@functools.cache
def guardrail_data() -> dict[str, Any]:
    """The parsed ``guardrails.yaml``."""
    data: dict[str, Any] = yaml.safe_load(GUARDRAILS_FILE.read_text(encoding="utf-8"))
    return data


@functools.cache
def prohibited_matters() -> tuple[ProhibitedMatter, ...]:
    """Every prohibited matter of ``guardrails.yaml``."""
    return tuple(
        ProhibitedMatter(
            id=item["id"],
            name_en=item["name_en"],
            tags=frozenset(item.get("tags", ())),
            keywords_en=tuple(item.get("keywords_en", ())),
            keywords_zh=tuple(item.get("keywords_zh", ())),
        )
        for item in guardrail_data()["prohibited"]["matters"]
    )


def prohibited_source() -> str:
    """The citation of the prohibited vocabulary, for messages."""
    source = guardrail_data()["prohibited"]["source"]
    return f"{source['instrument']}, {source['article']}"


def find_prohibited(
    tags: Iterable[str], texts: Iterable[str]
) -> list[tuple[ProhibitedMatter, str]]:
    """Each prohibited matter touched, with the tag or keyword that gave it away."""
    found: list[tuple[ProhibitedMatter, str]] = []
    tag_set = {tag.lower() for tag in tags}
    text_list = [text for text in texts if text]
    for matter in prohibited_matters():
        hit = next(iter(sorted(tag_set & matter.tags)), None)
        if hit is not None:
            found.append((matter, f"subject_matter tag {hit!r}"))
            continue
        keyword = next((k for t in text_list if (k := matter.found_in(t)) is not None), None)
        if keyword is not None:
            found.append((matter, f"keyword {keyword!r}"))
    return found
