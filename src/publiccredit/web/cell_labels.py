"""Every data cell carries its column's heading, so a table read on a phone keeps its labels.

On a narrow screen the stylesheet lays each row out as a block and hides the
heading row; without help a reader then sees "2020-12-13 / 未定 / SPC
Provisions…" with no idea which is which. This pass gives each ``<td>`` of a
table with a ``<thead>`` a ``data-label`` naming its column, which the
stylesheet shows before the value (``td[data-label]::before``). It runs once
over the finished page body (``layout.page``), so every table — including
ones built by hand — is covered. The portal's tables are its own markup: no
nested tables, headings made by ``render`` (already escaped).
"""

from __future__ import annotations

import re

from publiccredit.web.html import Markup

TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
HEADING = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
CELL = re.compile(r"<td(?=[\s>])")
TAG = re.compile(r"<[^>]+>")


def _label(heading: str) -> str:
    return " ".join(TAG.sub("", heading).replace('"', "&quot;").split())


def _label_table(table: re.Match[str]) -> str:
    text = table.group(0)
    head = HEAD.search(text)
    if head is None:
        return text
    labels = [_label(h) for h in HEADING.findall(head.group(1))]
    body_start = head.end()

    def row(found: re.Match[str]) -> str:
        column = iter(range(len(labels) + 1000))

        def cell(_: re.Match[str]) -> str:
            index = next(column)
            label = labels[index] if index < len(labels) else ""
            return f'<td data-label="{label}"' if label else "<td"

        return CELL.sub(cell, found.group(0))

    return text[:body_start] + ROW.sub(row, text[body_start:])


def label_cells(body: Markup) -> Markup:
    """``body`` with a ``data-label`` on every cell of every table that has headings."""
    return Markup(TABLE.sub(_label_table, str(body)))
