"""The instrument registry (instruments.yaml): the legal texts a pack may cite as a basis.

A ``legal_basis`` anywhere in the pack is ``{instrument, article}``: the id of
an instrument here and one of the articles it may be cited for. The registry
says what each instrument is (its kind and issuer, checked against
``guardrails.yaml``: a "Mayor's memo" is no instrument) and how far it
reaches (``InstrumentCoverage``): the loader refuses a measure or list that
goes further than the instrument it cites.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from publiccredit.domain.record import SubjectKind
from publiccredit.identifiers.uscc_categories import EntityKind
from publiccredit.policy.model.common import Certainty, Frozen, Period


class InstrumentKind(StrEnum):
    """The rank of a legal text (Legislation Law of the PRC; judicial interpretations)."""

    LAW = "law"
    ADMINISTRATIVE_REGULATION = "administrative_regulation"
    DEPARTMENTAL_RULE = "departmental_rule"
    NORMATIVE_DOCUMENT = "normative_document"
    JUDICIAL_INTERPRETATION = "judicial_interpretation"


class InstrumentCoverage(Frozen):
    """How far an instrument reaches: whom, through which lists, levels and measures, how long.

    ``max_listing`` is the longest fixed listing it allows, extensions
    included; a list with a fixed duration needs one. ``open_ended``: it
    allows a listing with no fixed term (a debtor listed until performance).
    ``entity_kinds`` are the USCC entity kinds (``enterprise``, ``organ``, …) its
    lists and evaluation may apply to. ``record_types`` / ``max_publication``:
    the records whose publication it governs, and the longest it allows.
    """

    subject_kinds: tuple[SubjectKind, ...] = (SubjectKind.ENTITY,)
    entity_kinds: tuple[EntityKind, ...] = ()
    lists: tuple[str, ...] = ()
    rating_levels: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    measure_classes: tuple[str, ...] = ()
    max_listing: Period | None = None
    open_ended: bool = False
    record_types: tuple[str, ...] = ()
    max_publication: Period | None = None


class Instrument(Frozen):
    """One legal text: id, titles, kind, issuer, the articles it may be cited for, its reach."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_.]*$")
    title_zh: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    kind: InstrumentKind
    issuer: str = Field(min_length=1)
    articles: tuple[str, ...] = Field(min_length=1)
    covers: InstrumentCoverage
    certainty: Certainty
    url: str = ""
    note: str = ""

    def title(self) -> str:
        """Chinese title with the English in brackets, as citations show it."""
        return f"{self.title_zh} ({self.title_en})"


class Instruments(Frozen):
    """instruments.yaml."""

    instruments: tuple[Instrument, ...]
