"""``/v1/keys`` (admin: create, list, revoke API keys) and ``/v1/access-log`` (auditor,
admin; a subject about itself).

The access log is the record of every non-public read (``store.access_log``);
reading it is itself not logged again (it holds no subject data beyond keys).
"""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Query

from publiccredit.api.auth import CallerDep
from publiccredit.api.schemas import (
    MAX_ID,
    AccessEntry,
    AccessLogPage,
    KeyCreate,
    KeyCreated,
    KeyOut,
)
from publiccredit.api.state import StateDep
from publiccredit.errors import PermissionDenied
from publiccredit.store.keys import create_key, list_keys, revoke_key
from publiccredit.store.schema import access_log
from publiccredit.store.unit import write_unit

router = APIRouter(prefix="/v1", tags=["administration"])


@router.get("/keys", response_model=list[KeyOut], summary="Every API key (admin)")
def keys(state: StateDep, who: CallerDep) -> list[KeyOut]:
    """Live and revoked keys, oldest first; never a secret."""
    who.require("admin")
    with state.engine.connect() as conn:
        return [KeyOut(**key.to_json()) for key in list_keys(conn)]


@router.post("/keys", response_model=KeyCreated, status_code=201, summary="Create a key (admin)")
def new_key(body: KeyCreate, state: StateDep, who: CallerDep) -> KeyCreated:
    """A new key; its token is in this answer only."""
    who.require("admin")
    with write_unit(state.engine) as conn:
        key, token = create_key(conn, **body.model_dump())
    return KeyCreated(key=KeyOut(**key.to_json()), token=token)


@router.delete("/keys/{key_id}", response_model=KeyOut, summary="Revoke a key (admin)")
def delete_key(key_id: str, state: StateDep, who: CallerDep) -> KeyOut:
    """Revoke for good; the key stays listed with its revocation time."""
    who.require("admin")
    with write_unit(state.engine) as conn:
        return KeyOut(**revoke_key(conn, key_id, state.now()).to_json())


@router.get("/access-log", response_model=AccessLogPage, summary="Reads of non-public data")
def read_access_log(
    state: StateDep,
    who: CallerDep,
    after: int = Query(0, ge=0, le=MAX_ID),
    limit: int = Query(100, ge=1, le=1000),
    subject_key: str | None = Query(None, max_length=64),
) -> AccessLogPage:
    """Entries in id order after ``after``, optionally about one subject (auditor, admin);
    a subject reads the entries about itself only: who read its non-public data, when,
    in which role and under which consent."""
    who.require("auditor", "admin", "subject")
    if who.role == "subject":
        if subject_key not in (None, who.subject_key):
            raise PermissionDenied("a subject key reads the access log about its own subject")
        subject_key = who.subject_key
    query = sa.select(access_log).where(access_log.c.id > after).order_by(access_log.c.id)
    if subject_key is not None:
        query = query.where(access_log.c.subject_key == subject_key)
    with state.engine.connect() as conn:
        rows = conn.execute(query.limit(limit + 1)).all()
    items = [AccessEntry(**{k: v for k, v in row._mapping.items() if k != "day"}) for row in rows]
    more = len(items) > limit
    return AccessLogPage(items=items[:limit], next_after=items[limit - 1].id if more else None)
