"""``/v1/subjects``: search, profile, assessment as of a date, records.

Search takes a name or a code. A query that is (or contains, after folding) a
subject key is looked up exactly and comes first; then names, folded the way
stored names are (``textfold.fold``: full-width forms, case, spaces,
traditional characters), ranked exact name, then prefix, then contained.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from sqlalchemy.engine import Connection

from publiccredit.api.assessing import assessment_for
from publiccredit.api.auth import CallerDep
from publiccredit.api.schemas import AssessmentOut, Profile, RecordsPage, SearchPage, SubjectSummary
from publiccredit.api.state import StateDep
from publiccredit.api.views import publicly_visible, shown_assessment, view_for
from publiccredit.errors import NotFound
from publiccredit.store.projections import get_assessment
from publiccredit.store.schema import records, subjects
from publiccredit.textfold import fold

router = APIRouter(prefix="/v1/subjects", tags=["subjects"])

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


@router.get("", response_model=SearchPage, summary="Search subjects by name or code")
def search(
    state: StateDep,
    _caller: CallerDep,
    q: str = Query(min_length=1, max_length=200, description="A name (or part) or a code."),
    offset: int = Query(0, ge=0, le=10_000),
    limit: int = Query(20, ge=1, le=100),
) -> SearchPage:
    """Subjects matching ``q``: the exact code first, then names (exact, prefix, contained)."""
    folded = fold(q)
    code = folded.upper()
    hits: list[SubjectSummary] = []
    with state.engine.connect() as conn:
        exact = None
        if code:
            exact = conn.execute(sa.select(*_SUMMARY).where(subjects.c.subject_key == code)).first()
        if exact is not None:
            hits.append(SubjectSummary(**exact._mapping, match="code"))
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
            names = [SubjectSummary(**row._mapping, match="name") for row in conn.execute(query)]
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


def _today() -> date:
    return date.today()


@router.get("/{subject_key}", response_model=Profile, summary="A subject's profile")
def profile(
    state: StateDep,
    who: CallerDep,
    subject_key: str,
    request: Request,
) -> Profile:
    """Who the subject is, its rating, the lists it is on and the measures in force."""
    with state.engine.begin() as conn:
        row = subject_row(conn, subject_key)
        key = row["subject_key"]
        view = view_for(conn, who, key, f"GET {request.url.path}", _today())
        stored = get_assessment(conn, key)
    document = stored["assessment"] if stored else None
    shown = shown_assessment(document, state.pack, view) if document else None
    return Profile(
        **row,
        view=view.name,
        as_of=shown["as_of"] if shown else None,
        next_change_on=shown["next_change_on"] if shown else None,
        policy_version=shown["policy_version"] if shown else None,
        rating=shown["rating"] if shown else None,
        lists=shown["lists"] if shown else [],
        measures=shown["measures"] if shown else [],
        records_shown=len(shown["records"]) if shown else 0,
    )


@router.get(
    "/{subject_key}/assessment", response_model=AssessmentOut, summary="Assessment as of a date"
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
    on = as_of or _today()
    with state.engine.begin() as conn:
        key = subject_row(conn, subject_key)["subject_key"]
        view = view_for(conn, who, key, f"GET {request.url.path}", _today())
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


@router.get("/{subject_key}/records", response_model=RecordsPage, summary="A subject's records")
def subject_records(
    state: StateDep,
    who: CallerDep,
    subject_key: str,
    request: Request,
    record_type: str | None = Query(None, alias="type", max_length=64),
    record_state: str | None = Query(None, alias="state", max_length=32),
    offset: int = Query(0, ge=0),
    limit: int = Query(50, ge=1, le=500),
) -> RecordsPage:
    """The stored records with their publication state, filtered by type and state."""
    with state.engine.begin() as conn:
        key = subject_row(conn, subject_key)["subject_key"]
        view = view_for(conn, who, key, f"GET {request.url.path}", _today())
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
        item = {"record": record, "state": shown_state}
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
    import json

    loaded: dict[str, Any] = json.loads(value)
    return loaded
