"""The HTML renderers: one function per page, each taking what a ``data`` function returned.

Natural persons' names are masked (first character kept, e.g. ``周**``) and ID
numbers in facts masked, by ``domain.privacy`` — the same functions the API's
public view uses, so the data usually arrives masked already; masking twice
changes nothing. Stored ID numbers are masked by the store (``service.protect``).
"""

from __future__ import annotations

from typing import Any

from publiccredit.api.schemas import RecordsPage, SearchPage
from publiccredit.domain import privacy
from publiccredit.policy.model import Pack
from publiccredit.web.data import Hit
from publiccredit.web.html import Markup, join, link, render, url
from publiccredit.web.i18n import words
from publiccredit.web.labels import agency_name, entity_kind_name, region_name, status_name
from publiccredit.web.layout import PREFIX, next_link, search_form, table
from publiccredit.web.record_detail import capped_text, detail_text, reason_text
from publiccredit.web.report_words import REPORT_WORDS


def shown_name(subject: dict[str, Any]) -> str:
    """The subject's name as the public sees it (persons masked)."""
    return privacy.shown_name(subject.get("kind"), subject.get("name"))


def list_name(pack: Pack, list_id: str, lang: str) -> str:
    """The list's name in ``lang`` (its id if the active pack does not have it)."""
    found = pack.lists_by_id.get(list_id)
    if found is None:
        return list_id
    return found.name_zh if lang == "zh" else found.name_en


def record_type_name(pack: Pack, record_type: str, lang: str) -> str:
    """The record type's name in ``lang`` from the pack's directory (its id if unknown)."""
    found = pack.record_types.get(record_type)
    if found is None:
        return record_type
    return found.name_zh if lang == "zh" else found.name_en


def badges(pack: Pack, memberships: list[dict[str, Any]], lang: str) -> Markup:
    """One badge per list the subject is on: ``badge red`` or ``badge restrictive`` (the
    stylesheet marks them ★ and ⚠ as well as colouring them, so they are told apart
    without colour vision and in a black-and-white printout)."""
    shown = []
    for membership in memberships:
        found = pack.lists_by_id.get(membership["list"])
        kind = found.kind.value if found is not None else "restrictive"
        shown.append(
            render(
                '<span class="badge $kind" data-list="$id">$n</span>',
                kind=kind,
                id=membership["list"],
                n=list_name(pack, membership["list"], lang),
            )
        )
    return join(shown)


def home(lang: str) -> Markup:
    """The home page: one search box."""
    return search_form(lang)


def results(pack: Pack, lang: str, page: SearchPage, hits: list[Hit]) -> Markup:
    """Search hits with kind, region and list badges; a link to each profile."""
    say = words(lang)
    if not hits:
        listing = render("<p>$t</p>", t=say["no_results"])
    else:
        rows: list[list[object]] = [
            [
                link(
                    f"{PREFIX}/subjects/{hit.subject['subject_key']}", shown_name(hit.subject), lang
                ),
                hit.subject["subject_key"],
                say.get(hit.subject["kind"], hit.subject["kind"]),
                region_name(hit.subject.get("region"), lang),
                badges(pack, hit.lists, lang),
            ]
            for hit in hits
        ]
        headers = [say["name"], say["code"], say["kind"], say["region"], say["lists"]]
        listing = table(headers, rows)
    more = next_link(
        lang,
        f"{PREFIX}/search",
        say["more"],
        page.next_offset is not None,
        q=page.query,
        offset=page.next_offset,
    )
    return join([search_form(lang, page.query), listing, more])


def _facts(body: dict[str, Any], shown: RecordsPage, lang: str) -> Markup:
    say = words(lang)
    facts: list[list[object]] = [
        [say["code"], body["subject_key"]],
        [say["name"], shown_name(body)],
        [say["kind"], say.get(body["kind"], body["kind"])],
        [say["entity_kind"], entity_kind_name(body.get("entity_kind"), lang)],
        [say["region"], region_name(body.get("region"), lang)],
    ]
    for item in shown.items:
        record = item["record"]
        if record["record_type"] == "registration":
            extra = record.get("extra") or {}
            facts.append([say["status"], status_name(extra.get("status"), lang)])
            if extra.get("legal_representative_name"):
                facts.append(
                    [say["legal_rep"], privacy.mask_name(extra["legal_representative_name"])]
                )
    return render("<table><tbody>$rows</tbody></table>", rows=join(
        render("<tr><th>$k</th><td>$v</td></tr>", k=k, v=v) for k, v in facts
    ))  # fmt: skip


