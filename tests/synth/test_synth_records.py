"""The generated records: valid identifiers, dates in the period, references, calibration."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from stdnum.cn import ric, uscc

from publiccredit.domain.record import parse_record
from publiccredit.identifiers.uscc import calc_check_char, calc_inner_check_char
from publiccredit.policy import check_record, default_pack
from publiccredit.synth import SynthConfig, generate
from publiccredit.synth.calibration import KIND_MIX, RATES
from publiccredit.synth.records import generate_entities, generate_rows
from publiccredit.synth.timeline import Row

CONFIG = SynthConfig(entities=400, records_per_entity=40, seed=11)
PENALTY_KINDS_BY_SEVERITY = {
    "minor": {"warning", "public_criticism", "fine"},
    "general": {"fine", "confiscation"},
    "serious": {
        "fine", "suspension", "qualification_downgrade", "licence_revocation",
        "business_restriction", "closure", "employment_ban",
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return list(generate_rows(CONFIG))


def test_every_row_parses_and_round_trips(rows: list[Row]) -> None:
    for row in rows:
        assert parse_record(row).to_row() == row


def test_generate_yields_the_same_records_as_the_rows(rows: list[Row]) -> None:
    records = list(generate(CONFIG))
    assert [record.to_row() for record in records] == rows


def test_every_uscc_passes_both_checks(rows: list[Row]) -> None:
    codes = {row["subject_id"] for row in rows if row["subject_kind"] == "entity"}
    assert codes
    for code in codes:
        assert code[16] == calc_inner_check_char(code[8:16]), code
        assert code[17] == calc_check_char(code[:17]), code
        if code.startswith("9"):
            assert uscc.is_valid(code), code


def test_every_resident_id_is_valid(rows: list[Row]) -> None:
    ids = [row["subject_id"] for row in rows if row["subject_kind"] == "person"]
    ids += [
        row["extra"]["legal_representative_id"]
        for row in rows
        if row["record_type"] == "registration"
    ]
    assert ids
    assert all(ric.is_valid(number) for number in ids)


def test_dates_lie_in_the_period_and_after_registration(rows: list[Row]) -> None:
    registered: dict[str, date] = {}
    for row in rows:
        decided = date.fromisoformat(row["decided_on"])
        assert CONFIG.start <= decided <= CONFIG.end
        if row["effective_from"]:
            assert CONFIG.start <= date.fromisoformat(row["effective_from"]) <= CONFIG.end
        assert date.fromisoformat(row["recorded_at"][:10]) <= CONFIG.end
        if row["record_type"] == "registration":
            registered[row["subject_id"]] = decided
        elif row["subject_id"] in registered:
            assert decided >= registered[row["subject_id"]]


def test_registration_comes_first_for_each_entity() -> None:
    for entity, entity_rows in generate_entities(SynthConfig(entities=50, seed=3)):
        if entity.kind.startswith(("9", "5")):
            assert entity_rows[0]["record_type"] == "registration"
            assert entity_rows[0]["decided_on"] == entity.registered_on.isoformat()


def test_refers_to_points_to_an_earlier_record_of_the_same_agency(rows: list[Row]) -> None:
    seen: dict[str, Row] = {}
    referring = 0
    for row in rows:
        if row["refers_to"]:
            referring += 1
            target = seen[row["refers_to"]]
            assert target["agency"] == row["agency"]
            assert target["subject_id"] == row["subject_id"]
            if row["record_type"] == "serious_dishonesty_listing":
                assert target["record_type"] == "admin_penalty"
                assert target["severity"] == "serious"
        seen[row["source_record_id"]] = row
    assert referring > 0


def test_every_record_passes_the_cn_directory_and_ids_are_unique(rows: list[Row]) -> None:
    pack = default_pack()
    refused = {
        (row["record_type"], problem.describe())
        for row in rows
        for problem in check_record(pack, parse_record(row))
    }
    assert not refused
    keys = [(row["agency"], row["source_record_id"]) for row in rows]
    assert len(keys) == len(set(keys))


def test_penalty_kinds_match_severity(rows: list[Row]) -> None:
    penalties = [row for row in rows if row["record_type"] == "admin_penalty"]
    assert penalties
    for row in penalties:
        kinds = set(row["extra"]["penalty_kinds"])
        assert kinds <= PENALTY_KINDS_BY_SEVERITY[row["severity"]]
        if row["severity"] == "serious":
            assert kinds - {"fine"}, "a serious penalty carries a heavier measure"


def test_kind_mix_matches_the_calibration() -> None:
    config = SynthConfig(entities=3000, records_per_entity=1, seed=5)
    kinds = Counter(entity.kind for entity, _ in generate_entities(config))
    for kind, share, *_ in KIND_MIX:
        tolerance = 4 * (share * (1 - share) / config.entities) ** 0.5 + 0.002
        assert abs(kinds[kind] / config.entities - share) <= tolerance, kind


def test_mean_volume_follows_records_per_entity() -> None:
    config = SynthConfig(entities=300, records_per_entity=200, seed=2)
    total = sum(len(entity_rows) for _, entity_rows in generate_entities(config))
    assert 150 <= total / config.entities <= 260


def test_every_rate_names_its_source_and_certainty() -> None:
    for name, rate in RATES.items():
        assert rate.source, name
        assert rate.unit, name
        assert rate.certainty in {"S", "D", "U"}, name
