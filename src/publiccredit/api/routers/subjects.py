"""``/v1/subjects``: search, profile, assessment as of a date, records.

Search takes a name or a code. A query that is (or contains, after folding) a
subject key is looked up exactly and comes first; then names, folded the way
stored names are (``textfold.fold``: full-width forms, case, spaces,
traditional characters), ranked exact name, then prefix, then contained.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.engine import Connection

from publiccredit.api.assessing import assessment_for
from publiccredit.api.auth import PUBLIC_OPERATION, Caller, CallerDep
from publiccredit.api.profiles import profile_body, subject_and_stamp, summary_for
from publiccredit.api.schemas import (
    MAX_ID,
    AssessmentOut,
    Profile,
    RecordsPage,
    SearchPage,
    SubjectSummary,
)
from publiccredit.api.state import ApiState, StateDep
from publiccredit.api.views import publicly_visible, shown_assessment, view_for
from publiccredit.domain.privacy import public_record, public_subject
from publiccredit.errors import NotFound
from publiccredit.store.projections import get_assessment
from publiccredit.store.schema import records, subjects
from publiccredit.textfold import fold

router = APIRouter(prefix="/v1/subjects", tags=["subjects"])
JSON = "application/json"

_SUMMARY = (
    subjects.c.subject_key,
    subjects.c.kind,
    subjects.c.name,
    subjects.c.entity_kind,
    subjects.c.region,
)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def subject_row(conn: Connection, subject_key: str) -> dict[str, Any]:
    """The subject's row; ``NotFound`` if there is none (keys are tried as given, then upper)."""
    for key in dict.fromkeys((subject_key, subject_key.strip().upper())):
        row = conn.execute(sa.select(*_SUMMARY).where(subjects.c.subject_key == key)).first()
        if row is not None:
            return dict(row._mapping)
    raise NotFound(f"no subject {subject_key}")


@router.get(
    "",
    response_model=SearchPage,
    openapi_extra=PUBLIC_OPERATION,
    summary="Search subjects by name or code",
)
def search(
    state: StateDep,
    _caller: CallerDep,
    q: str = Query(min_length=1, max_length=200, description="A name (or part) or a code."),
    offset: int = Query(0, ge=0, le=10_000),
    limit: int = Query(20, ge=1, le=100),
) -> SearchPage:
    """Subjects matching ``q``: the exact code first, then names (exact, prefix, contained).

    A public listing: natural persons' names are masked (``domain.privacy``)."""
    folded = fold(q)
    code = folded.upper()
    hits: list[SubjectSummary] = []
    with state.engine.connect() as conn:
        exact = None
        if code:
            exact = conn.execute(sa.select(*_SUMMARY).where(subjects.c.subject_key == code)).first()
        if exact is not None:
            hits.append(SubjectSummary(**public_subject(dict(exact._mapping)), match="code"))
        name_offset = max(0, offset - len(hits))
        skip_exact = hits[offset:] if offset < len(hits) else []
        if folded:
            pattern = f"%{_like_escape(folded)}%"
            rank = sa.case(
                (subjects.c.name_folded == folded, 0),
                (subjects.c.name_folded.like(f"{_like_escape(folded)}%", escape="\\"), 1),
                else_=2,
            )
            query = (
                sa.select(*_SUMMARY)
                .where(subjects.c.name_folded.like(pattern, escape="\\"))
                .where(subjects.c.subject_key != code)
                .order_by(rank, subjects.c.name_folded, subjects.c.subject_key)
                .offset(name_offset)
                .limit(limit + 1 - len(skip_exact))
            )
            names = [
                SubjectSummary(**public_subject(dict(row._mapping)), match="name")
                for row in conn.execute(query)
            ]
        else:
            names = []
    items = (skip_exact + names)[: limit + 1]
    more = len(items) > limit
    return SearchPage(
        query=q,
        items=items[:limit],
        offset=offset,
        limit=limit,
        next_offset=offset + limit if more else None,
    )


@router.get(
    "/{subject_key}",
    response_model=Profile,
    openapi_extra=PUBLIC_OPERATION,
    summary="A subject's profile",
)
async def profile(
    state: StateDep,
    who: CallerDep,
    subject_key: str,
    request: Request,
) -> Response:
    """Who the subject is, its rating, the lists it is on and the measures in force."""
    what = f"GET {request.url.path}"
    body = await run_in_threadpool(_profile_body, state, who, subject_key, what)
    return Response(json.dumps(body, ensure_ascii=False, default=str), media_type=JSON)


