"""``publiccredit ledger …`` (tree heads, proofs, public key) and ``publiccredit verify``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from publiccredit.cli.output import console, print_json_line
from publiccredit.cli.store import DATA_DIR_HELP, DB_HELP
from publiccredit.cli.when import now, parse_day
from publiccredit.errors import InvalidInput, NotFound, Problem
from publiccredit.ledger.heads import (
    TreeHead,
    head_from_json,
    key_id,
    public_key_pem,
    raw_public_key,
)
from publiccredit.ledger.merkle import leaf_hash
from publiccredit.policy import default_pack, load_pack
from publiccredit.service.daily_close import close_day, commit_ended_days
from publiccredit.service.erasure import erase_personal_data
from publiccredit.service.verify_projections import verify_projections
from publiccredit.store import nodestore
from publiccredit.store.access_log import commit_access_log
from publiccredit.store.config import resolve
from publiccredit.store.events import get_event
from publiccredit.store.heads import latest_head, sign_current_head
from publiccredit.store.keyfiles import load_signing_key
from publiccredit.store.setup import open_store
from publiccredit.store.unit import write_unit
from publiccredit.store.verify import MAX_FINDINGS, VerifyReport, verify_store

ledger_app = typer.Typer(help="The transparency ledger: signed heads and proofs.")
DB = typer.Option(None, "--db", help=DB_HELP)
DATA_DIR = typer.Option(None, "--data-dir", help=DATA_DIR_HELP)
JSON = typer.Option(False, "--json", help="Print JSON instead of text.")


def _show(fields: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json_line(fields)
        return
    table = Table(show_header=False, box=None)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in fields.items():
        text = "\n".join(value) if isinstance(value, list) else str(value)
        table.add_row(f"[bold]{name}[/]", text)
    console.print(table)


def _require_head(head: TreeHead | None) -> TreeHead:
    if head is None:
        raise NotFound("no signed tree head yet: run `publiccredit ledger head --sign`")
    return head


@ledger_app.command("head")
def head_command(
    sign: bool = typer.Option(False, "--sign", help="Sign and store a head for the current size."),
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """Print the latest signed tree head (save it with --json to check later with verify)."""
    config = resolve(db, data_dir)
    engine = open_store(config)
    with write_unit(engine) as conn:
        if sign:
            head = sign_current_head(conn, load_signing_key(config.data_dir))
        else:
            head = _require_head(latest_head(conn))
    _show(head.to_json(), as_json)


@ledger_app.command("commit-access-log")
def commit_access_log_command(
    day: str | None = typer.Option(
        None, "--day", help="One official day YYYY-MM-DD (default: every ended day not yet)."
    ),
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """Commit ended official (Beijing) days' access logs to the ledger, one event per day."""
    engine = open_store(resolve(db, data_dir))
    moment = now()
    if day is None:
        done = commit_ended_days(engine, moment)
    else:
        on = parse_day(day, "--day")
        with write_unit(engine) as conn:
            done = [(on, commit_access_log(conn, on, moment))]
    rows = [{"day": on.isoformat(), "seq": seq} for on, seq in done]
    if as_json:
        print_json_line({"access_log_days": rows})
        return
    for row in rows:
        console.print(f"[green]✓[/] access log of {row['day']} committed in event {row['seq']}")
    if not rows:
        console.print("no ended day left to commit")


