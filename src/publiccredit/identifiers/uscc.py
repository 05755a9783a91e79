"""Unified Social Credit Code (统一社会信用代码), GB 32100-2015.

(Specification docstring to be completed with validation and decoding.)

* 18 characters over the alphabet ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (31
  characters, values 0–30; no I, O, S, V, Z).
* Check character (position 18): weights ``3**(i-1) mod 31``; value
  ``(31 - sum mod 31) mod 31``.
* Inner check (position 17, GB 11714 organisation code over positions 9–16):
  weights 3, 7, 9, 10, 5, 8, 4, 2 over values 0–35 (``0-9A-Z``); check
  ``11 - sum mod 11`` with 10 → ``X`` and 11 → ``0``.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_INNER_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_INNER_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def calc_check_char(first17: str) -> str:
    """The check character (position 18) for the first 17 characters of a code."""
    total = sum(
        ALPHABET.index(char) * weight for char, weight in zip(first17, _WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def calc_inner_check_char(organisation_code: str) -> str:
    """The GB 11714 check character (position 17) for the 8 characters at positions 9–16."""
    total = sum(
        _INNER_ALPHABET.index(char) * weight
        for char, weight in zip(organisation_code, _INNER_WEIGHTS, strict=True)
    )
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)
