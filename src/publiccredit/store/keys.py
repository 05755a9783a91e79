"""API keys: create, find by token, list, revoke. Only a hash of each secret is stored.

A token is ``pc_<key_id>_<secret>``: the key id is the public part (shown in
lists and written to the access log), the secret is 32 random bytes in
URL-safe base64 and is shown once, when the key is created. The database
keeps ``SHA-256(secret)`` in hex; a presented token is checked by looking its
key id up and comparing the hashes with ``hmac.compare_digest`` (constant
time), so neither a database dump nor a timing side channel gives a usable
token away. A revoked key stays in the table (who had access, and when) and
never authenticates again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.domain.event import format_instant
from publiccredit.errors import Conflict, InvalidInput, NotFound, Problem
from publiccredit.store.schema import api_keys

ROLES: tuple[str, ...] = ("agency", "subject", "institution", "auditor", "admin")
"""Roles a key can carry (``public`` is the absence of a key)."""

SCOPE_BY_ROLE = {"agency": "agency", "subject": "subject_key", "institution": "institution"}
"""The one scope column each scoped role must name (the others name none)."""

TOKEN_PREFIX = "pc_"


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A stored key without its secret."""

    key_id: str
    role: str
    agency: str | None
    subject_key: str | None
    institution: str | None
    label: str
    created_at: str
    revoked_at: str | None

    def to_json(self) -> dict[str, Any]:
        """The key as listed: never the secret or its hash."""
        return {
            "key_id": self.key_id,
            "role": self.role,
            "agency": self.agency,
            "subject_key": self.subject_key,
            "institution": self.institution,
            "label": self.label,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
        }


def hash_secret(secret: str) -> str:
    """The stored form of a secret: SHA-256, hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _check_scope(role: str, scopes: dict[str, str | None]) -> None:
    if role not in ROLES:
        problem = Problem(f"must be one of: {', '.join(ROLES)}", "role", role)
        raise InvalidInput("unknown role", (problem,))
    wanted = SCOPE_BY_ROLE.get(role)
    problems = []
    for name, value in scopes.items():
        if name == wanted and not value:
            problems.append(Problem(f"a {role} key must name its {name}", name))
        elif name != wanted and value:
            problems.append(Problem(f"a {role} key takes no {name}", name, value))
    if problems:
        raise InvalidInput("the key's scope does not fit its role", tuple(problems))


def create_key(
    conn: Connection,
    role: str,
    *,
    agency: str | None = None,
    subject_key: str | None = None,
    institution: str | None = None,
    label: str = "",
    now: datetime | None = None,
) -> tuple[ApiKey, str]:
    """Store a new key; the key and its token (the only time the token exists)."""
    _check_scope(role, {"agency": agency, "subject_key": subject_key, "institution": institution})
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    created = format_instant(now or datetime.now(UTC))
    values = {
        "key_id": key_id,
        "role": role,
        "agency": agency,
        "subject_key": subject_key,
        "institution": institution,
        "label": label,
        "created_at": created,
        "revoked_at": None,
    }
    conn.execute(sa.insert(api_keys).values(secret_hash=hash_secret(secret), **values))
    return ApiKey(**values), f"{TOKEN_PREFIX}{key_id}_{secret}"  # type: ignore[arg-type]


_COLUMNS = (
    api_keys.c.key_id,
    api_keys.c.role,
    api_keys.c.agency,
    api_keys.c.subject_key,
    api_keys.c.institution,
    api_keys.c.label,
    api_keys.c.created_at,
    api_keys.c.revoked_at,
)


def _key(row: Any) -> ApiKey:
    return ApiKey(*row)


def authenticate(conn: Connection, token: str) -> ApiKey | None:
    """The live key a token belongs to, or ``None`` (malformed, unknown, wrong secret, revoked)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    key_id, sep, secret = token[len(TOKEN_PREFIX) :].partition("_")
    if not sep or not key_id or not secret or len(key_id) > 32:
        return None
    row = conn.execute(
        sa.select(*_COLUMNS, api_keys.c.secret_hash).where(api_keys.c.key_id == key_id)
    ).first()
    if row is None:
        return None
    if not hmac.compare_digest(hash_secret(secret), str(row.secret_hash)):
        return None
    key = _key(tuple(row)[:-1])
    return None if key.revoked_at is not None else key


def list_keys(conn: Connection) -> list[ApiKey]:
    """Every key, live and revoked, oldest first."""
    query = sa.select(*_COLUMNS).order_by(api_keys.c.created_at, api_keys.c.key_id)
    return [_key(row) for row in conn.execute(query)]


def _live_admins(conn: Connection) -> int:
    query = sa.select(sa.func.count()).where(
        api_keys.c.role == "admin", api_keys.c.revoked_at.is_(None)
    )
    return int(conn.execute(query).scalar_one())


def revoke_key(conn: Connection, key_id: str, now: datetime | None = None) -> ApiKey:
    """Revoke a key for good; ``NotFound`` if unknown, ``Conflict`` if already revoked or
    if it is the last live admin key (nobody could manage keys any more; create another
    admin key first). Run it in a ``write_unit``, so two revocations cannot each leave the
    other as "the last one"."""
    row = conn.execute(sa.select(*_COLUMNS).where(api_keys.c.key_id == key_id)).first()
    if row is None:
        raise NotFound(f"no API key {key_id}")
    key = _key(row)
    if key.revoked_at is not None:
        raise Conflict(f"API key {key_id} was already revoked at {key.revoked_at}")
    if key.role == "admin" and _live_admins(conn) <= 1:
        raise Conflict(
            f"API key {key_id} is the last live admin key; create another admin key "
            "before revoking it, or nobody can manage keys"
        )
    revoked = format_instant(now or datetime.now(UTC))
    conn.execute(sa.update(api_keys).where(api_keys.c.key_id == key_id).values(revoked_at=revoked))
    return replace(key, revoked_at=revoked)
