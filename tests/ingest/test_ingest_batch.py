"""Ingesting files into a real store, on SQLite AND PostgreSQL (the ``engine`` fixture)."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Engine

from publiccredit.domain.record import COLUMNS
from publiccredit.ingest.batch import IngestOptions, ingest_file
from publiccredit.ingest.report import ReportWriter, write_rejected
from publiccredit.policy import default_pack
from publiccredit.store.personal import PersonalDataKeys, create_personal_keys, load_personal_keys
from publiccredit.store.schema import assessments, events, records, subjects
from publiccredit.store.verify import verify_store
from publiccredit.synth import SynthConfig, write
from publiccredit.textfold import fold

AS_OF = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def synth_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    """A small synthetic file's rows (CSV cells), with persons and registrations."""
    folder = tmp_path_factory.mktemp("ingest")
    config = SynthConfig(entities=12, records_per_entity=25, end=date(2026, 5, 31), seed=12)
    path = write(config, folder, "csv").path
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def keys(tmp_path: Path) -> PersonalDataKeys:
    create_personal_keys(tmp_path)
    return load_personal_keys(tmp_path)


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def options(**changes: object) -> IngestOptions:
    # the synthetic files hold lists decided before the platform (ingest --legacy-listings)
    values: dict[str, object] = {"as_of": AS_OF, "now": NOW, "legacy_listings": True}
    values.update(changes)
    return IngestOptions(**values)  # type: ignore[arg-type]


def verified(conn: sa.Connection) -> bool:
    """The ledger verifies (no heads are signed here, so any key will do)."""
    return verify_store(conn, Ed25519PrivateKey.generate().public_key()).ok


def count(engine: Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_good_file_is_stored_assessed_and_resending_is_a_no_op(
    engine: Engine, keys: PersonalDataKeys, tmp_path: Path, synth_rows: list[dict[str, str]]
) -> None:
    path = write_csv(tmp_path / "good.csv", synth_rows)
    first = ingest_file(engine, path, default_pack(), keys, options())
    assert first.committed
    assert first.stored == len(synth_rows)
    assert first.rejected == 0
    subject_count = len({row["subject_id"] for row in synth_rows})
    assert first.subjects_assessed == subject_count
    assert count(engine, events) == count(engine, records) == len(synth_rows)
    assert count(engine, subjects) == count(engine, assessments) == subject_count
    with engine.connect() as conn:
        assert verified(conn)
        stored = conn.execute(sa.select(assessments.c.assessment, assessments.c.as_of)).all()
    assert all(row.as_of == AS_OF for row in stored)
    documents = [a if isinstance(a, dict) else json.loads(a) for a, _ in stored]
    assert {d["schema"] for d in documents} == {"publiccredit.assessment/1"}
    assert sum(len(d["records"]) for d in documents) == len(synth_rows)

    again = ingest_file(engine, path, default_pack(), keys, options())
    assert (again.stored, again.unchanged, again.committed) == (0, len(synth_rows), True)
    assert count(engine, events) == len(synth_rows)


def test_one_bad_row_refuses_the_file_and_reports_every_bad_row(
    engine: Engine, keys: PersonalDataKeys, tmp_path: Path, synth_rows: list[dict[str, str]]
) -> None:
    rows = [dict(row) for row in synth_rows]
    rows[3]["decided_on"] = "2026-13-01"
    rows[7]["amount"] = "-5"
    path = write_csv(tmp_path / "bad.csv", rows)
    report = tmp_path / "report.csv"
    with ReportWriter(report) as sink:
        summary = ingest_file(engine, path, default_pack(), keys, options(), on_problem=sink)
    assert not summary.committed
    assert summary.rejected == 2
    assert {(p.row, p.field) for p in summary.problems} == {(4, "decided_on"), (8, "amount")}
    assert count(engine, events) == count(engine, records) == count(engine, subjects) == 0
    with report.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in csv.DictReader(handle) if line["level"] == "error"]
    assert {(line["row"], line["field"], line["value"]) for line in lines} == {
        ("4", "decided_on", "2026-13-01"),
        ("8", "amount", "-5"),
    }


def test_skip_invalid_stores_good_rows_and_writes_bad_ones_back(
    engine: Engine, keys: PersonalDataKeys, tmp_path: Path, synth_rows: list[dict[str, str]]
) -> None:
    rows = [dict(row) for row in synth_rows]
    rows[0]["record_type"] = "religious_affiliation"
    rows[5]["severity"] = "catastrophic"
    path = write_csv(tmp_path / "mixed.csv", rows)
    summary = ingest_file(engine, path, default_pack(), keys, options(skip_invalid=True))
    assert summary.committed
    assert summary.rejected == 2
    assert summary.stored == len(rows) - 2 == count(engine, records)
    out = tmp_path / "mixed.rejected.csv"
    assert write_rejected(path, summary.rejected_rows, out) == 2
    with out.open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == [rows[0], rows[5]]


