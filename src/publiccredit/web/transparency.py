"""The transparency page: the current signed tree head, how anyone can check it, and a form
that checks an inclusion proof.

The form (``POST /portal/transparency``, CSRF-protected like every portal
form) takes a leaf hash or the leaf text itself, the leaf index, the tree
size, the audit path and the root, and says whether the proof verifies and,
if not, why (``report_verify``: the ledger's own ``verify_inclusion``). It is
pre-filled with the current signed head's size and root. Anonymous visitors
may use it: it reads nothing from the store but the head.
"""

from __future__ import annotations

from string import Template

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from publiccredit.api.schemas import TreeHeadOut
from publiccredit.web import data
from publiccredit.web.catalogues import catalogue
from publiccredit.web.csrf import check_csrf, csrf_field
from publiccredit.web.forms import read_form
from publiccredit.web.html import Markup, join, render
from publiccredit.web.i18n import language, words
from publiccredit.web.layout import PREFIX, table
from publiccredit.web.report_http import respond
from publiccredit.web.report_verify import FIELDS, Checked, Issue, check_proof
from publiccredit.web.responses import lang_of, state_of

HOW_TO_VERIFY = {
    "zh": """<ol>
<li>用 <a href="/v1/transparency/public-key">/v1/transparency/public-key</a>
取得 Ed25519 公钥，核对其密钥编号与树头中的 key_id 一致。</li>
<li>按 docs/ledger.md 所述的消息格式验证树头签名 signature_hex。</li>
<li>下载名单时记下响应头 X-Ledger-Tree-Size 与 X-Ledger-Root；之后用
<code>/v1/transparency/consistency?from=旧大小</code>
取一致性证明（RFC 6962 §2.1.2），确认账本只追加、从未改写。</li>
<li>单个事件用 <code>/v1/transparency/inclusion?seq=序号</code>
取包含证明（RFC 6962 §2.1.1）。</li>
</ol>""",
    "en": """<ol>
<li>Fetch the Ed25519 public key from
<a href="/v1/transparency/public-key">/v1/transparency/public-key</a>
and check that its key id equals the head's key_id.</li>
<li>Verify the head's signature_hex over the message described in docs/ledger.md.</li>
<li>When you download a list, note the X-Ledger-Tree-Size and X-Ledger-Root headers;
later ask <code>/v1/transparency/consistency?from=OLD_SIZE</code> for a consistency
proof (RFC 6962 §2.1.2): it shows the ledger was only appended to, never rewritten.</li>
<li>For one event, <code>/v1/transparency/inclusion?seq=SEQ</code> gives its
inclusion proof (RFC 6962 §2.1.1).</li>
</ol>""",
}


CHECK_WORDS: dict[str, dict[str, str]] = catalogue("transparency.CHECK_WORDS")


def _say(lang: str) -> dict[str, str]:
    return CHECK_WORDS[language(lang)]


def _fill(template: str, args: dict[str, str]) -> str:
    """A sentence with its ``$names`` filled in (plain text: escaped when rendered)."""
    return Template(template).safe_substitute(args)


def proof_form(lang: str, csrf: Markup, values: dict[str, str]) -> Markup:
    """The proof-check form (``id="proof-form"``), showing ``values`` again after a check."""
    say = _say(lang)
    inputs = join(
        render(
            '<p><label for="pc-$name">$label</label><br>$control</p>',
            name=name,
            label=say[name],
            control=_control(name, values.get(name, "")),
        )
        for name in FIELDS
    )
    return render(
        '<form id="proof-form" method="post" action="$action">$csrf$inputs'
        '<button type="submit">$submit</button></form>',
        action=f"{PREFIX}/transparency?lang={language(lang)}",
        csrf=csrf,
        inputs=inputs,
        submit=say["submit"],
    )


