"""``/healthz`` (the process answers) and ``/readyz`` (the database answers and has a schema)."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from publiccredit.api.auth import PUBLIC_OPERATION
from publiccredit.api.schemas import Health
from publiccredit.api.state import StateDep

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=Health,
    openapi_extra=PUBLIC_OPERATION,
    summary="Liveness",
)
def healthz() -> Health:
    """Always ``ok`` while the process serves requests."""
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    openapi_extra=PUBLIC_OPERATION,
    summary="Readiness",
    responses={503: {"model": Health, "description": "The database does not answer."}},
)
def readyz(state: StateDep) -> Health | JSONResponse:
    """``ok`` when the database answers a query; 503 otherwise (take the worker out of rotation)."""
    try:
        with state.engine.connect() as conn:
            conn.execute(sa.text("SELECT size FROM ledger_state WHERE id = 1")).scalar_one()
    except sa.exc.SQLAlchemyError as error:
        body = Health(status="unavailable", checks={"database": type(error).__name__})
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", checks={"database": "ok"})
