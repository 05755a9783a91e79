"""Codes in a screening query: valid, or mistyped with the nearest valid codes.

A supplier list carries codes copied by hand. A code whose check character fails
is reported (never silently ignored, never matched as if it were valid), and the
codes one edit away that do pass the GB 32100 check are offered: one character
replaced, dropped, added, or two neighbours swapped. The service keeps those that
name a subject in the store (``service/screening.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from publiccredit.identifiers.uscc import ALPHABET, calc_check_char, check, compact

LENGTH = 18


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """The normalised code, whether it is accepted, why not, and nearby valid codes."""

    given: str
    code: str
    valid: bool
    reasons: tuple[str, ...] = ()
    nearby: tuple[str, ...] = ()


def _passes(code: str) -> bool:
    return (
        len(code) == LENGTH
        and all(char in ALPHABET for char in code)
        and calc_check_char(code[:17]) == code[17]
    )


def one_edit_codes(code: str) -> list[str]:
    """Codes that pass the check character and are one edit from ``code`` (sorted)."""
    found: set[str] = set()
    if len(code) == LENGTH:
        for index in range(LENGTH):
            for char in ALPHABET:
                found.add(code[:index] + char + code[index + 1 :])
        for index in range(LENGTH - 1):
            found.add(code[:index] + code[index + 1] + code[index] + code[index + 2 :])
    elif len(code) == LENGTH - 1:
        for index in range(LENGTH):
            for char in ALPHABET:
                found.add(code[:index] + char + code[index:])
    elif len(code) == LENGTH + 1:
        found.update(code[:index] + code[index + 1 :] for index in range(len(code)))
    found.discard(code)
    return sorted(candidate for candidate in found if _passes(candidate))


def check_code(given: str) -> CodeCheck:
    """Grade ``given``; when it is not accepted, list the one-edit codes that pass."""
    result = check(given)
    code = compact(given) if isinstance(given, str) else ""
    if result.accepted:
        return CodeCheck(given, result.normalized, True)
    return CodeCheck(given, code, False, result.reasons, tuple(one_edit_codes(code)))
