"""``/v1/lists``: the lists of the active pack, each paged and downloadable in full.

A subject is on a list when its stored assessment has a membership of that
list with ``since <= today < until``; pages read the membership index
(``list_memberships``, kept by ``store.projections.upsert_assessments``), a
range read on (list, subject key), never the assessment documents. Pages walk
subjects in key order (``after`` is the last key of the previous page). Every page and download
names the ledger size and root it was read at (``tree_size``, ``root_hex``;
for downloads the ``X-Ledger-Tree-Size`` and ``X-Ledger-Root`` headers), read
in the same database snapshot as the members: PostgreSQL ``REPEATABLE READ``,
SQLite one read transaction. A third party can later ask for a consistency
proof from that size to a signed head and know the list was read from a
ledger that was never rewritten.

Lists are public: a natural person's name is masked (``domain.privacy``), the
ID number is the assessment's masked one, and every CSV cell that a
spreadsheet would run as a formula is neutralised (``publiccredit.csv_safety``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from sqlalchemy.engine import Connection

from publiccredit.api.auth import PUBLIC_OPERATION, Caller, CallerDep
from publiccredit.api.schemas import ListInfo, ListMember, ListPage
from publiccredit.api.state import ApiState, StateDep
from publiccredit.csv_safety import neutralise_cell
from publiccredit.domain.privacy import shown_name
from publiccredit.errors import NotFound, PermissionDenied
from publiccredit.policy.model import ListDefinition, Pack
from publiccredit.store import nodestore
from publiccredit.store.schema import list_memberships, subjects

router = APIRouter(prefix="/v1/lists", tags=["lists"])

SCAN_PAGE = 500
CSV_COLUMNS = ("subject_key", "id", "name", "kind", "since", "until", "legal_basis", "because_of")


def _definition(pack: Pack, list_id: str, who: Caller) -> ListDefinition:
    definition = pack.lists_by_id.get(list_id)
    if definition is None:
        raise NotFound(f"no list {list_id} in policy pack {pack.info.id}")
    if not definition.public and who.role not in ("agency", "auditor", "admin"):
        raise PermissionDenied(f"list {list_id} is not public")
    return definition


def _info(definition: ListDefinition) -> ListInfo:
    return ListInfo(
        id=definition.id,
        name_en=definition.name_en,
        name_zh=definition.name_zh,
        kind=str(definition.kind),
        managing_authority=definition.managing_authority,
        legal_basis=definition.legal_basis.model_dump(mode="json"),
        public=definition.public,
    )


def _member_query() -> sa.Select[Any]:
    """Members of ``:list_id`` on ``:day`` after ``:after``, in key and document order.

    A range read on the membership index's primary key (list, subject, position),
    joined to the subject's name and kind by primary key."""
    m = list_memberships
    return (
        sa.select(
            m.c.subject_key,
            m.c.subject_id,
            subjects.c.name,
            subjects.c.kind,
            m.c.since,
            m.c.until,
            m.c.because_of,
            m.c.legal_basis,
        )
        .join(subjects, subjects.c.subject_key == m.c.subject_key)
        .where(
            m.c.list_id == sa.bindparam("list_id"),
            m.c.subject_key > sa.bindparam("after"),
            m.c.since <= sa.bindparam("day", type_=sa.Date),
            sa.or_(m.c.until.is_(None), m.c.until > sa.bindparam("day", type_=sa.Date)),
        )
        .order_by(m.c.subject_key, m.c.position)
        .limit(sa.bindparam("limit"))
    )


MEMBER_QUERY = _member_query()


