"""Reading a supplier list (CSV or XLSX) into screening rows, with errors that say where.

Columns are found by header, in English or Chinese: ``name`` (名称, 企业名称),
``code`` (统一社会信用代码, 代码, uscc), ``region`` (地区, 注册地, address),
``legal_rep`` (法定代表人). ``name`` or ``code`` must be present as a column,
and each row must fill at least one of them. Every problem in the file is
reported at once (file, row, field, value, reason) and nothing is screened:
half a list screened would read like a whole one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from publiccredit.errors import InvalidInput, Problem

MAX_ROWS = 100_000
MAX_VALUE = 300
HEADERS = {
    "name": ("name", "名称", "企业名称", "单位名称", "supplier", "company"),
    "code": ("code", "uscc", "统一社会信用代码", "信用代码", "代码", "registrationnumber"),
    "region": ("region", "地区", "注册地", "address", "地址", "jurisdiction"),
    "legal_rep": ("legal_rep", "法定代表人", "legalrepresentative", "representative"),
}


@dataclass(frozen=True, slots=True)
class SupplierRow:
    """One row of the list (``row`` counts data rows from 1, as ``Problem`` does)."""

    row: int
    name: str
    code: str
    region: str
    legal_rep: str


def _column_of(header: str) -> str | None:
    cleaned = "".join(header.split()).casefold().lstrip("\ufeff")
    return next((column for column, names in HEADERS.items() if cleaned in names), None)


def _table(path: Path, content: bytes) -> list[list[str]]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
            problem = Problem(f"not a readable XLSX workbook ({error})", field="file")
            raise InvalidInput(f"{path.name}: cannot read the workbook", (problem,)) from None
        if sheet is None:
            raise InvalidInput(f"{path.name}: the workbook has no sheet")
        return [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    if path.suffix.lower() != ".csv":
        problem = Problem("must end in .csv or .xlsx", field="file", value=path.name)
        raise InvalidInput("unknown supplier list format", (problem,))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = Problem(f"not UTF-8 at byte {error.start}", field="file", value=path.name)
        raise InvalidInput(f"{path.name}: cannot read the file", (problem,)) from None
    return list(csv.reader(io.StringIO(text)))


def read_suppliers(path: Path, content: bytes | None = None) -> list[SupplierRow]:
    """The rows of the list at ``path`` (or ``content``, an upload of that name)."""
    data = path.read_bytes() if content is None else content
    table = _table(path, data)
    if not table:
        raise InvalidInput(f"{path.name}: the file is empty")
    columns = {index: _column_of(header) for index, header in enumerate(table[0])}
    found = {column for column in columns.values() if column}
    if not found & {"name", "code"}:
        problem = Problem(
            "needs a name or code column (name/名称, code/统一社会信用代码)",
            field="header",
            value=",".join(table[0])[:200],
        )
        raise InvalidInput(f"{path.name}: no name or code column", (problem,))
    if len(table) - 1 > MAX_ROWS:
        raise InvalidInput(f"{path.name}: more than {MAX_ROWS:,} rows; split the list")
    rows: list[SupplierRow] = []
    problems: list[Problem] = []
    for number, cells in enumerate(table[1:], start=1):
        values = {"name": "", "code": "", "region": "", "legal_rep": ""}
        for index, cell in enumerate(cells):
            column = columns.get(index)
            if column:
                values[column] = cell.strip()
        if not any(cells_value.strip() for cells_value in cells):
            continue  # a blank line
        for field, value in values.items():
            if len(value) > MAX_VALUE or "\x00" in value:
                reason = f"at most {MAX_VALUE} characters, no NUL"
                problems.append(Problem(reason, field, value[:40], number, path.name))
        if not values["name"] and not values["code"]:
            problems.append(Problem("needs a name or a code", "name", "", number, path.name))
        rows.append(SupplierRow(number, **values))
    if problems:
        raise InvalidInput(f"{path.name}: {len(problems)} row problem(s)", tuple(problems))
    return rows
