"""The words of the watch list page (kept with the feature, as account_words does)."""

from __future__ import annotations

from publiccredit.web.catalogues import catalogue
from publiccredit.web.i18n import language

WORDS: dict[str, dict[str, str]] = catalogue("watch_words.WORDS")


def watch_words(lang: str) -> dict[str, str]:
    """The page's words in ``lang`` (Chinese unless English is asked for)."""
    return WORDS[language(lang)]
