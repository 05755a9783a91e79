"""A screened supplier list as CSV: one line per row with its best result.

Shared by ``publiccredit screen`` and the portal's export, so both give the same
columns: the row as given, then ``match`` (yes/no at the threshold), ``score``,
the best subject's code and name, whether the row's code was valid and the
stored codes one edit away from a mistyped one, and the features' explanations.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from publiccredit.csv_safety import neutralise_cell
from publiccredit.screening.suppliers import SupplierRow
from publiccredit.service.screening import ScreenQuery

CSV_COLUMNS = (
    "row",
    "name",
    "code",
    "region",
    "match",
    "score",
    "subject_key",
    "subject_name",
    "code_valid",
    "nearby_codes",
    "explanation",
)


def row_query(row: SupplierRow) -> ScreenQuery:
    """The screening query of one supplier row."""
    reps = (row.legal_rep,) if row.legal_rep else ()
    return ScreenQuery((row.name,) if row.name else (), row.code, row.region, reps)


def csv_line(row: SupplierRow, body: dict[str, Any]) -> dict[str, Any]:
    """One CSV line: the row, then its best result (empty when there is none)."""
    best = body["results"][0] if body["results"] else None
    check = body.get("code_check")
    return {
        "row": row.row,
        "name": row.name,
        "code": row.code,
        "region": row.region,
        "match": "yes" if best and best["match"] else "no",
        "score": f"{best['score']:.4f}" if best else "",
        "subject_key": best["id"] if best else "",
        "subject_name": best["caption"] if best else "",
        "code_valid": "" if check is None else ("yes" if check["valid"] else "no"),
        "nearby_codes": " ".join(check["nearby"]) if check else "",
        "explanation": "; ".join(best["explanations"].values()) if best else "",
    }


def results_csv(rows: list[SupplierRow], bodies: list[dict[str, Any]]) -> str:
    """The CSV export of a screened list (the portal offers the same)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row, body in zip(rows, bodies, strict=True):
        # names come from uploads and the store: no cell may run as a formula
        writer.writerow({k: neutralise_cell(v) for k, v in csv_line(row, body).items()})
    return out.getvalue()
