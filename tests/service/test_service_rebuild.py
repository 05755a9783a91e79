"""Re-assessing every subject rebuilds derived columns and assessments, appending nothing
(SQLite AND PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.policy import default_pack
from publiccredit.service import Submission, rebuild
from publiccredit.service.rebuild import reassess_all
from publiccredit.store.personal import create_personal_keys, load_personal_keys
from publiccredit.store.schema import assessments, events, subjects
from publiccredit.synth import SynthConfig, generate
from publiccredit.textfold import fold

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
RECORDS = list(
    generate(SynthConfig(entities=6, records_per_entity=20, end=date(2026, 5, 31), seed=3))
)


def _seed(engine: Engine, tmp_path: Path) -> None:
    create_personal_keys(tmp_path)
    with engine.begin() as conn:
        submission = Submission(
            conn, default_pack(), load_personal_keys(tmp_path), date(2026, 6, 1), NOW
        )
        assert submission.add([(i + 1, r, ()) for i, r in enumerate(RECORDS)]) == []
        submission.finish()


def _derived(engine: Engine) -> dict[str, tuple[object, ...]]:
    query = sa.select(
        subjects.c.subject_key, subjects.c.name_folded, subjects.c.entity_kind, subjects.c.region
    )
    with engine.connect() as conn:
        return {row[0]: tuple(row[1:]) for row in conn.execute(query)}


def test_reassess_all_restores_emptied_columns_and_moves_every_assessment(
    engine: Engine, tmp_path: Path
) -> None:
    _seed(engine, tmp_path)
    before = _derived(engine)
    assert before
    assert all(folded for folded, _kind, _region in before.values())
    with engine.begin() as conn:  # as a store upgraded from before the columns existed
        conn.execute(subjects.update().values(name_folded=None, entity_kind=None, region=None))
        seq_before = conn.execute(sa.select(sa.func.max(events.c.seq))).scalar_one()

    assert reassess_all(engine, default_pack(), date(2027, 1, 1)) == len(before)

    assert _derived(engine) == before
    with engine.connect() as conn:
        days = set(conn.execute(sa.select(assessments.c.as_of)).scalars())
        seq_after = conn.execute(sa.select(sa.func.max(events.c.seq))).scalar_one()
        names = dict(conn.execute(sa.select(subjects.c.subject_key, subjects.c.name)).all())
    assert {str(day)[:10] for day in days} == {"2027-01-01"}
    assert seq_after == seq_before  # nothing happened to anyone: no event
    for key, (folded, _kind, _region) in before.items():
        assert folded == fold(str(names[key]))


def test_reassess_all_pages_lose_nobody(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages of two over six subjects: keys are read strictly after the last one done."""
    _seed(engine, tmp_path)
    monkeypatch.setattr(rebuild, "REBUILD_PAGE", 2)
    assert reassess_all(engine, default_pack(), date(2027, 1, 1)) == len(_derived(engine))
    with engine.connect() as conn:
        days = set(conn.execute(sa.select(assessments.c.as_of)).scalars())
    assert {str(day)[:10] for day in days} == {"2027-01-01"}


def test_reassess_command(db_url: str, tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(
        "".join(json.dumps(r.to_row(), ensure_ascii=False) + "\n" for r in RECORDS[:40]),
        encoding="utf-8",
    )
    store = ["--db", db_url, "--data-dir", str(tmp_path)]
    runner = CliRunner()
    assert runner.invoke(app, ["init", *store]).exit_code == 0
    assert (
        runner.invoke(
            app, ["ingest", str(records), *store, "--as-of", "2026-06-01", "--legacy-listings"]
        ).exit_code
        == 0
    )
    result = runner.invoke(app, ["reassess", *store, "--as-of", "2026-07-01", "--json"])
    assert result.exit_code == 0, result.stdout
    expected = len({r.subject_id for r in RECORDS[:40]})
    assert json.loads(result.stdout) == {"as_of": "2026-07-01", "reassessed": expected}
