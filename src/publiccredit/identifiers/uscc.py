"""Unified Social Credit Code (统一社会信用代码), GB 32100-2015.

The USCC is the lifelong identifier of every legal entity and other
organisation in China. It has 18 characters:

========  =====================================================================
position  meaning
========  =====================================================================
1         registration authority (``1`` establishment, ``5`` civil affairs,
          ``9`` market regulation, ``Y`` other, … — letters are legal)
2         organisation category within that authority (``91`` enterprise, …)
3–8       region code of the registering authority (GB/T 2260, six digits)
9–17      the organisation code (GB 11714): 8 characters and its own check
18        check character over positions 1–17
========  =====================================================================

* Alphabet: ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (31 characters, values 0–30;
  no I, O, S, V, Z).
* Check character (position 18): weights ``3**(i-1) mod 31``; value
  ``(31 - sum mod 31) mod 31``.
* Inner check (position 17, GB 11714 organisation code over positions 9–16):
  weights 3, 7, 9, 10, 5, 8, 4, 2 over values 0–35 (``0-9A-Z``); check
  ``11 - sum mod 11`` with 10 → ``X`` and 11 → ``0``.

Real-world codes are messier than the standard, so ``check`` grades a code
instead of only accepting or rejecting it (policy from
``shared/domain/cn-public-credit-rules.md`` §1):

* **invalid** — malformed (length, alphabet, non-digit region), an old
  15-digit registration number or a 9-character organisation code (we say
  which), or a failed check character (we say which character was expected);
* **warning** — accepted, but something is off: a failed check character on
  the legacy allow-list (``data/legacy_uscc_allowlist.txt``: early pilot codes
  the registration authority really issued), a failed inner check, a
  historical or unknown region, an authority/category pair not in our table;
* **valid** — none of the above.

Input is normalised first: full-width characters become ASCII (NFKC),
spaces, hyphens and zero-width characters are dropped, letters upper-cased.

Differences from python-stdnum's ``stdnum.cn.uscc`` (which we otherwise
follow): letters are allowed in positions 1–2 as the standard says (stdnum
rejects e.g. codes of authority ``Y`` or ``N``); the inner check is verified;
failures carry reasons a person can act on.

Sources: GB 32100-2015 (via python-stdnum ``stdnum/cn/uscc.py``); GB 11714;
Appendix A category table as reprinted (see ``data/uscc_categories.csv``).

>>> validate('9144 0300 1922 0382 16')
'914403001922038216'
>>> check('91350100M000100Y4Z').status
<UsccStatus.WARNING: 'warning'>
>>> check('91350100M000100Y43').reasons
()
>>> check('91110108551385082A').reasons
("The check character is 'A' but should be 'Q'.",)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from publiccredit.errors import InvalidIdentifier, Problem
from publiccredit.identifiers.normalise import compact_text
from publiccredit.identifiers.regions import RegionInfo, lookup
from publiccredit.identifiers.uscc_categories import EntityKind, Label, decode
from publiccredit.identifiers.uscc_reasons import category_warning, malformation, region_warning

__all__ = [
    "ALPHABET",
    "EntityKind",
    "InvalidUscc",
    "UsccCheck",
    "UsccStatus",
    "calc_check_char",
    "calc_inner_check_char",
    "check",
    "compact",
    "format",
    "is_valid",
    "legacy_allowlist",
    "validate",
]

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


class InvalidUscc(InvalidIdentifier):
    """A USCC is malformed or fails its check character (and is not a known legacy code)."""


class UsccStatus(StrEnum):
    """The grade ``check`` gives a code."""

    VALID = "valid"
    WARNING = "warning"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class UsccCheck:
    """Everything ``check`` found out about one input: grade, reasons and decoding.

    ``authority``, ``category`` and ``region`` are ``None`` when the input is too
    malformed to decode; ``reasons`` is empty for a valid code.
    """

    input: str
    normalized: str
    status: UsccStatus
    reasons: tuple[str, ...] = ()
    authority: Label | None = None
    category: Label | None = None
    kind: EntityKind = EntityKind.UNKNOWN
    region: RegionInfo | None = None

    @property
    def accepted(self) -> bool:
        """True for valid codes and codes with warnings: the code may be used as a key."""
        return self.status is not UsccStatus.INVALID

    def to_json(self) -> dict[str, object]:
        """The JSON object the CLI prints for this code."""
        return {
            "input": self.input,
            "normalized": self.normalized,
            "status": str(self.status),
            "reasons": list(self.reasons),
            "kind": str(self.kind),
            "authority": None if self.authority is None else self.authority.to_json(),
            "category": None if self.category is None else self.category.to_json(),
            "region": None if self.region is None else self.region.to_json(),
        }


def compact(code: str) -> str:
    """Normalise a code: full-width to ASCII, drop spaces and hyphens, upper-case."""
    return compact_text(code)


@cache
def legacy_allowlist() -> frozenset[str]:
    """Codes accepted with a warning although their check character fails (packaged data)."""
    path = resources.files(__package__).joinpath("data", "legacy_uscc_allowlist.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(filter(None, (compact(line.partition("#")[0]) for line in lines)))


def check(code: str, *, legacy: frozenset[str] | None = None) -> UsccCheck:
    """Grade a code as valid, warning or invalid, with reasons and decoding; never raises.

    ``legacy`` replaces the packaged allow-list of legacy codes (for callers
    that keep their own); by default ``legacy_allowlist()`` is used.
    """
    if not isinstance(code, str):
        return UsccCheck(str(code), "", UsccStatus.INVALID, ("The code is not text.",))
    normalized = compact(code)
    shape_problem = malformation(normalized, ALPHABET)
    if shape_problem is not None:
        return UsccCheck(code, normalized, UsccStatus.INVALID, (shape_problem,))
    errors: list[str] = []
    warnings: list[str] = []
    expected = calc_check_char(normalized[:17])
    if normalized[17] != expected:
        failure = f"The check character is {normalized[17]!r} but should be {expected!r}"
        if normalized[17] not in ALPHABET:
            failure += f" ({normalized[17]!r} is not even in the USCC alphabet)"
        allowed = legacy_allowlist() if legacy is None else legacy
        if normalized in allowed:
            warnings.append(
                f"{failure}; the code is a known legacy code on the allow-list "
                "(issued before the check was enforced), so it is accepted."
            )
        else:
            errors.append(failure + ".")
    inner = calc_inner_check_char(normalized[8:16])
    if normalized[16] != inner:
        warnings.append(
            "The organisation code in positions 9–17 fails its GB 11714 check: position 17 is "
            f"{normalized[16]!r} but should be {inner!r}."
        )
    decoded = decode(normalized[:2])
    region = lookup(normalized[2:8])
    for warning in (
        category_warning(normalized, decoded.authority, decoded.category),
        region_warning(region),
    ):
        if warning is not None:
            warnings.append(warning)
    status = UsccStatus.INVALID if errors else UsccStatus.WARNING if warnings else UsccStatus.VALID
    return UsccCheck(
        code,
        normalized,
        status,
        (*errors, *warnings),
        decoded.authority,
        decoded.category,
        decoded.kind,
        region,
    )


def validate(code: str) -> str:
    """The compact code if it is accepted (valid or warning); ``InvalidUscc`` if it is not."""
    result = check(code)
    if not result.accepted:
        problems = tuple(
            Problem(reason, field="uscc", value=result.input) for reason in result.reasons
        )
        raise InvalidUscc("invalid USCC", problems)
    return result.normalized


def is_valid(code: str) -> bool:
    """True if ``validate`` would accept the code (warnings included)."""
    return check(code).accepted


def format(code: str) -> str:
    """The standard presentation: the compact form (18 characters, no separators)."""
    return compact(code)
