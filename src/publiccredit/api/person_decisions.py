"""A natural person's decision by resident ID number: their own records and the
measures of entities that bind them (issue 12, point 1).

A person is restricted in two ways the pack defines: as a judgment defaulter
(their own listing: a person subject, keyed by the keyed hash of the number),
and as a responsible person (legal representative, actual controller) of an
entity whose measure binds them — a listed debtor company's legal
representative may not fly first class either. The second is found through
``store.responsible`` (entities whose registration named the keyed hash), and
each such entity's current (compact) assessment says whether a measure in force binds
this person now: its ``binds`` name the role and the masked number, which must
be the masked form of the number asked about (the registration may since have
named someone else).

Each measure that binds the person through an entity says so in
``bound_through`` (the entity's code and the person's role).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from publiccredit.api.assessing import decide_stored
from publiccredit.api.schemas import DecisionOut
from publiccredit.domain.privacy import mask_id
from publiccredit.policy.model import Pack
from publiccredit.store.responsible import entities_naming


def bound_measures(
    conn: Connection, pack: Pack, number: str, person_key: str, action: str, on: date
) -> tuple[list[dict[str, Any]], bool]:
    """Measures of entities that bind the person for ``action`` on ``on``; and whether any
    entity names the person at all."""
    masked = mask_id(number)
    naming = entities_naming(conn, person_key)
    found: list[dict[str, Any]] = []
    decided = decide_stored(conn, pack, [key for key, _ in naming], action, on)
    for entity_key, role in naming:
        if entity_key not in decided:
            continue
        for measure in decided[entity_key][0]["measures"]:
            binds = measure.get("binds") or []
            if any(p.get("role") == role and p.get("id_masked") == masked for p in binds):
                found.append({**measure, "bound_through": {"subject": entity_key, "role": role}})
    return found, bool(naming)


def merge(own: DecisionOut, bound: list[dict[str, Any]], named: bool) -> DecisionOut:
    """The person's own decision with the bound measures added (restriction wins)."""
    if not bound and (own.known or not named):
        return own
    measures = [*own.measures, *bound]
    if any(measure.get("effect") == "restrict" for measure in measures):
        outcome = "restricted"
    elif own.outcome != "unknown":
        outcome = own.outcome
    else:
        outcome = "incentive" if measures else "allowed"
    triggers = (str(m.get("trigger", "")) for m in measures)
    lists = list(dict.fromkeys(t[5:] for t in triggers if t.startswith("list:")))
    bases = list(dict.fromkeys(str(m.get("legal_basis", "")) for m in measures))
    return own.model_copy(
        update={
            "known": True,
            "outcome": outcome,
            "measures": measures,
            "lists": lists,
            "legal_basis": bases,
            "source": own.source if own.known else "stored",
        }
    )
