"""``/v1/decisions``: may this subject do this? — allowed, restricted or incentive, with reasons.

The answer comes from the subject's stored compact assessment (the measures in
force, never the full document) when it holds on the asked date, and from a
re-assessment otherwise (``api.assessing.decide_stored``); a batch reads every
compact row in one query. A subject
the platform holds no record of is ``allowed`` with ``known: false``.
Decisions rest on published lists and measures only, so every role may ask.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from sqlalchemy.engine import Connection

from publiccredit.api.assessing import decide_stored
from publiccredit.api.auth import CallerDep
from publiccredit.api.schemas import (
    DecisionBatchOut,
    DecisionBatchRequest,
    DecisionOut,
    DecisionRequest,
)
from publiccredit.api.state import StateDep
from publiccredit.engine.decide import check_action
from publiccredit.policy.model import Pack

router = APIRouter(prefix="/v1/decisions", tags=["decisions"])


def _key(subject: str) -> str:
    text = subject.strip()
    return text.upper() if len(text) == 18 else text


def _decisions(
    conn: Connection, pack: Pack, subjects: list[str], action: str, on: date
) -> list[DecisionOut]:
    keys = [_key(subject) for subject in subjects]
    found = decide_stored(conn, pack, keys, action, on)
    answers = []
    for key in keys:
        if key not in found:
            answers.append(
                DecisionOut(
                    subject=key,
                    known=False,
                    action=action,
                    outcome="allowed",
                    as_of=on.isoformat(),
                    policy_version=pack.version,
                    measures=[],
                    lists=[],
                    legal_basis=[],
                    source="none",
                )
            )
            continue
        decision, source = found[key]
        answers.append(DecisionOut(**decision, known=True, source=source))
    return answers


@router.post("", response_model=DecisionOut, summary="Decide one subject and action")
def decide_one(
    state: StateDep,
    _caller: CallerDep,
    body: DecisionRequest,
) -> DecisionOut:
    """The outcome for ``action`` on ``date`` (default today), with measures, lists and bases."""
    check_action(body.action, state.pack)
    on = body.date or state.today()
    with state.engine.connect() as conn:
        return _decisions(conn, state.pack, [body.subject], body.action, on)[0]


@router.post("/batch", response_model=DecisionBatchOut, summary="Decide up to 1,000 subjects")
def decide_batch(
    state: StateDep,
    _caller: CallerDep,
    body: DecisionBatchRequest,
) -> DecisionBatchOut:
    """One decision per subject, in request order (the same action and date for all)."""
    check_action(body.action, state.pack)
    on = body.date or state.today()
    with state.engine.connect() as conn:
        return DecisionBatchOut(
            decisions=_decisions(conn, state.pack, body.subjects, body.action, on)
        )
