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

from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from publiccredit.screening.names import ParsedName
from publiccredit.screening.pinyin import pinyin_key
from publiccredit.screening.regions import written_names

WEIGHTS = {"trade_name": 0.5, "industry": 0.2, "region": 0.2, "legal_form": 0.1}
NEUTRAL = 0.5
CODE_MISMATCH = 0.15
HOMOPHONE = 0.9
"""Same pinyin, other characters: the typical input-method typo, nearly as good as equal."""
SAME_PROVINCE = 0.2
PROVINCE_ONLY = 0.6
ELSEWHERE_IN_NAMED = 0.5
"""The query asks for a county (凌海市), the candidate's name names only its city (锦州市)
and it is registered in another county of that city: neither confirmed nor excluded."""
DEFAULT_THRESHOLD = 0.85
AMBIGUITY_MARGIN = 0.02
"""Results at or above the threshold within this of the best one fit equally well: when
there are two or more, none is a match (the query cannot tell them apart)."""


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
    ambiguous: int = 0
    """How many stored entities fit the query as well as this one (0: none besides it);
    an ambiguous result is never a match, whatever its score (``service.screening``)."""

    def is_match(self, threshold: float) -> bool:
        """At or above ``threshold`` and not one of several entities that fit equally."""
        return self.score >= threshold and not self.ambiguous


def _similar(left: str, right: str) -> float:
    return Levenshtein.normalized_similarity(left, right) if left and right else 0.0


def trade_similarity(query: ParsedName, candidate: Candidate) -> float:
    """Characters when both are Chinese, pinyin otherwise; homophones nearly equal."""
    if query.latin:
        return _similar(query.trade_key, candidate.trade_key)
    if query.trade == candidate.trade:
        return 1.0
    chars = _similar(query.trade, candidate.trade)
    sound = HOMOPHONE * _similar(query.trade_key, candidate.trade_key)
    return max(chars, sound)


def _industry(query: ParsedName, candidate: Candidate) -> float | None:
    if not query.industry:
        return None
    if query.industry == candidate.industry:
        return 1.0
    return _similar(query.industry, candidate.industry)


def region_similarity(wanted: str, candidate: Candidate) -> float | None:
    """1.0 when the candidate lies in the region asked for; ``PROVINCE_ONLY`` when only a
    province was asked for and the candidate is registered in one of its cities (the
    query says less than the name would); ``ELSEWHERE_IN_NAMED`` when the candidate's name
    names a wider region holding the one asked for but it is registered in another part
    of it; ``SAME_PROVINCE`` when only the province agrees; 0 otherwise (``None`` when no
    region was asked for)."""
    if not wanted:
        return None
    named, registered = candidate.name_region, candidate.region
    if (
        named
        and registered
        and len(wanted) > len(named)
        and wanted.startswith(named)
        and not (registered.startswith(wanted) or wanted.startswith(registered))
    ):
        return ELSEWHERE_IN_NAMED
    best = 0.0
    for code in (candidate.name_region, candidate.region):
        if not code:
            continue
        if code.startswith(wanted) or wanted.startswith(code):
            vaguer = len(wanted) == 2 and len(candidate.name_region) > 2
            return PROVINCE_ONLY if vaguer else 1.0
        if code[:2] == wanted[:2]:
            best = SAME_PROVINCE
    return best


def region_text_similarity(written: str, candidate: Candidate) -> float | None:
    """For a region the tables do not know (a typo: 葫芦市连山区): how like the candidate's
    own region, as names write it, the text is (``None`` when there is no text)."""
    if not written:
        return None
    names = written_names(candidate.region) if len(candidate.region) == 6 else ()
    return max((_similar(written, name) for name in names), default=0.0)


def _form(query: ParsedName, candidate: Candidate) -> float | None:
    if not query.form:
        return None
    if query.form == candidate.form:
        return 1.0
    return 0.7 if {query.form, candidate.form} == {"company", "limited"} else 0.0


_TOTAL_WEIGHT = sum(WEIGHTS.values())


def _names_city(prefix: str, candidate: Candidate) -> bool:
    """The region text is also the name of the candidate's city: 吉林 is read as the
    province 吉林省, but in 吉林华美通 it may as well be the city 吉林市."""
    names = written_names(candidate.region) if len(candidate.region) == 6 else ()
    return bool(prefix) and bool(names) and prefix.rstrip("市") == names[-1].rstrip("市")


def _parts(name: ParsedName, region: str, candidate: Candidate) -> dict[str, float | None]:
    wanted = region or name.region
    if wanted or name.latin:
        place = region_similarity(wanted, candidate)
        if place == PROVINCE_ONLY and not region and _names_city(name.prefix, candidate):
            place = 1.0
    else:
        place = region_text_similarity(name.prefix, candidate)
    return {
        "trade_name": trade_similarity(name, candidate),
        "industry": _industry(name, candidate),
        "region": place,
        "legal_form": _form(name, candidate),
    }


def _total(parts: dict[str, float | None]) -> float:
    return (
        sum(WEIGHTS[feature] * (NEUTRAL if v is None else v) for feature, v in parts.items())
        / _TOTAL_WEIGHT
    )


