"""``/v1/watchlists``, ``/v1/changes``, ``/v1/webhooks``: monitoring (docs/monitoring.md).

Any authenticated key keeps one watch list (``me``) of legal entities and
reads the changes in their public state from its own feed; what it sees is
public information, so no role is singled out, but an anonymous caller has
no list (403). Webhooks push the same feed, signed.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from publiccredit.api.auth import Caller, CallerDep
from publiccredit.api.schemas import Strict
from publiccredit.api.state import StateDep
from publiccredit.errors import InvalidInput, PermissionDenied, Problem
from publiccredit.service.watchlists import WATCH_MAX, checked_subjects, watch
from publiccredit.service.webhooks import check_target, new_secret
from publiccredit.store.changes import FEED_MAX, feed
from publiccredit.store.unit import write_unit
from publiccredit.store.watchlists import list_entries, remove_subject
from publiccredit.store.webhooks import add_webhook, get_webhook, list_attempts, list_webhooks
from publiccredit.store.webhooks import remove_webhook as remove_stored_webhook

router = APIRouter(tags=["monitoring"])


def _key(who: Caller) -> str:
    if who.key_id is None:
        raise PermissionDenied("a watch list belongs to an API key; send one")
    return who.key_id


class WatchList(BaseModel):
    """The caller's watched subjects."""

    items: list[dict[str, Any]]
    count: int


class WatchAdd(Strict):
    """Subjects (USCCs) to add; all or nothing."""

    subjects: list[str] = Field(min_length=1, max_length=WATCH_MAX)


class WatchAdded(BaseModel):
    """Which subjects were new on the list (the others were on it already)."""

    added: list[str]
    count: int


@router.get("/v1/watchlists/me", response_model=WatchList, summary="My watch list")
def show_list(state: StateDep, who: CallerDep) -> WatchList:
    """The subjects the calling key watches, with their names where known."""
    key = _key(who)
    with state.engine.connect() as conn:
        entries = list_entries(conn, key)
    return WatchList(items=[entry.to_json() for entry in entries], count=len(entries))


@router.post("/v1/watchlists/me", response_model=WatchAdded, summary="Add many subjects")
def add_many(body: WatchAdd, state: StateDep, who: CallerDep) -> WatchAdded:
    """Add subjects to the list; one invalid USCC refuses them all (422, row by row)."""
    key = _key(who)
    with write_unit(state.engine) as conn:
        added = watch(conn, key, body.subjects, state.now())
        count = len(list_entries(conn, key))
    return WatchAdded(added=added, count=count)


@router.put("/v1/watchlists/me/{subject}", response_model=WatchAdded, summary="Watch a subject")
def add_one(subject: str, state: StateDep, who: CallerDep) -> WatchAdded:
    """Add one subject (idempotent: ``added`` is empty when it was on the list)."""
    key = _key(who)
    with write_unit(state.engine) as conn:
        added = watch(conn, key, [subject], state.now())
        count = len(list_entries(conn, key))
    return WatchAdded(added=added, count=count)


@router.delete("/v1/watchlists/me/{subject}", status_code=204, summary="Stop watching")
def remove_one(subject: str, state: StateDep, who: CallerDep) -> Response:
    """Take a subject off the list (404 when it is not on it)."""
    key = _key(who)
    (normalised,) = checked_subjects([subject])
    with write_unit(state.engine) as conn:
        remove_subject(conn, key, normalised)
    return Response(status_code=204)


class ChangePage(BaseModel):
    """A page of the feed; ask again with ``since=next_cursor``."""

    items: list[dict[str, Any]]
    next_cursor: str
    has_more: bool


def _cursor(text: str) -> int:
    if not text.isdigit() or len(text) > 18:
        problem = Problem("must be a cursor this feed gave (digits), or 0", "since", text[:40])
        raise InvalidInput("bad cursor", (problem,))
    return int(text)


@router.get("/v1/changes", response_model=ChangePage, summary="Changes on my watch list")
def changes(
    state: StateDep,
    who: CallerDep,
    since: str = Query("0", max_length=40),
    limit: int = Query(100, ge=1, le=FEED_MAX),
) -> ChangePage:
    """Every change in the public state of the watched subjects after ``since``, in the order
    they were stored, each with its legal basis and the date repair becomes possible."""
    key = _key(who)
    after = _cursor(since)
    with state.engine.connect() as conn:
        page = feed(conn, key, after, limit + 1)
    more = len(page) > limit
    page = page[:limit]
    return ChangePage(
        items=[change.to_json() for change in page],
        next_cursor=str(page[-1].id if page else after),
        has_more=more,
    )


class WebhookIn(Strict):
    """A URL to POST the feed to, and optionally the secret to sign with."""

    url: str = Field(min_length=1, max_length=2000)
    secret: str | None = Field(None, min_length=16, max_length=200)


@router.post("/v1/webhooks", status_code=201, summary="Register a webhook")
def register_webhook(body: WebhookIn, state: StateDep, who: CallerDep) -> dict[str, Any]:
    """Register a webhook; the answer holds its signing secret (shown only this once)."""
    key = _key(who)
    secret = body.secret or new_secret()
    check_target(body.url, secret, allow_private=state.settings.webhooks_private)
    with write_unit(state.engine) as conn:
        hook = add_webhook(conn, key, body.url, secret, state.now())
    return {**hook.to_json(), "secret": secret}


@router.get("/v1/webhooks", summary="My webhooks")
def webhooks(state: StateDep, who: CallerDep) -> dict[str, Any]:
    """The calling key's webhooks (never their secrets)."""
    key = _key(who)
    with state.engine.connect() as conn:
        found = list_webhooks(conn, key)
    return {"items": [hook.to_json() for hook in found]}


@router.get("/v1/webhooks/{webhook_id}/attempts", summary="Delivery attempts")
def attempts(webhook_id: str, state: StateDep, who: CallerDep) -> dict[str, Any]:
    """A webhook's latest delivery attempts, newest first."""
    key = _key(who)
    with state.engine.connect() as conn:
        get_webhook(conn, webhook_id, key)
        found = list_attempts(conn, webhook_id)
    return {"items": [attempt.to_json() for attempt in found]}


@router.delete("/v1/webhooks/{webhook_id}", summary="Remove a webhook")
def remove_webhook(webhook_id: str, state: StateDep, who: CallerDep) -> dict[str, Any]:
    """Stop deliveries (the webhook and its attempts stay on record)."""
    key = _key(who)
    with write_unit(state.engine) as conn:
        return remove_stored_webhook(conn, webhook_id, key, state.now()).to_json()
