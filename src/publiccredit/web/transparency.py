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


CHECK_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "check": "核验包含证明",
        "check_intro": "粘贴叶子哈希（或叶子文本本身）、叶子索引、树大小、审计路径（每行一个哈希，"
        "或用空格、逗号分隔）与根哈希。树大小与根哈希已按当前签名树头预填。",
        "leaf": "叶子哈希或叶子文本",
        "leaf_index": "叶子索引（序号减 1）",
        "tree_size": "树大小",
        "proof": "审计路径",
        "root": "根哈希",
        "submit": "核验",
        "verified": "已验证：索引为 $index 的叶子 $leaf 包含在大小为 $size、"
        "根哈希为 $root 的树中。",
        "not_verified": "未通过验证。",
        "length": "在大小为 $size 的树中，索引 $index 的审计路径应有 $want 个哈希，"
        "您给出了 $got 个。",
        "mismatch": "审计路径算出的根哈希与您给出的根哈希 $root 不一致："
        "该叶子不在这棵树中，或者某个哈希、索引、树大小有误。",
        "leaf_text": "您输入的是叶子文本，其叶子哈希 SHA-256(0x00 || 叶子) 为 $hash。",
        "problems": "无法核验，请修改以下输入：",
        "missing": "必填",
        "not_number": "必须是非负整数",
        "not_hex": "必须是 64 位十六进制字符（一个 SHA-256 哈希）",
        "size_range": "必须至少为 1",
        "index_range": "必须小于树大小 $size",
        "proof_item": "第 $n 个哈希不是 64 位十六进制字符",
        "too_many": "哈希过多（最多 $max 个）",
        "too_long": "叶子文本过长（最多 $max 个字符）",
        "field": "字段",
        "value": "您输入的值",
        "reason": "原因",
    },
    "en": {
        "check": "Check an inclusion proof",
        "check_intro": "Paste the leaf hash (or the leaf text itself), the leaf index, the tree "
        "size, the audit path (one hash per line, or separated by spaces or commas) and the "
        "root hash. Tree size and root are filled in from the current signed head.",
        "leaf": "Leaf hash or leaf text",
        "leaf_index": "Leaf index (sequence number − 1)",
        "tree_size": "Tree size",
        "proof": "Audit path",
        "root": "Root hash",
        "submit": "Check",
        "verified": "Verified: leaf $leaf at index $index is in the tree of size $size with "
        "root hash $root.",
        "not_verified": "Not verified.",
        "length": "A leaf at index $index of a tree of size $size has an audit path of $want "
        "hashes; you gave $got.",
        "mismatch": "The audit path does not lead to the root hash you gave ($root): the leaf "
        "is not in that tree, or a hash, the index or the tree size is wrong.",
        "leaf_text": "You entered leaf text; its leaf hash SHA-256(0x00 || leaf) is $hash.",
        "problems": "The proof could not be checked; please correct:",
        "missing": "is required",
        "not_number": "must be a whole number, 0 or more",
        "not_hex": "must be 64 hexadecimal characters (one SHA-256 hash)",
        "size_range": "must be at least 1",
        "index_range": "must be less than the tree size $size",
        "proof_item": "hash number $n is not 64 hexadecimal characters",
        "too_many": "too many hashes (at most $max)",
        "too_long": "the leaf text is too long (at most $max characters)",
        "field": "Field",
        "value": "You entered",
        "reason": "Reason",
    },
}


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
