"""Administrative division codes (GB/T 2260): six digits, province-prefecture-county.

The names come from the packaged 2023 division tables (``data/``, WTFPL, see
``data/LICENSE-divisions.txt``). A code not in them may still be real: codes
are created and abolished over the years, and development zones register
entities under codes no GB/T 2260 edition lists.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


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
        if self.prefecture not in {self.province, "市辖区", "县", "省直辖县级行政区划"}:
            parts.append(self.prefecture)
        if self.name != parts[-1]:
            parts.append(self.name)
        return "".join(parts)


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
