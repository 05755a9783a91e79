"""Small Markdown helpers shared by the pack documentation renderers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from publiccredit.policy.model import LegalBasis, Rule, Source


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell (pipes escaped, no line breaks)."""
    text = "" if value is None else str(value)
    return " ".join(text.replace("|", "\\|").split())


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def names(values: Iterable[object]) -> str:
    """Comma-separated values in code style, or a dash when empty."""
    items = [f"`{value}`" for value in values]
    return ", ".join(items) if items else "–"


def where(filters: Mapping[str, Sequence[str]]) -> str:
    """A ``where`` filter as ``field ∈ {a, b}``."""
    return "; ".join(f"{key} ∈ {{{', '.join(values)}}}" for key, values in filters.items())


def cite(source: Source) -> str:
    """A source as one citation, with its note in brackets."""
    text = source.cite()
    return f"{text} [{source.note}]" if source.note else text


def basis(legal_basis: LegalBasis) -> str:
    """A legal basis: instrument title and article, with its note (its reach is the registry's)."""
    text = legal_basis.cite()
    return f"{text} [{legal_basis.note}]" if legal_basis.note else text


def _day(value: date | None) -> str:
    return value.isoformat() if value else "…"


def validity(rule: Rule) -> str:
    """When a rule applies: ``2023-05-01 – 2026-03-31``, ``always`` when unbounded."""
    if rule.valid_from is None and rule.valid_until is None:
        return "always"
    return f"{_day(rule.valid_from)} – {_day(rule.valid_until)}"


def period(value: object) -> str:
    """A period or a dash."""
    return "–" if value is None else str(value)
