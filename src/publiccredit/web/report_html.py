"""The public credit report as a printable HTML page (one renderer of ``report_data.Report``).

The page carries everything the PDF does: the public facts as of the date,
the signed tree head, the public key, how to verify, and every inclusion
proof. ``REPORT_CSS`` (served at ``/portal/static/report.css``) hides the
navigation and the forms when printing and keeps hashes from overflowing.
"""

from __future__ import annotations

from collections.abc import Sequence

from publiccredit.web.html import Markup, join, render, url
from publiccredit.web.labels import agency_name
from publiccredit.web.layout import PREFIX, table
from publiccredit.web.report_data import Report
from publiccredit.web.report_words import fact_rows, report_words, state_name

REPORT_CSS = """/* The public credit report: screen and print. */
.report .actions { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; }
.report .actions form { display: flex; gap: 0.5rem; align-items: baseline; }
.report pre.steps { white-space: pre-wrap; font: inherit; }
.report td.hash, .report code { font-family: ui-monospace, monospace; font-size: 0.8rem;
  word-break: break-all; }
.report .proof { margin: 0 0 0.75rem; padding: 0.25rem 0; border-bottom: 1px solid #ddd; }
@media print {
  header, footer, .no-print { display: none !important; }
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  tr, .proof { break-inside: avoid; }
}
"""


def _pairs(rows: Sequence[tuple[str, object]], cls: str = "") -> Markup:
    cell = '<td class="hash">$v</td>' if cls == "hash" else "<td>$v</td>"
    return render(
        "<table><tbody>$rows</tbody></table>",
        rows=join(render(f"<tr><th>$k</th>{cell}</tr>", k=k, v=v) for k, v in rows),
    )


def _actions(report: Report) -> Markup:
    say = report_words(report.lang)
    base = f"{PREFIX}/subjects/{report.subject['subject_key']}/report"
    return render(
        '<div class="actions no-print">'
        '<a id="report-pdf" href="$pdf" download>$pdf_label</a>'
        '<a id="report-json" href="$json">$json_label</a>'
        '<form method="get" action="$action"><input type="hidden" name="lang" value="$lang">'
        '<label for="as_of">$date_label</label>'
        '<input type="date" id="as_of" name="as_of" value="$as_of" max="$today" required>'
        '<button type="submit">$show</button></form></div>',
        pdf=url(f"{base}.pdf", report.lang, as_of=report.as_of),
        pdf_label=say["download_pdf"],
        json=url(f"{base}.json", report.lang, as_of=report.as_of),
        json_label=say["download_json"],
        action=base,
        lang=report.lang,
        date_label=say["change_date"],
        as_of=report.as_of,
        today=report.generated_at[:10],
        show=say["show"],
    )


def _subject(report: Report) -> Markup:
    return _pairs(fact_rows(report))


def _rating(report: Report) -> Markup:
    say = report_words(report.lang)
    if report.rating is None and report.not_rated:
        return render(
            '<p class="not-rated">$t: $r</p>', t=say["not_rated"], r=report.not_rated["reason"]
        )
    if report.rating is None:
        return render("<p>$t</p>", t=say["not_assessed"])
    reasons = (
        "; ".join(report.rating.get("reasons_shown") or report.rating["reasons"]) or say["none"]
    )
    shown = table(
        [say["level"], say["score"], say["reasons"]],
        [[report.rating["level"], report.rating["score"], reasons]],
    )
    capped = report.rating.get("capped") or ""
    return join([shown, render('<p class="capped">$t</p>', t=capped)]) if capped else shown


def _lists(report: Report) -> Markup:
    say = report_words(report.lang)
    if not report.lists:
        return render("<p>$t</p>", t=say["none"])
    rows: list[list[object]] = [
        [m["name"], m["since"], m["until"] or say["open_ended"], m["legal_basis"]]
        for m in report.lists
    ]
    return table([say["lists"], say["since"], say["until"], say["legal_basis"]], rows)


