"""The ``publiccredit`` command line: a thin Typer app over the library.

Each area registers its commands from its own small module; this module only
assembles them and turns deliberate errors into a message and an exit code
(``publiccredit.cli.errors``), never a stack trace.
"""

from __future__ import annotations

import typer

from publiccredit import __version__
from publiccredit.cli import (
    bulk,
    calendar,
    cases,
    check,
    demo,
    engine,
    export,
    ingest,
    keys,
    ledger,
    policy,
    screen,
    serve,
    store,
    synth,
    uscc,
    watch,
    webhooks,
)
from publiccredit.cli.errors import run_guarded

app = typer.Typer(
    name="publiccredit",
    help="Public credit information platform: rules as data, due process, a verifiable ledger.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root() -> None:
    """Public credit information platform: rules as data, due process, a verifiable ledger."""


for _area in (
    demo, uscc, synth, policy, engine, check, store, ledger, ingest, cases, calendar, keys, serve,
    screen,
    watch, webhooks,
    bulk, export,
):  # fmt: skip
    _area.register(app)


@app.command()
def version() -> None:
    """Print the installed publiccredit version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    run_guarded(app)
