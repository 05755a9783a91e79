"""HTML of the repair page: eligible records (the form), the others with why and from when,
open applications, and a filed case with its deadlines.

Stable element ids: ``repair-form`` (checkboxes ``repair-record-N``, ``repair-proof``,
``repair-commitment``, ``repair-submit``), ``repair-not-yet`` (a row per record not
eligible yet, with the reason and the date), ``repair-open-cases``, ``repair-result``
(the case filed, ``data-case`` its id) and ``repair-refused`` (a refusal; nothing stored).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from publiccredit.policy.model import Pack
from publiccredit.web.html import Markup, join, link, render, url
from publiccredit.web.layout import PREFIX, table
from publiccredit.web.pages import record_type_name
from publiccredit.web.repair_data import Candidate, RepairOverview
from publiccredit.web.what_if_common import record_label
from publiccredit.web.what_if_words import say

REPAIR_PATH = f"{PREFIX}/me/repair"


def token(candidate: Candidate) -> str:
    """What the form sends back to name a record."""
    return json.dumps(list(candidate.key), ensure_ascii=False)


def why_not(candidate: Candidate, lang: str) -> str:
    """Why a record cannot be applied for today, in words (blockers, else the minimum period)."""
    words = say(lang)
    if candidate.pending_case is not None:
        return render(words["already_applied"], case=candidate.pending_case)
    blockers = [words.get(blocker, blocker) for blocker in candidate.repair.blockers]
    if not blockers:
        return words["minimum_period"]
    return ("；" if lang == "zh" else "; ").join(blockers)


def _eligible_rows(pack: Pack, lang: str, eligible: Sequence[Candidate]) -> Markup:
    return join(
        render(
            '<tr><td><input type="checkbox" id="repair-record-$i" name="record" value="$token">'
            '</td><td><label for="repair-record-$i">$label</label></td><td>$kind</td>'
            "<td>$decided</td><td>$since</td></tr>",
            i=index,
            token=token(candidate),
            label=record_label(candidate.key),
            kind=record_type_name(pack, candidate.record_type, lang),
            decided=candidate.decided_on.isoformat(),
            since=str(candidate.repair.eligible_from or ""),
        )
        for index, candidate in enumerate(eligible)
    )


def form(csrf: Markup, pack: Pack, lang: str, found: RepairOverview, proof: str = "",
         commitment: str = "") -> Markup:  # fmt: skip
    """The application form over the records eligible today (and not applied for yet)."""
    words = say(lang)
    eligible = found.eligible
    if not eligible:
        return render('<p id="repair-none-eligible">$t</p>', t=words["none_eligible"])
    materials = join(render("<li>$m</li>", m=words.get(m, m)) for m in found.materials)
    return render(
        '<form id="repair-form" method="post" action="$action">$csrf'
        "<table><thead><tr><th>$choose</th><th>$record</th><th>$kind</th><th>$decided</th>"
        "<th>$since</th></tr></thead><tbody>$rows</tbody></table>"
        "<p>$materials_label</p><ul>$materials</ul>"
        '<p><label for="repair-proof">$proof_label</label><br>'
        '<textarea id="repair-proof" name="proof" rows="3" cols="60" maxlength="4000">'
        "$proof</textarea></p>"
        '<p><label for="repair-commitment">$commitment_label</label><br>'
        '<textarea id="repair-commitment" name="commitment" rows="4" cols="60" maxlength="2000">'
        "$commitment</textarea></p>"
        '<p><button type="submit" id="repair-submit">$button</button></p></form>',
        action=url(REPAIR_PATH, lang),
        csrf=csrf,
        choose=words["choose"],
        record=words["record"],
        kind=words["record_type"],
        decided=words["decided_on"],
        since=words["eligible_from"],
        rows=_eligible_rows(pack, lang, eligible),
        materials_label=words["materials"],
        materials=materials,
        proof_label=words["proof"],
        proof=proof,
        commitment_label=words["commitment"],
        commitment=commitment,
        button=words["apply"],
    )


def not_yet(pack: Pack, lang: str, found: RepairOverview) -> Markup:
    """Every record that cannot be applied for today: why, from when, the engine's details."""
    words = say(lang)
    others = [c for c in found.candidates if c not in found.eligible]
    if not others:
        return Markup("")
    rows = join(
        render(
            '<tr data-record="$label"><td>$label</td><td>$kind</td><td>$decided</td>'
            '<td class="eligible-from">$since</td><td class="why">$why</td>'
            '<td class="muted">$details</td></tr>',
            label=record_label(c.key),
            kind=record_type_name(pack, c.record_type, lang),
            decided=c.decided_on.isoformat(),
            since=c.repair.eligible_from.isoformat()
            if c.repair.eligible_from
            else words["no_date"],
            why=why_not(c, lang),
            details=c.repair.reason,
        )
        for c in others
    )
    headers = (words["record"], words["record_type"], words["decided_on"],
               words["eligible_from"], words["why"], words["details"])  # fmt: skip
    return render(
        '<h2>$title</h2><table id="repair-not-yet"><thead><tr>$head</tr></thead>'
        "<tbody>$rows</tbody></table>",
        title=words["not_yet"],
        head=join(render("<th>$h</th>", h=h) for h in headers),
        rows=rows,
    )


