"""``/v1/consents``: a subject's consent for a financial institution to read its full record.

Only the subject's own key grants and revokes (``service.consents``: each is an
event in the ledger). While a consent is live (``valid_from <= now <
valid_until``, not revoked) the institution's key gets the full view of the
subject, and each such read is written to the access log with the consent's
id; after revocation it gets the public view again (and ``GET
/v1/consents/{id}/full`` refuses with 403).

Listing: a subject sees its own consents, an institution those given to it,
auditors and admins all (filtered by ``subject`` / ``institution``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query, Request

from publiccredit.api.auth import CallerDep
from publiccredit.api.case_schemas import ConsentGrant, ConsentList, ConsentOut, consent_out
from publiccredit.api.schemas import Json
from publiccredit.api.state import StateDep
from publiccredit.errors import PermissionDenied
from publiccredit.procedures.consent import Consent
from publiccredit.service import consents as service
from publiccredit.store.unit import write_unit

router = APIRouter(prefix="/v1/consents", tags=["consents"])


def _out(consent: Consent, now: datetime) -> ConsentOut:
    return consent_out(consent.to_json(), consent.allows(consent.institution, consent.subject, now))


@router.post("", response_model=ConsentOut, status_code=201, summary="Grant a consent")
def grant(body: ConsentGrant, state: StateDep, who: CallerDep) -> ConsentOut:
    """The subject (its own key) grants an institution access for a purpose and a period."""
    who.require("subject")
    now = state.now()
    with write_unit(state.engine) as conn:
        consent = service.grant(
            conn, str(who.subject_key), body.institution, body.purpose,
            body.valid_from or now, body.valid_until, now,
        )  # fmt: skip
    return _out(consent, now)


@router.get("", response_model=ConsentList, summary="Consents, oldest first")
def list_consents(
    state: StateDep,
    who: CallerDep,
    subject: str | None = Query(None, max_length=32),
    institution: str | None = Query(None, max_length=200),
) -> ConsentList:
    """A subject's own consents, an institution's, or (auditor, admin) any."""
    who.require("subject", "institution", "auditor", "admin")
    if who.role == "subject":
        subject = who.subject_key
    elif who.role == "institution":
        institution = who.institution
    now = state.now()
    with state.engine.connect() as conn:
        found = service.list_consents(conn, subject_key=subject, institution=institution)
    return ConsentList(items=[_out(consent, now) for consent in found])


@router.post(
    "/{consent_id}/revocation", response_model=ConsentOut, summary="Revoke a consent (subject)"
)
def revoke(consent_id: str, state: StateDep, who: CallerDep) -> ConsentOut:
    """The subject revokes its consent, effective now (revoking twice is a 409)."""
    who.require("subject")
    now = state.now()
    with write_unit(state.engine) as conn:
        if service.show(conn, consent_id).subject != who.subject_key:
            raise PermissionDenied(f"consent {consent_id} is not this subject's")
        revoked = service.revoke(conn, consent_id, now, revoked_by=who.subject_key)
    return _out(revoked, now)


@router.get("/{consent_id}/full", response_model=dict[str, Any], summary="Read under consent")
def read_full(consent_id: str, state: StateDep, who: CallerDep, request: Request) -> Json:
    """The institution reads the subject's full record under this consent (logged with the
    consent id): the stored assessment and records. 403 once the consent is not live."""
    who.require("institution")
    now = state.now()
    with write_unit(state.engine) as conn:
        consent = service.show(conn, consent_id)
        if consent.institution != who.institution:
            raise PermissionDenied(f"consent {consent_id} was not given to this institution")
        return service.read_under_consent(
            conn, consent.institution, consent.subject, now, f"GET {request.url.path}"
        )
