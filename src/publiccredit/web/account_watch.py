"""The signed-in subject's watch list: the companies it watches and their recent alerts.

A company watches its business partners: the page lists the watched codes,
the latest alerts of the key's change feed (kind, legal basis, the date
repair becomes possible) and forms to add codes (one a line, all or nothing,
each bad code named with its reason) and to stop watching one. The forms
call the same functions as ``/v1/watchlists/me`` (service.watchlists), in a
write unit, with the CSRF check every own-area form has (docs/monitoring.md).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.api.auth import Caller
from publiccredit.api.state import ApiState
from publiccredit.service.watchlists import checked_subjects, watch
from publiccredit.store.changes import StoredChange, recent
from publiccredit.store.unit import write_unit
from publiccredit.store.watchlists import WatchEntry, list_entries, remove_subject
from publiccredit.web.account_common import (
    ME,
    USER_ERRORS,
    error_list,
    notice,
    post_button,
    posted,
    problems_of,
    redirect,
    respond,
)
from publiccredit.web.csrf import csrf_field
from publiccredit.web.html import Markup, join, link, render, url
from publiccredit.web.labels import beijing_time
from publiccredit.web.layout import PREFIX, table
from publiccredit.web.responses import lang_of, state_of
from publiccredit.web.session import require_subject
from publiccredit.web.watch_words import watch_words

WATCH = f"{ME}/watch"
ALERTS_SHOWN = 50


def _entries(state: ApiState, who: Caller) -> tuple[list[WatchEntry], list[StoredChange]]:
    with state.engine.connect() as conn:
        key = str(who.key_id)
        return list_entries(conn, key), recent(conn, key, ALERTS_SHOWN)


def _remove_button(request: Request, lang: str, subject: str) -> Markup:
    return post_button(request, url(f"{WATCH}/{subject}/remove", lang), watch_words(lang)["remove"])


def _watched(request: Request, lang: str, entries: list[WatchEntry]) -> Markup:
    words = watch_words(lang)
    if not entries:
        return render("<p>$t</p>", t=words["none_watched"])
    rows: list[list[object]] = [
        [link(f"{PREFIX}/subjects/{e.subject_key}", e.subject_key, lang), e.name or "",
         beijing_time(e.added_at, lang), _remove_button(request, lang, e.subject_key)]
        for e in entries
    ]  # fmt: skip
    return table([words["code"], words["name"], words["since"], words["remove"]], rows)


def _alerts(lang: str, found: list[StoredChange], names: dict[str, str]) -> Markup:
    words = watch_words(lang)
    if not found:
        return render("<p>$t</p>", t=words["no_alerts"])
    rows: list[list[object]] = [
        [beijing_time(c.at, lang), _company(lang, c.subject_key, names),
         words.get(c.kind, c.kind), c.item, c.legal_basis,
         c.effective_on or "", c.repair_possible_on or ""]
        for c in found
    ]  # fmt: skip
    headers = ["when", "subject", "change", "item", "legal_basis", "effective_on",
               "repair_possible_on"]  # fmt: skip
    return table([words[name] for name in headers], rows)


def _company(lang: str, subject_key: str, names: dict[str, str]) -> Markup:
    """The company's public profile link, named where the store knows its name."""
    label = f"{names[subject_key]} ({subject_key})" if subject_key in names else subject_key
    return link(f"{PREFIX}/subjects/{subject_key}", label, lang)


def _add_form(request: Request, lang: str, typed: str) -> Markup:
    words = watch_words(lang)
    return render(
        '<form method="post" action="$action" class="watch">$csrf'
        '<p><label for="subjects">$label</label><br>'
        '<textarea id="subjects" name="subjects" rows="4" cols="30" required>$typed</textarea></p>'
        '<p><button type="submit">$add</button></p></form>',
        action=url(WATCH, lang), csrf=csrf_field(request), label=words["subjects_label"],
        typed=typed, add=words["add"],
    )  # fmt: skip


def _page(request: Request, who: Caller, typed: str, top: Markup, status: int = 200) -> Response:
    state, lang = state_of(request), lang_of(request)
    words = watch_words(lang)
    done = request.query_params.get("done")
    count = request.query_params.get("n", "")
    if done == "added" and count.isdigit():
        top = join([notice(render(words["added"], n=count)), top])
    elif done == "removed":
        top = join([notice(words["removed"]), top])
    entries, alerts = _entries(state, who)
    body = join([
        top,
        render("<p>$t</p>", t=words["watch_intro"]),
        render("<h2>$h</h2>", h=words["alerts"]),
        _alerts(lang, alerts, {e.subject_key: e.name for e in entries if e.name}),
        render("<h2>$h</h2>", h=words["watched"]),
        _watched(request, lang, entries),
        render("<h2>$h</h2>", h=words["add_title"]),
        _add_form(request, lang, typed),
    ])  # fmt: skip
    return respond(request, words["watch"], body, status)


def watch_page(request: Request) -> Response:
    """The watch list, its recent alerts and the form to add companies."""
    return _page(request, require_subject(request), "", Markup(""))


def _labels(lang: str) -> dict[str, str]:
    words = watch_words(lang)
    return {"subject": words["subject_field"], "subjects": words["subjects"], "form": words["form"]}


def _add(request: Request, form: Any) -> Response:
    """Add the typed codes (all or nothing); back to the page, or the form with the problems."""
    who, state, lang = require_subject(request), state_of(request), lang_of(request)
    value = form.get("subjects")
    typed = value[:20_000] if isinstance(value, str) else ""
    codes = [line.strip() for line in typed.splitlines() if line.strip()]
    try:
        with write_unit(state.engine) as conn:
            added = watch(conn, str(who.key_id), codes, state.now())
    except USER_ERRORS as exc:
        problems = error_list(lang, problems_of(exc, _labels(lang)))
        return _page(request, who, typed, problems, 422)
    return redirect(WATCH, lang, done="added", n=len(added))


def _remove(request: Request, _form: Any) -> Response:
    """Stop watching one company (one not on the list is "not found")."""
    who, state, lang = require_subject(request), state_of(request), lang_of(request)
    try:
        (code,) = checked_subjects([request.path_params["subject"]])
        with write_unit(state.engine) as conn:
            remove_subject(conn, str(who.key_id), code)
    except USER_ERRORS as exc:
        return _page(request, who, "", error_list(lang, problems_of(exc, _labels(lang))), 404)
    return redirect(WATCH, lang, done="removed")


ROUTES: list[BaseRoute] = [
    Route("/me/watch", watch_page, methods=["GET"]),
    Route("/me/watch", posted(_add), methods=["POST"]),
    Route("/me/watch/{subject}/remove", posted(_remove), methods=["POST"]),
]
