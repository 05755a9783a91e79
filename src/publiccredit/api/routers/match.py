"""``POST /v1/match``: screen counterparties, in the request and answer shape of yente.

Open to every caller, public included: subjects' names and codes are public
(the rate limit applies to anonymous callers as everywhere). Every query is
written to the access log (actor, role, what: the query id and digest, and the
best matching subject), so screening leaves the same trail as reading a
record. docs/screening.md explains the scoring; docs/api.md the shape.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import Field

from publiccredit.api.auth import PUBLIC_OPERATION, Caller, CallerDep
from publiccredit.api.schemas import Strict
from publiccredit.api.state import ApiState, StateDep
from publiccredit.errors import InvalidInput, Problem
from publiccredit.screening.scoring import DEFAULT_THRESHOLD
from publiccredit.service.screening import (
    ScreenQuery,
    digest_of,
    log_screening,
    response_json,
    screen,
)
from publiccredit.service.screening_receipts import issue, verify
from publiccredit.store.keyfiles import load_signing_key

router = APIRouter(prefix="/v1/match", tags=["screening"])
MAX_QUERIES = 100
Text = Field(max_length=300)


class MatchProperties(Strict):
    """yente's property names; each a list of values (the first code, region counts)."""

    name: list[str] = Field(default_factory=list, max_length=10)
    alias: list[str] = Field(default_factory=list, max_length=10)
    registrationNumber: list[str] = Field(default_factory=list, max_length=3)  # noqa: N815
    region: list[str] = Field(default_factory=list, max_length=3)
    jurisdiction: list[str] = Field(default_factory=list, max_length=3)
    address: list[str] = Field(default_factory=list, max_length=3)
    legalRepresentative: list[str] = Field(default_factory=list, max_length=5)  # noqa: N815


class MatchEntity(Strict):
    """One query by example."""

    schema_: str = Field("Company", alias="schema", pattern="^(Company|LegalEntity|Organization)$")
    properties: MatchProperties


class MatchRequest(Strict):
    """Queries by id (at most 100)."""

    queries: dict[str, MatchEntity] = Field(min_length=1, max_length=MAX_QUERIES)


def _text(values: list[str], field: str, query_id: str) -> list[str]:
    for value in values:
        if len(value) > 300:
            problem = Problem("at most 300 characters", f"queries.{query_id}.{field}", value[:40])
            raise InvalidInput("a query value is too long", (problem,))
    return [value for value in values if value.strip()]


def screen_query(query_id: str, entity: MatchEntity) -> ScreenQuery:
    """The service's query from one yente entity (``InvalidInput`` names the field)."""
    props = entity.properties
    names = _text(props.name + props.alias, "name", query_id)
    codes = _text(props.registrationNumber, "registrationNumber", query_id)
    regions = _text(props.region + props.jurisdiction + props.address, "region", query_id)
    reps = _text(props.legalRepresentative, "legalRepresentative", query_id)
    if not names and not codes:
        problem = Problem("give a name or a registrationNumber", f"queries.{query_id}", "")
        raise InvalidInput("a query has neither a name nor a code", (problem,))
    return ScreenQuery(
        tuple(names), codes[0] if codes else "", regions[0] if regions else "", tuple(reps)
    )


def run_match(
    state: ApiState,
    caller: Caller,
    queries: dict[str, ScreenQuery],
    settings: tuple[float, int],
    receipt: bool = False,
) -> dict[str, Any]:
    """Answer every query and log each one; the ``responses`` body, with a signed receipt
    when asked (read in one snapshot with the answers: ``REPEATABLE READ`` on PostgreSQL,
    SQLite's read transaction)."""
    threshold, limit = settings
    responses: dict[str, Any] = {}
    digests: dict[str, str] = {}
    body: dict[str, Any] = {"threshold": threshold, "limit": limit}
    options = {"isolation_level": "REPEATABLE READ"} if receipt else {}
    with state.engine.connect() as plain:
        conn = plain.execution_options(**options) if plain.dialect.name == "postgresql" else plain
        for query_id, query in queries.items():
            answer = screen(conn, query, threshold, limit)
            responses[query_id] = response_json(query, answer)
            digests[query_id] = digest_of(query)
            label = f"POST /v1/match {query_id}"
            log_screening(conn, (caller.actor, caller.role), label, query, answer, state.now())
        if receipt:
            key = load_signing_key(state.data_dir)
            body["receipt"] = issue(conn, key, responses, digests, settings, state.now())
        conn.commit()
    return {"responses": responses, **body}


@router.post("", openapi_extra=PUBLIC_OPERATION, summary="Screen counterparties (yente-compatible)")
def match(
    body: MatchRequest,
    state: StateDep,
    who: CallerDep,
    threshold: float = Query(DEFAULT_THRESHOLD, ge=0.0, le=1.0),
    limit: int = Query(5, ge=1, le=50),
    receipt: bool = Query(False, description="Add a signed screening receipt (docs/screening.md)."),
) -> dict[str, Any]:
    """Score stored entities against each query; ``match`` where the score ≥ threshold."""
    queries = {key: screen_query(key, entity) for key, entity in body.queries.items()}
    return run_match(state, who, queries, (threshold, limit), receipt)


class ReceiptCheck(Strict):
    """A receipt to check (as ``POST /v1/match?receipt=true`` returned it)."""

    receipt: dict[str, Any]


@router.post(
    "/receipts/verify", openapi_extra=PUBLIC_OPERATION, summary="Check a screening receipt"
)
def verify_receipt(body: ReceiptCheck, state: StateDep, _who: CallerDep) -> dict[str, Any]:
    """Whether the receipt was signed by this platform and names a version of its ledger."""
    key = load_signing_key(state.data_dir).public_key()
    with state.engine.connect() as conn:
        problems = verify(conn, key, body.receipt)
    return {"valid": not problems, "problems": problems}
