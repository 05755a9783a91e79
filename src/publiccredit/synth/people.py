"""Synthetic natural persons: a Chinese name and a valid-format resident ID number.

The people are invented. Names combine a common surname with one or two common
given-name characters; identity numbers follow GB 11643 (6-digit birthplace
code, birth date, 3-digit sequence with odd = male, check character) so that
they pass every format check, including python-stdnum's, which also asks that
the birthplace code existed in the birth year. No number is taken from, or
checked against, any list of real people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cache

from stdnum import numdb
from stdnum.cn import ric

from publiccredit.identifiers.regions import counties

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
)
"""The most common surnames, most frequent first (weights fall with rank)."""

_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建国文晶凤斌丹宇浩"
    "春梅波琳雪亮林婷欣怡子涵俊杰思远志鑫博文佳慧嘉宁海燕晓东云飞振宏德安永成"
)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def ric_check_char(first17: str) -> str:
    """GB 11643 check character: weights 7, 9, 10, 5, … over the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


@dataclass(frozen=True, slots=True)
class Person:
    """An invented natural person."""

    name: str
    resident_id: str


def person_name(rng: random.Random) -> str:
    """A plausible Chinese personal name: surname plus one or two given characters."""
    surname = _SURNAMES[min(int(rng.expovariate(1 / 14)), len(_SURNAMES) - 1)]
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return surname + given


@cache
def _birthplaces() -> tuple[tuple[str, int, int], ...]:
    """Current county codes with the years python-stdnum says each was in use.

    A person born before a county code existed carries an older code, so a
    birth year is drawn inside the code's years (python-stdnum checks this).
    """
    table = numdb.get("cn/loc")
    result = []
    for code in counties():
        props = {k: v for _part, found in table.info(code) for k, v in found.items()}
        for entry in props.get("county", "").split(","):
            if not entry.startswith("["):
                continue
            years, _name = entry[1:].split("]", 1)
            first, _dash, last = years.partition("-")
            result.append((code, int(first or 1900), int(last or 9999)))
    return tuple(result)


def resident_id(rng: random.Random, born_from: int = 1955, born_to: int = 2000) -> str:
    """A synthetic resident ID number whose birthplace code existed in the birth year."""
    places = _birthplaces()
    while True:
        code, first, last = rng.choice(places)
        low, high = max(first, born_from), min(last, born_to)
        if low > high:
            continue
        year = rng.randint(low, high)
        born = date.fromordinal(
            rng.randint(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal())
        )
        first17 = f"{code}{born:%Y%m%d}{rng.randint(1, 999):03d}"
        number = first17 + ric_check_char(first17)
        if _stdnum_accepts(number):
            return number


def _stdnum_accepts(number: str) -> bool:
    # python-stdnum 2.x raises KeyError for codes its table knows only as a
    # prefecture; such a code is simply not usable as a birthplace here.
    try:
        return bool(ric.is_valid(number))
    except KeyError:
        return False


def person(rng: random.Random) -> Person:
    """An invented person with a name and a resident ID number."""
    return Person(person_name(rng), resident_id(rng))
