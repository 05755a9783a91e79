"""Candidate keys: the exact strings under which a subject can be found.

Looking a key up is one B-tree probe on either database, so a query collects
its candidates with a handful of probes instead of scoring every subject:

* ``t:`` the trade name (阿宝), and trade name with industry as written
  (阿宝科技): any variant that keeps it (dropped region, another legal form,
  traditional script, an abbreviation, a trade name the parser split elsewhere);
* ``p:`` its pinyin (``abao``): names written in pinyin or English, and
  homophone typos (阿包);
* ``d:`` the trade name with one character deleted, or none, joined to the
  industry (``d:阿|科技``): a query and a subject one edit apart in the trade
  name share one of these (a symmetric deletion neighbourhood).

The trigram index (``grams``) catches what the keys miss: typos in the industry.
"""

from __future__ import annotations

from typing import Any

from publiccredit.screening.names import ParsedName, parse

MAX_KEY = 128


def _deletions(trade: str) -> set[str]:
    if len(trade) < 2:
        return {trade}
    return {trade, *(trade[:index] + trade[index + 1 :] for index in range(len(trade)))}


def keys_for(name: ParsedName, query: bool = False) -> set[str]:
    """Every key of ``name`` (the same function for subjects and queries). A query also
    asks for its region text read as part of the trade name (黄石湖: not 黄石 + 湖)."""
    found: set[str] = set()
    if query and name.prefix and name.trade:
        found.add("t:" + name.prefix + name.trade)
    if name.trade_key:
        found.add("p:" + name.trade_key)
    if name.trade:
        found.update(("t:" + name.trade, "t:" + (name.written or name.core)))
        if name.industry:
            found.update(f"d:{part}|{name.industry}" for part in _deletions(name.trade))
    return {key for key in found if len(key) <= MAX_KEY}


def grams_for(name: ParsedName) -> str:
    """The trigram-indexed text: trade name and industry, then the trade name's pinyin."""
    return f"{name.core} {name.trade_key}"


def index_row(subject_key: str, name: str, region: str | None) -> dict[str, Any]:
    """The ``screening_names`` row of one entity."""
    parsed = parse(name)
    return {
        "subject_key": subject_key,
        "name": name,
        "region": region,
        "name_region": parsed.region,
        "trade": parsed.trade,
        "trade_key": parsed.trade_key,
        "industry": parsed.industry,
        "form": parsed.form,
        "grams": grams_for(parsed),
    }
