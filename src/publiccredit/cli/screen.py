"""``publiccredit screen FILE``: screen a supplier list (CSV/XLSX) against the store.

Thin: read the list (``screening.suppliers``), screen each row
(``service.screening``), log each query in the access log (actor ``cli:USER``,
role ``operator``), write CSV or JSON. ``--rebuild-index`` rebuilds the
screening index from the subjects first. See docs/screening.md.
"""

from __future__ import annotations

import getpass
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
from publiccredit.errors import InvalidInput, Problem
from publiccredit.screening.scoring import DEFAULT_THRESHOLD
from publiccredit.screening.suppliers import SupplierRow, read_suppliers
from publiccredit.service.screening import (
    digest_of,
    log_screening,
    response_json,
    screen,
)
from publiccredit.service.screening_export import results_csv, row_query
from publiccredit.service.screening_receipts import issue, verify
from publiccredit.store.keyfiles import load_signing_key
from publiccredit.store.screening_index import rebuild
from publiccredit.store.unit import write_unit


def register(app: typer.Typer) -> None:
    """Add the ``screen`` command and ``receipt verify`` to the app."""
    app.command("screen")(screen_command)
    receipts = typer.Typer(help="Screening receipts.", no_args_is_help=True)
    receipts.command("verify")(verify_command)
    app.add_typer(receipts, name="receipt")


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
    receipt: Annotated[
        Path | None,
        typer.Option("--receipt", help="Save a signed screening receipt (JSON) here."),
    ] = None,
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
        rows = read_suppliers(file)
        bodies = _screen_rows(
            file.name, rows, (threshold, limit), rebuild_index, receipt, db, data_dir
        )
        _write(rows, bodies, out, as_json)


def _screen_rows(
    label: str,
    rows: list[SupplierRow],
    settings: tuple[float, int],
    rebuild_index: bool,
    receipt: Path | None,
    db: str | None,
    data_dir: Path | None,
) -> list[dict[str, Any]]:
    threshold, limit = settings
    who = (f"cli:{getpass.getuser()}", "operator")
    bodies: list[dict[str, Any]] = []
    digests: dict[str, str] = {}
    with _store(db, data_dir) as (config, engine):
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
                digests[str(row.row)] = digest_of(query)
                log_screening(conn, who, f"{label} row {row.row}", query, answer, now())
                progress.advance(task)
            if receipt is not None:
                responses = {str(row.row): body for row, body in zip(rows, bodies, strict=True)}
                key = load_signing_key(config.data_dir)
                signed = issue(conn, key, responses, digests, settings, now())
                receipt.write_text(json.dumps(signed, indent=1) + "\n", encoding="utf-8")
                err_console.print(f"Receipt saved to {receipt}.")
            conn.commit()
    return bodies


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


def verify_command(
    file: Annotated[Path, typer.Argument(help="A receipt saved by screen --receipt or the API.")],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    data_dir: Annotated[Path | None, typer.Option("--data-dir", help=DATA_DIR_HELP)] = None,
) -> None:
    """Check a screening receipt: this platform's signature, and a version of this ledger.

    Exit code 0 when it holds, 1 when it does not (the reasons are printed), 3 when the
    file is not JSON."""
    with guarded():
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            problem = Problem(f"not a readable JSON file ({error})", file=file.name)
            raise InvalidInput("cannot read the receipt", (problem,)) from None
        receipt = document.get("receipt", document) if isinstance(document, dict) else document
        with _store(db, data_dir) as (config, engine), engine.connect() as conn:
            problems = verify(conn, load_signing_key(config.data_dir).public_key(), receipt)
    if problems:
        for problem_text in problems:
            err_console.print(f"[bold red]invalid:[/] {problem_text}")
        raise typer.Exit(1)
    tree = receipt["tree"]
    console.print(
        f"Valid: signed by this platform at {receipt['issued_at']}, against the ledger at "
        f"size {tree['size']} (root {tree['root_hex'][:16]}…); "
        f"{sum(bool(q['matches']) for q in receipt['queries'].values())} of "
        f"{len(receipt['queries'])} queries matched."
    )
