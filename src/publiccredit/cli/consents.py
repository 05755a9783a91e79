"""``publiccredit consent grant|revoke|list|read``: consent for financing credit services.

Thin: parse, call ``publiccredit.service.consents``, render. ``read`` is the
institution's read under consent: logged in the access log with the consent's
id, or refused (exit 7) without a consent in force.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from publiccredit.cli.case_views import (
    AT_HELP,
    DATA_DIR_HELP,
    DB_HELP,
    JSON_HELP,
    desk,
    guarded,
)
from publiccredit.cli.output import console, print_json_line
from publiccredit.cli.when import moment
from publiccredit.procedures.consent import Consent
from publiccredit.service import consents as service

consent_app = typer.Typer(help="Consent for financing credit services.", no_args_is_help=True)

DB = typer.Option(None, "--db", help=DB_HELP)
DATA_DIR = typer.Option(None, "--data-dir", help=DATA_DIR_HELP)
AT = typer.Option(None, "--at", help=AT_HELP)
JSON = typer.Option(False, "--json", help=JSON_HELP)


def _show(consent: Consent, as_json: bool) -> None:
    if as_json:
        print_json_line(consent.to_json())
        return
    state = "revoked" if consent.revoked_at else "granted"
    console.print(
        f"[bold]{escape(consent.id)}[/] {state}: {escape(consent.institution)} may read "
        f"{escape(consent.subject)}'s non-public record for {escape(consent.purpose)!r} from "
        f"{consent.valid_from.isoformat()} until {consent.valid_until.isoformat()}"
    )


@consent_app.command("grant")
def grant(
    subject: str = typer.Option(..., "--subject", help="The granting subject's USCC."),
    institution: str = typer.Option(..., "--institution", help="The financial institution."),
    purpose: str = typer.Option(..., "--purpose", help="What the access is for."),
    valid_from: str | None = typer.Option(None, "--from", help="Start (default: --at)."),
    valid_until: str = typer.Option(..., "--until", help="End (exclusive)."),
    at: str | None = AT, db: str | None = DB, data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:  # fmt: skip
    """The subject lets an institution read its non-public record for a purpose and period."""
    with guarded():
        when = moment(at)
        start = when if valid_from is None else moment(valid_from)
        with desk(db, data_dir) as office:
            consent = service.grant(office.conn, subject, institution, purpose, start,
                                    moment(valid_until), when)  # fmt: skip
    _show(consent, as_json)


@consent_app.command("revoke")
def revoke(
    consent_id: str = typer.Argument(..., help="The consent."),
    by: str | None = typer.Option(None, "--as", help="Who revokes (default: the subject)."),
    at: str | None = AT, db: str | None = DB, data_dir: Path | None = DATA_DIR,
    as_json: bool = JSON,
) -> None:  # fmt: skip
    """The subject revokes a consent, effective at once."""
    with guarded():
        when = moment(at)
        with desk(db, data_dir) as office:
            consent = service.revoke(office.conn, consent_id, when, revoked_by=by)
    _show(consent, as_json)


@consent_app.command("list")
def list_consents(
    subject: str | None = typer.Option(None, "--subject", help="Only this subject's."),
    institution: str | None = typer.Option(None, "--institution", help="Only to this one."),
    db: str | None = DB, data_dir: Path | None = DATA_DIR, as_json: bool = JSON,
) -> None:  # fmt: skip
    """Consents, oldest first."""
    with guarded(), desk(db, data_dir) as office:
        found = service.list_consents(office.conn, subject_key=subject, institution=institution)
    if as_json:
        print_json_line({"consents": [consent.to_json() for consent in found]})
        return
    for consent in found:
        _show(consent, False)


@consent_app.command("read")
def read(
    institution: str = typer.Option(..., "--institution", help="The reading institution."),
    subject: str = typer.Option(..., "--subject", help="The subject's USCC."),
    what: str = typer.Option("credit assessment", "--what", help="What is read, and why."),
    at: str | None = AT, db: str | None = DB, data_dir: Path | None = DATA_DIR,
) -> None:  # fmt: skip
    """Read a subject's non-public view under its consent (logged; exit 7 without consent)."""
    with guarded():
        when = moment(at)
        with desk(db, data_dir) as office:
            view = service.read_under_consent(office.conn, institution, subject, when, what)
    print_json_line(view)