@ledger_app.command("close-day")
def close_day_command(
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """The daily close (the sweep runs it too): commit the ended days' access logs, then
    sign a tree head if the tree moved since the latest one."""
    config = resolve(db, data_dir)
    engine = open_store(config)
    closed = close_day(engine, load_signing_key(config.data_dir), now())
    if as_json:
        print_json_line(closed.to_json())
        return
    for on, seq in closed.committed:
        console.print(f"[green]✓[/] access log of {on.isoformat()} committed in event {seq}")
    if closed.head is None:
        console.print("the tree has not moved since the latest signed head: nothing signed")
    else:
        console.print(f"[green]✓[/] signed head {closed.head.number} (size {closed.head.size})")


@ledger_app.command("erase")
def erase_command(
    event: int = typer.Option(..., "--event", help="The record event whose payload to erase."),
    reason: str = typer.Option(..., "--reason", help="Why (repair, expiry, a court order …)."),
    actor: str = typer.Option("operator", "--actor", help="Who erases (kept in the ledger)."),
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """Erase the personal data of a record event's payload; the ledger keeps a
    ``payload.erased`` event, the tree still verifies, and no assessment changes."""
    engine = open_store(resolve(db, data_dir))
    with write_unit(engine) as conn:
        redaction = erase_personal_data(conn, event, reason, actor, now())
    if as_json:
        print_json_line({"erased": event, "redaction_seq": redaction})
        return
    console.print(f"[green]✓[/] payload of event {event} erased (recorded in event {redaction})")


@ledger_app.command("prove")
def prove_command(
    event: int = typer.Option(..., "--event", help="The event's sequence number."),
    size: int | None = typer.Option(None, "--size", help="Tree size (default: latest head)."),
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """The inclusion proof of one event's leaf (RFC 6962 audit path)."""
    engine = open_store(resolve(db, data_dir))
    with engine.connect() as conn:
        head = latest_head(conn)
        tree_size = size if size is not None else _require_head(head).size
        if not 1 <= event <= tree_size:
            problem = Problem(f"the tree has {tree_size} leaves", field="event", value=str(event))
            raise InvalidInput("no such event in that tree", (problem,))
        leaf = get_event(conn, event).leaf()
        proof = nodestore.inclusion_proof(conn, event - 1, tree_size)
        root = nodestore.root_at(conn, tree_size)
    _show(
        {
            "seq": event,
            "leaf_index": event - 1,
            "tree_size": tree_size,
            "leaf": leaf.decode("utf-8"),
            "leaf_hash_hex": leaf_hash(leaf).hex(),
            "root_hex": root.hex(),
            "proof_hex": [node.hex() for node in proof],
            "head_number": head.number if head and head.size == tree_size else None,
        },
        as_json,
    )


@ledger_app.command("consistency")
def consistency_command(
    from_size: int = typer.Option(..., "--from", help="The older tree size."),
    to_size: int | None = typer.Option(None, "--to", help="The newer size (default: latest head)."),
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """The consistency proof that the tree at --from is a prefix of the tree at --to."""
    engine = open_store(resolve(db, data_dir))
    with engine.connect() as conn:
        newer = to_size if to_size is not None else _require_head(latest_head(conn)).size
        proof = nodestore.consistency_proof(conn, from_size, newer)
        roots = nodestore.root_at(conn, from_size), nodestore.root_at(conn, newer)
    _show(
        {
            "from_size": from_size,
            "to_size": newer,
            "from_root_hex": roots[0].hex(),
            "to_root_hex": roots[1].hex(),
            "proof_hex": [node.hex() for node in proof],
        },
        as_json,
    )


@ledger_app.command("public-key")
def public_key_command(data_dir: Path | None = DATA_DIR, as_json: bool = JSON) -> None:
    """The ledger's Ed25519 public key (PEM and raw hex) that verifies every signed head."""
    public = load_signing_key(resolve(None, data_dir).data_dir).public_key()
    fields = {"key_id": key_id(public), "raw_hex": raw_public_key(public).hex()}
    if as_json:
        print_json_line({**fields, "pem": public_key_pem(public)})
        return
    console.print(public_key_pem(public), end="")
    console.print(f"raw: {fields['raw_hex']}\nkey id: {fields['key_id']}")


def _read_head(path: Path) -> TreeHead:
    try:
        return head_from_json(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError) as error:
        problem = Problem(str(error), file=str(path))
        raise InvalidInput("cannot read the saved head", (problem,)) from None


def _render(report: VerifyReport) -> None:
    colour = "green" if report.ok else "red"
    problems = len(report.findings) + len(report.differences)
    verdict = "verified" if report.ok else f"FAILED: {problems} finding(s)"
    table = Table(title=f"[bold {colour}]Ledger {verdict}[/]", show_header=False, box=None)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for name in ("ledger_size", "events_checked", "payloads_checked", "payloads_erased"):
        table.add_row(name.replace("_", " "), str(getattr(report, name)))
    table.add_row("signed heads checked", str(report.heads_checked))
    table.add_row("root", report.root_hex)
    if report.rebuilt is None:
        table.add_row("projections", "not checked (--ledger-only)")
    for name, count in (report.rebuilt or {}).items():
        table.add_row(f"{name} rebuilt", str(count))
    console.print(table)
    for finding in report.findings:
        console.print(f"[red]✗[/] {finding.message}")
    for difference in report.differences[:MAX_FINDINGS]:
        console.print(f"[red]✗[/] {escape(difference.message)}", soft_wrap=True)
    if len(report.differences) > MAX_FINDINGS:
        console.print(f"[red]✗[/] … and {len(report.differences) - MAX_FINDINGS} more differences")


def register(app: typer.Typer) -> None:
    """Add ``ledger …`` and ``verify``."""
    app.add_typer(ledger_app, name="ledger")

    @app.command()
    def verify(
        since_head: Path | None = typer.Option(
            None, "--since-head", help="A head saved earlier with `ledger head --json`."
        ),
        ledger_only: bool = typer.Option(
            False, "--ledger-only", help="Check the Merkle ledger only (fast), not the projections."
        ),
        pack: Path | None = typer.Option(
            None, "--pack", help="Policy pack the assessments were made under (default: cn)."
        ),
        db: str | None = DB,
        data_dir: Path | None = DATA_DIR,
        as_json: bool = JSON,
    ) -> None:
        """Recompute the ledger from the stored events, rebuild records, cases, consents and
        assessments from them, and name every difference (exit 1 if any)."""
        config = resolve(db, data_dir)
        since = _read_head(since_head) if since_head else None
        public = load_signing_key(config.data_dir).public_key()
        policy = None if ledger_only else (default_pack() if pack is None else load_pack(pack))
        engine = open_store(config)
        with engine.connect() as conn:
            report = verify_store(conn, public, since)
            if policy is not None:
                projections = verify_projections(conn, policy)
                report.rebuilt, report.differences = projections.rebuilt, projections.differences
        if as_json:
            print_json_line(report.to_json())
        else:
            _render(report)
        if not report.ok:
            raise typer.Exit(1)
