"""Webhooks and their delivery attempts (docs/monitoring.md, "Webhooks").

A webhook belongs to one API key and receives that key's change feed. The
secret is stored as given because every delivery is signed with it; it is
shown to its owner once, at registration, and in no list.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from publiccredit.domain.event import format_instant
from publiccredit.errors import NotFound
from publiccredit.store.changes import last_change_id
from publiccredit.store.schema import api_keys, webhook_attempts, webhooks


@dataclass(frozen=True, slots=True)
class Webhook:
    """A registered webhook (with its secret: callers decide what to show)."""

    webhook_id: str
    key_id: str
    url: str
    secret: str
    created_at: str
    removed_at: str | None
    cursor: int
    failures: int
    next_attempt_at: str | None

    def to_json(self) -> dict[str, Any]:
        """The webhook as listed: never its secret."""
        return {
            "id": self.webhook_id,
            "url": self.url,
            "created_at": self.created_at,
            "removed_at": self.removed_at,
            "cursor": self.cursor,
            "failures": self.failures,
            "next_attempt_at": self.next_attempt_at,
        }


def _webhook(row: Any) -> Webhook:
    return Webhook(
        row.webhook_id, row.key_id, row.url, row.secret, row.created_at, row.removed_at,
        int(row.cursor), int(row.failures), row.next_attempt_at,
    )  # fmt: skip


def add_webhook(conn: Connection, key_id: str, url: str, secret: str, now: datetime) -> Webhook:
    """Register a webhook; it starts with the changes after the latest one now."""
    values = {
        "webhook_id": secrets.token_hex(8),
        "key_id": key_id,
        "url": url,
        "secret": secret,
        "created_at": format_instant(now),
        "removed_at": None,
        "cursor": last_change_id(conn),
        "failures": 0,
        "next_attempt_at": None,
    }
    conn.execute(sa.insert(webhooks).values(**values))
    return Webhook(**values)  # type: ignore[arg-type]


def get_webhook(conn: Connection, webhook_id: str, key_id: str | None = None) -> Webhook:
    """One webhook (of ``key_id`` when given); ``NotFound`` otherwise."""
    query = sa.select(webhooks).where(webhooks.c.webhook_id == webhook_id)
    if key_id is not None:
        query = query.where(webhooks.c.key_id == key_id)
    row = conn.execute(query).first()
    if row is None:
        raise NotFound(f"no webhook {webhook_id}")
    return _webhook(row)


def list_webhooks(conn: Connection, key_id: str | None = None) -> list[Webhook]:
    """Webhooks (of ``key_id`` when given), live and removed, oldest first."""
    query = sa.select(webhooks).order_by(webhooks.c.created_at, webhooks.c.webhook_id)
    if key_id is not None:
        query = query.where(webhooks.c.key_id == key_id)
    return [_webhook(row) for row in conn.execute(query)]


def live_webhooks(conn: Connection) -> list[Webhook]:
    """Webhooks to deliver to: not removed, and their key not revoked (a revoked key's
    holder no longer receives anything)."""
    query = (
        sa.select(webhooks)
        .join(api_keys, api_keys.c.key_id == webhooks.c.key_id)
        .where(webhooks.c.removed_at.is_(None), api_keys.c.revoked_at.is_(None))
        .order_by(webhooks.c.created_at, webhooks.c.webhook_id)
    )
    return [_webhook(row) for row in conn.execute(query)]


def remove_webhook(conn: Connection, webhook_id: str, key_id: str, now: datetime) -> Webhook:
    """Stop deliveries to a webhook (kept, with its attempts, for the record)."""
    found = get_webhook(conn, webhook_id, key_id)
    if found.removed_at is None:
        conn.execute(
            sa.update(webhooks)
            .where(webhooks.c.webhook_id == webhook_id)
            .values(removed_at=format_instant(now))
        )
    return get_webhook(conn, webhook_id, key_id)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One delivery attempt and how it went."""

    webhook_id: str
    message_id: str
    first_change_id: int
    last_change_id: int
    at: str
    status_code: int | None
    error: str
    ok: bool

    def to_json(self) -> dict[str, Any]:
        """The attempt as listed."""
        return {
            "message_id": self.message_id,
            "first_change_id": self.first_change_id,
            "last_change_id": self.last_change_id,
            "at": self.at,
            "status_code": self.status_code,
            "error": self.error,
            "ok": self.ok,
        }


def record_attempt(
    conn: Connection, attempt: Attempt, cursor: int, failures: int, next_attempt_at: str | None
) -> None:
    """Store an attempt and move the webhook's cursor and retry state with it."""
    conn.execute(sa.insert(webhook_attempts).values(
        webhook_id=attempt.webhook_id, message_id=attempt.message_id,
        first_change_id=attempt.first_change_id, last_change_id=attempt.last_change_id,
        at=attempt.at, status_code=attempt.status_code, error=attempt.error, ok=attempt.ok,
    ))  # fmt: skip
    conn.execute(
        sa.update(webhooks)
        .where(webhooks.c.webhook_id == attempt.webhook_id)
        .values(cursor=cursor, failures=failures, next_attempt_at=next_attempt_at)
    )


def list_attempts(conn: Connection, webhook_id: str, limit: int = 100) -> list[Attempt]:
    """A webhook's latest attempts, newest first."""
    query = (
        sa.select(*[webhook_attempts.c[name] for name in Attempt.__slots__])
        .where(webhook_attempts.c.webhook_id == webhook_id)
        .order_by(webhook_attempts.c.id.desc())
        .limit(limit)
    )
    return [Attempt(*row) for row in conn.execute(query)]
