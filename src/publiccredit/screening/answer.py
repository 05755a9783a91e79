"""Screening answers as JSON, in the shape of yente's ``/match`` (OpenSanctions).

A client written for yente reads ``responses[query_id].results[]`` with ``id``,
``caption``, ``schema``, ``properties``, ``score``, ``match`` and ``features``;
``explanations`` adds a sentence per feature, and ``code_check`` says what was
wrong with a mistyped code and which stored subjects are one edit away. The
query digest (SHA-256 of the query's RFC 8785 JSON) names the query in the access
log and in receipts without repeating a legal representative's name there.
"""

from __future__ import annotations

import hashlib
from typing import Any

from publiccredit.ledger.leaf import canonical_json
from publiccredit.screening.scoring import Scored

SCHEMA = "Company"


def query_json(
    names: tuple[str, ...], code: str, region: str, representatives: tuple[str, ...]
) -> dict[str, Any]:
    """The query as yente properties (what the digest is taken of)."""
    properties: dict[str, list[str]] = {"name": list(names)}
    if code:
        properties["registrationNumber"] = [code]
    if region:
        properties["region"] = [region]
    if representatives:
        properties["legalRepresentative"] = list(representatives)
    return {"schema": SCHEMA, "properties": properties}


def query_digest(query: dict[str, Any]) -> str:
    """SHA-256 (hex) of the query's canonical JSON."""
    return hashlib.sha256(canonical_json(query)).hexdigest()


def result_json(item: Scored, threshold: float) -> dict[str, Any]:
    """One result: the subject as a yente entity, its score and the features behind it."""
    candidate = item.candidate
    properties: dict[str, list[str]] = {
        "name": [candidate.name],
        "registrationNumber": [candidate.subject_key],
    }
    if candidate.region:
        properties["region"] = [candidate.region]
    return {
        "id": candidate.subject_key,
        "caption": candidate.name,
        "schema": SCHEMA,
        "properties": properties,
        "datasets": ["publiccredit"],
        "score": item.score,
        "match": item.is_match(threshold),
        "features": dict(item.features),
        "explanations": dict(item.explanations),
    }
