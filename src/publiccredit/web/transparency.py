"""The transparency page: the current signed tree head and how anyone can check it."""

from __future__ import annotations

from publiccredit.api.schemas import TreeHeadOut
from publiccredit.web.html import Markup, join, render
from publiccredit.web.i18n import words

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


def transparency(lang: str, found: TreeHeadOut | None) -> Markup:
    """The signed head (or a note that there is none yet) and the verification steps."""
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
    return join([
        render("<h2>$h</h2>", h=say["tree_head"]),
        shown,
        render("<h2>$h</h2>", h=say["verify"]),
        Markup(HOW_TO_VERIFY["zh" if lang == "zh" else "en"]),
    ])  # fmt: skip
