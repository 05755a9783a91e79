"""The agency clerk's desk in Chinese and English (``desk_pages``, ``desk_upload``)."""

from __future__ import annotations

from publiccredit.web.catalogues import catalogue
from publiccredit.web.i18n import language

DESK_WORDS: dict[str, dict[str, str]] = catalogue("desk_words.DESK_WORDS")


def desk_words(lang: str) -> dict[str, str]:
    """The desk's words in ``lang``."""
    return DESK_WORDS[language(lang)]
