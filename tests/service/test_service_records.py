"""Protecting records (masking, sealing, hashing) and reading them back for the engine."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import pytest

from publiccredit.domain.record import SubjectKind, parse_record
from publiccredit.service import protect, record_from_row
from publiccredit.store.personal import PersonalDataKeys, create_personal_keys, load_personal_keys
from publiccredit.synth import SynthConfig, generate


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> PersonalDataKeys:
    folder = tmp_path_factory.mktemp("keys")
    create_personal_keys(folder)
    return load_personal_keys(Path(folder))


RECORDS = list(
    generate(SynthConfig(entities=15, records_per_entity=30, end=date(2026, 5, 31), seed=3))
)


def test_stored_rows_read_back_equal_to_parse_record(keys: PersonalDataKeys) -> None:
    """The fast reader ``record_from_row`` against the slow, checking ``parse_record``."""
    for record in RECORDS:
        row = json.loads(protect(record, keys).document_json)["record"]
        assert record_from_row(row) == parse_record(row)


def test_entity_rows_round_trip_unchanged(keys: PersonalDataKeys) -> None:
    for record in RECORDS:
        if record.subject_kind is SubjectKind.ENTITY and record.record_type != "registration":
            item = protect(record, keys)
            assert item.subject_key == record.subject_id
            assert record_from_row(json.loads(item.document_json)["record"]) == record


def test_person_numbers_are_masked_sealed_and_keyed(keys: PersonalDataKeys) -> None:
    people = [r for r in RECORDS if r.subject_kind is SubjectKind.PERSON]
    registrations = [r for r in RECORDS if r.record_type == "registration"]
    assert people
    assert registrations
    for record in people:
        item = protect(record, keys)
        document = json.loads(item.document_json)
        assert record.subject_id not in item.document_json
        assert item.subject_key == keys.person_key(record.subject_id)
        assert document["record"]["subject_id"] == (
            record.subject_id[:6] + "********" + record.subject_id[14:]
        )
        sealed = base64.b64decode(document["sealed"]["subject_id"])
        assert keys.decrypt(sealed) == record.subject_id
        assert item.id_number_sealed is not None
    for record in registrations:
        item = protect(record, keys)
        number = record.extra["legal_representative_id"]
        assert number not in item.document_json
        sealed = json.loads(item.document_json)["sealed"]["extra.legal_representative_id"]
        assert keys.decrypt(base64.b64decode(sealed)) == number


def test_content_hash_is_stable_keyed_and_content_sensitive(
    keys: PersonalDataKeys, tmp_path: Path
) -> None:
    record = next(r for r in RECORDS if r.subject_kind is SubjectKind.PERSON)
    assert protect(record, keys).content_hash == protect(record, keys).content_hash
    create_personal_keys(tmp_path)
    other_keys = load_personal_keys(tmp_path)
    assert protect(record, other_keys).content_hash != protect(record, keys).content_hash
    changed = parse_record({**record.to_row(), "facts": "other"})
    assert protect(changed, keys).content_hash != protect(record, keys).content_hash
