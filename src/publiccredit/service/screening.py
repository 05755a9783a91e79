"""Screening one query against the store: candidates, scores, the code's verdict.

Candidates come from the exact keys first (``screening.keys``: a few B-tree
probes). Only when none of them reaches the threshold does the trigram index
get asked for fragments of the name (a typo in the industry, a name the parser
could not split), so a clean query costs a handful of primary-key reads. Every
candidate is scored (``screening.scoring``); the best ``limit`` are returned with
``match`` set where the score reaches ``threshold`` and no other candidate fits
as well (several that do are each marked ambiguous: a reviewer's question, not a hit).

A query with neither a name nor a code cannot be answered and is refused (never
an empty "no hit", which would read as a clean result).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.errors import InvalidInput, Problem
from publiccredit.screening.answer import query_digest, query_json, result_json
from publiccredit.screening.codes import CodeCheck, check_code
from publiccredit.screening.keys import keys_for
from publiccredit.screening.names import ParsedName, parse
from publiccredit.screening.regions import region_code
from publiccredit.screening.scoring import (
    AMBIGUITY_MARGIN,
    DEFAULT_THRESHOLD,
    Candidate,
    Query,
    Scored,
    quick_score,
    score,
)
from publiccredit.store.access_log import log_access
from publiccredit.store.screening_index import by_codes, by_grams, by_keys

KEY_CANDIDATES = 300
GRAM_CANDIDATES = 60
GRAM_WINDOWS = 6


@dataclass(frozen=True, slots=True)
class ScreenQuery:
    """What a screening row or API query carries (all optional, but not all empty)."""

    names: tuple[str, ...] = ()
    code: str = ""
    region: str = ""
    legal_representatives: tuple[str, ...] = ()


@dataclass
class ScreenAnswer:
    """The best results (scored, ``match`` at the threshold), and the code's check."""

    results: list[Scored]
    threshold: float
    candidates: int
    code: CodeCheck | None = None
    nearby: list[str] = field(default_factory=list)

    def matches(self) -> list[Scored]:
        """Results at or above the threshold that are not ambiguous."""
        return [item for item in self.results if item.is_match(self.threshold)]


def _fragments(name: ParsedName) -> list[str]:
    text = name.trade_key if name.latin else name.core or name.folded
    windows = [text[start : start + 3] for start in range(max(0, len(text) - 2))]
    return windows[-GRAM_WINDOWS:]  # from the end: the start may be a region the tables missed


def _refuse_unanswerable(query: ScreenQuery) -> None:
    """An empty query, or text no database stores (NUL), is refused, naming the field."""
    fields = {
        "name": query.names,
        "code": (query.code,),
        "region": (query.region,),
        "legal_rep": query.legal_representatives,
    }
    for field_name, values in fields.items():
        if any("\x00" in value for value in values):
            problem = Problem("must not contain the NUL character", field=field_name)
            raise InvalidInput("the screening query is not valid", (problem,))
    if not any(name.strip() for name in query.names) and not query.code.strip():
        problem = Problem("give at least a name or a code", field="name", value="")
        raise InvalidInput("the screening query is empty", (problem,))


def _stages(names: tuple[ParsedName, ...]) -> tuple[set[str], set[str]]:
    """The exact keys (trade name, pinyin) first, the typo neighbourhood second."""
    keys: set[str] = set().union(*(keys_for(name, query=True) for name in names))
    typo = {key for key in keys if key.startswith("d:")}
    return keys - typo, typo


