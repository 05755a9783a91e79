"""Resident identity number (公民身份号码), GB 11643-1999.

The number every Chinese citizen carries on the resident identity card. It has
18 characters:

========  =====================================================================
position  meaning
========  =====================================================================
1–6       address code: the county (GB/T 2260) of permanent residence when
          the number was issued
7–14      birth date, ``YYYYMMDD``
15–17     sequence number; odd for men, even for women
18        check character over positions 1–17: weights 7, 9, 10, 5, 8, 4, 2,
          1, 6, 3, 7, 9, 10, 5, 8, 4, 2; check ``"10X98765432"[sum mod 11]``
========  =====================================================================

``validate`` checks length, digits, the check character (computed by
python-stdnum's ``stdnum.cn.ric``), a real birth date and an address code
found in some GB/T 2260 edition (current or historical).

Where we differ from python-stdnum: it also demands that the address code was
valid in the *birth* year. The code is that of the residence when the number
was *issued*, which can be decades later (someone born in 1980 and registered
in Shenzhen's Longhua district, created 2016, has a ``440309`` number), so we
only ask that the code exists in some edition. Wrongly rejecting a real number
is worse than accepting a doubtful one.

The 15-digit first-generation numbers (no century, no check) are rejected with
a reason saying so.

Public display must hide the birth date (``mask``): court lists and our public
views show ``110105********002X``, never the full number. Error messages carry
the masked number only, so a rejected number does not leak into logs.

>>> mask('11010519491231002X')
'110105********002X'
>>> gender('11010519491231002X')
<Gender.FEMALE: 'female'>
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from stdnum.cn import ric as stdnum_ric

from publiccredit.errors import InvalidIdentifier, Problem
from publiccredit.identifiers.normalise import compact_text
from publiccredit.identifiers.regions import RegionInfo, RegionStatus, lookup

_EARLIEST_BIRTH_YEAR = 1850


class InvalidResidentId(InvalidIdentifier):
    """A resident identity number is malformed, fails its check or has an impossible part."""


class Gender(StrEnum):
    """Gender as encoded by the parity of the sequence number (positions 15–17)."""

    MALE = "male"
    FEMALE = "female"


def compact(number: str) -> str:
    """Normalise: full-width to ASCII, drop spaces and hyphens, upper-case ``x``."""
    return compact_text(number)


def calc_check_digit(first17: str) -> str:
    """The check character (position 18) for 17 digits, as python-stdnum computes it."""
    return str(stdnum_ric.calc_check_digit(first17 + "0"))


def mask(number: str) -> str:
    """Hide the birth date for public display: ``110105********002X``.

    Works on any 18-character number (positions 7–14 masked) or 15-character
    first-generation number (positions 7–12 masked), valid or not: masking must
    not depend on the number passing its checks.
    """
    code = compact(number)
    if len(code) == 18:
        return code[:6] + "*" * 8 + code[14:]
    if len(code) == 15:
        return code[:6] + "*" * 6 + code[12:]
    raise InvalidResidentId(
        "invalid resident ID number",
        (Problem(f"cannot mask a number of {len(code)} characters", field="resident_id"),),
    )


def _problem(code: str) -> str | None:
    """Why a compact number is not a valid resident ID number, or ``None``."""
    if len(code) == 15 and code.isascii() and code.isdigit():
        return (
            "The number looks like a first-generation 15-digit ID number (no century, "
            "no check digit); use the 18-digit number."
        )
    if len(code) != 18:
        return f"The number has {len(code)} characters; a resident ID number has 18."
    if not (code[:17].isascii() and code[:17].isdigit()) or code[17] not in "0123456789X":
        return "Positions 1–17 must be digits and position 18 a digit or 'X'."
    expected = calc_check_digit(code[:17])
    if code[17] != expected:
        return f"The check digit is {code[17]!r} but should be {expected!r}."
    if _birth_date(code) is None:
        return (
            "Positions 7–14 are not a possible birth date (no such day, or before "
            f"{_EARLIEST_BIRTH_YEAR}); the digits are not repeated here because they are personal."
        )
    if lookup(code[:6]).status is RegionStatus.UNKNOWN:
        return f"The address code {code[:6]} (positions 1–6) is in no GB/T 2260 edition we hold."
    return None


def _birth_date(code: str) -> datetime.date | None:
    try:
        date = datetime.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return None
    return date if date.year >= _EARLIEST_BIRTH_YEAR else None


def validate(number: str) -> str:
    """The compact number if valid; ``InvalidResidentId`` (with the masked number) if not."""
    code = compact(number)
    reason = _problem(code)
    if reason is not None:
        masked = mask(code) if len(code) in {15, 18} else None
        raise InvalidResidentId(
            "invalid resident ID number", (Problem(reason, field="resident_id", value=masked),)
        )
    return code


def is_valid(number: str) -> bool:
    """True if ``validate`` accepts the number."""
    return _problem(compact(number)) is None


def format(number: str) -> str:
    """The standard presentation: the compact form (18 characters, no separators)."""
    return compact(number)


def birth_date(number: str) -> datetime.date:
    """The birth date in positions 7–14 of a valid number."""
    code = validate(number)
    date = _birth_date(code)
    assert date is not None  # validate() has checked it
    return date


def gender(number: str) -> Gender:
    """Male for an odd sequence number (positions 15–17), female for an even one."""
    return Gender.MALE if int(validate(number)[16]) % 2 else Gender.FEMALE


def region(number: str) -> RegionInfo:
    """The address code's region (current or historical) of a valid number."""
    return lookup(validate(number)[:6])