@lru_cache(maxsize=4096)
def readings(name: ParsedName) -> tuple[ParsedName, ...]:
    """The name as parsed; its trade name and industry as written, read as a trade name
    (科润电子, when 电子 belongs to the trade name); its region text read as part of the
    trade name (黄石湖副食店: 黄石 is also a city)."""
    found = [name]
    if name.written and name.written != name.trade and not name.latin:
        found.append(replace(name, trade=name.written, industry="", trade_key=""))
    if name.prefix and not name.latin:
        whole = name.prefix + name.trade
        found.append(replace(name, trade=whole, region="", trade_key=pinyin_key(whole)))
    return tuple(found)


_REGION_ENDINGS = frozenset("省市区县州旗盟")


def _reads_as_region(prefix: str, leftover: str, candidate: Candidate) -> bool:
    """Text before the candidate's trade name that reads as region: two or more characters
    with a region ending (疆维吾尔自治区商), a stray or doubled ending (驻马店市市泽希), or,
    with the region written before it, within one edit of the candidate's own region as
    names write it (徐州市泉山 for 徐州市泉山区, 舟山市普陀是 for 舟山市普陀区)."""
    if not leftover:
        return False
    if _REGION_ENDINGS & set(leftover) and (len(leftover) >= 2 or leftover in _REGION_ENDINGS):
        return True
    names = written_names(candidate.region) if prefix and len(candidate.region) == 6 else ()
    return any(Levenshtein.distance(prefix + leftover, name) <= 1 for name in names)


def _candidate_readings(name: ParsedName, candidate: Candidate) -> list[ParsedName]:
    """Readings that depend on the candidate's trade name (``size`` characters):

    * no industry in the name, one in the candidate's: the trade name split where the
      candidate's ends (阿宝科枝: trade 阿宝, industry 科枝);
    * the trade name ends with the candidate's after text that names a place the tables
      do not know (新疆疆维吾尔自治区商山洛水: a doubled character in the region);
    * the trade name is the candidate's and the industry's first character, doubled
      (有贝烟 + 烟酒店: 有贝 + 烟烟酒店)."""
    size = len(candidate.trade)
    if name.latin or len(name.trade) <= size or not size:
        return []
    found = []
    head, tail = name.trade[:size], name.trade[size:]
    if not name.industry and candidate.industry:
        found.append(replace(name, trade=head, industry=tail, trade_key=pinyin_key(head)))
    elif tail == name.industry[:1] and head == candidate.trade:
        found.append(
            replace(name, trade=head, industry=tail + name.industry, trade_key=pinyin_key(head))
        )
    leftover = name.trade[:-size]
    if _reads_as_region(name.prefix, leftover, candidate):
        rest = name.trade[-size:]
        found.append(
            replace(name, trade=rest, trade_key=pinyin_key(rest), prefix=name.prefix + leftover)
        )
    return found


def _best_reading(query: Query, candidate: Candidate) -> tuple[float, ParsedName | None]:
    best, chosen = -1.0, None
    for name in query.names:
        options = [*readings(name), *_candidate_readings(name, candidate)]
        for reading in options:
            value = _total(_parts(reading, query.region, candidate))
            if value > best:
                best, chosen = value, reading
    return max(best, 0.0), chosen


def _with_code(value: float, query: Query, candidate: Candidate) -> float:
    if not query.code:
        return value
    if query.code == candidate.subject_key:
        return 1.0
    return max(0.0, value - CODE_MISMATCH)


def quick_score(query: Query, candidate: Candidate) -> float:
    """The score alone (what ranking needs; ``score`` adds the features and words)."""
    return round(_with_code(_best_reading(query, candidate)[0], query, candidate), 4)


def _why(feature: str, value: float | None, name: ParsedName, candidate: Candidate) -> str:
    """The sentence explaining one feature's value."""
    if value is None:
        return f"the query names no {feature.replace('_', ' ')}"
    if feature == "trade_name":
        if name.latin:
            return f"pinyin {name.trade_key!r} vs {candidate.trade_key!r}"
        if value < 1.0 and name.trade_key == candidate.trade_key:
            return f"{name.trade} sounds like {candidate.trade} ({name.trade_key})"
        return f"{name.trade} vs {candidate.trade}"
    if feature == "industry":
        return f"industry {name.industry} vs {candidate.industry or 'none'}"
    if feature == "region":
        if value == 1.0:
            return "the candidate is registered in the region asked for"
        where = candidate.region or candidate.name_region
        if value == ELSEWHERE_IN_NAMED:
            return f"the name names a wider region; registered elsewhere in it ({where})"
        return f"{'same province, other city' if value else 'another region'} ({where})"
    return f"legal form {name.form} vs {candidate.form or 'none'}"


def score(query: Query, candidate: Candidate) -> Scored:
    """The best reading of the query's names against ``candidate``, the code's say, and
    per feature its similarity and a sentence why."""
    value, reading = _best_reading(query, candidate)
    features: dict[str, float] = {}
    explanations: dict[str, str] = {}
    if reading is None:
        explanations["name"] = "the query has no name"
    else:
        for feature, part in _parts(reading, query.region, candidate).items():
            explanations[feature] = _why(feature, part, reading, candidate)
            if part is not None:
                features[feature] = round(part, 4)
    if query.code:
        same = query.code == candidate.subject_key
        features["code"] = 1.0 if same else 0.0
        explanations["code"] = (
            "the same unified social credit code"
            if same
            else f"another code ({candidate.subject_key})"
        )
    return Scored(candidate, round(_with_code(value, query, candidate), 4), features, explanations)
