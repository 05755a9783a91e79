"""The portal's words come from gettext catalogues, complete in both languages.

Every word table (message context) has the same keys in Chinese and English,
no text is empty, and each text uses the same ``$placeholders`` in both
languages (a placeholder missing from one language would raise when the page
fills it in). Both catalogues parse with Babel, as a translator's tool reads them.
"""

from __future__ import annotations

import re
from importlib import resources

import pytest
from babel.messages.pofile import read_po

from publiccredit.web.catalogues import LANGUAGES, catalogue, contexts
from publiccredit.web.i18n import words

PLACEHOLDER = re.compile(r"\$([_a-zA-Z][_a-zA-Z0-9]*)|\$\{([_a-zA-Z][_a-zA-Z0-9]*)\}")
"""string.Template's identifiers (ASCII only: ``$party办理`` is ``$party`` then text)."""


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def test_there_are_tables_and_the_portals_own_words_are_among_them() -> None:
    assert len(contexts()) >= 10
    assert words("zh")["site"] == "公共信用信息公示"
    assert words("en")["search"]


@pytest.mark.parametrize("context", contexts())
def test_both_languages_have_every_key_with_the_same_placeholders(context: str) -> None:
    table = catalogue(context)
    zh, en = table["zh"], table["en"]
    assert set(zh) == set(en), f"{context}: keys only in one language: {set(zh) ^ set(en)}"
    for key in zh:
        assert zh[key].strip(), f"{context}.{key} is empty in Chinese"
        assert en[key].strip(), f"{context}.{key} is empty in English"
        assert _placeholders(zh[key]) == _placeholders(en[key]), f"{context}.{key}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_files_parse_and_carry_their_language(lang: str) -> None:
    path = resources.files("publiccredit.web") / "locale" / lang / "LC_MESSAGES" / "portal.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale).startswith(lang)
    assert len(catalog) > 500
