"""Who is calling: the bearer token's key, or the anonymous public (rate limited).

Roles (DESIGN §7): ``public`` (no key), ``agency`` (submits the record types
its agency kind may submit; acts for one agency code), ``subject`` (one
subject's own full record), ``institution`` (a financial institution: a
subject's non-public record only under that subject's live consent),
``auditor`` (ledger and access log), ``admin`` (keys). A request with a token
that does not authenticate is refused (401), never served as public: a
client that meant to use a key should learn that it does not work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from publiccredit.api.errors import Unauthenticated
from publiccredit.api.state import ApiState, StateDep
from publiccredit.errors import InvalidInput, PermissionDenied, Problem
from publiccredit.store.keys import ApiKey, authenticate

PUBLIC = "public"
PUBLIC_OPERATION: dict[str, object] = {"x-public": True}
"""``openapi_extra`` of an operation anyone may call without a key: the OpenAPI
document gives it ``security: []`` (``api.openapi_security``); a key may still be
sent (a subject's own key gets the full view)."""
bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer pc_…`")


@dataclass(frozen=True, slots=True)
class Caller:
    """The authenticated caller: role, key id (``None`` for public) and scope."""

    role: str
    key_id: str | None = None
    agency: str | None = None
    subject_key: str | None = None
    institution: str | None = None
    client: str = ""

    @property
    def actor(self) -> str:
        """How the access log names the caller."""
        return f"key:{self.key_id}" if self.key_id else f"public:{self.client}"

    def require(self, *roles: str) -> None:
        """``PermissionDenied`` unless the caller has one of ``roles``."""
        if self.role not in roles:
            allowed = ", ".join(roles)
            raise PermissionDenied(
                f"this needs one of the roles {allowed}; the caller is {self.role}"
            )


def _refuse_nul(request: Request) -> None:
    """Refuse NUL characters in the path and query: no database stores them in text."""
    texts = [request.url.path, *request.path_params.values(), *request.query_params.values()]
    if any("\x00" in str(text) for text in texts):
        problem = Problem("must not contain the NUL character", "query")
        raise InvalidInput("the request is not valid", (problem,))


async def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    state: StateDep,
) -> Caller:
    """The caller of this request (a FastAPI dependency); anonymous callers are rate limited.

    ``async``: the anonymous path does no I/O and stays on the event loop (a thread-pool
    hop per request was a measurable part of a profile lookup); a key is looked up in the
    thread pool, as a blocking database read must be."""
    client = request.client.host if request.client else "unknown"
    _refuse_nul(request)
    if credentials is None and request.headers.get("authorization"):
        raise Unauthenticated(
            "the Authorization header must be `Bearer pc_…` (an API key); "
            "no other scheme is accepted"
        )
    if credentials is None:
        state.limiter.take(client)
        return Caller(PUBLIC, client=client)
    key = await run_in_threadpool(_authenticate, state, credentials.credentials)
    if key is None:
        raise Unauthenticated("the API key is not valid (malformed, unknown or revoked)")
    return Caller(key.role, key.key_id, key.agency, key.subject_key, key.institution, client)


def _authenticate(state: ApiState, token: str) -> ApiKey | None:
    with state.engine.connect() as conn:
        return authenticate(conn, token)


CallerDep = Annotated[Caller, Depends(caller)]
"""An endpoint parameter receiving the ``Caller``."""
