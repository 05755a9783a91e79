"""A tiny escape-safe HTML renderer (Jinja2 is not a dependency of the project).

Every value put into a template is HTML-escaped unless it is ``Markup`` (HTML
built by this module), so a subject name such as ``<script>`` is shown as
text. Templates are ``string.Template`` strings (``$name``), which have no
logic: loops and conditions live in Python, in ``pages``.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from string import Template
from urllib.parse import urlencode


class Markup(str):
    """HTML that is already safe (built here from escaped parts); never escaped again."""

    __slots__ = ()


def text(value: object) -> Markup:
    """``value`` as escaped HTML text (``None`` shows as an empty string)."""
    if isinstance(value, Markup):
        return value
    return Markup(escape("" if value is None else str(value), quote=True))


def render(template: str, **values: object) -> Markup:
    """``template`` with ``$name`` replaced by the escaped ``values``."""
    return Markup(Template(template).substitute({k: text(v) for k, v in values.items()}))


def join(parts: Iterable[Markup]) -> Markup:
    """Safe fragments concatenated."""
    return Markup("".join(parts))


def link(path: str, label: object, lang: str, **params: object) -> Markup:
    """An ``<a>`` to a portal or API path that keeps the language and adds ``params``."""
    return render('<a href="$href">$label</a>', href=url(path, lang, **params), label=label)


def url(path: str, lang: str, **params: object) -> str:
    """``path`` with the query ``lang`` and ``params`` (``None`` values left out)."""
    query = {"lang": lang, **{k: str(v) for k, v in params.items() if v is not None}}
    return f"{path}?{urlencode(query)}"
