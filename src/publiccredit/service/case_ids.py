"""Case ids: ``LST-20261009-3FA2C1`` — kind, the Beijing day of opening, a random part.

Kept apart from ``case_commit`` so that the submission path (which opens the
removal cases a cure calls for) can name cases without importing the step
machinery that itself submits records.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from publiccredit.domain.case import CaseKind
from publiccredit.procedures.calendar import official_day

CASE_PREFIX = {
    CaseKind.LISTING: "LST",
    CaseKind.OBJECTION: "OBJ",
    CaseKind.REPAIR: "REP",
    CaseKind.REMOVAL: "REM",
}


def new_case_id(kind: CaseKind, at: datetime) -> str:
    """``LST-20261009-3FA2C1``: kind, the Beijing day of opening, a random part."""
    day = official_day(at).strftime("%Y%m%d")
    return f"{CASE_PREFIX[kind]}-{day}-{secrets.token_hex(3).upper()}"