def _deadlines(case: dict[str, Any], lang: str) -> Markup:
    words = say(lang)
    rows: list[list[object]] = [
        [words.get(f"step_{d.get('step')}", d.get("step", "")), d.get("due_on", ""),
         words["provisional"] if d.get("provisional") else ""]
        for d in case.get("deadlines") or []
    ]  # fmt: skip
    if not rows:
        return render("<p>$t</p>", t=words["none"])
    return table([words["step"], words["due_on"], ""], rows)


def _records(case: dict[str, Any]) -> str:
    details = case.get("details") or {}
    return ", ".join(record_label(r.get("key") or []) for r in details.get("records") or [])


def _state(case: dict[str, Any], lang: str) -> str:
    state = str(case.get("state", ""))
    return say(lang).get(f"case_{state}", state)


def case_view(case: dict[str, Any], lang: str) -> Markup:
    """The case just filed: id, state, the records applied for, and its running deadlines."""
    words = say(lang)
    return render(
        '<section id="repair-result" class="case" data-case="$case_id" role="status">'
        "<h2>$title</h2><table><tbody><tr><th>$id_label</th><td>$case_id</td></tr>"
        '<tr><th>$state_label</th><td data-state="$raw_state">$state</td></tr>'
        "<tr><th>$records_label</th><td>$records</td></tr></tbody></table>"
        "<h3>$deadlines_label</h3>$deadlines</section>",
        title=words["application"],
        id_label=words["case_id"],
        case_id=case.get("id", ""),
        state_label=words["case_state"],
        raw_state=case.get("state", ""),
        state=_state(case, lang),
        records_label=words["applied_records"],
        records=_records(case),
        deadlines_label=words["deadlines"],
        deadlines=_deadlines(case, lang),
    )


def open_cases(cases: Sequence[dict[str, Any]], lang: str, shown: str = "") -> Markup:
    """The applications still open (but the one just shown): records, state, next deadline."""
    words = say(lang)
    rows: list[list[object]] = []
    for case in cases:
        if case.get("id") == shown:
            continue
        deadlines = sorted(case.get("deadlines") or [], key=lambda d: str(d.get("due_on")))
        due = deadlines[0].get("due_on", "") if deadlines else ""
        rows.append([case.get("id", ""), _records(case), _state(case, lang), due])
    if not rows:
        return Markup("")
    headers = [words["case_id"], words["applied_records"], words["case_state"],
               words["next_deadline"]]  # fmt: skip
    return render('<div id="repair-open-cases"><h2>$t</h2>$table</div>', t=words["open_cases"],
                  table=table(headers, rows))  # fmt: skip


def page_body(csrf: Markup, pack: Pack, lang: str, found: RepairOverview, top: Markup,
              proof: str = "", commitment: str = "", shown: str = "") -> Markup:  # fmt: skip
    """The whole repair page: intro, a result or refusal, the form, the others, open cases."""
    words = say(lang)
    if not found.candidates:
        listing = render('<p id="repair-no-candidates">$t</p>', t=words["no_candidates"])
    else:
        listing = join([
            render("<h2>$t</h2>", t=words["eligible_now"]),
            form(csrf, pack, lang, found, proof, commitment),
            not_yet(pack, lang, found),
        ])  # fmt: skip
    cases = [case.to_json() for case in found.open_cases]
    return join([
        render("<p>$t</p>", t=words["repair_intro"]),
        top,
        listing,
        open_cases(cases, lang, shown),
        render("<p>$l</p>", l=link(f"{PREFIX}/me/what-if", words["to_what_if"], lang)),
    ])  # fmt: skip