def iter_members(
    conn: Connection, list_id: str, today: date, after: str = ""
) -> Iterator[dict[str, Any]]:
    """Members of ``list_id`` on ``today`` in subject-key order after ``after``, read from
    the membership index (``store.compact``); a subject with two entries in force is
    given once, with the first in its assessment's order."""
    query = MEMBER_QUERY
    while True:
        params = {"list_id": list_id, "after": after, "day": today, "limit": SCAN_PAGE}
        rows = conn.execute(query, params).all()
        for key, subject_id, name, kind, since, until, because_of, basis in rows:
            if key == after:
                continue
            after = key
            yield {
                "subject_key": key,
                "id": subject_id,
                "name": shown_name(kind, name),
                "kind": kind,
                "since": since.isoformat(),
                "until": None if until is None else until.isoformat(),
                "because_of": json.loads(because_of),
                "legal_basis": basis,
            }
        if len(rows) < SCAN_PAGE:
            return


def _snapshot(conn: Connection) -> tuple[int, str]:
    """Start a read snapshot on ``conn``; the ledger size and root it sees."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")
    else:
        conn.begin()
    size = nodestore.ledger_size(conn)
    return size, nodestore.root_at(conn, size).hex()


@router.get(
    "",
    response_model=list[ListInfo],
    openapi_extra=PUBLIC_OPERATION,
    summary="The lists of the active pack",
)
def all_lists(state: StateDep, _who: CallerDep) -> list[ListInfo]:
    """Every list: its names, kind, managing authority, legal basis."""
    return [_info(definition) for definition in state.pack.lists]


@router.get(
    "/{list_id}",
    response_model=ListPage,
    openapi_extra=PUBLIC_OPERATION,
    summary="A page of a list's members",
)
def list_page(
    state: StateDep,
    who: CallerDep,
    list_id: str,
    after: str = Query("", max_length=64, description="The last subject key of the previous page."),
    limit: int = Query(100, ge=1, le=1000),
) -> ListPage:
    """Members in subject-key order, with the ledger size and root they were read at."""
    _definition(state.pack, list_id, who)
    with state.engine.connect().execution_options(isolation_level=_isolation(state)) as conn:
        size, root = _snapshot(conn)
        items: list[ListMember] = []
        for member in iter_members(conn, list_id, state.today(), after):
            if len(items) == limit + 1:
                break
            items.append(ListMember(**{k: v for k, v in member.items() if k != "id"}))
        conn.rollback()
    more = len(items) > limit
    return ListPage(
        list_id=list_id,
        items=items[:limit],
        next_after=items[limit - 1].subject_key if more else None,
        tree_size=size,
        root_hex=root,
    )


def _isolation(state: ApiState) -> str:
    return "SERIALIZABLE" if state.engine.dialect.name == "sqlite" else "REPEATABLE READ"


def _csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([neutralise_cell(v) for v in values])
    return buffer.getvalue()


def _lines(conn: Connection, list_id: str, fmt: str, today: date) -> Iterator[str]:
    try:
        if fmt == "csv":
            yield _csv_line(list(CSV_COLUMNS))
        for member in iter_members(conn, list_id, today):
            if fmt == "csv":
                member["because_of"] = json.dumps(member["because_of"], ensure_ascii=False)
                yield _csv_line([member[name] for name in CSV_COLUMNS])
            else:
                yield json.dumps(member, ensure_ascii=False, separators=(",", ":")) + "\n"
    finally:
        conn.rollback()
        conn.close()


@router.get(
    "/{list_id}/download",
    openapi_extra=PUBLIC_OPERATION,
    summary="A whole list as CSV or JSON Lines, streamed",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
)
def download(
    state: StateDep,
    who: CallerDep,
    list_id: str,
    format: str = Query("jsonl", pattern="^(csv|jsonl)$"),
) -> StreamingResponse:
    """Every member, streamed; the ledger size and root read with them are in the headers."""
    _definition(state.pack, list_id, who)
    conn = state.engine.connect().execution_options(isolation_level=_isolation(state))
    try:
        size, root = _snapshot(conn)
    except Exception:
        conn.close()
        raise
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    headers = {
        "X-Ledger-Tree-Size": str(size),
        "X-Ledger-Root": root,
        "Content-Disposition": f'attachment; filename="{list_id}.{format}"',
    }
    return StreamingResponse(
        _lines(conn, list_id, format, state.today()), media_type=media, headers=headers
    )
