"""Consent for financing credit services: who may read a subject's non-public record.

A subject grants a financial institution access to its non-public record for
a stated purpose and period. Consent is revocable at any time; an expired or
revoked consent denies access. ``consent_allows`` is the one check the
access path asks (and the store's ``log_access`` records the read).

``valid_until`` is exclusive: access ends at that instant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from publiccredit.domain.event import Event, EventKind, format_instant
from publiccredit.errors import InvalidInput, PermissionDenied, Problem, ProcedureError


@dataclass(frozen=True, slots=True)
class Consent:
    """``subject`` lets ``institution`` read its non-public record for ``purpose``."""

    id: str
    subject: str
    institution: str
    purpose: str
    valid_from: datetime
    valid_until: datetime
    granted_at: datetime
    revoked_at: datetime | None = None

    def allows(self, institution: str, subject: str, at: datetime) -> bool:
        """In force for this institution and subject at ``at`` (not expired, not revoked)."""
        return (
            self.institution == institution
            and self.subject == subject
            and self.valid_from <= at < self.valid_until
            and (self.revoked_at is None or at < self.revoked_at)
        )

    def to_json(self) -> dict[str, Any]:
        """The consent as JSON (times in the ledger's fixed form)."""
        return {
            "id": self.id,
            "subject": self.subject,
            "institution": self.institution,
            "purpose": self.purpose,
            "valid_from": format_instant(self.valid_from),
            "valid_until": format_instant(self.valid_until),
            "granted_at": format_instant(self.granted_at),
            "revoked_at": None if self.revoked_at is None else format_instant(self.revoked_at),
        }


def grant_consent(
    consent_id: str,
    subject: str,
    institution: str,
    purpose: str,
    valid_from: datetime,
    valid_until: datetime,
    granted_by: str,
    at: datetime,
) -> tuple[Consent, tuple[Event, ...]]:
    """The subject grants consent; only the subject itself may."""
    if granted_by != subject:
        raise PermissionDenied(f"only {subject} may grant access to its own record")
    problems = []
    if not purpose.strip():
        problems.append(Problem("a consent states its purpose", "purpose"))
    if not institution.strip():
        problems.append(Problem("a consent names the institution", "institution"))
    if valid_until <= valid_from:
        problems.append(Problem("the period must end after it starts", "valid_until"))
    if problems:
        raise InvalidInput("the consent is incomplete", tuple(problems))
    consent = Consent(
        consent_id, subject, institution, purpose.strip(), valid_from, valid_until, at
    )
    event = Event(EventKind.CONSENT_GRANTED, subject, at, at, subject, consent.to_json())
    return consent, (event,)


def revoke_consent(
    consent: Consent, revoked_by: str, at: datetime
) -> tuple[Consent, tuple[Event, ...]]:
    """The subject revokes consent, effective at ``at``; revoking twice is refused."""
    if revoked_by != consent.subject:
        raise PermissionDenied(f"only {consent.subject} may revoke consent {consent.id}")
    if consent.revoked_at is not None:
        raise ProcedureError(
            f"consent {consent.id} was already revoked at {consent.revoked_at.isoformat()}"
        )
    revoked = replace(consent, revoked_at=at)
    event = Event(EventKind.CONSENT_REVOKED, consent.subject, at, at, revoked_by, revoked.to_json())
    return revoked, (event,)


def consent_allows(
    consents: Iterable[Consent], institution: str, subject: str, at: datetime
) -> Consent | None:
    """The consent that lets ``institution`` read ``subject``'s non-public record at ``at``."""
    return next((c for c in consents if c.allows(institution, subject, at)), None)
