"""Property-based requests from the live OpenAPI document (schemathesis).

Every operation gets ``EXAMPLES`` generated requests on each backend; the
responses must never be a 5xx, must use a documented status code and content
type, and must match the documented schema. Requests carry the key of a role
that can reach the operation's logic (an agency key for submissions, the
admin key for key management), so the generated data goes past the
authorisation check. The last test asserts the suite sent at least 2,000
requests in all. Cases go with the agency key (repairs, removals and consents
with the subject key, reads under consent with the institution key).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from conftest import Seeded

EXAMPLES = 50
MIN_REQUESTS = 2000
SENT: dict[str, int] = {}


def _role_for(path: str) -> str:
    if path.endswith("/full"):
        return "institution"
    if path == "/v1/cases/overdue":
        return "auditor"
    if path.startswith(("/v1/cases/repairs", "/v1/cases/removals", "/v1/consents")):
        return "subject"
    if path.startswith(("/v1/records", "/v1/cases")):
        return "agency"
    if path.startswith(("/v1/keys", "/v1/access-log")):
        return "admin"
    return "public"


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


def _run_operation(operation: Any, seeded: Seeded) -> int:
    """Send ``EXAMPLES`` generated requests to one operation; how many were sent."""
    sent = 0
    headers = seeded.auth(_role_for(operation.path))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        nonlocal sent
        sent += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
    return sent


def test_generated_requests(seeded: Seeded) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", seeded.client.app)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            SENT[seeded.backend] = SENT.get(seeded.backend, 0) + _run_operation(operation, seeded)
        except Exception as error:  # collect every operation's failure, then fail once
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)


def test_enough_requests_were_sent() -> None:
    total = sum(SENT.values())
    if not SENT:
        pytest.skip("the generated-request tests did not run in this session")
    assert total >= MIN_REQUESTS, f"only {total} generated requests: {SENT}"