def _rating(pack: Pack, body: dict[str, Any], lang: str) -> Markup:
    say = words(lang)
    rating = body.get("rating")
    skipped = body.get("not_rated")
    if not rating and skipped:
        return render(
            '<p class="not-rated" data-code="$c">$t: $r</p>',
            c=skipped.get("code"), t=say["not_rated"], r=skipped.get("reason"),
        )  # fmt: skip
    if not rating:
        return render("<p>$t</p>", t=say["not_assessed"])
    reasons = ("；" if lang == "zh" else "; ").join(
        reason_text(pack, r, lang) for r in rating.get("reasons") or []
    )
    shown = table(
        [say["level"], say["score"], say["reasons"], say["as_of"]],
        [[rating.get("level"), rating.get("score"), reasons or say["none"], body.get("as_of")]],
    )
    capped = capped_text(pack, rating, lang)
    return join([shown, render('<p class="capped">$t</p>', t=capped)]) if capped else shown


def _lists(pack: Pack, body: dict[str, Any], lang: str) -> Markup:
    say = words(lang)
    if not body["lists"]:
        return render("<p>$t</p>", t=say["none"])
    rows: list[list[object]] = [
        [badges(pack, [m], lang), m["since"], m.get("until") or say["open_ended"],
         m.get("legal_basis") or ""]
        for m in body["lists"]
    ]  # fmt: skip
    return table([say["lists"], say["since"], say["until"], say["legal_basis"]], rows)


def _measures(pack: Pack, body: dict[str, Any], lang: str) -> Markup:
    say = words(lang)
    catalogue = {measure.id: measure for measure in pack.measures}
    rows: list[list[object]] = []
    for entry in body["measures"]:
        found = catalogue.get(entry["measure"])
        plain = entry.get("content_en", "")
        if found is not None:
            plain = found.content_zh if lang == "zh" else found.content_en
        agency = agency_name(entry.get("implementing_agency"), lang)
        rows.append([plain, agency, entry.get("legal_basis", "")])
    if not rows:
        return render("<p>$t</p>", t=say["none"])
    return table([say["measures"], say["agency"], say["legal_basis"]], rows)


def _records(pack: Pack, shown: RecordsPage, lang: str) -> Markup:
    say = words(lang)
    rows: list[list[object]] = [
        [record_type_name(pack, r["record"]["record_type"], lang), r["record"].get("decided_on"),
         agency_name(r["record"]["agency"], lang),
         r["record"]["source_record_id"], privacy.mask_text(r["record"].get("facts") or ""),
         privacy.mask_text(detail_text(r["record"], lang))]
        for r in shown.items
    ]  # fmt: skip
    headers = [say["record_type"], say["decided_on"], say["agency"], say["record_id"], say["facts"],
               say["details"]]  # fmt: skip
    if not rows:
        return render("<p>$t</p>", t=say["none"])
    after = shown.offset + shown.limit
    more = next_link(
        lang,
        f"{PREFIX}/subjects/{shown.subject_key}",
        say["more"],
        after < shown.total,
        offset=after,
    )
    counted = render('<p class="muted">$a–$b / $n</p>', a=shown.offset + 1,
                     b=min(after, shown.total), n=shown.total)  # fmt: skip
    return join([counted, table(headers, rows), more])


def profile(pack: Pack, lang: str, body: dict[str, Any], shown: RecordsPage) -> Markup:
    """Registration facts, rating, lists, measures in force and the published records."""
    say = words(lang)
    sections = [
        ("profile", _facts(body, shown, lang)),
        ("rating", _rating(pack, body, lang)),
        ("current_lists", _lists(pack, body, lang)),
        ("measures", _measures(pack, body, lang)),
        ("records", _records(pack, shown, lang)),
    ]
    report = render(  # the printable, verifiable report of this profile (report_pages)
        '<p><a id="report-link" href="$href">$label</a></p>',
        href=url(f"{PREFIX}/subjects/{body['subject_key']}/report", lang),
        label=REPORT_WORDS[lang]["report_link"],
    )
    shown_sections = (render("<h2>$h</h2>$s", h=say[k], s=section) for k, section in sections)
    return join([report, *shown_sections])
