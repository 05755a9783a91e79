"""Delivering the change feed to webhooks: signed, retried with backoff, every attempt kept.

Signing follows Standard Webhooks (standardwebhooks.com), as Stripe-style
receivers expect: each POST carries ``webhook-id`` (the message id, the same
on every retry of the same changes, so a receiver can drop duplicates),
``webhook-timestamp`` (Unix seconds; receivers should refuse old ones) and
``webhook-signature: v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<raw body>">``.
A secret written ``whsec_<base64>`` signs with the decoded bytes (the
standard's form, and what ``new_secret`` makes); any other secret with its
UTF-8 bytes.

Delivery is at least once, in change id order: a webhook's cursor moves past
a page only when the receiver answered 2xx. A failure (no answer, or any
other status) is recorded and the webhook waits ``backoff(failures)`` before
the next try. ``deliver`` runs from ``publiccredit webhooks deliver`` and after
the sweep; the HTTP call is made outside any transaction, the result is
stored in a write unit (store/unit.py).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine

from publiccredit.domain.event import format_instant
from publiccredit.errors import InvalidInput, Problem
from publiccredit.store.changes import feed
from publiccredit.store.unit import write_unit
from publiccredit.store.webhooks import Attempt, Webhook, get_webhook, live_webhooks, record_attempt

PAGE = 100
"""Changes per delivery."""
TIMEOUT_SECONDS = 10.0
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=6)
SECRET_PREFIX = "whsec_"

Poster = Callable[[str, bytes, Mapping[str, str]], tuple[int | None, str]]
"""POST ``body`` to ``url`` with ``headers``; ``(status or None, error text)``."""


def new_secret() -> str:
    """A fresh signing secret in the Standard Webhooks form."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _private_host(url: str) -> bool:
    """True when the URL names ``localhost`` or a loopback, private, link-local or reserved
    address literally (host names are not resolved: see docs/monitoring.md)."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global


def check_target(url: str, secret: str, *, allow_private: bool = True) -> None:
    """``InvalidInput`` unless ``url`` is http(s) (not a private address unless allowed)
    and ``secret`` long enough to sign with."""
    problems = []
    if not url.startswith(("https://", "http://")) or len(url) > 2000:
        problems.append(Problem("must be an http:// or https:// URL", "url", url[:200]))
    elif not allow_private and _private_host(url):
        reason = "must be a public address (loopback and private networks are refused)"
        problems.append(Problem(reason, "url", url[:200]))
    if len(secret) < 16:
        problems.append(Problem("must be at least 16 characters", "secret"))
    if problems:
        raise InvalidInput("the webhook cannot be registered", tuple(problems))


def _key(secret: str) -> bytes:
    if secret.startswith(SECRET_PREFIX):
        try:
            return base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
        except ValueError:
            pass
    return secret.encode("utf-8")


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value for one message."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def backoff(failures: int) -> timedelta:
    """How long to wait after ``failures`` failures in a row: 30 s, doubling, at most 6 h."""
    wait: timedelta = FIRST_RETRY * (2 ** max(failures - 1, 0))
    return min(wait, LONGEST_WAIT)


def http_post(url: str, body: bytes, headers: Mapping[str, str]) -> tuple[int | None, str]:
    """POST with the standard library; the status, or ``None`` and why there was none."""
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status), ""
    except urllib.error.HTTPError as error:
        return int(error.code), f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:500]


@dataclass
class Delivered:
    """What one ``deliver`` run did."""

    sent: int = 0
    failed: int = 0
    waiting: int = 0


def _send(engine: Engine, hook: Webhook, now: datetime, post: Poster) -> bool | None:
    """Send the next page of ``hook``'s feed: True sent, False failed, None nothing to send."""
    with engine.connect() as conn:
        page = feed(conn, hook.key_id, hook.cursor, PAGE)
    if not page:
        return None
    message_id = f"msg_{hook.webhook_id}_{page[0].id}_{page[-1].id}"
    body = json.dumps(
        {
            "type": "changes",
            "webhook": hook.webhook_id,
            "changes": [change.to_json() for change in page],
            "next_cursor": str(page[-1].id),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    timestamp = int(now.timestamp())
    headers = {
        "content-type": "application/json",
        "user-agent": "publiccredit-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(hook.secret, message_id, timestamp, body),
    }
    status, error = post(hook.url, body, headers)
    ok = status is not None and 200 <= status < 300
    if not ok and not error:
        error = f"HTTP {status}"
    with write_unit(engine) as conn:
        current = get_webhook(conn, hook.webhook_id)
        failures = 0 if ok else current.failures + 1
        cursor = max(current.cursor, page[-1].id) if ok else current.cursor
        retry = None if ok else format_instant(now + backoff(failures))
        attempt = Attempt(
            hook.webhook_id, message_id, page[0].id, page[-1].id, format_instant(now),
            status, error, ok,
        )  # fmt: skip
        record_attempt(conn, attempt, cursor, failures, retry)
    return ok


def deliver(engine: Engine, now: datetime, post: Poster = http_post) -> Delivered:
    """Deliver every live webhook's pending changes whose retry time has come (a webhook
    removed, or whose key was revoked, receives nothing more)."""
    done = Delivered()
    stamp = format_instant(now)
    with engine.connect() as conn:
        hooks = live_webhooks(conn)
    for hook in hooks:
        if hook.next_attempt_at is not None and hook.next_attempt_at > stamp:
            done.waiting += 1
            continue
        while True:
            with engine.connect() as conn:
                current = get_webhook(conn, hook.webhook_id)
            outcome = _send(engine, current, now, post)
            if outcome is None:
                break
            if not outcome:
                done.failed += 1
                break
            done.sent += 1
    return done
