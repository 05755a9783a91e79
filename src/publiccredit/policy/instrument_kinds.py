"""What kinds of legal text exist and what each may do, and the registry's own checks.

``guardrails.yaml`` (``instrument_kinds``) lists, per kind of instrument, the
issuers that make it and what it may impose (measure classes) and found
(list kinds); ``listing_ceiling`` bounds every instrument; ``not_instruments``
names what no legal text is called (memo, terms of service, minutes …). A
registry entry that claims a kind its issuer cannot make, reads as no legal
text at all, or allows a listing past the ceiling is refused here;
``legal_basis.py`` then holds each citation to the entry it cites.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from publiccredit.errors import Problem
from publiccredit.policy.model import Instrument, Pack
from publiccredit.policy.model.common import PeriodValue
from publiccredit.policy.prohibited import FoldedText, guardrail_data, term_found


def _flat(values: Iterable[Any]) -> set[str]:
    """Issuer names, with YAML aliases (nested lists) flattened one level."""
    found: set[str] = set()
    for value in values:
        found.update(value if isinstance(value, list) else [value])
    return found


@functools.cache
def _grants() -> dict[str, list[tuple[set[str], set[str], set[str]]]]:
    """Kind → [(issuers, measure classes it may impose, list kinds it may found)]."""
    kinds = guardrail_data()["instrument_kinds"]["kinds"]
    return {
        kind: [(_flat(g["issuers"]), set(g["may_impose"]), set(g["may_found"])) for g in grants]
        for kind, grants in kinds.items()
    }


def powers(instrument: Instrument) -> tuple[set[str], set[str]] | None:
    """What the instrument's kind and issuer may impose and found; ``None``: no such issuer."""
    grants = [g for g in _grants().get(instrument.kind.value, []) if instrument.issuer in g[0]]
    if not grants:
        return None
    return set().union(*(g[1] for g in grants)), set().union(*(g[2] for g in grants))


def kinds_source() -> str:
    source = guardrail_data()["instrument_kinds"]["source"]
    return str(source["instrument"])


def listing_ceiling() -> PeriodValue:
    return PeriodValue.parse(guardrail_data()["listing_ceiling"]["period"])


def registry_problems(pack: Pack) -> list[Problem]:
    words = guardrail_data()["not_instruments"]
    ceiling = listing_ceiling()
    problems = []
    for instrument in pack.instruments:
        field = f"instruments[{instrument.id}]"
        for text in (instrument.title_zh, instrument.title_en, instrument.issuer):
            term = term_found(FoldedText.of(text), words["terms_en"], words["terms_zh"])
            if term is not None:
                reason = f"not a legal instrument: {term!r} in {text!r} cannot be a legal basis"
                problems.append(Problem(reason, field, text, file="instruments.yaml"))
                break
        if powers(instrument) is None:
            reason = (
                f"{instrument.issuer!r} does not issue a {instrument.kind.value} "
                f"(issuers allowed for each kind: guardrails.yaml, {kinds_source()})"
            )
            problems.append(
                Problem(reason, f"{field}.issuer", instrument.issuer, file="instruments.yaml")
            )
        longest = instrument.covers.max_listing
        if longest is not None and longest.approx_days() > ceiling.approx_days():
            reason = f"no instrument may allow a listing longer than {ceiling}"
            problems.append(
                Problem(
                    reason, f"{field}.covers.max_listing", str(longest), file="instruments.yaml"
                )
            )
    return problems
