"""CSRF protection for every POST form of the portal.

Each form carries a hidden ``csrf_token`` (``csrf_field``) and its handler
calls ``check_csrf`` before it does anything. A token is
``nonce.issued.mac``: a random nonce, when it was made, and HMAC-SHA256 under
the portal secret (``account_secret``) over both and the *binding*: the
visitor's session id when signed in, else ``anonymous``. So:

* a token from another session, or a forged or altered one, fails;
* a token expires after ``TOKEN_SECONDS`` (the form asks to be reloaded);
* nothing is stored server-side, so any worker accepts the token of another.

Anonymous forms (signing in, checking a proof) change nobody's data; they are
protected by the signed token and by the origin check below, which is what
stops a foreign site from POSTing them in a visitor's browser. The session
cookie is SameSite=Strict, so a foreign site's POST never arrives signed in.

When the browser sends ``Origin`` (or, failing that, ``Referer``), its host
must be the host the request was sent to; ``Origin: null`` is refused.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from publiccredit.api.state import ApiState
from publiccredit.web.account_secret import sign, signed_by_us
from publiccredit.web.catalogues import catalogue
from publiccredit.web.html import Markup, link, render
from publiccredit.web.i18n import language
from publiccredit.web.layout import page
from publiccredit.web.session import session_id

FIELD = "csrf_token"
PURPOSE = "portal-csrf/v1"
TOKEN_SECONDS = 12 * 3600

WORDS: dict[str, dict[str, str]] = catalogue("csrf.WORDS")


class CsrfRefused(Exception):
    """A POST without a valid CSRF token or from another origin (-> a friendly 403 page)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _binding(request: Request) -> str:
    sid = session_id(request)
    return f"session:{sid}" if sid else "anonymous"


def _data_dir(request: Request) -> Any:
    state: ApiState = request.app.state.api
    return state.data_dir


def new_token(request: Request) -> str:
    """A fresh token for a form shown to the visitor of ``request``."""
    nonce, issued = secrets.token_hex(16), int(time.time())
    mac = sign(_data_dir(request), PURPOSE, f"{_binding(request)}|{nonce}|{issued}")
    return f"{nonce}.{issued}.{mac}"


def csrf_field(request: Request) -> Markup:
    """The hidden ``<input name="csrf_token">`` every POST form of the portal includes."""
    return render('<input type="hidden" name="$name" value="$value">',
                  name=FIELD, value=new_token(request))  # fmt: skip


def _same_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    source = origin if origin is not None else request.headers.get("referer")
    if source is None:
        return
    host = request.headers.get("host", request.url.netloc)
    if source == "null" or urlsplit(source).netloc.lower() != host.lower():
        raise CsrfRefused("the form was sent from another site")


def check_csrf(request: Request, form: Mapping[str, Any]) -> None:
    """``CsrfRefused`` unless ``form`` carries a valid token for this visitor and origin."""
    _same_origin(request)
    token = form.get(FIELD)
    if not isinstance(token, str) or not token:
        raise CsrfRefused("the form has no CSRF token")
    parts = token.split(".")
    # ASCII only: a token we issued is, and ``isdigit`` alone admits digits such as
    # "²" that ``int`` refuses; a lone surrogate would fail to encode for the MAC.
    if len(parts) != 3 or not token.isascii() or not parts[1].isdigit() or len(token) > 200:
        raise CsrfRefused("the CSRF token is malformed")
    nonce, issued, mac = parts
    age = time.time() - int(issued)
    if not -60 <= age <= TOKEN_SECONDS:
        raise CsrfRefused("the CSRF token has expired")
    message = f"{_binding(request)}|{nonce}|{issued}"
    if not signed_by_us(_data_dir(request), PURPOSE, message, mac):
        raise CsrfRefused("the CSRF token does not belong to this visitor")


def refused_page(request: Request, _exc: Exception) -> Response:
    """The exception handler for ``CsrfRefused``: a friendly 403 page, nothing done."""
    lang = language(request.query_params.get("lang"))
    say = WORDS[lang]
    body = render("<p>$text</p><p>$home</p>", text=say["text"],
                  home=link("/portal/", say["home"], lang))  # fmt: skip
    shown = page(lang, say["title"], body, request.url.path, {})
    return HTMLResponse(shown, status_code=403)
