"""Reasons a person understands: what is wrong with a USCC, in one sentence each.

Kept apart from ``uscc`` so that the checks read as a short list there and the
wording lives in one place here. Every function returns ``None`` when there is
nothing to say.
"""

from __future__ import annotations

import string

from publiccredit.identifiers.regions import RegionInfo, RegionStatus
from publiccredit.identifiers.uscc_categories import Label

_LOOKALIKES = {"O": "0", "I": "1"}
_ASCII_ALNUM = frozenset(string.ascii_uppercase + string.digits)


def malformation(code: str, alphabet: str) -> str | None:
    """Why a compact code cannot be a USCC at all (``alphabet``: the 31 legal characters)."""
    if not code:
        return "The code is empty."
    if len(code) == 15 and code.isascii() and code.isdigit():
        return (
            "The code looks like an old 15-digit business registration number (注册号), not a USCC."
        )
    if len(code) == 9 and set(code) <= _ASCII_ALNUM:
        return (
            "The code looks like a 9-character organisation code (组织机构代码, GB 11714), "
            "not a USCC; a USCC carries it in positions 9–17."
        )
    if len(code) != 18:
        return f"The code has {len(code)} characters; a USCC has exactly 18."
    bad = [(i, c) for i, c in enumerate(code[:17], 1) if c not in alphabet]
    if bad:
        listed = ", ".join(f"{c!r} at position {i}" for i, c in bad)
        hints = [f"{c!r} is probably {_LOOKALIKES[c]!r}" for _, c in bad if c in _LOOKALIKES]
        hint = f" ({'; '.join(dict.fromkeys(hints))})" if hints else ""
        return (
            f"The code contains characters a USCC never uses: {listed}{hint}; "
            "I, O, S, V and Z are excluded."
        )
    if not code[2:8].isdigit():
        return f"Positions 3–8 must be a six-digit region code (GB/T 2260) but are {code[2:8]!r}."
    if code[17] not in _ASCII_ALNUM:
        return f"The check character (position 18) is {code[17]!r}, not a letter or digit."
    return None


def _years(region: RegionInfo) -> str:
    if region.valid_from and region.valid_until:
        return f"{region.valid_from}–{region.valid_until}"
    if region.valid_until:
        return f"until {region.valid_until}"
    return "in earlier years"


def region_warning(region: RegionInfo) -> str | None:
    """A historical or unknown region is worth saying, never worth a rejection."""
    if region.status is RegionStatus.HISTORICAL:
        return (
            f"Region {region.code} ({region.name}) is a historical GB/T 2260 code, valid "
            f"{_years(region)}; a code keeps the region it was issued under."
        )
    if region.status is RegionStatus.UNKNOWN:
        return f"Region {region.code} is not a known division: {region.note}."
    return None


def category_warning(code: str, authority: Label | None, category: Label | None) -> str | None:
    """An authority or category missing from our table: probably a newer amendment."""
    if authority is None:
        return f"Registration authority {code[0]!r} (position 1) is not in our GB 32100 table."
    if category is None:
        return (
            f"Category {code[1]!r} (position 2) is not one our table lists for "
            f"authority {code[0]!r} ({authority.label})."
        )
    return None
