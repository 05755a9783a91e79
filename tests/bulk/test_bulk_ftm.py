"""``export ftm``: every entity passes the followthemoney model (SQLite AND PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from bulk_store import PERSON_ID, online_assessments, run, seed, synthetic_records
from followthemoney import model
from sqlalchemy.engine import Engine

RECORDS = synthetic_records(entities=10, per_entity=40)


def test_ftm_entities_are_valid_linked_and_public_only(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    seed(engine, tmp_path / "data", RECORDS)
    out = tmp_path / "entities.ftm.json"
    summary = json.loads(
        run(
            "export",
            "ftm",
            "--out",
            str(out),
            "--db",
            db_url,
            "--data-dir",
            str(tmp_path / "data"),
            "--json",
        )
    )
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == sum(summary["entities"].values())
    ids = set()
    for data in lines:
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value by its type
        assert proxy.to_dict()["properties"] == data["properties"], data  # nothing was invalid
        assert proxy.schema.validate(data) is None
        assert all(proxy.has(name) for name in proxy.schema.required), data
        ids.add(proxy.id)
    for data in lines:  # every reference points at an exported subject
        for name in ("entity", "involved"):
            for target in data["properties"].get(name, ()):
                assert target in ids
    online = online_assessments(engine)
    subjects = [d for d in lines if d["schema"] in ("Company", "Organization", "Person")]
    assert len(subjects) == len(online)
    assert sum(1 for d in subjects if d["schema"] == "Person") == 1
    shown = sum(
        1
        for doc in online.values()
        for entry in doc["records"]
        if entry["state"] in ("published", "under_objection")
    )
    records = [d for d in lines if "recordId" in d["properties"]]
    assert len(records) == shown
    memberships = [d for d in lines if "programId" in d["properties"]]
    assert len(memberships) == sum(len(doc["lists"]) for doc in online.values())
    assert memberships  # the court listing of the natural person at least
    text = out.read_text()
    assert PERSON_ID not in text
    assert PERSON_ID[:6] + "********" not in text  # not even masked
    revoked = [
        f"{e['agency']}/{e['source_record_id']}"
        for doc in online.values()
        for e in doc["records"]
        if e["state"] == "revoked"
    ]
    assert revoked
    assert not any(d["properties"]["recordId"][0] in revoked for d in records)
