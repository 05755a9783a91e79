"""Decoding the first two characters of a USCC: registration authority and category.

GB 32100-2015 Appendix A (and later amendments) assigns position 1 to the
*registration authority* (登记管理部门: ``1`` establishment authority, ``5`` civil
affairs, ``9`` market regulation, ``Y`` other, …) and position 2 to the
*organisation category* within it (``91`` enterprise, ``92`` individual
business, …). The table is data — ``data/uscc_categories.csv``, one row per
category with its source and a certainty mark (``V`` read in a primary source,
``S`` from a reprint) — so that an amendment is a data change, not a code
change. Letters are legal in both positions; a pair missing from the table is
reported as unknown, never rejected.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources


class EntityKind(StrEnum):
    """What kind of body a USCC belongs to, decoded from its first two characters."""

    ORGAN = "organ"
    PUBLIC_INSTITUTION = "public_institution"
    MASS_ORGANISATION = "mass_organisation"
    OTHER_ESTABLISHMENT = "other_establishment"
    SOCIAL_ORGANISATION = "social_organisation"
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise"
    FOUNDATION = "foundation"
    OTHER_CIVIL_AFFAIRS = "other_civil_affairs"
    ENTERPRISE = "enterprise"
    INDIVIDUAL_BUSINESS = "individual_business"
    FARMERS_COOPERATIVE = "farmers_cooperative"
    OTHER = "other"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Label:
    """A code with its human label (Chinese, English gloss in brackets)."""

    code: str
    label: str

    def to_json(self) -> dict[str, str]:
        """JSON-ready mapping ``{"code", "label"}``."""
        return {"code": self.code, "label": self.label}


@dataclass(frozen=True, slots=True)
class CategoryRule:
    """One row of the category table: authority, category, kind, and where it comes from."""

    authority: Label
    category: Label
    kind: EntityKind
    certainty: str
    source: str


@cache
def category_rules() -> dict[str, CategoryRule]:
    """Two-character prefix (authority + category) → its rule, from the packaged table."""
    text = (
        resources.files(__package__)
        .joinpath("data", "uscc_categories.csv")
        .read_text(encoding="utf-8")
    )
    rules: dict[str, CategoryRule] = {}
    for row in csv.DictReader(text.splitlines()):
        prefix = row["authority"] + row["category"]
        rules[prefix] = CategoryRule(
            authority=Label(row["authority"], row["authority_label"]),
            category=Label(prefix, row["category_label"]),
            kind=EntityKind(row["kind"]),
            certainty=row["certainty"],
            source=row["source"],
        )
    return rules


@cache
def authorities() -> dict[str, Label]:
    """One-character registration authority code → its label."""
    return {rule.authority.code: rule.authority for rule in category_rules().values()}


@dataclass(frozen=True, slots=True)
class Decoded:
    """What the first two characters say: authority, category and kind (``None`` if unknown)."""

    authority: Label | None
    category: Label | None
    kind: EntityKind


def decode(prefix: str) -> Decoded:
    """Decode authority and category from a code's first two characters; never raises."""
    rule = category_rules().get(prefix[:2])
    if rule is not None:
        return Decoded(rule.authority, rule.category, rule.kind)
    return Decoded(authorities().get(prefix[:1]), None, EntityKind.UNKNOWN)
