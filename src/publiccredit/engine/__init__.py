"""The pure evaluation engine: a subject's records + a policy pack + a date → an assessment.

No I/O, no clock, no database (DESIGN §2): time is a parameter. ``assess``
builds the assessment, ``decide`` answers "may this subject do this?" from it,
``what_if`` shows what hypothetical changes would alter. How the engine
reasons is documented in ``docs/assessment.md``.
"""

from publiccredit.engine.assess import assess
from publiccredit.engine.decide import check_action, decide
from publiccredit.engine.what_if import (
    Change,
    FileAnnualReport,
    PerformObligations,
    RemoveListing,
    RepairRecord,
    what_if,
)

__all__ = [
    "Change",
    "FileAnnualReport",
    "PerformObligations",
    "RemoveListing",
    "RepairRecord",
    "assess",
    "check_action",
    "decide",
    "what_if",
]