def _control(name: str, value: str) -> Markup:
    if name in ("leaf", "proof"):
        rows = 3 if name == "leaf" else 8
        return render(
            '<textarea id="pc-$name" name="$name" rows="$rows" cols="70" spellcheck="false"'
            ' style="width:100%;max-width:44rem">'
            "$value</textarea>",
            name=name, rows=rows, value=value,
        )  # fmt: skip
    kind = "text" if name == "root" else "number"
    extra = ' size="70" style="width:100%;max-width:44rem"' if name == "root" else ' min="0"'
    return render(
        f'<input type="{kind}" id="pc-$name" name="$name" value="$value"{extra}>',
        name=name, value=value,
    )  # fmt: skip


def _issue_row(lang: str, issue: Issue) -> list[object]:
    say = _say(lang)
    return [say[issue.field], issue.value, _fill(say[issue.reason], issue.args)]


def proof_result(lang: str, checked: Checked) -> Markup:
    """The outcome (``id="proof-result"``, class ``verified`` or ``not-verified``)."""
    say = _say(lang)
    parts: list[Markup] = []
    if checked.leaf_was_text and checked.leaf_hash_hex:
        parts.append(
            render("<p>$t</p>", t=_fill(say["leaf_text"], {"hash": checked.leaf_hash_hex}))
        )
    if checked.verified:
        parts.append(render("<p><strong>$t</strong></p>", t=_fill(say["verified"], checked.args)))
    elif checked.issues:
        rows = [_issue_row(lang, issue) for issue in checked.issues]
        parts.append(render("<p><strong>$t</strong></p>", t=say["problems"]))
        parts.append(table([say["field"], say["value"], say["reason"]], rows))
    else:
        why = _fill(say[checked.failure or "mismatch"], checked.args)
        parts.append(render("<p><strong>$t</strong> $why</p>", t=say["not_verified"], why=why))
    return render(
        '<section id="proof-result" class="$cls" role="status">$parts</section>',
        cls="verified" if checked.verified else "not-verified",
        parts=join(parts),
    )


def _head_values(found: TreeHeadOut | None) -> dict[str, str]:
    return {} if found is None else {"tree_size": str(found.size), "root": found.root_hex}


def transparency(
    lang: str,
    found: TreeHeadOut | None,
    request: Request | None = None,
    values: dict[str, str] | None = None,
    result: Markup | None = None,
) -> Markup:
    """The signed head (or a note that there is none yet), the verification steps and, given
    the ``request`` (for the form's CSRF token), the proof-check form and its ``result``."""
    say = words(lang)
    if found is None:
        shown = render("<p>$t</p>", t=say["no_head"])
    else:
        shown = render(
            "<table><tbody>$rows</tbody></table>",
            rows=join(
                render('<tr><th>$k</th><td class="hash">$v</td></tr>', k=k, v=v)
                for k, v in found.model_dump().items()
            ),
        )
    parts = [
        render("<h2>$h</h2>", h=say["tree_head"]),
        shown,
        render("<h2>$h</h2>", h=say["verify"]),
        Markup(HOW_TO_VERIFY["zh" if lang == "zh" else "en"]),
    ]
    if request is not None:
        check = _say(lang)
        shown_values = values if values is not None else _head_values(found)
        parts += [
            render('<h2 id="check">$h</h2><p>$t</p>', h=check["check"], t=check["check_intro"]),
            result or Markup(""),
            proof_form(lang, csrf_field(request), shown_values),
        ]
    return join(parts)


async def check_proof_page(request: Request) -> Response:
    """``POST /portal/transparency``: check the pasted proof (after the CSRF check)."""
    form = await read_form(request)
    return await run_in_threadpool(_checked_page, request, form)


def _checked_page(request: Request, form: dict[str, str]) -> Response:
    check_csrf(request, form)
    state, lang = state_of(request), lang_of(request)
    found = data.tree_head(state, data.public_caller(state, request))
    values = {name: form.get(name, "")[:20_000] for name in FIELDS}
    checked = check_proof(values)
    body = transparency(lang, found, request, values, proof_result(lang, checked))
    return respond(request, words(lang)["transparency"], body)


ROUTES: list[BaseRoute] = [Route("/transparency", check_proof_page, methods=["POST"])]
"""The form's POST; the GET page itself is ``app.transparency_page``."""