def _profile_body(state: ApiState, who: Caller, subject_key: str, what: str) -> dict[str, Any]:
    """The profile: two primary-key reads, and the access log entry of a full view
    (the blocking part, run in the thread pool).

    ``profile`` is ``async`` and hands only this to the thread pool: one hop per
    request instead of one per sync dependency and endpoint. The reads stay off the
    event loop: on a store larger than the page cache a read may wait for the disk,
    and on the loop that wait stalled every request (measured: a cold 3 GB store
    served 37 profiles/s with p99 1.3 s read on the loop, against hundreds per second
    in the pool, where such waits overlap). No transaction is begun for the reads
    (``profiles`` reads on the driver's cursor; a summary is filed under the stamp of
    the row it was read from, so a write between the reads cannot make it stale); the
    access log entry of a full view, when there is one, is committed. The answer is
    built as JSON directly: the cached summary is already the ``Profile`` shape and
    re-validating it per request cost more than the database read."""
    with state.engine.connect() as conn:
        subject, stamp = subject_and_stamp(conn, subject_key)
        view = view_for(conn, who, subject["subject_key"], what, state.now())
        summary = summary_for(conn, state.summaries, state.pack, stamp)
        if conn.in_transaction():  # the access log entry of a full view
            conn.commit()
    return profile_body(subject, view.name, summary)


@router.get(
    "/{subject_key}/assessment",
    response_model=AssessmentOut,
    openapi_extra=PUBLIC_OPERATION,
    summary="Assessment as of a date",
)
def assessment(
    state: StateDep,
    who: CallerDep,
    subject_key: str,
    request: Request,
    as_of: Annotated[
        date | None, Query(description="Assess for this date (default today).")
    ] = None,
    known_at: Annotated[
        date | None, Query(description="Count only what was known by then.")
    ] = None,
) -> AssessmentOut:
    """The assessment for ``as_of`` as known at ``known_at``; stored or re-assessed."""
    on = as_of or state.today()
    with state.engine.begin() as conn:
        key = subject_row(conn, subject_key)["subject_key"]
        view = view_for(conn, who, key, f"GET {request.url.path}", state.now())
        found = assessment_for(conn, state.pack, key, on, known_at)
    if found is None:
        raise NotFound(f"subject {subject_key} has no records to assess")
    document, source = found
    return AssessmentOut(
        subject_key=key,
        view=view.name,
        source=source,
        assessment=shown_assessment(document, state.pack, view),
    )


@router.get(
    "/{subject_key}/records",
    response_model=RecordsPage,
    openapi_extra=PUBLIC_OPERATION,
    summary="A subject's records",
)
def subject_records(
    state: StateDep,
    who: CallerDep,
    subject_key: str,
    request: Request,
    record_type: str | None = Query(None, alias="type", max_length=64),
    record_state: str | None = Query(None, alias="state", max_length=32),
    offset: int = Query(0, ge=0, le=MAX_ID),
    limit: int = Query(50, ge=1, le=500),
) -> RecordsPage:
    """The stored records with their publication state, filtered by type and state."""
    with state.engine.begin() as conn:
        key = subject_row(conn, subject_key)["subject_key"]
        view = view_for(conn, who, key, f"GET {request.url.path}", state.now())
        stored = get_assessment(conn, key)
        query = sa.select(records.c.record_type, records.c.content, records.c.status).where(
            records.c.subject_key == key
        )
        if record_type is not None:
            query = query.where(records.c.record_type == record_type)
        rows = conn.execute(query.order_by(records.c.first_event_seq)).all()
    states = {
        (entry["agency"], entry["source_record_id"]): entry["state"]
        for entry in (stored["assessment"]["records"] if stored else [])
    }
    items = []
    for kind, content, status in rows:
        document = content if isinstance(content, dict) else _json(content)
        record = document["record"]
        shown_state = states.get((record["agency"], record["source_record_id"]))
        if record_state is not None and shown_state != record_state:
            continue
        if not view.full and not publicly_visible(state.pack, kind, shown_state):
            continue
        item = {"record": record if view.full else public_record(record), "state": shown_state}
        if view.full:
            item["status"] = status
            item["warnings"] = document.get("warnings", [])
        items.append(item)
    return RecordsPage(
        subject_key=key,
        view=view.name,
        items=items[offset : offset + limit],
        offset=offset,
        limit=limit,
        total=len(items),
    )


def _json(value: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(value)
    return loaded
