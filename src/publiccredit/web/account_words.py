"""The words of the subject's own pages (sign-in, own record, cases, objections, consents).

Kept here rather than in ``web/i18n.py`` so that this feature's wording lives
with the feature. Record states, case kinds and parties are translated here
too; anything unknown is shown as stored.
"""

from __future__ import annotations

from publiccredit.web.catalogues import catalogue
from publiccredit.web.i18n import language

WORDS: dict[str, dict[str, str]] = catalogue("account_words.WORDS")


def say(lang: str) -> dict[str, str]:
    """The words of ``lang`` (Chinese for anything unknown)."""
    return WORDS[language(lang)]


def named(lang: str, prefix: str, value: str | None) -> str:
    """A translated state, kind or party (``prefix_value``), or the value as stored."""
    if value is None:
        return ""
    return WORDS[language(lang)].get(f"{prefix}_{value}", value)
