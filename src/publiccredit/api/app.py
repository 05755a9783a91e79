"""The app factory: one FastAPI app per store, assembled from the area routers.

``create_app(config)`` opens the store named by a ``StoreConfig`` (database
URL and data directory, resolved as everywhere else: ``store.config``);
``app_from_env()`` does the same from ``$PUBLICCREDIT_DB`` and
``$PUBLICCREDIT_DATA_DIR`` (and the pack from ``$PUBLICCREDIT_PACK``) and is
what each uvicorn worker calls
(``uvicorn --factory publiccredit.api.app:app_from_env``), so several worker
processes build identical apps. The API keeps no state between requests
except the anonymous rate-limit buckets (per process).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from publiccredit import __version__
from publiccredit.api import errors, openapi_security
from publiccredit.api.ratelimit import BodyLimit
from publiccredit.api.routers import (
    admin,
    cases,
    consents,
    decisions,
    health,
    lists,
    match,
    monitoring,
    policy,
    records,
    statistics,
    subjects,
    transparency,
    what_if,
)
from publiccredit.api.schemas import ErrorEnvelope
from publiccredit.api.state import ApiSettings, ApiState
from publiccredit.policy import default_pack, load_pack
from publiccredit.policy.loader import PACK_ENV
from publiccredit.policy.model import Pack
from publiccredit.store.config import StoreConfig, resolve
from publiccredit.store.setup import open_store
from publiccredit.web.app import create_portal

DESCRIPTION = """Public credit information: subjects, decisions, records, lists,
transparency (RFC 6962 proofs), policy. Send an API key as
`Authorization: Bearer pc_…`; without one you are the rate-limited public.
Every error has the body `{"error": {"code", "message", "details"}}`.
See docs/api.md."""

_ERROR = {"model": ErrorEnvelope}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {**_ERROR, "description": text}
    for status, text in (
        (400, "The request is malformed (e.g. a body that is not JSON)."),
        (401, "The API key is not valid, or the Authorization header is not a Bearer key."),
        (403, "The caller's role may not do this."),
        (404, "Not found."),
        (409, "Conflicts with what is stored."),
        (413, "The request body is too large."),
        (422, "The request is not valid; details name each field or row."),
        (429, "Rate limited (anonymous clients); see Retry-After."),
    )
}

ROUTERS = (
    subjects, decisions, records, cases, consents, lists, transparency, policy, admin, what_if,
    statistics, match, monitoring,
)  # fmt: skip


def create_app(
    config: StoreConfig, pack: Pack | None = None, settings: ApiSettings | None = None
) -> FastAPI:
    """The API over the store of ``config`` (the store must be initialised)."""
    engine = open_store(config)
    state = ApiState(engine, pack or default_pack(), config.data_dir, settings or ApiSettings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if state.settings.warm_statistics:
            app.state.statistics_warmer = statistics.warm(state)
        yield
        engine.dispose()

    app = FastAPIOffline(  # /docs and /redoc from the package's own assets: work offline
        static_url="/docs/static",
        title="publiccredit",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.api = state
    errors.install(app)
    openapi_security.install(app)
    app.include_router(health.router)
    app.mount("/portal", create_portal(state))  # HTML pages: docs/portal.md
    for area in ROUTERS:
        app.include_router(area.router, responses=ERROR_RESPONSES)
    app.add_middleware(BodyLimit, max_bytes=state.settings.max_body_bytes)
    return app


def pack_from_env() -> Pack:
    """The pack of ``$PUBLICCREDIT_PACK`` (loaded and checked: a refused pack raises), or cn."""
    folder = os.environ.get(PACK_ENV)
    return load_pack(Path(folder)) if folder else default_pack()


def app_from_env() -> FastAPI:
    """The app for ``$PUBLICCREDIT_DB`` / ``$PUBLICCREDIT_DATA_DIR`` / ``$PUBLICCREDIT_PACK``.

    uvicorn's ``--factory``; ``publiccredit serve`` checks the pack before
    starting workers, so a refused pack is reported once, without a traceback.
    """
    return create_app(resolve(), pack_from_env(), ApiSettings.from_env())
