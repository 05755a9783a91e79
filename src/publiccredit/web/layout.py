"""The one page layout every portal page shares: header, language switch, footer."""

from __future__ import annotations

from publiccredit.web.cell_labels import label_cells
from publiccredit.web.html import Markup, join, link, render, url
from publiccredit.web.i18n import LANGUAGES, words

PREFIX = "/portal"
LANG_NAMES = {"zh": "中文", "en": "English"}
NAV = (
    ("/", "home"),
    ("/check", "check"),
    ("/lists", "lists"),
    ("/screen", "screen"),
    ("/statistics", "statistics"),
    ("/policy", "policy"),
    ("/transparency", "transparency"),
    ("/me", "me"),
)

LAYOUT = """<!doctype html>
<html lang="$html_lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title · $site</title>
<link rel="stylesheet" href="$css">
</head>
<body>
<header><span class="site">$home_link</span><nav>$nav</nav>
<span class="lang">$switch</span></header>
<main>
<h1>$title</h1>
$body
</main>
<footer class="muted">$footer</footer>
</body>
</html>
"""


def page(lang: str, title: str, body: Markup, here: str, params: dict[str, str]) -> str:
    """A complete HTML page; ``here`` and ``params`` let the language switch stay on it."""
    say = words(lang)
    nav = join(link(f"{PREFIX}{path}", say[key], lang) for path, key in NAV)
    kept = {k: v for k, v in params.items() if k != "lang"}
    switch = join(
        link(here, LANG_NAMES[other], other, **kept) for other in LANGUAGES if other != lang
    )
    return render(
        LAYOUT,
        html_lang="zh-CN" if lang == "zh" else "en",
        title=title,
        site=say["site"],
        css=f"{PREFIX}/static/portal.css",
        home_link=link(f"{PREFIX}/", say["site"], lang),
        nav=nav,
        switch=switch,
        body=label_cells(body),
        footer=render('$api: <a href="/docs">/docs</a>', api=say["api_json"]),
    )


def search_form(lang: str, query: str = "") -> Markup:
    """The one search box (code or name)."""
    say = words(lang)
    return render(
        '<form class="search" method="get" action="$action" role="search">'
        '<input type="hidden" name="lang" value="$lang">'
        '<input type="search" name="q" value="$query" placeholder="$hint" aria-label="$hint"'
        ' maxlength="200" required>'
        '<button type="submit">$button</button></form>',
        action=f"{PREFIX}/search",
        lang=lang,
        query=query,
        hint=say["search_hint"],
        button=say["search"],
    )


def table(headers: list[str], rows: list[list[object]]) -> Markup:
    """A table; cells are escaped unless they are ``Markup``."""
    head = join(render("<th>$h</th>", h=h) for h in headers)
    body = join(
        render("<tr>$cells</tr>", cells=join(render("<td>$c</td>", c=c) for c in row))
        for row in rows
    )
    return render("<table><thead><tr>$head</tr></thead><tbody>$body</tbody></table>",
                  head=head, body=body)  # fmt: skip


def next_link(lang: str, path: str, label: str, more: bool, **params: object) -> Markup:
    """A "next page" link, or nothing when ``more`` is false (there is no next page)."""
    if not more:
        return Markup("")
    return render(
        '<p><a href="$href">$label →</a></p>', href=url(path, lang, **params), label=label
    )
