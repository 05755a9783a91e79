"""Consent for financing credit services, and the one read path it opens.

A subject grants a financial institution access to its non-public record for
a purpose and a period (``consent.granted``) and may revoke it at any time
(``consent.revoked``); each is an event and updates the ``consents``
projection in the same transaction. ``read_under_consent`` is the only way an
institution reads a subject's non-public view: it checks the consent in force
at that instant, writes the read to the access log with the consent's id
(DESIGN §8: every read of non-public data is logged), and returns the view;
without a live consent it raises ``PermissionDenied`` and reads nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.domain.event import parse_instant
from publiccredit.errors import NotFound, PermissionDenied
from publiccredit.identifiers.uscc import validate
from publiccredit.procedures.calendar import official_day
from publiccredit.procedures.consent import Consent, consent_allows, grant_consent, revoke_consent
from publiccredit.store.access_log import log_access
from publiccredit.store.cases import find_consents, get_consent, save_consent
from publiccredit.store.events import append_events
from publiccredit.store.projections import contents_by_subject, get_assessment

INSTITUTION_ROLE = "financial_institution"
"""The access log's role for reads under consent."""


def consent_from_json(body: dict[str, Any]) -> Consent:
    """A ``Consent`` back from its stored document (``Consent.to_json``)."""
    revoked = body.get("revoked_at")
    return Consent(
        body["id"],
        body["subject"],
        body["institution"],
        body["purpose"],
        parse_instant(body["valid_from"]),
        parse_instant(body["valid_until"]),
        parse_instant(body["granted_at"]),
        None if revoked is None else parse_instant(revoked),
    )


def grant(
    conn: Connection,
    subject: str,
    institution: str,
    purpose: str,
    valid_from: datetime,
    valid_until: datetime,
    at: datetime,
    *,
    granted_by: str | None = None,
    now: datetime | None = None,
) -> Consent:
    """The subject grants ``institution`` access for ``purpose`` from ``valid_from`` until
    ``valid_until`` (exclusive); only the subject itself may (``granted_by``)."""
    subject = validate(subject)
    consent_id = f"CNS-{official_day(at):%Y%m%d}-{secrets.token_hex(3).upper()}"
    consent, events = grant_consent(
        consent_id, subject, institution.strip(), purpose, valid_from, valid_until,
        granted_by or subject, at,
    )  # fmt: skip
    stamped = [replace(event, recorded_at=now or at) for event in events]
    (seq,) = append_events(conn, stamped)
    save_consent(conn, consent.to_json(), seq)
    return consent


def show(conn: Connection, consent_id: str) -> Consent:
    """Consent ``consent_id``; ``NotFound`` if there is none."""
    document = get_consent(conn, consent_id)
    if document is None:
        raise NotFound(f"no consent {consent_id} is stored")
    return consent_from_json(document)


def revoke(
    conn: Connection,
    consent_id: str,
    at: datetime,
    *,
    revoked_by: str | None = None,
    now: datetime | None = None,
) -> Consent:
    """The subject revokes consent ``consent_id``, effective at ``at``."""
    consent = show(conn, consent_id)
    revoked, events = revoke_consent(consent, revoked_by or consent.subject, at)
    stamped = [replace(event, recorded_at=now or at) for event in events]
    (seq,) = append_events(conn, stamped)
    save_consent(conn, revoked.to_json(), seq)
    return revoked


def list_consents(
    conn: Connection, *, subject_key: str | None = None, institution: str | None = None
) -> list[Consent]:
    """Consents of a subject and/or to an institution, oldest first."""
    documents = find_consents(conn, subject_key=subject_key, institution=institution)
    return [consent_from_json(document) for document in documents]


def read_under_consent(
    conn: Connection, institution: str, subject_key: str, at: datetime, what: str
) -> dict[str, Any]:
    """The subject's non-public view for ``institution`` at ``at``, logged with the consent.

    Returns ``{"consent_id", "subject", "assessment", "records"}``: the stored
    assessment and the stored records (as the store keeps them: ID numbers
    masked). ``PermissionDenied`` when no consent is in force (none, expired,
    revoked, or for another institution).
    """
    subject_key = validate(subject_key)
    consents = list_consents(conn, subject_key=subject_key, institution=institution)
    consent = consent_allows(consents, institution, subject_key, at)
    if consent is None:
        raise PermissionDenied(
            f"{institution} holds no consent of {subject_key} in force at {at.isoformat()} "
            "(none granted, expired or revoked)"
        )
    log_access(conn, institution, INSTITUTION_ROLE, subject_key, what, consent.id, at)
    stored = get_assessment(conn, subject_key)
    documents = contents_by_subject(conn, [subject_key]).get(subject_key, [])
    return {
        "consent_id": consent.id,
        "subject": subject_key,
        "assessment": None if stored is None else stored["assessment"],
        "records": [document["record"] for document in documents],
    }
