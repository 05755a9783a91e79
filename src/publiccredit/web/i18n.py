"""The portal's words in Chinese and English, and which language a request asks for.

``?lang=zh`` (the default) or ``?lang=en``; anything else falls back to
Chinese. Record types, lists and measures bring their own names from the
policy pack where the pack has them in both languages.
"""

from __future__ import annotations

from publiccredit.web.catalogues import catalogue

LANGUAGES = ("zh", "en")
DEFAULT = "zh"

STRINGS: dict[str, dict[str, str]] = catalogue("i18n.STRINGS")


def language(requested: str | None) -> str:
    """The language to answer in: ``requested`` if the portal has it, else Chinese."""
    return requested if requested in LANGUAGES else DEFAULT


def words(lang: str) -> dict[str, str]:
    """The strings of ``lang``."""
    return STRINGS[language(lang)]