def test_other_content_under_a_known_id_is_a_conflict_unless_a_correction(
    engine: Engine, keys: PersonalDataKeys, tmp_path: Path, synth_rows: list[dict[str, str]]
) -> None:
    ingest_file(engine, write_csv(tmp_path / "a.csv", synth_rows), default_pack(), keys, options())
    changed = [dict(row) for row in synth_rows[:3]]
    changed[1]["facts"] = "corrected facts"
    path = write_csv(tmp_path / "b.csv", changed)
    refused = ingest_file(engine, path, default_pack(), keys, options())
    assert not refused.committed
    assert [p.row for p in refused.problems] == [2]
    assert "--corrections" in refused.problems[0].reason
    corrected = ingest_file(engine, path, default_pack(), keys, options(corrections=True))
    assert (corrected.corrected, corrected.unchanged, corrected.stored) == (1, 2, 0)
    key = (changed[1]["agency"], changed[1]["source_record_id"])
    with engine.connect() as conn:
        kinds = conn.execute(sa.select(events.c.kind).order_by(events.c.seq)).scalars().all()
        row = conn.execute(
            sa.select(records.c.status, records.c.content).where(
                records.c.agency == key[0], records.c.source_record_id == key[1]
            )
        ).one()
        assert verified(conn)
    assert kinds[-1] == "record.corrected"
    assert kinds.count("record.corrected") == 1
    content = row.content if isinstance(row.content, dict) else json.loads(row.content)
    assert row.status == "corrected"
    assert content["record"]["facts"] == "corrected facts"


def test_agency_mode_refuses_rows_of_another_agency(
    engine: Engine, keys: PersonalDataKeys, tmp_path: Path, synth_rows: list[dict[str, str]]
) -> None:
    agency = synth_rows[0]["agency"]
    path = write_csv(tmp_path / "agency.csv", synth_rows)
    summary = ingest_file(engine, path, default_pack(), keys, options(agency=agency))
    others = [i + 1 for i, row in enumerate(synth_rows) if row["agency"] != agency]
    assert others
    assert not summary.committed
    assert sorted(summary.rejected_rows) == others
    assert all(p.field == "agency" for p in summary.problems)


def test_no_clear_id_number_anywhere_in_the_database(
    engine: Engine, keys: PersonalDataKeys, tmp_path: Path, synth_rows: list[dict[str, str]]
) -> None:
    numbers = {row["subject_id"] for row in synth_rows if row["subject_kind"] == "person"}
    for row in synth_rows:
        extra = json.loads(row["extra"] or "{}")
        numbers |= {
            extra[f] for f in ("legal_representative_id", "actual_controller_id") if f in extra
        }
    assert any(row["subject_kind"] == "person" for row in synth_rows)
    assert len(numbers) >= 5  # the file does hold persons' numbers
    path = write_csv(tmp_path / "persons.csv", synth_rows)
    assert ingest_file(engine, path, default_pack(), keys, options()).committed
    found = []
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        for name in inspector.get_table_names():
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            for values in conn.execute(sa.select(table)):
                text = " ".join(
                    value.hex() if isinstance(value, bytes) else str(value) for value in values
                )
                found += [number for number in numbers if number in text]
    assert found == []


def test_subjects_carry_kind_region_and_folded_name(
    engine: Engine, keys: PersonalDataKeys, tmp_path: Path, synth_rows: list[dict[str, str]]
) -> None:
    path = write_csv(tmp_path / "good.csv", synth_rows)
    assert ingest_file(engine, path, default_pack(), keys, options()).committed
    registrations = {
        row["subject_id"]: json.loads(row["extra"])["name"]
        for row in synth_rows
        if row["record_type"] == "registration"
    }
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(subjects).where(subjects.c.subject_key.in_(list(registrations)))
        ).all()
    assert len(rows) == len(registrations)
    for row in rows:
        assert row.name_folded == fold(registrations[row.subject_key])
        assert row.region == row.subject_key[2:8]
        assert row.entity_kind in {"enterprise", "individual_business", "farmers_cooperative",
                                   "organ", "public_institution", "social_organisation",
                                   "private_non_enterprise", "foundation"}  # fmt: skip
