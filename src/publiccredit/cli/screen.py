"""``publiccredit screen FILE``: screen a supplier list (CSV/XLSX) against the store.

Thin: read the list (``screening.suppliers``), screen each row
(``service.screening``), log each query in the access log (actor ``cli:USER``,
role ``operator``), write CSV or JSON. ``--rebuild-index`` rebuilds the
screening index from the subjects first. See docs/screening.md.
"""

from __future__ import annotations

import csv
import getpass
import io
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from publiccredit.cli.case_views import guarded
from publiccredit.cli.ingest import _store
from publiccredit.cli.output import console, err_console
from publiccredit.cli.store import DATA_DIR_HELP, DB_HELP
from publiccredit.cli.when import now
from publiccredit.screening.scoring import DEFAULT_THRESHOLD
from publiccredit.screening.suppliers import SupplierRow, read_suppliers
from publiccredit.service.screening import (
    ScreenQuery,
    log_screening,
    response_json,
    screen,
)
from publiccredit.store.screening_index import rebuild
from publiccredit.store.unit import write_unit

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


def register(app: typer.Typer) -> None:
    """Add the ``screen`` command to the app."""
    app.command("screen")(screen_command)


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
        writer.writerow(csv_line(row, body))
    return out.getvalue()


def screen_command(
    file: Annotated[Path, typer.Argument(help="Supplier list: .csv or .xlsx.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write results here (.csv or .json).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON to stdout (default CSV).")] = False,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Score at which a result is a match.")
    ] = DEFAULT_THRESHOLD,
    limit: Annotated[int, typer.Option(min=1, max=50, help="Results per row (JSON).")] = 5,
    rebuild_index: Annotated[
        bool, typer.Option("--rebuild-index", help="Rebuild the screening index first.")
    ] = False,
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help=DATA_DIR_HELP)] = None,
) -> None:
    """Screen each supplier (name, code, region, legal_rep) and write the best results.

    Exit code 0 when the list was screened (whether or not anything matched); 3 when
    the list is not valid (every problem is printed with its row and field, and nothing
    is screened); 2 for a bad option.
    """
    if out is not None and out.suffix.lower() not in (".csv", ".json"):
        raise typer.BadParameter("must end in .csv or .json", param_hint="--out")
    if not file.exists():
        raise typer.BadParameter(f"{file} does not exist", param_hint="FILE")
    with guarded():
        _screen_file(file, out, as_json, threshold, limit, rebuild_index, db, data_dir)


def _screen_file(
    file: Path,
    out: Path | None,
    as_json: bool,
    threshold: float,
    limit: int,
    rebuild_index: bool,
    db: str | None,
    data_dir: Path | None,
) -> None:
    rows = read_suppliers(file)
    who = (f"cli:{getpass.getuser()}", "operator")
    bodies: list[dict[str, Any]] = []
    with _store(db, data_dir) as (_config, engine):
        if rebuild_index:
            with write_unit(engine) as conn:
                count = rebuild(conn)
            err_console.print(f"Screening index rebuilt: {count:,} entities.")
        progress = Progress(
            *Progress.get_default_columns()[:1],
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
            disable=not err_console.is_terminal,
        )
        with progress, engine.connect() as conn:
            task = progress.add_task("Screening", total=len(rows))
            for row in rows:
                query = row_query(row)
                answer = screen(conn, query, threshold, limit)
                bodies.append(response_json(query, answer))
                log_screening(conn, who, f"{file.name} row {row.row}", query, answer, now())
                progress.advance(task)
            conn.commit()
    _write(rows, bodies, out, as_json)


def _write(
    rows: list[SupplierRow], bodies: list[dict[str, Any]], out: Path | None, as_json: bool
) -> None:
    json_wanted = as_json if out is None else out.suffix.lower() == ".json"
    if json_wanted:
        document = {
            "responses": {str(row.row): body for row, body in zip(rows, bodies, strict=True)}
        }
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    else:
        text = results_csv(rows, bodies)
    if out is None:
        console.file.write(text)
        return
    out.write_text(text, encoding="utf-8")
    matched = sum(1 for body in bodies if body["results"] and body["results"][0]["match"])
    err_console.print(f"Screened {len(rows):,} rows: {matched:,} matched; results in {out}.")
