"""The OpenAPI document says, per operation, whether it needs a key (issue 12, point 5).

FastAPI lists the bearer scheme on every operation whose dependencies read the
``Authorization`` header — which is every ``/v1`` operation, since the public
ones read an optional key too. A client generator would then demand a key for
a public lookup. Operations anyone may call carry ``openapi_extra``
``{"x-public": true}`` (``auth.PUBLIC_OPERATION``); here they get
``security: []`` (no key needed), and every other operation keeps the bearer
scheme with the roles named in its description (docs/api.md, Endpoints).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

BEARER = "HTTPBearer"


def secured_openapi(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document with ``security`` set per operation (built once)."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    for methods in document.get("paths", {}).values():
        for operation in methods.values():
            if operation.get("x-public"):
                operation["security"] = []
            else:
                operation["security"] = [{BEARER: []}]
    document.setdefault("components", {}).setdefault("securitySchemes", {}).setdefault(
        BEARER, {"type": "http", "scheme": "bearer"}
    )
    app.openapi_schema = document
    return document


def install(app: FastAPI) -> None:
    """Serve ``secured_openapi`` at ``/openapi.json``."""

    def openapi() -> dict[str, Any]:
        return secured_openapi(app)

    app.openapi = openapi  # type: ignore[method-assign]
