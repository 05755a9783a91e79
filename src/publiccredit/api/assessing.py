"""Assessments and decisions for the API: the stored assessment when it holds, else the engine.

The service stores each subject's latest assessment with the date it was made
for (``as_of``) and ``next_change_on``, the first date on which it changes by
time alone; every event that touches the subject re-assesses it in the same
transaction. So the stored assessment is exactly what the engine would say
for any date ``D`` with ``as_of <= D < next_change_on`` under the same policy
version, and nothing is known later than what is stored. The API serves it
for those dates (fast: one primary-key read, no engine run), and re-assesses
from the stored records (``service.assess_stored``) for any other date, for a
``known_at`` date, or after the policy pack changed.

``decide_json`` is ``engine.decide`` over the assessment JSON instead of an
``Assessment`` value (same rules: a measure governing a parent action governs
its sub-items and the reverse; restriction beats incentive). A test checks it
against ``engine.decide`` on re-assessed subjects.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from sqlalchemy.engine import Connection

from publiccredit.policy.model import Pack
from publiccredit.service import assess_stored, load_subjects
from publiccredit.store.projections import get_assessment

Source = Literal["stored", "recomputed"]


def stored_holds(row: dict[str, Any], pack: Pack, on: date) -> bool:
    """True when the stored assessment ``row`` is the engine's answer for ``on``."""
    if row["policy_version"] != pack.version:
        return False
    as_of = row["as_of"]
    as_of = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    following = row["next_change_on"]
    if isinstance(following, str):
        following = date.fromisoformat(following)
    return bool(as_of <= on and (following is None or on < following))


def assessment_for(
    conn: Connection, pack: Pack, subject_key: str, on: date, known_at: date | None = None
) -> tuple[dict[str, Any], Source] | None:
    """The assessment JSON of a subject for ``on`` (as known at ``known_at``); ``None`` if
    the subject has no records."""
    if known_at is None:
        row = get_assessment(conn, subject_key)
        if row is not None and stored_holds(row, pack, on):
            return row["assessment"], "stored"
    loaded = load_subjects(conn, [subject_key])
    if subject_key not in loaded:
        return None
    records, facts = loaded[subject_key]
    return assess_stored(records, facts, pack, on, known_at).to_json(), "recomputed"


def _governs(measure_action: str, action: str) -> bool:
    return (
        measure_action == action
        or action.startswith(measure_action + ".")
        or measure_action.startswith(action + ".")
    )


def decide_json(document: dict[str, Any], action: str) -> dict[str, Any]:
    """The decision object (docs/assessment.md) for ``action`` on an assessment JSON."""
    matching = [
        measure
        for measure in document["measures"]
        if any(_governs(key, action) for key in measure["actions"])
    ]
    if any(measure["effect"] == "restrict" for measure in matching):
        outcome = "restricted"
    elif matching:
        outcome = "incentive"
    else:
        outcome = "allowed"
    triggers = (m["trigger"] for m in matching)
    lists = list(dict.fromkeys(t[5:] for t in triggers if t.startswith("list:")))
    return {
        "subject": document["subject"]["id"],
        "action": action,
        "outcome": outcome,
        "as_of": document["as_of"],
        "policy_version": document["policy_version"],
        "measures": matching,
        "lists": lists,
        "legal_basis": list(dict.fromkeys(m["legal_basis"] for m in matching)),
    }
