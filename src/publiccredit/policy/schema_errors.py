"""Turn pydantic validation errors into ``Problem`` values a pack author can act on.

A pydantic location such as ``('record_types', 4, 'submitters')`` becomes
``record_types[admin_penalty].submitters``: the rule is named by its id, not
by its position, because authors think in rule ids.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from publiccredit.errors import Problem

_NAME_KEYS = ("id", "code", "level")


def describe_location(raw: Any, location: tuple[int | str, ...]) -> str:
    """A dotted path through ``raw`` with list elements named by their id where they have one."""
    path = ""
    node = raw
    for step in location:
        if isinstance(step, int):
            name = str(step)
            element = node[step] if isinstance(node, list) and step < len(node) else None
            if isinstance(element, dict):
                name = next((str(element[k]) for k in _NAME_KEYS if k in element), name)
            path += f"[{name}]"
            node = element
        else:
            path += f".{step}" if path else step
            node = node.get(step) if isinstance(node, dict) else None
    return path


def _shown(value: Any) -> str | None:
    if isinstance(value, dict | list):
        return None
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def problems_from_validation(file: str, raw: Any, error: ValidationError) -> list[Problem]:
    """One ``Problem`` per pydantic error, naming the file, the rule id and the field."""
    problems = []
    for item in error.errors():
        value = None if item["type"] == "missing" else _shown(item.get("input"))
        problems.append(
            Problem(
                reason=item["msg"],
                field=describe_location(raw, tuple(item["loc"])) or None,
                value=value,
                file=file,
            )
        )
    return problems
