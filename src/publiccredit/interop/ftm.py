"""FollowTheMoney entities from the store's public view (``export ftm``).

Built from what the platform publishes — the subjects and their latest stored
assessments — never from raw records, so only what a public profile shows
leaves: records in publication, list memberships, no ID number of a natural
person (not even masked). The mapping (docs/interop.md):

* an entity subject → ``Company`` (USCC category ``enterprise``) or
  ``Organization`` (other kinds), with the USCC as ``registrationNumber``;
  a natural person → ``Person`` with the name only;
* a published record with a severity class (a dishonesty finding, NDRC Order
  36 (2025) Art. 9) → ``Sanction``; any other published record → ``Event``;
* a list membership → ``Sanction`` with the list as ``program``.

Ids are ``make_id`` hashes of stable keys, so a re-export gives the same ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

PREFIX = "publiccredit"
SHOWN_STATES = frozenset({"published", "under_objection"})
"""Record states a public profile shows (DESIGN §4)."""


def _entity(schema: str, *key: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id(PREFIX, *key)
    return proxy


def subject_entity(subject_key: str, subject: dict[str, Any]) -> EntityProxy:
    """The subject as ``Company``, ``Organization`` or ``Person``."""
    if subject.get("kind") == "person":
        proxy = _entity("Person", "subject", subject_key)
    else:
        schema = "Company" if subject.get("entity_kind") == "enterprise" else "Organization"
        proxy = _entity(schema, "subject", subject_key)
        proxy.add("registrationNumber", subject.get("id"))
        proxy.add("legalForm", subject.get("entity_kind"))
        proxy.add("jurisdiction", "cn")
    proxy.add("name", subject.get("name") or None)
    proxy.add("country", "cn")
    return proxy


def record_entity(subject: EntityProxy, entry: dict[str, Any]) -> EntityProxy | None:
    """A shown record as ``Sanction`` (with a severity class) or ``Event``; else ``None``."""
    if entry.get("state") not in SHOWN_STATES:
        return None
    record_id = f"{entry['agency']}/{entry['source_record_id']}"
    if entry.get("severity"):
        proxy = _entity("Sanction", "record", record_id)
        proxy.add("entity", subject.id)
        proxy.add("authority", entry["agency"])
        proxy.add("reason", f"{entry['record_type']} ({entry['severity']})")
    else:
        proxy = _entity("Event", "record", record_id)
        proxy.add("involved", subject.id)
        proxy.add("name", entry["record_type"])
        proxy.add("date", entry["decided_on"])
    proxy.add("program", entry["record_type"])
    proxy.add("recordId", record_id)
    proxy.add("startDate", entry.get("start") or entry["decided_on"])
    proxy.add("endDate", entry.get("end"))
    proxy.add("summary", None if entry.get("rule") is None else f"publication rule {entry['rule']}")
    return proxy


def membership_entity(subject: EntityProxy, subject_key: str, item: dict[str, Any]) -> EntityProxy:
    """A list membership as ``Sanction``: the list is the program."""
    proxy = _entity("Sanction", "list", subject_key, item["list"], item["since"])
    proxy.add("entity", subject.id)
    proxy.add("program", item.get("name_en") or item["list"])
    proxy.add("programId", item["list"])
    proxy.add("listingDate", item["since"])
    proxy.add("startDate", item["since"])
    proxy.add("endDate", item.get("until"))
    proxy.add("provisions", item.get("legal_basis") or None)
    proxy.add("status", "marked" if item.get("marked") else "listed")
    return proxy


def entities_of(subject_key: str, assessment: dict[str, Any]) -> Iterator[EntityProxy]:
    """The subject's entity, then its shown records and its list memberships."""
    subject = subject_entity(subject_key, assessment["subject"])
    yield subject
    for entry in assessment.get("records", ()):
        proxy = record_entity(subject, entry)
        if proxy is not None:
            yield proxy
    for item in assessment.get("lists", ()):
        yield membership_entity(subject, subject_key, item)


def entity_line(proxy: EntityProxy) -> str:
    """One entity as a JSON line (FtM's ``to_dict`` form)."""
    return json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True)
