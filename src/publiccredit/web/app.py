"""The portal's ASGI app: routes, the stylesheet, and friendly HTML error pages.

A plain Starlette app (not FastAPI), mounted by the API at ``/portal``: the
pages are HTML for people, so they stay out of the OpenAPI schema, and the
API's authorisation matrix (which walks the API's routes) does not list them.
It shares the API's ``ApiState`` (store, pack, rate limiter, profile cache).
Endpoints are synchronous: Starlette runs them in its thread pool, as the
database reads they do require.
"""

from __future__ import annotations

from importlib.resources import files

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from publiccredit.api.errors import RateLimited
from publiccredit.api.state import ApiState
from publiccredit.errors import InvalidInput, NotFound, PermissionDenied
from publiccredit.web import (
    account_pages,
    check_page,
    data,
    list_pages,
    pages,
    policy_pages,
    report_pages,
    screen_pages,
    statistics_pages,
    what_if_pages,
)
from publiccredit.web.csrf import CsrfRefused, refused_page
from publiccredit.web.headers import SafetyHeaders
from publiccredit.web.html import render
from publiccredit.web.i18n import words
from publiccredit.web.responses import lang_of, page_response, state_of
from publiccredit.web.session import SignInRequired, sign_in_redirect
from publiccredit.web.transparency import transparency

CSS = files("publiccredit.web").joinpath("static/portal.css").read_text(encoding="utf-8")


def home(request: Request) -> Response:
    """The home page: one search box."""
    data.public_caller(state_of(request), request)
    return page_response(request, words(lang_of(request))["home"], pages.home(lang_of(request)))


def search(request: Request) -> Response:
    """Search results for ``q`` (a code or a name)."""
    state, lang = state_of(request), lang_of(request)
    query = request.query_params.get("q", "").strip()
    if not query:
        return page_response(request, words(lang)["home"], pages.home(lang))
    offset = _int(request.query_params.get("offset", "0"))
    found, hits = data.find(state, data.public_caller(state, request), query, offset)
    return page_response(
        request, words(lang)["results"], pages.results(state.pack, lang, found, hits)
    )


def _int(value: str) -> int:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else 0


def subject(request: Request) -> Response:
    """A subject's public profile."""
    state, lang = state_of(request), lang_of(request)
    who = data.public_caller(state, request)
    offset = _int(request.query_params.get("offset", "0"))
    body, shown = data.profile(state, who, request.path_params["subject_key"], request, offset)
    title = pages.shown_name(body) or body["subject_key"]
    return page_response(request, title, pages.profile(state.pack, lang, body, shown))


def lists(request: Request) -> Response:
    """Every public list with its downloads."""
    state, lang = state_of(request), lang_of(request)
    data.public_caller(state, request)
    return page_response(request, words(lang)["lists"], list_pages.lists_index(state.pack, lang))


def list_members(request: Request) -> Response:
    """A page of one list's members."""
    state, lang = state_of(request), lang_of(request)
    who = data.public_caller(state, request)
    list_id = request.path_params["list_id"]
    found = data.members(state, who, list_id, request.query_params.get("after", ""))
    return page_response(
        request,
        pages.list_name(state.pack, list_id, lang),
        list_pages.members(state.pack, lang, found),
    )


def transparency_page(request: Request) -> Response:
    """The current signed tree head and how to verify it."""
    state, lang = state_of(request), lang_of(request)
    found = data.tree_head(state, data.public_caller(state, request))
    return page_response(request, words(lang)["transparency"], transparency(lang, found, request))


def stylesheet(_request: Request) -> Response:
    """The portal's one CSS file."""
    return Response(CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


def _error(request: Request, status: int, title_key: str, text_key: str) -> HTMLResponse:
    say = words(lang_of(request))
    return page_response(request, say[title_key], render("<p>$t</p>", t=say[text_key]), status)


def _not_found(request: Request, _exc: Exception) -> Response:
    return _error(request, 404, "not_found", "not_found_text")


def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        return _not_found(request, exc)
    return _error(request, status, "bad_request", "bad_request_text")


def _invalid(request: Request, _exc: Exception) -> Response:
    return _error(request, 422, "bad_request", "bad_request_text")


def _rate_limited(request: Request, exc: Exception) -> Response:
    response = _error(request, 429, "too_many", "too_many_text")
    if isinstance(exc, RateLimited):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def create_portal(state: ApiState) -> Starlette:
    """The portal over ``state`` (mount it: ``app.mount("/portal", create_portal(state))``)."""
    portal = Starlette(
        routes=[
            Route("/", home),
            Route("/search", search),
            Route("/subjects/{subject_key}", subject),
            Route("/lists", lists),
            Route("/lists/{list_id}", list_members),
            Route("/transparency", transparency_page),
            Route("/static/portal.css", stylesheet),
            *account_pages.ROUTES,
            *what_if_pages.ROUTES,
            *report_pages.ROUTES,
            *statistics_pages.ROUTES,
            *policy_pages.ROUTES,
            *check_page.ROUTES,
            *screen_pages.ROUTES,
        ],
        exception_handlers={
            NotFound: _not_found,
            PermissionDenied: _not_found,
            InvalidInput: _invalid,
            RateLimited: _rate_limited,
            HTTPException: _http_error,
            SignInRequired: sign_in_redirect,
            CsrfRefused: refused_page,
        },
        middleware=[Middleware(SafetyHeaders)],
    )
    portal.state.api = state
    return portal
