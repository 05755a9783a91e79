"""``/v1/decisions``: may this subject do this? — allowed, restricted, incentive or unknown.

Every code is parsed first (``identifiers.subject_code``): full-width and
lower-case forms are folded, and a code that is not a valid unified social
credit code (a wrong check character, ``hello``) is refused with 422 naming the
reason — it never reaches a look-up that could answer "allowed". A valid code
the platform holds no record of answers ``unknown`` with ``known: false``: the
platform cannot vouch for a subject it knows nothing about, so the answer
fails closed. A code that fails its check but under which a subject *is*
stored (a code the registration authority really issued, accepted at ingest)
is decided as stored.

The answer comes from the subject's stored compact assessment (the measures in
force, never the full document) when it holds on the asked date, and from a
re-assessment otherwise (``api.assessing.decide_stored``); a batch reads every
compact row in one query. Decisions
about entities rest on published lists and measures only, so every role may
ask. Natural persons are checked by resident ID number at ``/persons``
(agency, auditor and admin keys only): the number is looked up by its keyed
hash, the read is written to the access log, and the answer shows the number
masked.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from fastapi import APIRouter, Request
from sqlalchemy.engine import Connection

from publiccredit.api.assessing import decide_stored
from publiccredit.api.auth import PUBLIC_OPERATION, CallerDep
from publiccredit.api.person_decisions import bound_measures, merge
from publiccredit.api.schemas import (
    DecisionBatchOut,
    DecisionBatchRequest,
    DecisionOut,
    DecisionRequest,
    PersonDecisionRequest,
)
from publiccredit.api.state import StateDep
from publiccredit.domain.privacy import mask_id
from publiccredit.engine.decide import check_action
from publiccredit.errors import InvalidIdentifier, InvalidInput, Problem
from publiccredit.identifiers.normalise import compact_text
from publiccredit.identifiers.subject_code import parse_entity_code, parse_resident_id
from publiccredit.policy.model import Pack
from publiccredit.store.access_log import log_access
from publiccredit.store.schema import subjects

router = APIRouter(prefix="/v1/decisions", tags=["decisions"])
PERSON_ROLES = ("agency", "auditor", "admin")


def _stored(conn: Connection, key: str) -> bool:
    found = conn.execute(sa.select(subjects.c.subject_key).where(subjects.c.subject_key == key))
    return found.first() is not None


def subject_key_for(conn: Connection, text: str, field: str = "subject") -> str:
    """The key a decision about ``text`` looks up; ``InvalidIdentifier`` for a bad code
    that nothing is stored under."""
    try:
        return parse_entity_code(text, field)
    except InvalidIdentifier:
        compact = compact_text(text)
        # only a code-shaped text is looked up (a NUL or a long text never reaches the
        # database: PostgreSQL refuses NUL in a parameter)
        code_shaped = compact.isascii() and compact.isalnum() and len(compact) <= 64
        if code_shaped and _stored(conn, compact):
            return compact
        raise


def unknown_decision(shown: str, action: str, on: date, pack: Pack) -> DecisionOut:
    """``unknown``: a valid code the platform holds no record of (never ``allowed``)."""
    return DecisionOut(
        subject=shown,
        known=False,
        action=action,
        outcome="unknown",
        as_of=on.isoformat(),
        policy_version=pack.version,
        measures=[],
        lists=[],
        legal_basis=[],
        source="none",
    )


def decide_keys(
    conn: Connection, pack: Pack, keys: list[str], action: str, on: date
) -> list[DecisionOut]:
    """The decisions about the stored subjects ``keys``, in order (``unknown`` for a key
    with no records): one read of their compact assessments (``decide_stored``)."""
    found = decide_stored(conn, pack, keys, action, on)
    answers = []
    for key in keys:
        if key not in found:
            answers.append(unknown_decision(key, action, on, pack))
            continue
        decision, source = found[key]
        answers.append(DecisionOut(**decision, known=True, source=source))
    return answers


def decide_key(
    conn: Connection, pack: Pack, key: str, shown: str, action: str, on: date
) -> DecisionOut:
    """The decision about the stored subject ``key`` (``unknown`` if it has no records)."""
    (answer,) = decide_keys(conn, pack, [key], action, on)
    return answer if answer.known else unknown_decision(shown, action, on, pack)


def decide_subject(conn: Connection, pack: Pack, text: str, action: str, on: date) -> DecisionOut:
    """Parse ``text`` as an entity's code and decide it (the API's and the portal's path)."""
    key = subject_key_for(conn, text)
    return decide_key(conn, pack, key, key, action, on)


@router.post(
    "",
    response_model=DecisionOut,
    openapi_extra=PUBLIC_OPERATION,
    summary="Decide one subject and action",
)
def decide_one(
    state: StateDep,
    _caller: CallerDep,
    body: DecisionRequest,
) -> DecisionOut:
    """The outcome for ``action`` on ``date`` (default today), with measures, lists and bases.

    422 ``invalid_identifier`` when ``subject`` is not a valid code; ``unknown`` when it is
    valid but the platform holds no record of it."""
    check_action(body.action, state.pack)
    with state.engine.connect() as conn:
        return decide_subject(
            conn, state.pack, body.subject, body.action, body.date or state.today()
        )


@router.post(
    "/batch",
    response_model=DecisionBatchOut,
    openapi_extra=PUBLIC_OPERATION,
    summary="Decide up to 1,000 subjects",
)
def decide_batch(
    state: StateDep,
    _caller: CallerDep,
    body: DecisionBatchRequest,
) -> DecisionBatchOut:
    """One decision per subject, in request order (the same action and date for all).

    Any invalid code refuses the whole batch (422), each one named ``subjects[i]``."""
    check_action(body.action, state.pack)
    on = body.date or state.today()
    with state.engine.connect() as conn:
        keys: list[str] = []
        problems: list[Problem] = []
        for index, text in enumerate(body.subjects):
            try:
                keys.append(subject_key_for(conn, text, f"subjects[{index}]"))
            except InvalidInput as error:
                problems.extend(error.problems)
        if problems:
            raise InvalidIdentifier(
                f"{len({p.field for p in problems})} code(s) are not valid; nothing decided",
                tuple(problems),
            )
        return DecisionBatchOut(decisions=decide_keys(conn, state.pack, keys, body.action, on))


@router.post(
    "/persons",
    response_model=DecisionOut,
    summary="Decide a natural person by resident ID number (agency, auditor, admin)",
)
def decide_person(
    state: StateDep,
    who: CallerDep,
    body: PersonDecisionRequest,
    request: Request,
) -> DecisionOut:
    """A natural person's real restriction, by ID number: their own listing (a judgment
    defaulter) and the measures of entities that bind them as responsible person.

    The number is looked up by its keyed hash only, the read is in the access log, and the
    answer shows it masked. ``unknown`` when no record is held under it or naming it."""
    who.require(*PERSON_ROLES)
    check_action(body.action, state.pack)
    number = parse_resident_id(body.id_number, "id_number")
    key = state.personal_keys().person_key(number)
    on = body.date or state.today()
    with state.engine.begin() as conn:
        log_access(conn, who.actor, who.role, key, f"POST {request.url.path}", None, state.now())
        own = decide_key(conn, state.pack, key, mask_id(number), body.action, on)
        bound, named = bound_measures(conn, state.pack, number, key, body.action, on)
    return merge(own, bound, named)
