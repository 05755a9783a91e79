"""Typed schema of a policy pack (pydantic models, one module per pack file).

The models are frozen: a loaded pack is an immutable value the pure engine
can share freely.
"""

from publiccredit.policy.model.common import (
    Certainty,
    LegalBasis,
    Period,
    Rule,
    Source,
    WorkingDays,
)
from publiccredit.policy.model.directory import Category, Directory, RecordType, SeverityRule
from publiccredit.policy.model.evaluation import (
    Evaluation,
    EvaluationInput,
    Level,
    Override,
)
from publiccredit.policy.model.instruments import (
    Instrument,
    InstrumentCoverage,
    InstrumentKind,
    Instruments,
)
from publiccredit.policy.model.lists import (
    BasisCondition,
    Cure,
    EarlyRemoval,
    EntryRule,
    Escalation,
    ExitRule,
    ListDefinition,
    Notice,
    RestsOn,
    WindowStart,
)
from publiccredit.policy.model.measures import Action, Measure, MeasureTargets
from publiccredit.policy.model.pack import Pack, PackInfo
from publiccredit.policy.model.procedures import Deadline, Procedures, RepeatOffenderBar
from publiccredit.policy.model.publication import PublicationRule

__all__ = [
    "Action",
    "BasisCondition",
    "Category",
    "Certainty",
    "Cure",
    "Deadline",
    "Directory",
    "EarlyRemoval",
    "EntryRule",
    "Escalation",
    "Evaluation",
    "EvaluationInput",
    "ExitRule",
    "Instrument",
    "InstrumentCoverage",
    "InstrumentKind",
    "Instruments",
    "LegalBasis",
    "Level",
    "ListDefinition",
    "Measure",
    "MeasureTargets",
    "Notice",
    "Override",
    "Pack",
    "PackInfo",
    "Period",
    "Procedures",
    "PublicationRule",
    "RecordType",
    "RepeatOffenderBar",
    "RestsOn",
    "Rule",
    "SeverityRule",
    "Source",
    "WindowStart",
    "WorkingDays",
]
