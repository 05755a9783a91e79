"""The list pages: every public list with its downloads, and a page of one list's members."""

from __future__ import annotations

from publiccredit.api.schemas import ListPage
from publiccredit.policy.model import Pack
from publiccredit.web.html import Markup, join, link, render
from publiccredit.web.i18n import words
from publiccredit.web.layout import PREFIX, next_link, table
from publiccredit.web.pages import list_name, shown_name


def lists_index(pack: Pack, lang: str) -> Markup:
    """Every public list: name, managing authority, legal basis, downloads."""
    say = words(lang)
    rows: list[list[object]] = []
    for definition in pack.lists:
        if not definition.public:
            continue
        api = f"/v1/lists/{definition.id}/download"
        downloads = join([
            render('<a href="$h">CSV</a> · ', h=f"{api}?format=csv"),
            render('<a href="$h">JSON Lines</a>', h=f"{api}?format=jsonl"),
        ])  # fmt: skip
        basis = definition.legal_basis.cite()
        name = list_name(pack, definition.id, lang)
        rows.append([link(f"{PREFIX}/lists/{definition.id}", name, lang),
                     definition.managing_authority, basis, downloads])  # fmt: skip
    return table(
        [say["lists"], say["managing_authority"], say["legal_basis"], say["download"]], rows
    )


def members(pack: Pack, lang: str, page: ListPage) -> Markup:
    """A page of a list's members, the ledger size it was read at, the next page."""
    say = words(lang)
    rows: list[list[object]] = [
        [link(f"{PREFIX}/subjects/{m.subject_key}", shown_name(m.model_dump()), lang),
         m.subject_key, m.since, m.until or say["open_ended"], m.legal_basis]
        for m in page.items
    ]  # fmt: skip
    headers = [say["name"], say["code"], say["since"], say["until"], say["legal_basis"]]
    listing = table(headers, rows) if rows else render("<p>$t</p>", t=say["none"])
    read_at = render(
        '<p class="muted">tree_size $s · root <span class="hash">$r</span></p>',
        s=page.tree_size,
        r=page.root_hex,
    )
    path = f"{PREFIX}/lists/{page.list_id}"
    return join(
        [
            listing,
            read_at,
            next_link(lang, path, say["more"], page.next_after is not None, after=page.next_after),
        ]
    )
