"""Synthetic legal entities: a valid USCC, a name, a region, a registration date.

Each entity is drawn from its own random stream (seeded from the run's seed
and the entity's index), so entity 1,000 is the same whatever happens to
entity 999, and the generator can stream without remembering past entities
beyond the set of codes already issued.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from publiccredit.identifiers.regions import Region, counties
from publiccredit.identifiers.uscc import ALPHABET, calc_check_char, calc_inner_check_char
from publiccredit.synth.calibration import KIND_MIX, PROVINCE_WEIGHTS, rate
from publiccredit.synth.names import entity_name
from publiccredit.synth.people import Person, person

STOCK_WINDOW_DAYS = 90
"""Entities that existed before the period are dated within its first 90 days (see docs)."""

KIND_VOLUME = {"91": 2.0, "92": 0.55, "93": 1.0, "11": 1.0, "12": 1.5, "51": 0.6, "52": 0.6}
"""Relative record volume by kind [U]: enterprises deal with more agencies than a shop."""


@dataclass(frozen=True, slots=True)
class Entity:
    """One synthetic entity and the traits that drive its records."""

    index: int
    uscc: str
    kind: str
    region: Region
    name: str
    registered_on: date
    representative: Person
    volume: int
    proneness: float
    trader: bool


@cache
def _regions_by_province() -> dict[str, tuple[Region, ...]]:
    grouped: dict[str, list[Region]] = {}
    for region in counties().values():
        if region.province and not region.name.endswith("市辖区"):
            grouped.setdefault(region.code[:2], []).append(region)
    return {code: tuple(regions) for code, regions in grouped.items()}


@cache
def _province_table() -> tuple[tuple[str, ...], tuple[float, ...]]:
    grouped = _regions_by_province()
    codes = tuple(code for code in PROVINCE_WEIGHTS if code in grouped)
    cumulative = tuple(itertools.accumulate(PROVINCE_WEIGHTS[code] for code in codes))
    return codes, cumulative


def draw_region(rng: random.Random) -> Region:
    """A county: province in proportion to population, then any county in it."""
    codes, cumulative = _province_table()
    index = bisect.bisect(cumulative, rng.random() * cumulative[-1])
    return rng.choice(_regions_by_province()[codes[min(index, len(codes) - 1)]])


def draw_kind(rng: random.Random) -> str:
    """USCC positions 1–2 (authority and category), in the national mix."""
    kinds = [kind for kind, *_ in KIND_MIX]
    weights = [share for _, share, *_ in KIND_MIX]
    return rng.choices(kinds, weights)[0]


def make_uscc(rng: random.Random, kind: str, region_code: str) -> str:
    """A code with correct inner (GB 11714) and outer (GB 32100) check characters.

    Market-regulation codes issued since 2015 start their organisation-code part
    with ``MA``; older-style codes of organs and social organisations are digits.
    """
    if kind.startswith("9"):
        body = "MA" + "".join(rng.choices(ALPHABET, k=6))
    else:
        body = "".join(rng.choices("0123456789", k=8))
    first17 = kind + region_code + body + calc_inner_check_char(body)
    return first17 + calc_check_char(first17)


def registration_date(rng: random.Random, start: date, end: date) -> date:
    """When the entity was registered: part of the stock at ``start`` or new in the period."""
    days = (end - start).days
    new_share = 1 - (1 + rate("new_entities_per_year")) ** (-days / 365.25)
    if rng.random() < new_share:
        return start + timedelta(days=rng.randint(0, days))
    return start + timedelta(days=rng.randint(0, min(STOCK_WINDOW_DAYS, days)))


def _volume(rng: random.Random, kind: str, mean: float) -> int:
    sigma = rate("records_sigma")
    mean_weight = sum(KIND_VOLUME[k] * share for k, share, *_ in KIND_MIX)
    target = mean * KIND_VOLUME[kind] / mean_weight
    return round(rng.lognormvariate(math.log(target) - sigma * sigma / 2, sigma))


def make_entity(
    index: int, rng: random.Random, start: date, end: date, mean: float, issued: set[str]
) -> Entity:
    """Draw entity number ``index``; ``issued`` holds codes already used (kept unique)."""
    kind = draw_kind(rng)
    region = draw_region(rng)
    uscc = make_uscc(rng, kind, region.code)
    while uscc in issued:
        uscc = make_uscc(rng, kind, region.code)
    issued.add(uscc)
    sigma = rate("penalty_proneness_sigma")
    return Entity(
        index=index,
        uscc=uscc,
        kind=kind,
        region=region,
        name=entity_name(rng, kind, region),
        registered_on=registration_date(rng, start, end),
        representative=person(rng),
        volume=_volume(rng, kind, mean),
        proneness=rng.lognormvariate(-sigma * sigma / 2, sigma),
        trader=kind == "91" and rng.random() < rate("customs_traders"),
    )