def _measures(report: Report) -> Markup:
    say = report_words(report.lang)
    if not report.measures:
        return render("<p>$t</p>", t=say["none"])
    rows: list[list[object]] = [
        [m["content"], agency_name(m["implementing_agency"], report.lang), m["legal_basis"]]
        for m in report.measures
    ]
    return table([say["measures"], say["agency"], say["legal_basis"]], rows)


def _records(report: Report) -> Markup:
    say = report_words(report.lang)
    if not report.records:
        return render("<p>$t</p>", t=say["no_records"])
    headers = [
        say["record_type"], say["decided_on"], say["agency"], say["record_id"],
        say["record_state"], say["published_until"], say["facts"], say["details"], say["events"],
    ]  # fmt: skip
    rows: list[list[object]] = [
        [r.record_type_name, r.decided_on, agency_name(r.agency, report.lang), r.source_record_id,
         state_name(say, r.state),
         r.published_until or say["open_ended"], r.facts, r.details, ", ".join(map(str, r.events))]
        for r in report.records
    ]  # fmt: skip
    return join([render('<p class="muted">$n</p>', n=len(rows)), table(headers, rows)])


def _head(report: Report) -> Markup:
    say = report_words(report.lang)
    key = [(say["public_key"], report.public_key["raw_hex"])]
    if report.head is None:
        return join([render("<p>$t</p>", t=say["no_head"]), _pairs(key, "hash")])
    head = report.head
    rows: list[tuple[str, object]] = [
        (say["head_size"], head["size"]),
        (say["head_root"], head["root_hex"]),
        (say["head_time"], head["timestamp"]),
        (say["head_key_id"], head["key_id"]),
        (say["head_signature"], head["signature_hex"]),
        *key,
    ]
    return _pairs(rows, "hash")


def _pending(report: Report) -> Markup:
    if not report.pending_events:
        return Markup("")
    say = report_words(report.lang)
    return render(
        "<p>$t $seqs</p>", t=say["pending"], seqs=", ".join(map(str, report.pending_events))
    )


def _proofs(report: Report) -> Markup:
    say = report_words(report.lang)
    blocks = (
        render(
            '<div class="proof" id="proof-$seq"><table><tbody>'
            "<tr><th>seq</th><td>$seq</td></tr>"
            "<tr><th>leaf_index</th><td>$index</td></tr>"
            "<tr><th>tree_size</th><td>$size</td></tr>"
            '<tr><th>leaf</th><td class="hash">$leaf</td></tr>'
            '<tr><th>leaf_hash</th><td class="hash">$leaf_hash</td></tr>'
            '<tr><th>proof</th><td class="hash">$path</td></tr>'
            "</tbody></table></div>",
            seq=proof.seq,
            index=proof.leaf_index,
            size=proof.tree_size,
            leaf=proof.leaf,
            leaf_hash=proof.leaf_hash_hex,
            path=join(render("$h<br>", h=h) for h in proof.proof_hex),
        )
        for proof in report.proofs
    )
    return join([render("<p>$t</p>", t=say["proofs_intro"]), *blocks])


def report_page(report: Report) -> Markup:
    """The report's HTML body (the layout adds the header, language switch and footer)."""
    say = report_words(report.lang)
    sections = [
        ("subject", _subject(report)),
        ("rating", _rating(report)),
        ("lists_on", _lists(report)),
        ("measures_on", _measures(report)),
        ("records", _records(report)),
        ("head", join([_head(report), _pending(report)])),
        ("how_to_verify", render('<pre class="steps">$t</pre>', t=say["verify_steps"])),
        ("proofs", _proofs(report)),
    ]
    return render(
        '<link rel="stylesheet" href="$css"><div class="report">$actions$sections</div>',
        css=f"{PREFIX}/static/report.css",
        actions=_actions(report),
        sections=join(render("<h2>$h</h2>$s", h=say[key], s=body) for key, body in sections),
    )
