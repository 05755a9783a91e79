"""``POST /v1/subjects/{subject_key}/what-if``: the simulator's JSON renderer.

The same data function as the portal's what-if page (``api.what_if_data.simulate``):
the subject's assessment without and with hypothetical changes (repair a record,
perform a penalty's obligations, file a missing annual report, remove a listing
early), as of a date, with the differences as data. The subject's own key, an
auditor or an admin may ask; each answer shows the full record, so it is written
to the access log. Nothing is stored besides that log entry.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from publiccredit.api.auth import CallerDep
from publiccredit.api.case_schemas import RecordRef
from publiccredit.api.schemas import Json, Strict
from publiccredit.api.state import StateDep
from publiccredit.api.what_if_data import may_simulate, simulate
from publiccredit.engine.what_if_offers import MAX_SCENARIOS, Scenario, checked

router = APIRouter(prefix="/v1/subjects", tags=["what-if"])


class WhatIfChange(Strict):
    """One hypothetical change; ``record`` names one of the subject's records (not for
    ``file_annual_report``, which takes the report's ``year``, default the year before)."""

    kind: Literal["perform_obligations", "repair", "file_annual_report", "remove_listing"]
    on: date
    record: RecordRef | None = None
    year: int | None = Field(None, ge=1970, le=9998)


class WhatIfRequest(Strict):
    """The changes to simulate and the date to assess for (default: the latest change's
    date, or today if later)."""

    changes: list[WhatIfChange] = Field(default_factory=list, max_length=MAX_SCENARIOS)
    as_of: date | None = None


class WhatIfOut(BaseModel):
    """Both assessments (docs/assessment.md) and what differs (docs/api.md, "What if")."""

    subject_key: str
    as_of: date
    changes: list[Json]
    highlights: list[Json]
    differences: list[str]
    before: Json
    after: Json
    offered: list[Json]


def _key(subject_key: str) -> str:
    text = subject_key.strip()
    return text.upper() if len(text) == 18 else text


def _scenario(index: int, change: WhatIfChange) -> Scenario:
    record = None if change.record is None else (
        change.record.agency, change.record.source_record_id
    )  # fmt: skip
    return checked(change.kind, change.on, record, change.year, f"changes[{index}]")


@router.post("/{subject_key}/what-if", response_model=WhatIfOut, summary="What if records changed")
def what_if(
    subject_key: str, body: WhatIfRequest, state: StateDep, who: CallerDep, request: Request
) -> WhatIfOut:
    """The assessment without and with the changes, side by side (subject itself, auditor,
    admin)."""
    key = _key(subject_key)
    may_simulate(who, key)
    scenarios = [_scenario(index, change) for index, change in enumerate(body.changes)]
    found = simulate(state, who, key, scenarios, body.as_of, f"POST {request.url.path}")
    return WhatIfOut(**found.to_json())
