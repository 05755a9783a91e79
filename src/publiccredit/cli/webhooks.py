"""``publiccredit webhooks add|list|remove|deliver``: pushing a key's changes (docs/monitoring.md).

``deliver`` sends every live webhook its pending changes, signed, and records
each attempt; a failed webhook waits (30 s, doubling, at most 6 h) before the
next try. The sweep delivers too, after re-assessing.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from publiccredit.cli.output import console, print_json_line
from publiccredit.cli.store import DATA_DIR_HELP, DB_HELP
from publiccredit.cli.watch import opened
from publiccredit.cli.when import now
from publiccredit.service.webhooks import check_target, deliver, new_secret
from publiccredit.store.unit import write_unit
from publiccredit.store.watchlists import require_live_key
from publiccredit.store.webhooks import add_webhook, list_webhooks, remove_webhook

webhooks_app = typer.Typer(help="Webhooks: push a key's change feed, signed and retried.")
DB = typer.Option(None, "--db", help=DB_HELP)
DATA_DIR = typer.Option(None, "--data-dir", help=DATA_DIR_HELP)
JSON = typer.Option(False, "--json", help="Print JSON instead of text.")


@webhooks_app.command("add")
def add_command(
    url: str = typer.Option(..., "--url", help="Where to POST the changes (http or https)."),
    key: str = typer.Option(..., "--key", help="The API key id whose feed it receives."),
    secret: str | None = typer.Option(
        None, "--secret", help="Signing secret (at least 16 characters; default: a new one)."
    ),
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:
    """Register a webhook and print its signing secret (shown this once)."""
    signing = secret or new_secret()
    check_target(url, signing)
    with opened(db, data_dir) as engine, write_unit(engine) as conn:
        require_live_key(conn, key)
        hook = add_webhook(conn, key, url, signing, now())
    if as_json:
        print_json_line({**hook.to_json(), "secret": signing})
        return
    console.print(f"webhook {hook.webhook_id} registered; its signing secret, shown only now:")
    console.print(signing, soft_wrap=True)


@webhooks_app.command("list")
def list_command(
    db: str | None = DB, data_dir: Path | None = DATA_DIR, as_json: bool = JSON
) -> None:
    """Every webhook, live and removed (never a secret)."""
    with opened(db, data_dir) as engine, engine.connect() as conn:
        hooks = list_webhooks(conn)
    if as_json:
        for hook in hooks:
            print_json_line({**hook.to_json(), "key_id": hook.key_id})
        return
    table = Table("id", "key", "url", "cursor", "failures", "next attempt", "removed")
    for hook in hooks:
        retry, removed = hook.next_attempt_at or "", hook.removed_at or ""
        table.add_row(hook.webhook_id, hook.key_id, escape(hook.url), str(hook.cursor),
                      str(hook.failures), retry, removed)  # fmt: skip
    console.print(table)


@webhooks_app.command("remove")
def remove_command(
    webhook_id: str = typer.Argument(..., help="The webhook id."),
    key: str = typer.Option(..., "--key", help="The API key id it belongs to."),
    db: str | None = DB,
    data_dir: Path | None = DATA_DIR,
) -> None:
    """Stop deliveries to a webhook (its attempts stay on record)."""
    with opened(db, data_dir) as engine, write_unit(engine) as conn:
        hook = remove_webhook(conn, webhook_id, key, now())
    console.print(f"webhook {hook.webhook_id} removed at {hook.removed_at}")


@webhooks_app.command("deliver")
def deliver_command(
    db: str | None = DB, data_dir: Path | None = DATA_DIR, as_json: bool = JSON
) -> None:
    """Send every live webhook its pending changes (those whose retry time has come)."""
    with opened(db, data_dir) as engine:
        done = deliver(engine, now())
    if as_json:
        print_json_line({"sent": done.sent, "failed": done.failed, "waiting": done.waiting})
    else:
        console.print(
            f"{done.sent} delivery(ies) sent, {done.failed} failed (will retry), "
            f"{done.waiting} webhook(s) waiting to retry"
        )


def register(app: typer.Typer) -> None:
    """Add ``webhooks …``."""
    app.add_typer(webhooks_app, name="webhooks")
