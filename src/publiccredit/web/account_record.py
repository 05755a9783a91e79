"""The HTML of ``/portal/me``: the signed-in subject's full own record.

Unlike the public profile it shows every record in every state (ended,
repaired, not published, under objection), says for each whether the public
sees it, and links each to the objection form. The subject's own name is
shown in full (it is the subject's own page); ID numbers arrive masked from
the store as everywhere.
"""

from __future__ import annotations

from typing import Any

from publiccredit.api.schemas import RecordsPage
from publiccredit.api.views import publicly_visible
from publiccredit.domain.assessment import PublicationState
from publiccredit.domain.privacy import mask_name
from publiccredit.policy.model import Pack
from publiccredit.web.account_common import ME
from publiccredit.web.account_data import OwnRecord
from publiccredit.web.account_words import named, say
from publiccredit.web.html import Markup, join, link, render
from publiccredit.web.labels import agency_name
from publiccredit.web.layout import PREFIX, next_link, table
from publiccredit.web.pages import list_name, record_type_name


def _facts(lang: str, body: dict[str, Any], registration: RecordsPage) -> Markup:
    words = say(lang)
    facts: list[tuple[str, object]] = [
        (words["code"], body["subject_key"]),
        (words["name"], body.get("name") or ""),
        (words["kind"], words.get(body["kind"], body["kind"])),
        (words["entity_kind"], body.get("entity_kind") or ""),
        (words["region"], body.get("region") or ""),
    ]
    for item in registration.items[-1:]:
        extra = item["record"].get("extra") or {}
        facts.append((words["status"], extra.get("status", "")))
        if extra.get("legal_representative_name"):
            facts.append((words["legal_rep"], mask_name(extra["legal_representative_name"])))
    rows = join(render("<tr><th>$k</th><td>$v</td></tr>", k=k, v=v) for k, v in facts)
    return render("<table><tbody>$rows</tbody></table>", rows=rows)


def _reason(reason: object) -> str:
    if isinstance(reason, dict):
        return str(reason.get("code") or reason.get("rule") or reason)
    return str(reason)


def _rating(lang: str, body: dict[str, Any]) -> Markup:
    words = say(lang)
    rating = body.get("rating")
    skipped = body.get("not_rated")
    if not rating and skipped:
        return render('<p class="not-rated">$t: $r</p>', t=words["not_rated"],
                      r=skipped.get("reason"))  # fmt: skip
    if not rating:
        return render("<p>$t</p>", t=words["not_assessed"])
    reasons = ", ".join(_reason(r) for r in rating.get("reasons") or []) or words["none"]
    return table(
        [words["level"], words["score"], words["reasons"], words["as_of"]],
        [[rating.get("level"), rating.get("score"), reasons, body.get("as_of")]],
    )


def _refs(refs: list[dict[str, Any]]) -> str:
    return ", ".join(f"{r.get('agency')} {r.get('source_record_id')}" for r in refs)


def _lists(pack: Pack, lang: str, body: dict[str, Any]) -> Markup:
    words = say(lang)
    rows: list[list[object]] = [
        [list_name(pack, m["list"], lang), m.get("since") or "", m.get("until") or
         words["open_ended"], m.get("legal_basis") or "", _refs(m.get("because_of") or [])]
        for m in body["lists"]
    ]  # fmt: skip
    if not rows:
        return render("<p>$t</p>", t=words["none"])
    headers = ["list", "since", "until", "legal_basis", "because_of"]
    return table([words[h] for h in headers], rows)


def _measures(pack: Pack, lang: str, body: dict[str, Any]) -> Markup:
    words = say(lang)
    catalogue = {measure.id: measure for measure in pack.measures}
    rows: list[list[object]] = []
    for entry in body["measures"]:
        found = catalogue.get(entry["measure"])
        plain = entry.get("content_en") or entry["measure"]
        if found is not None:
            plain = found.content_zh if lang == "zh" else found.content_en
        until = entry.get("until") or words["open_ended"]
        agency = agency_name(entry.get("implementing_agency"), lang)
        rows.append([plain, agency, entry.get("since") or "", until,
                     entry.get("legal_basis") or ""])  # fmt: skip
    if not rows:
        return render("<p>$t</p>", t=words["none"])
    headers = ["measure", "agency", "since", "until", "legal_basis"]
    return table([words[h] for h in headers], rows)


