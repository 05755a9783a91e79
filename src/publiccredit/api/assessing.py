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
``Assessment`` value (``engine.decide.decide_measures_json``: a measure governing
a parent action governs its sub-items and the reverse; restriction beats
incentive). A test checks it against ``engine.decide`` on re-assessed subjects.
Decisions (``decide_stored``) read only the compact assessment, never the full
document: the measures in force are all a decision needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from sqlalchemy.engine import Connection

from publiccredit.engine.decide import decide_measures_json
from publiccredit.policy.model import Pack
from publiccredit.service import assess_stored, load_subjects
from publiccredit.store.compact import read_compact
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


def decide_json(document: dict[str, Any], action: str) -> dict[str, Any]:
    """The decision object (docs/assessment.md) for ``action`` on an assessment JSON."""
    return {
        "subject": document["subject"]["id"],
        "as_of": document["as_of"],
        "policy_version": document["policy_version"],
        **decide_measures_json(document["measures"], action),
    }


def decide_stored(
    conn: Connection, pack: Pack, subject_keys: Sequence[str], action: str, on: date
) -> dict[str, tuple[dict[str, Any], Source]]:
    """Decision objects for ``action`` on ``on`` by subject key (subjects without records
    are missing).

    Each comes from the subject's compact assessment (``store.compact``: one query
    for all, the measures in force only) when it holds on ``on``; the others are
    re-assessed from their stored records, as ``assessment_for`` does.
    """
    compact = read_compact(conn, subject_keys)
    found: dict[str, tuple[dict[str, Any], Source]] = {}
    stale: list[str] = []
    for key in dict.fromkeys(subject_keys):
        row = compact.get(key)
        if row is None or not row.holds(pack.version, on):
            stale.append(key)
            continue
        decision = {
            "subject": row.subject_id,
            "as_of": on.isoformat(),  # the stored assessment holds on this date
            "policy_version": row.policy_version,
            **decide_measures_json(row.measures(), action),
        }
        found[key] = (decision, "stored")
    for key, (records, facts) in (load_subjects(conn, stale) if stale else {}).items():
        document = assess_stored(records, facts, pack, on).to_json()
        found[key] = (decide_json(document, action), "recomputed")
    return found
