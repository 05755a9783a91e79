"""The portal's words, read from gettext catalogues (``web/locale/<lang>/LC_MESSAGES/portal.po``).

Translators work on ``.po`` files with the usual tools (Poedit, Weblate,
``pybabel``), not on Python source. Each word table of a page module is one
message context (``msgctxt``, e.g. ``report_words.REPORT_WORDS``), each key a
``msgid`` and its text the ``msgstr``; ``$name`` placeholders are filled by
``string.Template`` as before. The catalogues are parsed by Babel once per
process. ``tests/web/test_web_catalogues.py`` holds both languages to the same
keys and placeholders, so a page can never miss a word in one language.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from babel.messages.pofile import read_po

LANGUAGES = ("zh", "en")
DOMAIN = "portal"


@cache
def _all() -> dict[str, dict[str, dict[str, str]]]:
    """context → language → key → text, for every catalogue."""
    tables: dict[str, dict[str, dict[str, str]]] = {}
    folder = resources.files("publiccredit.web") / "locale"
    for lang in LANGUAGES:
        with (folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
            catalog = read_po(handle, locale=None)
        for message in catalog:
            if not message.id or not isinstance(message.id, str):
                continue
            context = str(message.context or "")
            text = message.string if isinstance(message.string, str) else ""
            tables.setdefault(context, {}).setdefault(lang, {})[message.id] = text
    return tables


def contexts() -> list[str]:
    """Every word table the catalogues hold."""
    return sorted(_all())


def catalogue(context: str) -> dict[str, dict[str, str]]:
    """The word table ``context`` as ``{"zh": {key: text}, "en": {...}}``."""
    table = _all()[context]
    return {lang: dict(table.get(lang, {})) for lang in LANGUAGES}