def _mark_ambiguous(
    results: list[Scored], ranked: list[tuple[float, str]], threshold: float
) -> None:
    """When two or more candidates reach ``threshold`` within ``AMBIGUITY_MARGIN`` of the
    best score (``ranked`` is every candidate, best first), the query cannot tell them
    apart (深圳阿宝 when Shenzhen has 阿宝科技 and 阿宝贸易): each of them in ``results`` is
    marked ambiguous, so not a match, and says so. A code that is the candidate's own
    scores 1.0 and every other candidate at most 0.85, so it always decides."""
    if not ranked or ranked[0][0] < threshold:
        return
    floor = max(threshold, ranked[0][0] - AMBIGUITY_MARGIN)
    fitting = {key for value, key in ranked if value >= floor}
    if len(fitting) < 2:
        return
    for item in results:
        if item.candidate.subject_key in fitting:
            item.ambiguous = len(fitting)
            item.explanations["ambiguous"] = (
                f"ambiguous: {len(fitting)} entities fit the query equally well; review"
            )


def screen(
    conn: Connection,
    query: ScreenQuery,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
) -> ScreenAnswer:
    """Screen ``query``; ``InvalidInput`` if it has neither a name nor a code.

    Candidates are gathered in stages, each only when the ones before found nothing at
    or above the threshold: the code and the exact keys, then the typo keys, then (when
    still nothing at all was found) the trigram index."""
    _refuse_unanswerable(query)
    names = tuple(parse(name) for name in query.names if name.strip())
    checked = check_code(query.code) if query.code.strip() else None
    valid_code = checked.code if checked is not None and checked.valid else ""
    region = region_code(query.region) if query.region.strip() else ""
    scored_query = Query(names, valid_code, region)
    nearby: list[str] = []
    if checked is not None and not checked.valid and checked.nearby:
        nearby = [candidate.subject_key for candidate in by_codes(conn, checked.nearby)]
    exact, typo = _stages(names)
    found: dict[str, Candidate] = {}
    ranked: list[tuple[float, str]] = []

    def add(candidates: list[Candidate]) -> None:
        for candidate in candidates:
            if candidate.subject_key not in found:
                found[candidate.subject_key] = candidate
                ranked.append((quick_score(scored_query, candidate), candidate.subject_key))

    add(by_codes(conn, [valid_code] if valid_code else []))
    add(by_keys(conn, exact, KEY_CANDIDATES))
    if typo and not any(value >= threshold for value, _ in ranked):
        add(by_keys(conn, typo, KEY_CANDIDATES))
    if names and not found:
        add(by_grams(conn, [part for name in names for part in _fragments(name)], GRAM_CANDIDATES))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    results = [score(scored_query, found[key]) for _, key in ranked[:limit]]
    _mark_ambiguous(results, ranked, threshold)
    return ScreenAnswer(results, threshold, len(found), checked, sorted(nearby))


def digest_of(query: ScreenQuery) -> str:
    """The query's digest (``screening.answer.query_digest``)."""
    return query_digest(
        query_json(query.names, query.code, query.region, query.legal_representatives)
    )


def log_screening(
    conn: Connection,
    who: tuple[str, str],
    label: str,
    query: ScreenQuery,
    answer: ScreenAnswer,
    at: datetime,
) -> None:
    """Write the access log entry of one screening query: ``who`` is (actor, role); what
    names the channel and query label and the query's digest (not its text: a legal
    representative's name is personal data); the subject is the best match, if any."""
    matches = answer.matches()
    best = matches[0].candidate.subject_key if matches else None
    what = f"screen {label[:80]} sha256:{digest_of(query)}"
    log_access(conn, who[0], who[1], best, what, None, at)


def response_json(query: ScreenQuery, answer: ScreenAnswer) -> dict[str, Any]:
    """One query's response: results, total, the query echoed, the code check."""
    body: dict[str, Any] = {
        "status": 200,
        "results": [result_json(item, answer.threshold) for item in answer.results],
        "total": {"value": answer.candidates, "relation": "eq"},
        "query": query_json(query.names, query.code, query.region, query.legal_representatives),
    }
    if answer.code is not None:
        body["code_check"] = {
            "code": answer.code.code,
            "valid": answer.code.valid,
            "reasons": list(answer.code.reasons),
            "nearby": answer.nearby,
        }
    if query.legal_representatives:
        body["not_compared"] = {
            "legalRepresentative": "the public index holds no representatives' names"
        }
    return body
