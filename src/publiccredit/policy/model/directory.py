"""The directory (directory.yaml): the closed list of information a record may carry.

A record whose type is not here is refused (DESIGN §8, closed directory). The
categories follow the national directory of public credit information (2024
edition, 13 categories).
"""

from __future__ import annotations

from pydantic import Field

from publiccredit.domain.record import Severity, SubjectKind
from publiccredit.policy.model.common import Frozen, Rule


class Category(Rule):
    """An information category of the national directory.

    ``subject_matter`` tags say what the information is about; the loader
    refuses prohibited matters (religion, ethnicity, health, …) whatever a
    category is called.
    """

    name_zh: str
    name_en: str
    subject_matter: tuple[str, ...] = ()


class SeverityRule(Frozen):
    """Whether a record type needs a severity class, and which classes it may have."""

    required: bool = False
    allowed: tuple[Severity, ...] = ()


class RecordType(Rule):
    """A kind of record: who may submit it, what it must contain, whether it is public.

    ``submitters`` are agency kinds (the part of an agency code before the
    region, e.g. ``samr`` in ``samr-440300``). ``required_fields`` and
    ``optional_fields`` name keys of the record's ``extra`` object;
    ``field_values`` restricts enumerated extra fields to their allowed values.
    ``repair_requires_performance``: repair needs the obligations the record
    imposes performed first (NDRC Order 36: "all obligations performed"),
    proved by a record of a type with ``proves_performance`` that refers to it.
    """

    category: str
    name_zh: str
    name_en: str
    subject_kinds: tuple[SubjectKind, ...] = (SubjectKind.ENTITY,)
    submitters: tuple[str, ...] = Field(min_length=1)
    public: bool = True
    severity: SeverityRule = SeverityRule()
    required_fields: tuple[str, ...] = ()
    optional_fields: tuple[str, ...] = ()
    field_values: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    subject_matter: tuple[str, ...] = ()
    repair_requires_performance: bool = False
    proves_performance: bool = False
    description: str = ""


class Directory(Frozen):
    """Categories and record types, as loaded from directory.yaml."""

    categories: tuple[Category, ...]
    record_types: tuple[RecordType, ...]
