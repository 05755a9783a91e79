"""``/v1/policy``: the active policy pack, its version and its rules.

Activating another pack through the API is not offered: the pack is chosen
when the server starts (the packaged ``cn`` pack, or ``serve --pack``, checked
before the server starts), and changing it means
re-assessing every subject (the bulk path, DESIGN §9), which is an operator's
job, not a request's.
"""

from __future__ import annotations

from fastapi import APIRouter, Query

from publiccredit.api.auth import PUBLIC_OPERATION, CallerDep
from publiccredit.api.schemas import PolicyOut
from publiccredit.api.state import StateDep

router = APIRouter(prefix="/v1/policy", tags=["policy"])


@router.get(
    "",
    response_model=PolicyOut,
    openapi_extra=PUBLIC_OPERATION,
    summary="The active policy pack",
)
def active_pack(
    state: StateDep,
    _who: CallerDep,
    rules: bool = Query(False, description="Include every rule (directory, lists, measures, …)."),
) -> PolicyOut:
    """The pack's id, name, jurisdiction and version; with ``rules=true`` its rules too."""
    pack = state.pack
    return PolicyOut(
        id=pack.info.id,
        name=pack.info.name,
        jurisdiction=pack.info.jurisdiction,
        version=pack.version,
        description=pack.info.description,
        rules=pack.model_dump(mode="json", exclude={"info", "version"}) if rules else None,
    )
