"""Portal sessions of subjects: a signed cookie instead of the API key.

A subject signs in once with their ``pc_…`` key (POSTed, never in a URL); the
portal answers with the cookie ``pc_session`` holding
``key_id.expires.session_id.mac``, where ``mac`` is HMAC-SHA256 (the portal
secret, ``account_secret``) over those three and the key's stored secret hash.
The token itself is never in the cookie, a log or a page. The cookie is
HttpOnly, SameSite=Strict, Path=/portal, Secure over https, and lasts
``SESSION_SECONDS``.

Every request re-reads the key: a revoked or deleted key ends its sessions at
once, and so does a key whose secret hash is not the one the cookie was
signed over. Nothing is kept server-side, so any worker can check any cookie.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import sqlalchemy as sa
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from publiccredit.api.auth import Caller
from publiccredit.api.state import ApiState
from publiccredit.store.keys import ApiKey, authenticate
from publiccredit.store.schema import api_keys
from publiccredit.web.account_secret import sign, signed_by_us
from publiccredit.web.i18n import language

COOKIE = "pc_session"
COOKIE_PATH = "/portal"
SESSION_SECONDS = 8 * 3600
PURPOSE = "portal-session/v1"
SIGN_IN_PATH = "/portal/me/sign-in"
_UNSET = object()


class SignInRequired(Exception):
    """The page is a subject's own: the visitor must sign in first (-> 303 to sign-in)."""


def _state(request: Request) -> ApiState:
    state: ApiState = request.app.state.api
    return state


def _message(key_id: str, expires: int, session_id: str, secret_hash: str) -> str:
    return f"{key_id}|{expires}|{session_id}|{secret_hash}"


PORTAL_ROLES = ("subject", "agency")
"""Who may sign in to the portal: a subject (its own area) and an agency clerk (the desk)."""


@dataclass(frozen=True, slots=True)
class _StoredKey:
    role: str
    scope: str | None
    """The subject key of a subject key, the agency code of an agency key."""
    revoked_at: str | None
    secret_hash: str


def _stored_key(state: ApiState, key_id: str) -> _StoredKey | None:
    """What the store holds of ``key_id``, or ``None``."""
    query = sa.select(
        api_keys.c.role, api_keys.c.subject_key, api_keys.c.agency, api_keys.c.revoked_at,
        api_keys.c.secret_hash,
    ).where(api_keys.c.key_id == key_id)  # fmt: skip
    with state.engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    scope = row.subject_key if row.role == "subject" else row.agency
    return _StoredKey(row.role, scope, row.revoked_at, str(row.secret_hash))


def _check_cookie(request: Request) -> tuple[Caller, str] | None:
    value = request.cookies.get(COOKIE, "")
    parts = value.split(".")
    if len(parts) != 4 or not value.isascii() or not parts[1].isdigit() or len(value) > 300:
        return None
    key_id, expires_text, session_id, mac = parts
    expires = int(expires_text)
    if expires < time.time():
        return None
    state = _state(request)
    stored = _stored_key(state, key_id)
    if stored is None:
        return None
    if stored.role not in PORTAL_ROLES or stored.revoked_at is not None or not stored.scope:
        return None
    if not signed_by_us(
        state.data_dir, PURPOSE, _message(key_id, expires, session_id, stored.secret_hash), mac
    ):
        return None
    client = request.client.host if request.client else "unknown"
    if stored.role == "agency":
        return Caller("agency", key_id, agency=stored.scope, client=client), session_id
    return Caller("subject", key_id, subject_key=stored.scope, client=client), session_id


def _session(request: Request) -> tuple[Caller, str] | None:
    """The checked session of ``request`` (checked once per request, then remembered)."""
    found = getattr(request.state, "pc_session", _UNSET)
    if found is _UNSET:
        found = _check_cookie(request)
        request.state.pc_session = found
    return found  # type: ignore[return-value]


def signed_in(request: Request) -> Caller | None:
    """The ``Caller`` (subject or agency) of a valid session cookie (key live, not revoked),
    else ``None``."""
    found = _session(request)
    return None if found is None else found[0]


def _require(request: Request, role: str) -> Caller:
    who = signed_in(request)
    if who is None or who.role != role:
        raise SignInRequired
    return who


def require_subject(request: Request) -> Caller:
    """The signed-in subject; ``SignInRequired`` when no subject (valid) is signed in."""
    return _require(request, "subject")


def require_agency(request: Request) -> Caller:
    """The signed-in agency clerk; ``SignInRequired`` when no clerk (valid) is signed in."""
    return _require(request, "agency")


def session_id(request: Request) -> str | None:
    """The random id of the valid session of ``request`` (CSRF tokens are bound to it)."""
    found = _session(request)
    return None if found is None else found[1]


def key_for_token(state: ApiState, token: str) -> ApiKey | None:
    """The live key of a ``pc_…`` token, or ``None`` (malformed, unknown, revoked)."""
    with state.engine.connect() as conn:
        return authenticate(conn, token.strip())


def start_session(request: Request, response: Response, key: ApiKey) -> None:
    """Set the session cookie of ``key`` (a live subject or agency key) on ``response``."""
    state = _state(request)
    stored = _stored_key(state, key.key_id)
    if stored is None:
        raise SignInRequired
    expires = int(time.time()) + SESSION_SECONDS
    sid = secrets.token_hex(16)
    mac = sign(state.data_dir, PURPOSE, _message(key.key_id, expires, sid, stored.secret_hash))
    response.set_cookie(
        COOKIE,
        f"{key.key_id}.{expires}.{sid}.{mac}",
        max_age=SESSION_SECONDS,
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


def end_session(request: Request, response: Response) -> None:
    """Clear the session cookie on ``response`` (signing out)."""
    response.delete_cookie(
        COOKIE,
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


def sign_in_url(lang: str, next_path: str = "") -> str:
    """The sign-in page, remembering a portal ``/me`` page to come back to."""
    query = {"lang": lang}
    if next_path.startswith("/portal/me") and next_path != SIGN_IN_PATH:
        query["next"] = next_path
    return f"{SIGN_IN_PATH}?{urlencode(query)}"


def sign_in_redirect(request: Request, _exc: Exception) -> Response:
    """The exception handler for ``SignInRequired``: 303 to the sign-in page."""
    lang = language(request.query_params.get("lang"))
    path = request.url.path if request.method == "GET" else ""
    return RedirectResponse(sign_in_url(lang, path), status_code=303)
