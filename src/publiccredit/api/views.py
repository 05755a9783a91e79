"""Who sees what of a subject, and the access log entry for every non-public read.

* The **public view** shows what is published now: records whose state is
  ``published`` or ``under_objection`` and whose record type the directory
  marks public. Ended, repaired, revoked and not-published records are left
  out, and so is anything the directory keeps non-public — also from the
  rating's reasons (``public_rating``). Natural persons' ID numbers are
  stored masked already (``service.protect``); the sealed originals are never
  returned to anyone by the API; their names are masked in the public view
  (``domain.privacy``).
* The **full view** (every record with its state) goes to the subject itself,
  a financial institution under the subject's live consent, an auditor and an
  admin. Each full read is written to the access log in the same transaction
  that reads the data: who (key id), in which role, what (method and path),
  about whom, under which consent.

An institution's consent is tested exactly as ``service.consents`` tests it
(``consent_allows`` over the subject's consents), but the read is not routed
through ``read_under_consent``: that call refuses (403) where these endpoints
fall back to the public view, logs the institution's name rather than the key
that read, and loads every record's content whatever the endpoint shows.
``GET /v1/consents/{id}/full`` is the endpoint that uses it.

Agencies see the public view here; they act on records through the records
endpoints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from publiccredit.domain.privacy import public_assessment_people
from publiccredit.policy.model import Pack
from publiccredit.procedures.consent import consent_allows
from publiccredit.service.consents import list_consents
from publiccredit.store.access_log import log_access

if TYPE_CHECKING:  # the caller's type only: auth -> state -> profiles -> views
    from publiccredit.api.auth import Caller

PUBLIC_STATES = frozenset({"published", "under_objection"})
FULL_ROLES = frozenset({"auditor", "admin"})


@dataclass(frozen=True, slots=True)
class View:
    """``full`` or ``public``, and the consent a full view rests on (institutions)."""

    full: bool
    consent_id: str | None = None

    @property
    def name(self) -> str:
        """``full`` or ``public``."""
        return "full" if self.full else "public"


def live_consent(conn: Connection, institution: str, subject_key: str, at: datetime) -> str | None:
    """The id of a consent of the subject for the institution in force at ``at``, if any.

    The same test as ``service.consents.read_under_consent`` (``consent_allows``:
    ``valid_from <= at < valid_until``, not revoked by ``at``), so the API and the
    service never disagree on whether a consent is live.
    """
    found = consent_allows(
        list_consents(conn, subject_key=subject_key, institution=institution),
        institution,
        subject_key,
        at,
    )
    return None if found is None else found.id


def view_for(conn: Connection, caller: Caller, subject_key: str, what: str, at: datetime) -> View:
    """The view ``caller`` gets of ``subject_key``; logs the read when it is non-public."""
    view = View(False)
    if caller.role in FULL_ROLES or (
        caller.role == "subject" and caller.subject_key == subject_key
    ):
        view = View(True)
    elif caller.role == "institution" and caller.institution:
        consent = live_consent(conn, caller.institution, subject_key, at)
        if consent is not None:
            view = View(True, consent)
    if view.full:
        log_access(conn, caller.actor, caller.role, subject_key, what, view.consent_id, at)
    return view


def publicly_visible(pack: Pack, record_type: str, state: str | None) -> bool:
    """True when a record of this type in this state is shown to the public."""
    definition = pack.record_types.get(record_type)
    return state in PUBLIC_STATES and definition is not None and definition.public


def public_rating(rating: dict[str, Any] | None, visible: set[tuple[str, str]]) -> Any:
    """The rating with each reason naming only records the public may see.

    The evaluation counts some records the public does not see (a tax credit
    rating, an unpublished minor penalty): their points stay in the score and
    the reason's code and points stay (the weights are published), but the
    record itself is never named in a public answer (issue 12, point 3)."""
    if not rating:
        return rating
    reasons = [
        {
            **reason,
            "records": [
                key
                for key in reason.get("records", [])
                if (key["agency"], key["source_record_id"]) in visible
            ],
        }
        for reason in rating.get("reasons", [])
    ]
    return {**rating, "reasons": reasons}


def visible_keys(document: dict[str, Any], pack: Pack) -> set[tuple[str, str]]:
    """The (agency, source_record_id) of every record of the assessment the public sees."""
    return {
        (entry["agency"], entry["source_record_id"])
        for entry in document.get("records", [])
        if publicly_visible(pack, entry["record_type"], entry["state"])
    }


def public_assessment(document: dict[str, Any], pack: Pack) -> dict[str, Any]:
    """The assessment JSON as the public sees it: records it may not see left out, and
    never named in a rating reason; natural persons' names masked."""
    shown = public_assessment_people(document)
    visible = visible_keys(document, pack)
    shown["records"] = [
        entry
        for entry in document.get("records", [])
        if (entry["agency"], entry["source_record_id"]) in visible
    ]
    shown["rating"] = public_rating(document.get("rating"), visible)
    return shown


def shown_assessment(document: dict[str, Any], pack: Pack, view: View) -> dict[str, Any]:
    """The assessment as ``view`` allows."""
    return document if view.full else public_assessment(document, pack)
