"""``decide``: may this subject do this? — allowed, restricted or incentive, with reasons.

An action key names an action of the catalogue (``public_procurement_bid``)
or one of its sub-items (``high_consumption.flights``). A measure governing
the parent governs every sub-item; asking about the parent answers
"restricted" if any sub-item is restricted. Restriction beats incentive:
a subject under both is restricted, and the incentives are still listed.
"""

from __future__ import annotations

import difflib
from typing import Any

from publiccredit.domain.assessment import Assessment, Decision, MeasureInForce, Outcome
from publiccredit.engine.compiled import compile_pack
from publiccredit.errors import InvalidInput, Problem
from publiccredit.policy.model import Pack


def check_action(action: str, policy: Pack) -> None:
    """Raise ``InvalidInput`` naming close matches if ``action`` is not a key of the pack."""
    keys = compile_pack(policy).action_keys
    if action in keys:
        return
    close = difflib.get_close_matches(action, sorted(keys), n=5, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}?" if close else "no close match"
    raise InvalidInput(
        f"unknown action key {action!r}",
        (Problem(f"not an action of policy pack {policy.info.id}; {hint}", "action", action),),
    )


def _governs(measure_action: str, action: str) -> bool:
    return (
        measure_action == action
        or action.startswith(measure_action + ".")
        or measure_action.startswith(action + ".")
    )


def decide(assessment: Assessment, action: str, policy: Pack | None = None) -> Decision:
    """The decision for ``action`` on the assessment; with ``policy``, unknown keys are refused."""
    if policy is not None:
        check_action(action, policy)
    matching: list[MeasureInForce] = [
        measure
        for measure in assessment.measures
        if any(_governs(key, action) for key in measure.actions)
    ]
    if any(measure.effect == "restrict" for measure in matching):
        outcome = Outcome.RESTRICTED
    elif matching:
        outcome = Outcome.INCENTIVE
    else:
        outcome = Outcome.ALLOWED
    lists = tuple(dict.fromkeys(m.trigger[5:] for m in matching if m.trigger.startswith("list:")))
    bases = tuple(dict.fromkeys(measure.legal_basis for measure in matching))
    return Decision(
        assessment.subject.display_id,
        action,
        outcome,
        assessment.as_of,
        assessment.policy_version,
        tuple(matching),
        lists,
        bases,
    )


def decide_measures_json(measures: list[dict[str, Any]], action: str) -> dict[str, Any]:
    """``decide`` over measures as the assessment JSON gives them (``measures`` entries):
    the outcome, the matching measures, their lists and legal bases (same rules).

    Decisions answered from the store read only the compact assessment's measures
    (``store.compact``), never an ``Assessment`` value; a test checks this against
    ``decide`` on engine output."""
    matching = [
        measure for measure in measures if any(_governs(key, action) for key in measure["actions"])
    ]
    if any(measure["effect"] == "restrict" for measure in matching):
        outcome = Outcome.RESTRICTED
    elif matching:
        outcome = Outcome.INCENTIVE
    else:
        outcome = Outcome.ALLOWED
    triggers = (measure["trigger"] for measure in matching)
    return {
        "action": action,
        "outcome": outcome.value,
        "measures": matching,
        "lists": list(dict.fromkeys(t[5:] for t in triggers if t.startswith("list:"))),
        "legal_basis": list(dict.fromkeys(measure["legal_basis"] for measure in matching)),
    }
