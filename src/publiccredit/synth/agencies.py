"""Issuing agencies and the numbers they put on documents, in the real styles.

Agency codes follow the shared vocabulary: ``<kind>-<region6>``. Decision
numbers follow the 机关代字〔年份〕序号号 pattern (``深市监罚〔2024〕123号``);
court case numbers follow the SPC rules on case numbering
(``（2023）粤0305执1234号``: year, province abbreviation, court code, case type,
sequence).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from publiccredit.identifiers.regions import Region

PROVINCE_ABBR = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "内", "21": "辽", "22": "吉",
    "23": "黑", "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣",
    "37": "鲁", "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼",
    "50": "渝", "51": "川", "52": "黔", "53": "滇", "54": "藏", "61": "陕", "62": "甘",
    "63": "青", "64": "宁", "65": "新",
}  # fmt: skip
"""One-character province abbreviations used in document and case numbers."""

KIND_ABBR = {
    "samr": "市监", "tax": "税", "mem": "应急", "mee": "环", "fire": "消", "hrss": "人社",
    "housing": "建", "customs": "关", "cnipa": "知", "civil_affairs": "民", "ndrc": "发改",
    "industry": "工信", "court": "法", "establishment": "编",
}  # fmt: skip
"""The agency part of a 机关代字 by agency kind."""


@dataclass(frozen=True, slots=True)
class Agency:
    """An issuing body: its vocabulary code and the prefix of its document numbers."""

    code: str
    prefix: str

    def number(self, rng: random.Random, year: int, doc: str, top: int = 3000) -> str:
        """A document number such as ``深市监罚〔2024〕123号`` (``doc`` is 罚, 许, …)."""
        return f"{self.prefix}{doc}〔{year}〕{int(rng.random() * top) + 1}号"


def _place_abbr(region: Region, level: str) -> str:
    if level == "county":
        name = region.name
        return name[:2] if len(name) > 2 else name[:1]
    if level == "prefecture" and region.prefecture not in {"市辖区", "县", ""}:
        return region.prefecture[:1]
    return PROVINCE_ABBR.get(region.code[:2], "")


def level_code(region: Region, level: str) -> str:
    """The six-digit code of the county, its prefecture or its province."""
    if level == "county":
        return region.code
    if level == "prefecture":
        return region.code[:4] + "00"
    return region.code[:2] + "0000"


def agency(kind: str, region: Region, level: str) -> Agency:
    """The ``kind`` agency at ``level`` (county, prefecture or province) over ``region``."""
    return Agency(
        f"{kind}-{level_code(region, level)}", _place_abbr(region, level) + KIND_ABBR[kind]
    )


def draw_level(rng: random.Random) -> str:
    """Which tier decided [U]: most decisions come from county bureaus."""
    draw = rng.random()
    return "county" if draw < 0.70 else "prefecture" if draw < 0.95 else "province"


def court_case_no(rng: random.Random, region: Region, year: int, case_type: str) -> str:
    """A case number such as ``（2023）粤0305执1234号`` of the county's basic court."""
    abbr = PROVINCE_ABBR.get(region.code[:2], "")
    return f"（{year}）{abbr}{region.code[2:6]}{case_type}{rng.randint(1, 9999)}号"


def court(region: Region) -> str:
    """The agency code of the basic people's court for ``region``."""
    return f"court-{region.code}"
