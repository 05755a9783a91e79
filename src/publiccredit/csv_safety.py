"""CSV cells a spreadsheet will not run: formula injection neutralised (OWASP "CSV Injection").

A downloaded list is opened in Excel or LibreOffice by people who trust it. A
cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some spreadsheets skip before such a character) is read as a
formula: a name such as ``=HYPERLINK("http://…")`` submitted by anyone would
run on the reader's machine. Such a cell is prefixed with a single quote,
which spreadsheets show as text and do not display; the value stays readable
and a program can strip the quote. Numbers are not text cells and are left as
they are (a negative amount written by us is a number, not a formula).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """``value`` safe for a CSV cell: text that starts like a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
