"""A small synthetic store for the bulk tests: entities, one natural person, facts.

Seeded through the online path (``Submission``, ``revoke``) and then re-assessed
online as of ``AS_OF`` (``reassess_all``), so the store's ``assessments`` table
holds what the bulk path must reproduce subject by subject.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from publiccredit.domain.record import Record, parse_record
from publiccredit.policy import default_pack
from publiccredit.service import Submission
from publiccredit.service.lifecycle import revoke
from publiccredit.service.rebuild import reassess_all
from publiccredit.store.personal import create_personal_keys, load_personal_keys
from publiccredit.store.schema import assessments
from publiccredit.synth import SynthConfig, generate

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
AS_OF = date(2026, 6, 1)
PERSON_ID = "11010519491231002X"


def synthetic_records(entities: int = 12, per_entity: float = 40) -> list[Record]:
    """Synthetic entities' records, plus a court listing of one natural person."""
    config = SynthConfig(
        entities=entities, records_per_entity=per_entity, end=date(2026, 5, 31), seed=5
    )
    found = list(generate(config))
    person = parse_record(
        {
            "agency": "court-440300",
            "source_record_id": "JD-PERSON-1",
            "record_type": "judgment_default_listing",
            "subject_kind": "person",
            "subject_id": PERSON_ID,
            "subject_name": "张测试",
            "decided_on": "2026-03-02",
            "severity": "serious",
            "extra": {"ground": "able_but_refuses", "case_no": "（2026）粤0305执1号"},
        }
    )
    return [*found, person]


def seed(engine: Engine, data_dir: Path, records: list[Record]) -> None:
    """Store ``records``, revoke one penalty, and re-assess everyone online as of ``AS_OF``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    create_personal_keys(data_dir)
    pack = default_pack()
    with engine.begin() as conn:
        submission = Submission(conn, pack, load_personal_keys(data_dir), AS_OF, NOW)
        assert submission.add([(i + 1, r, ()) for i, r in enumerate(records)]) == []
        submission.finish()
    penalty = next(r for r in records if r.record_type == "admin_penalty")
    with engine.begin() as conn:
        revoke(conn, pack, penalty.key, date(2026, 5, 1), "annulled", as_of=AS_OF, now=NOW)
    reassess_all(engine, pack, AS_OF)


def document(value: Any) -> dict[str, Any]:
    """A JSON column's value as a dict."""
    return json.loads(value) if isinstance(value, str | bytes) else dict(value)


def online_assessments(engine: Engine) -> dict[str, dict[str, Any]]:
    """The store's assessment documents by subject key."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(assessments.c.subject_key, assessments.c.assessment))
        return {key: document(value) for key, value in rows}
