"""What every page of the subject's own area shares: language, state, the page frame.

Own pages hold non-public data, so each answer says ``Cache-Control:
no-store`` (no shared or browser cache keeps it after sign-out). Errors a
person can fix are shown as a list naming the field, the value and the
reason, built from ``InvalidInput`` problems, pydantic validation errors or
a procedure's refusal, never from a stack trace.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from publiccredit.errors import InvalidInput, PublicCreditError
from publiccredit.web.account_words import say
from publiccredit.web.csrf import check_csrf, csrf_field
from publiccredit.web.forms import read_form
from publiccredit.web.html import Markup, join, render, url
from publiccredit.web.layout import PREFIX
from publiccredit.web.responses import NO_STORE, page_response

ME = f"{PREFIX}/me"
DESK = f"{PREFIX}/me/desk"
"""The agency clerk's desk (an agency key signs in through the same form)."""
OWN_PAGE_PARAMS = ("lang", "offset", "state", "after")


def respond(request: Request, title: str, body: Markup, status: int = 200) -> HTMLResponse:
    """A whole page of the subject's own area, never cached."""
    return page_response(request, title, body, status, keep=OWN_PAGE_PARAMS, private=True)


def redirect(path: str, lang: str, **params: object) -> RedirectResponse:
    """A 303 (see other) after a POST, keeping the language."""
    return RedirectResponse(url(path, lang, **params), status_code=303, headers=NO_STORE)


def problems_of(exc: Exception, labels: dict[str, str]) -> list[tuple[str, str | None, str]]:
    """``(field label, value, reason)`` for each thing wrong in ``exc``."""
    if isinstance(exc, ValidationError):
        found = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or "form"
            value = error.get("input")
            shown = value if isinstance(value, str | int | float) else None
            found.append((labels.get(field, field), _short(shown), str(error["msg"])))
        return found
    if isinstance(exc, InvalidInput) and exc.problems:
        return [
            (
                labels.get(p.field or "", p.field or "form"),
                _short(p.value),
                f"{exc.message}: {p.reason}",
            )
            for p in exc.problems
        ]
    message = exc.message if isinstance(exc, InvalidInput) else str(exc)
    return [(labels.get("form", ""), None, message)]


def _short(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def error_list(lang: str, problems: Iterable[tuple[str, str | None, str]]) -> Markup:
    """The problems as a list a person can act on (field, value, reason)."""
    words = say(lang)
    items = []
    for field, value, reason in problems:
        if value in (None, ""):
            line = render(words["field_reason"], field=field or "—", reason=reason)
        else:
            line = render(words["field_value_reason"], field=field or "—", value=value,
                          reason=reason)  # fmt: skip
        items.append(render("<li>$l</li>", l=line))
    return render('<div class="errors" role="alert"><p>$t</p><ul>$items</ul></div>',
                  t=words["errors"], items=join(items))  # fmt: skip


def notice(text: str) -> Markup:
    """A short confirmation shown above a page."""
    return render('<p class="notice" role="status">$t</p>', t=text)


USER_ERRORS: tuple[type[Exception], ...] = (ValidationError, PublicCreditError)
"""What a form handler catches and shows as problems (anything else is a bug: 500)."""


def form_text(form: Any, name: str, limit: int = 4000) -> str:
    """A text field of a submitted form, trimmed and cut to ``limit`` characters."""
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


FormHandler = Callable[[Request, Any], Response]


def posted(handler: FormHandler) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint that reads the form (async), then runs ``handler(request, form)`` in the
    thread pool (its database reads and writes block), after the CSRF check."""

    async def endpoint(request: Request) -> Response:
        form = await read_form(request)
        return await run_in_threadpool(_checked, handler, request, form)

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


def _checked(handler: FormHandler, request: Request, form: Any) -> Response:
    check_csrf(request, form)
    return handler(request, form)


def post_button(request: Request, target: str, label: str, **hidden: str) -> Markup:
    """One button that POSTs to ``target`` (a portal address with its query), with the
    form's CSRF token and ``hidden`` fields: sign out, revoke, remove, a case step."""
    fields = join(
        render('<input type="hidden" name="$n" value="$v">', n=name, v=value)
        for name, value in hidden.items()
    )
    return render(
        '<form method="post" action="$action" class="inline">$csrf$fields'
        '<button type="submit">$label</button></form>',
        action=target, csrf=csrf_field(request), fields=fields, label=label,
    )  # fmt: skip
