"""The subject of an assessment: a legal entity or a natural person.

A subject is built from its id and its records, never from anywhere else
(pure): an entity's kind and region come from its USCC (GB 32100-2015
positions 1–2 and 3–8), its name and responsible persons from its latest
registration record. Responsible persons' identity numbers are masked as soon
as they are read (``110105********002X``), so no assessment, decision or
rendering built from a ``Subject`` can show a full number (DESIGN §8).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from publiccredit.domain.privacy import mask_id
from publiccredit.domain.record import Record, SubjectKind
from publiccredit.identifiers import uscc

REGISTRATION = "registration"
"""The record type whose ``extra`` names the entity and its responsible persons."""

_PERSON_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("legal_representative", "legal_representative_name", "legal_representative_id"),
    ("actual_controller", "actual_controller_name", "actual_controller_id"),
)
"""(role, name field, id field) in a registration record's ``extra``."""


@dataclass(frozen=True, slots=True)
class ResponsiblePerson:
    """A person an entity's measures may bind: role, name and masked ID number."""

    role: str
    name: str
    id_masked: str

    def to_json(self) -> dict[str, str]:
        """``{"role", "name", "id_masked"}``."""
        return {"role": self.role, "name": self.name, "id_masked": self.id_masked}


@dataclass(frozen=True, slots=True)
class Subject:
    """Whom an assessment is about.

    ``id`` is the normalised USCC of an entity or the resident ID number of a
    person (the lookup key; shown only as ``display_id``). ``entity_kind`` is
    the USCC category's kind (``enterprise``, ``individual_business``, …) and
    ``region`` the registering region code; both ``None`` for persons.
    """

    kind: SubjectKind
    id: str
    name: str = ""
    entity_kind: str | None = None
    region: str | None = None
    responsible_persons: tuple[ResponsiblePerson, ...] = ()

    @property
    def display_id(self) -> str:
        """The id as it may be shown: a person's number is masked."""
        return mask_id(self.id) if self.kind is SubjectKind.PERSON else self.id

    @classmethod
    def from_records(cls, subject_id: str, records: Iterable[Record]) -> Subject:
        """Build the subject from its records (those of other subjects are ignored).

        The latest registration record (by decision date) gives the name and
        responsible persons; without one, the latest record's ``subject_name``.
        """
        kind = SubjectKind.ENTITY
        name = ""
        registration: Record | None = None
        latest: Record | None = None
        for record in records:
            if record.subject_id != subject_id:
                continue
            kind = record.subject_kind
            if latest is None or record.decided_on >= latest.decided_on:
                latest = record
            if record.record_type == REGISTRATION and (
                registration is None or record.decided_on >= registration.decided_on
            ):
                registration = record
        if latest is not None:
            name = latest.subject_name
        persons: tuple[ResponsiblePerson, ...] = ()
        if registration is not None:
            name = _text(registration.extra.get("name")) or registration.subject_name or name
            persons = _responsible_persons(registration)
        if kind is SubjectKind.PERSON:
            return cls(kind, subject_id, name)
        decoded = uscc.check(subject_id)
        entity_kind = None if decoded.region is None else str(decoded.kind)
        region = subject_id[2:8] if len(subject_id) == 18 else None
        return cls(kind, subject_id, name, entity_kind, region, persons)

    def to_json(self) -> dict[str, Any]:
        """The subject block of the assessment JSON (see docs/assessment.md)."""
        return {
            "kind": self.kind.value,
            "id": self.display_id,
            "name": self.name,
            "entity_kind": self.entity_kind,
            "region": self.region,
            "responsible_persons": [person.to_json() for person in self.responsible_persons],
        }


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _responsible_persons(registration: Record) -> tuple[ResponsiblePerson, ...]:
    persons = []
    for role, name_field, id_field in _PERSON_FIELDS:
        name = _text(registration.extra.get(name_field))
        number = _text(registration.extra.get(id_field))
        if name or number:
            persons.append(ResponsiblePerson(role, name, mask_id(number) if number else ""))
    return tuple(persons)
