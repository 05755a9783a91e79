"""The policy page's words in Chinese and English (a dict per language).

Only the page's own labels live here: names of lists, record types, measures
and actions, and every rule, come from the active policy pack.
"""

from __future__ import annotations

from publiccredit.web.catalogues import catalogue
from publiccredit.web.i18n import language

ZH: dict[str, str] = catalogue("policy_words.WORDS")["zh"]

EN: dict[str, str] = catalogue("policy_words.WORDS")["en"]

WORDS = {"zh": ZH, "en": EN}


def say(lang: str) -> dict[str, str]:
    """The words of ``lang`` (Chinese for anything the portal does not have)."""
    return WORDS[language(lang)]
