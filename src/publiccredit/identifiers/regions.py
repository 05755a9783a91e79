"""Administrative division codes (GB/T 2260): six digits, province-prefecture-county.

Two sources, because codes change over time:

* the packaged 2023 division tables (``data/``, WTFPL, see
  ``data/LICENSE-divisions.txt``): the names of today's provinces, prefectures
  and counties;
* python-stdnum's ``stdnum/cn/loc.dat`` (compiled from the Wikipedia lists of
  division codes): every county code since 1980 with the years it was valid,
  written ``[1983-1989]南头区办事处,[1990-]南山区`` — an open end means valid to
  date.

``lookup`` answers with a ``RegionInfo`` that says whether a code is
*current* (in the 2023 tables, or valid to date in ``loc.dat``), *historical*
(abolished; the years it was valid are given) or *unknown* (in no edition we
hold). Unknown is not the same as wrong: development zones and national-level
registrations (``100000``) use codes no GB/T 2260 edition lists, so callers
should treat an unknown region as a warning, never as an error.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources

from stdnum import numdb

NATIONAL_CODE = "100000"
"""Code used for registrations by national-level authorities; not a GB/T 2260 division."""

_PREFECTURE_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_PERIOD = re.compile(r"^\[(\d{4})?-(\d{4})?\](.*)$")


@dataclass(frozen=True, slots=True)
class Region:
    """A county-level division with the names of its province and prefecture."""

    code: str
    name: str
    province: str
    prefecture: str

    @property
    def full_name(self) -> str:
        """Province, prefecture and county joined as a person would write them."""
        parts = [self.province]
        if self.prefecture not in {self.province, *_PREFECTURE_PLACEHOLDERS}:
            parts.append(self.prefecture)
        if self.name != parts[-1]:
            parts.append(self.name)
        return "".join(parts)


class RegionStatus(StrEnum):
    """Whether a division code is in use today, was in use once, or is in no edition we hold."""

    CURRENT = "current"
    HISTORICAL = "historical"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """What we know about a six-character region code.

    ``valid_from`` / ``valid_until`` are years from ``loc.dat`` (``None``: open
    or not recorded). ``name`` is empty for an unknown code; ``note`` explains
    special codes such as the national-level ``100000``.
    """

    code: str
    status: RegionStatus
    name: str = ""
    valid_from: int | None = None
    valid_until: int | None = None
    note: str = ""

    def to_json(self) -> dict[str, object]:
        """The region as a JSON-ready mapping (used by the CLI's ``--json``)."""
        return {
            "code": self.code,
            "name": self.name,
            "status": str(self.status),
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "note": self.note,
        }


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def provinces() -> dict[str, str]:
    """Two-digit province code → name."""
    return {row["code"]: row["name"] for row in _rows("provinces.csv")}


@cache
def prefectures() -> dict[str, str]:
    """Four-digit prefecture code → name."""
    return {row["code"]: row["name"] for row in _rows("cities.csv")}


@cache
def counties() -> dict[str, Region]:
    """Six-digit county code → ``Region``, for every county in the 2023 tables."""
    province_names = provinces()
    prefecture_names = prefectures()
    result: dict[str, Region] = {}
    for row in _rows("counties.csv"):
        code = row["code"]
        result[code] = Region(
            code=code,
            name=row["name"],
            province=province_names.get(code[:2], ""),
            prefecture=prefecture_names.get(code[:4], ""),
        )
    return result


@dataclass(frozen=True, slots=True)
class _Period:
    name: str
    start: int | None
    end: int | None


def _history(code: str) -> tuple[str, tuple[_Period, ...]]:
    """Province name and the named periods ``loc.dat`` records for a six-digit code."""
    info: dict[str, str] = {}
    for _prefix, props in numdb.get("cn/loc").info(code):
        info.update(props)
    periods = []
    for item in filter(None, info.get("county", "").split(",")):
        match = _PERIOD.match(item)
        if match is None:
            periods.append(_Period(item, None, None))
        else:
            start, end, name = match.groups()
            periods.append(_Period(name, _year(start), _year(end)))
    return info.get("province", ""), tuple(periods)


def _year(text: str | None) -> int | None:
    return None if text is None else int(text)


def _current_name(code: str) -> str | None:
    """The 2023 name of a county, prefecture (``XXXX00``) or province (``XX0000``) code."""
    if code in counties():
        return counties()[code].full_name
    province = provinces().get(code[:2])
    if province is None:
        return None
    if code[2:] == "0000":
        return province
    prefecture = prefectures().get(code[:4])
    if code[4:] == "00" and prefecture is not None:
        return province + prefecture if prefecture not in _PREFECTURE_PLACEHOLDERS else province
    return None


def _historical_name(code: str, province: str, county: str) -> str:
    """Province, prefecture (as ``loc.dat`` last names it) and county, for a code not in 2023."""
    parts = [province]
    if code[4:] != "00":
        _, prefecture_periods = _history(code[:4] + "00")
        if prefecture_periods and prefecture_periods[-1].name not in _PREFECTURE_PLACEHOLDERS:
            parts.append(prefecture_periods[-1].name)
    if county not in parts:
        parts.append(county)
    return "".join(parts)


@lru_cache(maxsize=8192)
def lookup(code: str) -> RegionInfo:
    """Classify a region code as current, historical or unknown; never raises.

    A code in the 2023 tables is current. Otherwise ``loc.dat`` decides: a
    period open to date makes it current, closed periods make it historical
    (earliest start to latest end). Anything else — not six digits, the
    national-level ``100000``, development-zone codes — is unknown.
    """
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return RegionInfo(code, RegionStatus.UNKNOWN, note="not a six-digit GB/T 2260 code")
    if code == NATIONAL_CODE:
        return RegionInfo(
            code,
            RegionStatus.UNKNOWN,
            note="national-level registration code, not a GB/T 2260 division",
        )
    province, periods = _history(code)
    current = _current_name(code)
    open_periods = [p for p in periods if p.end is None]
    if current is not None or open_periods:
        latest = open_periods[-1] if open_periods else None
        name = current or _historical_name(code, province, latest.name if latest else "")
        return RegionInfo(
            code, RegionStatus.CURRENT, name, valid_from=latest.start if latest else None
        )
    if periods:
        starts = [year for year in (p.start for p in periods) if year is not None]
        ends = [year for year in (p.end for p in periods) if year is not None]
        return RegionInfo(
            code,
            RegionStatus.HISTORICAL,
            _historical_name(code, province, periods[-1].name),
            valid_from=min(starts) if starts else None,
            valid_until=max(ends) if ends else None,
        )
    return RegionInfo(
        code,
        RegionStatus.UNKNOWN,
        note="in no GB/T 2260 edition held (development zones use such codes)",
    )