def _state_filter(lang: str, chosen: str | None) -> Markup:
    words = say(lang)
    options = [render('<option value="">$t</option>', t=words["all_states"])]
    for value in PublicationState:
        selected = " selected" if value.value == chosen else ""
        options.append(render(f'<option value="$v"{selected}>$t</option>', v=value.value,
                              t=named(lang, "state", value.value)))  # fmt: skip
    return render(
        '<form method="get" action="$action" class="filter">'
        '<input type="hidden" name="lang" value="$lang">'
        '<label for="state">$label</label><select id="state" name="state">$options</select>'
        '<button type="submit">$button</button></form>',
        action=ME, lang=lang, label=words["state"], options=join(options),
        button=words["filter"],
    )  # fmt: skip


def _records(pack: Pack, lang: str, shown: RecordsPage, chosen: str | None) -> Markup:
    words = say(lang)
    rows: list[list[object]] = []
    for item in shown.items:
        record = item["record"]
        state = item.get("state")
        public = publicly_visible(pack, record["record_type"], state)
        objection = link(f"{ME}/objections/new", words["object"], lang,
                         agency=record["agency"], record=record["source_record_id"])  # fmt: skip
        rows.append([
            record_type_name(pack, record["record_type"], lang),
            record.get("decided_on") or "", record["agency"],
            record["source_record_id"], named(lang, "state", state),
            words["yes"] if public else words["no"], record.get("facts") or "", objection,
        ])  # fmt: skip
    filter_form = _state_filter(lang, chosen)
    if not rows:
        return join([filter_form, render("<p>$t</p>", t=words["none"])])
    after = shown.offset + shown.limit
    counted = render('<p class="muted">$t</p>', t=render(
        words["shown"], a=shown.offset + 1, b=min(after, shown.total), n=shown.total))  # fmt: skip
    more = next_link(lang, ME, words["more"], after < shown.total, offset=after, state=chosen)
    headers = ["record_type", "decided_on", "agency", "record_id", "state", "public", "facts",
               "object"]  # fmt: skip
    return join([filter_form, counted, table([words[h] for h in headers], rows), more])


def actions(lang: str, subject_key: str) -> Markup:
    """Links to everything the subject can do from its own record."""
    words = say(lang)
    targets = [
        (f"{ME}/cases", "cases"),
        (f"{ME}/objections/new", "new_objection"),
        (f"{ME}/consents", "consents"),
        (f"{ME}/reads", "reads"),
        (f"{ME}/watch", "watch"),
        (f"{ME}/what-if", "what_if"),
        (f"{ME}/repair", "repair"),
        (f"{PREFIX}/subjects/{subject_key}/report", "report"),
    ]
    items = join(render("<li>$a</li>", a=link(path, words[key], lang)) for path, key in targets)
    return render('<nav class="actions" aria-label="$label"><ul>$items</ul></nav>',
                  label=words["links"], items=items)  # fmt: skip


def own_record_page(
    pack: Pack, lang: str, found: OwnRecord, chosen: str | None, header: Markup
) -> Markup:
    """The whole own-record page body (``header``: who is signed in, sign-out)."""
    words = say(lang)
    body = found.profile
    sections = [
        ("profile", _facts(lang, body, found.registration)),
        ("rating", _rating(lang, body)),
        ("lists", _lists(pack, lang, body)),
        ("measures", _measures(pack, lang, body)),
        ("records", _records(pack, lang, found.records, chosen)),
    ]
    return join([
        header,
        render("<p>$t</p>", t=words["own_intro"]),
        actions(lang, body["subject_key"]),
        *(render("<h2>$h</h2>$s", h=words[key], s=section) for key, section in sections),
    ])  # fmt: skip
