"""The statistics page's words in Chinese and English (a dict per language)."""

from __future__ import annotations

from publiccredit.web.catalogues import catalogue
from publiccredit.web.i18n import language

ZH: dict[str, str] = catalogue("statistics_words.WORDS")["zh"]

EN: dict[str, str] = catalogue("statistics_words.WORDS")["en"]

WORDS = {"zh": ZH, "en": EN}


def say(lang: str) -> dict[str, str]:
    """The words of ``lang`` (Chinese for anything the portal does not have)."""
    return WORDS[language(lang)]
