"""What each page shows, read through the very functions the ``/v1`` endpoints run.

One data function per page, two renderers (the API's JSON, the portal's
HTML): search is ``routers.subjects.search``, the profile is the cached
``profiles.summary_for`` plus ``routers.subjects.subject_records`` (the public
view, so ended, repaired and unpublished records are already left out), lists
are ``routers.lists.list_page``, the tree head is ``routers.transparency.head``.
The portal is always the anonymous public: it takes no API key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from publiccredit.api.auth import PUBLIC, Caller
from publiccredit.api.profiles import profile_body, subject_and_stamp, summary_for
from publiccredit.api.routers.lists import list_page
from publiccredit.api.routers.subjects import search, subject_records
from publiccredit.api.routers.transparency import head
from publiccredit.api.schemas import ListPage, RecordsPage, SearchPage, TreeHeadOut
from publiccredit.api.state import ApiState
from publiccredit.api.views import view_for
from publiccredit.errors import NotFound

PAGE = 20
RECORDS_PAGE = 100
MAX_QUERY = 200


def public_caller(state: ApiState, request: Request) -> Caller:
    """The anonymous caller of ``request``, charged to the same rate limit as the API."""
    client = request.client.host if request.client else "unknown"
    state.limiter.take(client)
    return Caller(PUBLIC, client=client)


@dataclass(frozen=True, slots=True)
class Hit:
    """A search hit and the ids of the lists it is on now (for badges)."""

    subject: dict[str, Any]
    lists: list[dict[str, Any]]


def find(state: ApiState, who: Caller, query: str, offset: int) -> tuple[SearchPage, list[Hit]]:
    """The API's search page for ``query`` and each hit with its current lists."""
    page = search(state, who, q=query[:MAX_QUERY], offset=offset, limit=PAGE)
    hits = []
    with state.engine.connect() as conn:
        for item in page.items:
            _subject, stamp = subject_and_stamp(conn, item.subject_key)
            summary = summary_for(conn, state.summaries, state.pack, stamp) or {}
            hits.append(Hit(item.model_dump(), list(summary.get("lists") or [])))
    return page, hits


def profile(
    state: ApiState, who: Caller, subject_key: str, request: Request, offset: int = 0
) -> tuple[dict[str, Any], RecordsPage]:
    """The public profile (the API's ``Profile`` body) and a page of the published records."""
    with state.engine.begin() as conn:
        subject, stamp = subject_and_stamp(conn, subject_key)
        view = view_for(conn, who, subject["subject_key"], request.url.path, state.now())
        summary = summary_for(conn, state.summaries, state.pack, stamp)
    body = profile_body(subject, view.name, summary)
    shown = subject_records(
        state,
        who,
        subject["subject_key"],
        request,
        record_type=None,
        record_state=None,
        offset=offset,
        limit=RECORDS_PAGE,
    )
    return body, shown


def members(state: ApiState, who: Caller, list_id: str, after: str) -> ListPage:
    """A page of the list's members, as ``GET /v1/lists/{list_id}`` returns it."""
    return list_page(state, who, list_id, after=after[:64], limit=PAGE)


def tree_head(state: ApiState, who: Caller) -> TreeHeadOut | None:
    """The latest signed tree head, or ``None`` before the first one is signed."""
    try:
        return head(state, who)
    except NotFound:
        return None
