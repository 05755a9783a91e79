"""The one error envelope, and the one place that maps errors to HTTP statuses.

Every error response of the API, whatever raised it, has this body::

    {"error": {"code": "invalid_input", "message": "…",
               "details": [{"field": "subject_id", "row": 3, "value": "…", "reason": "…"}]}}

``code`` is a stable machine-readable word, ``message`` a sentence for a
person, ``details`` one entry per field or row at fault (``row`` counts a
batch's rows from 1). The classes of ``publiccredit.errors`` map to statuses
in ``STATUS``; FastAPI's own request validation errors, unknown routes (404),
wrong methods (405), oversized bodies (413) and rate limiting (429) use the
same body. An unexpected exception becomes a 500 with no stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from publiccredit.errors import (
    Busy,
    Conflict,
    InvalidIdentifier,
    InvalidInput,
    NotFound,
    PermissionDenied,
    PolicyError,
    Problem,
    ProcedureError,
    PublicCreditError,
)

log = logging.getLogger("publiccredit.api")


class Unauthenticated(PublicCreditError):
    """The request carries a bearer token that is malformed, unknown or revoked."""


class RateLimited(PublicCreditError):
    """An anonymous client sent more requests than its bucket allows."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many requests; retry after {retry_after} s or use an API key")
        self.retry_after = retry_after


class PayloadTooLarge(PublicCreditError):
    """The request body exceeds the configured limit."""


# Most specific first: the first class an error is an instance of decides.
STATUS: tuple[tuple[type[PublicCreditError], int, str], ...] = (
    (InvalidIdentifier, 422, "invalid_identifier"),
    (InvalidInput, 422, "invalid_input"),
    (PolicyError, 422, "policy_error"),
    (NotFound, 404, "not_found"),
    (Conflict, 409, "conflict"),
    (ProcedureError, 409, "procedure_error"),
    (PermissionDenied, 403, "forbidden"),
    (Unauthenticated, 401, "unauthenticated"),
    (RateLimited, 429, "rate_limited"),
    (PayloadTooLarge, 413, "payload_too_large"),
    (Busy, 503, "busy"),
)

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
}


def detail(problem: Problem) -> dict[str, Any]:
    """One ``details`` entry from a ``Problem`` (a batch row's number included)."""
    return {
        "field": problem.field,
        "row": problem.row,
        "value": problem.value,
        "reason": problem.reason,
    }


def envelope(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> JSONResponse:
    """The error response every path of the API returns."""
    body = {"error": {"code": code, "message": message, "details": details or []}}
    return JSONResponse(body, status_code=status)


def error_response(error: PublicCreditError) -> JSONResponse:
    """The envelope for one of publiccredit's errors."""
    status, code = next(
        ((status, code) for kind, status, code in STATUS if isinstance(error, kind)),
        (400, "bad_request"),
    )
    problems = getattr(error, "problems", ())
    message = getattr(error, "message", None) or str(error)
    response = envelope(status, code, message, [detail(p) for p in problems])
    if isinstance(error, Unauthenticated):  # RFC 9110 §11.6.1: say which scheme works
        response.headers["WWW-Authenticate"] = 'Bearer realm="publiccredit"'
    elif isinstance(error, RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    elif isinstance(error, Busy):
        response.headers["Retry-After"] = "1"
    return response


def _location(loc: tuple[Any, ...]) -> tuple[str | None, int | None]:
    """FastAPI's ``loc`` (``("body", "rows", 2, "agency")``) as a field path and a batch row."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    row = None
    if len(loc) >= 3 and loc[0] == "body" and isinstance(loc[2], int):
        row = loc[2] + 1
    return (".".join(parts) or None), row


def validation_response(error: RequestValidationError) -> JSONResponse:
    """FastAPI's request validation errors in the envelope, one detail per field."""
    details = []
    for item in error.errors():
        field, row = _location(tuple(item.get("loc", ())))
        value = item.get("input")
        shown = None if value is None or isinstance(value, dict | list) else str(value)[:200]
        details.append({"field": field, "row": row, "value": shown, "reason": item.get("msg")})
    return envelope(422, "invalid_input", "the request is not valid", details)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into the envelope."""

    @app.exception_handler(PublicCreditError)
    async def _ours(_request: Request, error: PublicCreditError) -> JSONResponse:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, error: RequestValidationError) -> JSONResponse:
        return validation_response(error)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(error.status_code, "error")
        message = str(error.detail) if error.detail else code.replace("_", " ")
        response = envelope(error.status_code, code, message)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=error)
        return envelope(500, "internal_error", "an unexpected error happened; it was logged")


class RowConflict(Conflict):
    """Rows of a submission contradict stored records (other content under a known key)."""

    def __init__(self, message: str, problems: tuple[Problem, ...]) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems
