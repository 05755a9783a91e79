"""What the API does for its users: views, access log, envelope, lists, records, decisions."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import opencc_purepy
from fastapi.testclient import TestClient

from conftest import AGENCY, Seeded, seed
from publiccredit.api.assessing import decide_json
from publiccredit.api.state import ApiSettings
from publiccredit.engine.decide import decide
from publiccredit.ledger.merkle import verify_consistency, verify_inclusion
from publiccredit.policy import default_pack
from publiccredit.service import assess_stored, load_subjects
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine

TODAY = date.today().isoformat()


def _row(seeded: Seeded, source_id: str, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "agency": AGENCY,
        "source_record_id": source_id,
        "record_type": "admin_license",
        "subject_kind": "entity",
        "subject_id": seeded.entity,
        "decided_on": TODAY,
        "extra": {"licence_kind": "food_business"},
    }
    row.update(changes)
    return row


def test_public_view_hides_non_public_records_full_view_shows_them(seeded: Seeded) -> None:
    key = seeded.listed
    public = seeded.client.get(f"/v1/subjects/{key}/records?limit=500").json()
    full = seeded.client.get(
        f"/v1/subjects/{key}/records?limit=500", headers=seeded.auth("auditor")
    ).json()
    assert public["total"] < full["total"]
    assert all(item["state"] in ("published", "under_objection") for item in public["items"])
    assert all(item["record"]["record_type"] != "tax_credit_rating" for item in public["items"])
    assert any(item["state"] not in ("published", "under_objection") for item in full["items"])
    assert "sealed" not in json.dumps(full)


def test_responsible_persons_ids_are_masked(seeded: Seeded) -> None:
    text = seeded.client.get(f"/v1/subjects/{seeded.entity}/records?limit=500").text
    for item in json.loads(text)["items"]:
        extra = item["record"].get("extra") or {}
        for name in ("legal_representative_id", "actual_controller_id"):
            if extra.get(name):
                assert "*" in extra[name], extra[name]


def test_every_full_read_is_in_the_access_log(seeded: Seeded) -> None:
    auditor = seeded.auth("auditor")
    before = seeded.client.get("/v1/access-log?limit=1000", headers=auditor).json()["items"]
    seeded.client.get(f"/v1/subjects/{seeded.consented}", headers=seeded.auth("institution"))
    seeded.client.get(f"/v1/subjects/{seeded.entity}", headers=seeded.auth("public"))
    after = seeded.client.get("/v1/access-log?limit=1000", headers=auditor).json()["items"]
    new = after[len(before) :]
    assert len(new) == 1
    assert new[0]["role"] == "institution"
    assert new[0]["consent_id"] == seeded.extra["consent_id"]
    assert new[0]["subject_key"] == seeded.consented


def test_envelope_for_unknown_route_method_and_bad_input(seeded: Seeded) -> None:
    for response, status in (
        (seeded.client.get("/v1/nowhere"), 404),
        (seeded.client.delete("/v1/policy"), 405),
        (seeded.client.get("/v1/subjects?limit=0&q=a"), 422),
        (seeded.client.get("/v1/subjects/91000000000000000X"), 404),
        (seeded.client.post("/v1/decisions", json={"subject": "x", "action": "no_such"}), 422),
    ):
        assert response.status_code == status
        error = response.json()["error"]
        assert set(error) == {"code", "message", "details"}
    unknown = seeded.client.post("/v1/decisions", json={"subject": "x", "action": "no_such"})
    assert unknown.json()["error"]["details"][0]["field"] == "action"


def test_list_page_and_download_name_the_tree_head(seeded: Seeded) -> None:
    page = seeded.client.get("/v1/lists/abnormal_operations?limit=1000").json()
    members = [item["subject_key"] for item in page["items"]]
    assert seeded.listed in members
    jsonl = seeded.client.get("/v1/lists/abnormal_operations/download")
    assert jsonl.headers["X-Ledger-Tree-Size"] == str(page["tree_size"])
    assert jsonl.headers["X-Ledger-Root"] == page["root_hex"]
    lines = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [line["subject_key"] for line in lines] == members
    as_csv = seeded.client.get("/v1/lists/abnormal_operations/download?format=csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [row["subject_key"] for row in rows] == members


def test_proofs_verify_with_the_rfc6962_verifier(seeded: Seeded) -> None:
    head = seeded.client.get("/v1/transparency/head").json()
    proof = seeded.client.get(f"/v1/transparency/inclusion?seq=3&tree_size={head['size']}").json()
    assert verify_inclusion(
        bytes.fromhex(proof["leaf_hash_hex"]),
        proof["leaf_index"],
        proof["tree_size"],
        [bytes.fromhex(node) for node in proof["proof_hex"]],
        bytes.fromhex(head["root_hex"]),
    )
    older = head["size"] // 2
    consistency = seeded.client.get(f"/v1/transparency/consistency?from={older}").json()
    assert verify_consistency(
        older,
        head["size"],
        bytes.fromhex(consistency["from_root_hex"]),
        bytes.fromhex(head["root_hex"]),
        [bytes.fromhex(node) for node in consistency["proof_hex"]],
    )


def test_submission_is_atomic_idempotent_and_corrects(seeded: Seeded) -> None:
    agency = seeded.auth("agency")
    bad = _row(seeded, "beh-2", subject_id="91350100M000100Y4X")
    refused = seeded.client.post(
        "/v1/records/batch", json={"rows": [_row(seeded, "beh-1"), bad]}, headers=agency
    )
    assert refused.status_code == 422
    assert {d["row"] for d in refused.json()["error"]["details"]} == {2}
    first = seeded.client.post("/v1/records", json=_row(seeded, "beh-1"), headers=agency).json()
    assert first["stored"] == 1
    again = seeded.client.post("/v1/records", json=_row(seeded, "beh-1"), headers=agency).json()
    assert again["unchanged"] == 1
    assert again["stored"] == 0
    changed = _row(seeded, "beh-1", facts="corrected wording")
    conflict = seeded.client.post("/v1/records", json=changed, headers=agency)
    assert conflict.status_code == 409
    assert conflict.json()["error"]["details"][0]["row"] == 1
    fixed = seeded.client.post("/v1/records/corrections", json={"rows": [changed]}, headers=agency)
    assert fixed.json()["corrected"] == 1
    other = _row(seeded, "beh-3", agency="samr-110000")
    assert seeded.client.post("/v1/records", json=other, headers=agency).status_code == 422


def test_decisions_match_the_engine(seeded: Seeded) -> None:
    pack = default_pack()
    engine = make_engine(seeded.config.db_url)
    with engine.connect() as conn:
        records, facts = load_subjects(conn, [seeded.listed])[seeded.listed]
    engine.dispose()
    assessment = assess_stored(records, facts, pack, date.today())
    for action in ("public_procurement_bid", "government_subsidy", "bond_issuance"):
        expected = decide(assessment, action, pack).to_json()
        assert decide_json(assessment.to_json(), action) == expected
        answer = seeded.client.post(
            "/v1/decisions", json={"subject": seeded.listed, "action": action}
        ).json()
        assert answer["outcome"] == expected["outcome"]
        assert answer["lists"] == expected["lists"]
    batch = seeded.client.post(
        "/v1/decisions/batch",
        json={"subjects": [seeded.listed, "91350100M000100Y43"], "action": "government_subsidy"},
    ).json()["decisions"]
    assert [d["known"] for d in batch] == [True, False]


def test_assessment_for_another_date_is_recomputed(seeded: Seeded) -> None:
    url = f"/v1/subjects/{seeded.listed}/assessment"
    assert seeded.client.get(url).json()["source"] == "stored"
    past = seeded.client.get(url, params={"as_of": "2020-06-01"}).json()
    assert past["source"] == "recomputed"
    assert past["assessment"]["as_of"] == "2020-06-01"


def test_search_folds_full_width(seeded: Seeded) -> None:
    name = seeded.client.get(f"/v1/subjects/{seeded.entity}").json()["name"]
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in seeded.entity)
    assert (
        seeded.client.get("/v1/subjects", params={"q": wide}).json()["items"][0]["subject_key"]
        == seeded.entity
    )
    hits = seeded.client.get("/v1/subjects", params={"q": name}).json()["items"]
    assert hits[0]["name"] == name


def test_search_finds_a_subject_by_its_traditional_name(seeded: Seeded) -> None:
    to_traditional = opencc_purepy.OpenCC("s2t")
    names = {}
    for key in (seeded.entity, seeded.consented, seeded.listed):
        name = seeded.client.get(f"/v1/subjects/{key}").json()["name"]
        if name and to_traditional.convert(name) != name:
            names[key] = name
    assert names, "the synthetic names should have characters with traditional forms"
    for key, name in names.items():
        traditional = to_traditional.convert(name)
        hits = seeded.client.get("/v1/subjects", params={"q": traditional}).json()["items"]
        assert key in [hit["subject_key"] for hit in hits], (name, traditional)
        assert hits[0]["name"] == name


def test_rate_limit_and_body_limit(seeded: Seeded, tmp_path: Path) -> None:
    if seeded.backend != "sqlite":
        return  # the limits are in the app, not the database: one backend shows them
    config = StoreConfig(tmp_path / "data", f"sqlite:///{tmp_path / 'limited.sqlite3'}")
    limited = seed(config, tmp_path, ApiSettings(rate=0.5, burst=3, max_body_bytes=2000))
    client: TestClient = limited.client
    statuses = [client.get("/v1/policy").status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[-1] == 429
    refused = client.get("/v1/policy")
    assert refused.headers["Retry-After"].isdigit()
    assert refused.json()["error"]["code"] == "rate_limited"
    assert client.get("/v1/policy", headers=limited.auth("auditor")).status_code == 200
    big = {"rows": [_row(limited, f"big-{i}") for i in range(50)]}
    too_big = client.post("/v1/records/batch", json=big, headers=limited.auth("agency"))
    assert too_big.status_code == 413
    assert too_big.json()["error"]["code"] == "payload_too_large"
    limited.client.__exit__(None, None, None)
    assert datetime.now(UTC)


def test_a_subject_reads_who_read_its_own_record_and_nothing_else(seeded: Seeded) -> None:
    own = seeded.auth("subject")
    before = seeded.client.get("/v1/access-log?limit=1000", headers=own).json()["items"]
    seeded.client.get(f"/v1/subjects/{seeded.entity}", headers=seeded.auth("auditor"))
    seeded.client.get(f"/v1/subjects/{seeded.consented}", headers=seeded.auth("institution"))
    after = seeded.client.get("/v1/access-log?limit=1000", headers=own).json()["items"]
    assert {item["subject_key"] for item in after} == {seeded.entity}
    new = after[len(before) :]
    assert [(item["role"], item["subject_key"]) for item in new] == [("auditor", seeded.entity)]
    other = seeded.client.get(f"/v1/access-log?subject_key={seeded.consented}", headers=own)
    assert other.status_code == 403
    assert other.json()["error"]["code"]


def _reference_members(seeded: Seeded, list_id: str) -> list[dict[str, object]]:
    """The slow obvious reading: every stored assessment document, its entries in force."""
    engine = make_engine(seeded.config.db_url)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT subject_key, CAST(assessment AS TEXT) FROM assessments ORDER BY subject_key"
        ).all()
    engine.dispose()
    found = []
    for key, text in rows:
        for entry in json.loads(text)["lists"]:
            until = entry["until"]
            if (
                entry["list"] == list_id
                and entry["since"] <= TODAY
                and (until is None or until > TODAY)
            ):
                shown = ("since", "until", "because_of", "legal_basis")
                found.append({"subject_key": key, **{name: entry[name] for name in shown}})
                break
    return found


def test_list_pages_read_from_the_index_equal_the_documents(seeded: Seeded) -> None:
    auditor = seeded.auth("auditor")
    checked = 0
    for listing in seeded.client.get("/v1/lists").json():
        walked: list[dict[str, object]] = []
        after = ""
        while True:
            page = seeded.client.get(
                f"/v1/lists/{listing['id']}", params={"after": after, "limit": 2}, headers=auditor
            ).json()
            walked += [{k: item[k] for k in ("subject_key", "since", "until", "because_of",
                                             "legal_basis")} for item in page["items"]]  # fmt: skip
            if page["next_after"] is None:
                break
            after = page["next_after"]
        assert walked == _reference_members(seeded, listing["id"])
        checked += len(walked)
    assert checked > 2, "the seeded store should have list members over several pages"
