"""Natural persons in public answers: one masking, used by every public renderer.

DESIGN §8 and issue 12: a natural person's name and ID number are masked in
every public answer — the API's profile, records, search and list pages, the
CSV and JSON Lines downloads, the portal and the reports. Each renderer calls
the functions here on the data it shows, so there is one rule and one place
to change it:

* an ID number shows the address code and the sequence and check characters,
  never the birth date (``110105********002X``; shared/domain §1 "mask at
  least the birth date"); anything that is not 18 characters (a 15-digit
  first-generation number, a typo) is hidden entirely (``mask_id``);
* a name keeps its first character (``周**``), as Chinese court lists do for
  minors' names and the portal did before (``mask_name``);
* ID numbers inside free text (``facts``) are found by shape *and* by
  passing GB 11643's checks (``find_id_numbers``) and masked (``mask_text``); ingestion refuses
  them in the first place (``ingest.checks``), this is the second line for
  records stored before that check.

Entities' names are public (they are the subject of public decisions); only
persons' names — a person subject's own, and the legal representative's and
actual controller's in a registration — are masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from publiccredit.identifiers import ric

PERSON = "person"
PERSON_NAME_FIELDS = ("legal_representative_name", "actual_controller_name")
"""Fields of a registration's ``extra`` naming a natural person."""
PERSON_ID_FIELDS = ("legal_representative_id", "actual_controller_id")
"""Fields of a registration's ``extra`` holding a natural person's ID number."""

_ID_SHAPE = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")


def mask_id(number: str) -> str:
    """A resident ID number masked for display; a malformed one is hidden entirely."""
    text = number.strip()
    if len(text) != 18:
        return "*" * len(text)
    return ric.mask(text)


def mask_name(name: str | None) -> str:
    """A natural person's name with all but the first character hidden."""
    return "" if not name else name[0] + "*" * (len(name) - 1)


def find_id_numbers(text: str) -> list[str]:
    """The resident ID numbers in free text: 18 characters of the right shape, not part of
    a longer run of digits, that ``ric.is_valid`` accepts (check digit, a real birth date,
    a known address code) — so an all-digit USCC or an amount rarely matches."""
    return [match.group(0) for match in _ID_SHAPE.finditer(text) if ric.is_valid(match.group(0))]


def mask_text(text: str) -> str:
    """``text`` with every ID number ``find_id_numbers`` finds masked."""
    for number in find_id_numbers(text):
        text = text.replace(number, mask_id(number))
    return text


def shown_name(kind: str | None, name: str | None) -> str:
    """A subject's name as the public sees it: a person's masked, an entity's as is."""
    return mask_name(name) if kind == PERSON else (name or "")


def public_subject(row: Mapping[str, Any]) -> dict[str, Any]:
    """A subject summary (``kind``, ``name``, …) with a person's name masked."""
    shown = dict(row)
    if "name" in shown:
        shown["name"] = shown_name(shown.get("kind"), shown.get("name"))
    return shown


def public_extra(extra: Mapping[str, Any]) -> dict[str, Any]:
    """A record's ``extra`` with persons' names and ID numbers masked."""
    shown = dict(extra)
    for name in PERSON_NAME_FIELDS:
        if isinstance(shown.get(name), str):
            shown[name] = mask_name(shown[name])
    for name in PERSON_ID_FIELDS:
        if isinstance(shown.get(name), str) and shown[name]:
            shown[name] = mask_id(shown[name])
    return shown


def public_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored record row as the public may see it: a person subject's name and number,
    the registration's persons, and ID numbers in ``facts`` masked."""
    shown = dict(row)
    if shown.get("subject_kind") == PERSON:
        shown["subject_name"] = mask_name(shown.get("subject_name"))
        if isinstance(shown.get("subject_id"), str) and "*" not in shown["subject_id"]:
            shown["subject_id"] = mask_id(shown["subject_id"])
    if isinstance(shown.get("facts"), str):
        shown["facts"] = mask_text(shown["facts"])
    if isinstance(shown.get("extra"), Mapping):
        shown["extra"] = public_extra(shown["extra"])
    return shown


def _persons(people: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{**person, "name": mask_name(person.get("name"))} for person in people]


def public_assessment_people(document: Mapping[str, Any]) -> dict[str, Any]:
    """An assessment JSON with every natural person's name masked (the subject if a
    person, its responsible persons, the persons each measure binds)."""
    shown = dict(document)
    subject = dict(shown.get("subject") or {})
    if subject:
        subject["name"] = shown_name(subject.get("kind"), subject.get("name"))
        subject["responsible_persons"] = _persons(subject.get("responsible_persons") or [])
        shown["subject"] = subject
    if "measures" in shown:
        shown["measures"] = public_measures(shown["measures"])
    return shown


def public_measures(measures: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Measures in force with the names of the persons they bind masked."""
    return [{**measure, "binds": _persons(measure.get("binds") or [])} for measure in measures]
