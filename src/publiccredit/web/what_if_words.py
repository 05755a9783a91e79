"""Words of the what-if and repair pages, in Chinese and English.

Templates use ``string.Template`` placeholders (``$name``), filled with escaped
values by ``web.html.render``. Names of record types, lists and measures come
from the policy pack, not from here.
"""

from __future__ import annotations

from publiccredit.web.catalogues import catalogue
from publiccredit.web.i18n import language

WORDS: dict[str, dict[str, str]] = catalogue("what_if_words.WORDS")


def say(lang: str) -> dict[str, str]:
    """The what-if and repair words of ``lang`` (Chinese unless ``en``)."""
    return WORDS[language(lang)]
