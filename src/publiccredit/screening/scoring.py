"""Scoring a candidate against a query: weighted per-feature similarities, explained.

Each feature compares one part of the name (``names.parse``) or the code, gives a
similarity in [0, 1] and says in words why. The score is the weighted mean over
the name features (weights in ``WEIGHTS``); a feature the query does not carry
(no region written, an abbreviation without industry or form) counts as
``NEUTRAL``: it neither confirms nor contradicts, so a bare trade name (阿宝)
cannot reach the threshold on its own, and one that names a different region can
fall below it. A code decides when it can: the exact code scores 1.0 whatever
the name; a valid code that differs from the candidate's lowers the score by
``CODE_MISMATCH``. docs/screening.md explains the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from publiccredit.screening.names import ParsedName

WEIGHTS = {"trade_name": 0.5, "industry": 0.2, "region": 0.2, "legal_form": 0.1}
NEUTRAL = 0.5
CODE_MISMATCH = 0.15
HOMOPHONE = 0.9
"""Same pinyin, other characters: the typical input-method typo, nearly as good as equal."""
SAME_PROVINCE = 0.2
DEFAULT_THRESHOLD = 0.85


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the index holds about one subject."""

    subject_key: str
    name: str
    region: str
    name_region: str
    trade: str
    trade_key: str
    industry: str
    form: str


@dataclass(frozen=True, slots=True)
class Query:
    """One screening question: names (any script), a code, a region."""

    names: tuple[ParsedName, ...]
    code: str = ""
    region: str = ""


@dataclass
class Scored:
    """A candidate with its score, feature similarities and explanations."""

    candidate: Candidate
    score: float
    features: dict[str, float] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)


def _similar(left: str, right: str) -> float:
    return Levenshtein.normalized_similarity(left, right) if left and right else 0.0


def trade_similarity(query: ParsedName, candidate: Candidate) -> tuple[float, str]:
    """Characters when both are Chinese, pinyin otherwise; homophones nearly equal."""
    if query.latin:
        value = _similar(query.trade_key, candidate.trade_key)
        return value, f"pinyin {query.trade_key!r} vs {candidate.trade_key!r}"
    chars = _similar(query.trade, candidate.trade)
    sound = HOMOPHONE * _similar(query.trade_key, candidate.trade_key)
    if sound > chars:
        return sound, f"{query.trade} sounds like {candidate.trade} ({query.trade_key})"
    return chars, f"{query.trade} vs {candidate.trade}"


def _industry(query: ParsedName, candidate: Candidate) -> tuple[float | None, str]:
    if not query.industry:
        return None, "the query names no industry"
    if query.industry == candidate.industry:
        return 1.0, f"same industry {candidate.industry}"
    value = _similar(query.industry, candidate.industry)
    return value, f"industry {query.industry} vs {candidate.industry or 'none'}"


def region_similarity(wanted: str, candidate: Candidate) -> tuple[float | None, str]:
    """1.0 when the candidate lies in the region asked for; ``SAME_PROVINCE`` when only
    the province agrees; 0 otherwise (``None`` when no region was asked for)."""
    if not wanted:
        return None, "the query names no region"
    best = 0.0
    for code in filter(None, (candidate.region, candidate.name_region)):
        if code.startswith(wanted) or wanted.startswith(code):
            return 1.0, f"the candidate is registered in {wanted}"
        if code[:2] == wanted[:2]:
            best = SAME_PROVINCE
    why = "same province, other city" if best else "another region"
    return best, f"{why}: {wanted} vs {candidate.region or candidate.name_region}"


def _form(query: ParsedName, candidate: Candidate) -> tuple[float | None, str]:
    if not query.form:
        return None, "the query names no legal form"
    if query.form == candidate.form:
        return 1.0, f"same legal form ({query.form})"
    if {query.form, candidate.form} == {"company", "limited"}:
        return 0.7, "公司 / Co. against a limited company"
    return 0.0, f"legal form {query.form} vs {candidate.form or 'none'}"


def _name_score(name: ParsedName, wanted_region: str, candidate: Candidate) -> Scored:
    region = wanted_region or name.region
    parts = {
        "trade_name": trade_similarity(name, candidate),
        "industry": _industry(name, candidate),
        "region": region_similarity(region, candidate),
        "legal_form": _form(name, candidate),
    }
    total = sum(
        WEIGHTS[feature] * (NEUTRAL if value is None else value)
        for feature, (value, _) in parts.items()
    )
    return Scored(
        candidate,
        total / sum(WEIGHTS.values()),
        {feature: round(value, 4) for feature, (value, _) in parts.items() if value is not None},
        {feature: why for feature, (_, why) in parts.items()},
    )


def score(query: Query, candidate: Candidate) -> Scored:
    """The best of the query's names against ``candidate``, then the code's say."""
    best = max(
        (_name_score(name, query.region, candidate) for name in query.names),
        key=lambda scored: scored.score,
        default=Scored(candidate, 0.0, {}, {"name": "the query has no name"}),
    )
    if query.code:
        if query.code == candidate.subject_key:
            best.score = 1.0
            best.features["code"] = 1.0
            best.explanations["code"] = "the same unified social credit code"
        else:
            best.score = max(0.0, best.score - CODE_MISMATCH)
            best.features["code"] = 0.0
            best.explanations["code"] = f"another code ({candidate.subject_key})"
    best.score = round(best.score, 4)
    return best
