"""The public credit report (HTML, PDF, JSON) on SQLite AND PostgreSQL, checked as a stranger would.

A small store, dated back from today: a company with a registration, a
serious fine that was paid and then **repaired** (through the real repair
procedure), a general fine so old its publication **ended**, a recent fine,
an abnormal-operations listing and a judgment-defaulter listing (so it is on
two lists with measures); a natural person on the judgment-defaulter list; a
signed tree head; and one more fine stored *after* the head (its event can
only be proved once the next head is signed).

The PDF is read back with pypdf as text: the Chinese name, code, date, lists,
measures, record ids and the head must be in it, and every inclusion proof
parsed back from that text must verify against the head's root, whose
Ed25519 signature must verify with the key ``/v1/transparency/public-key``
publishes. A proof with one hash changed must not.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
import web_seed
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from publiccredit.api import create_app
from publiccredit.api.state import ApiSettings
from publiccredit.domain.record import parse_record
from publiccredit.identifiers.ric import calc_check_digit
from publiccredit.identifiers.uscc import calc_check_char, calc_inner_check_char
from publiccredit.ledger.heads import head_from_json, verify_head
from publiccredit.ledger.merkle import leaf_hash, verify_inclusion
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import default_calendar, official_day
from publiccredit.service import Submission
from publiccredit.service import cases as service
from publiccredit.service.case_commit import CaseDesk
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.heads import sign_current_head
from publiccredit.store.keyfiles import load_signing_key
from publiccredit.store.keys import create_key
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.setup import initialise
from publiccredit.web.report_pdf import leaf_lines, wrap

PACK = default_pack()
SAMR = "samr-440300"
COURT = "court-440300"
NAME = "报告测试有限公司"
HOSTILE = '<script>alert("x")</script>以次充好'
"""The facts of one fine: shown as text in every form, never run."""
PERSON_NAME = "张三丰"
TODAY = official_day(datetime.now(UTC))


def _uscc(body: str) -> str:
    first17 = "91440300" + body + calc_inner_check_char(body)
    return first17 + calc_check_char(first17)


COMPANY = _uscc("MA5RPT01")
PERSON_ID = "44030119900101123" + calc_check_digit("44030119900101123")


def ago(days: int) -> str:
    """The ISO date ``days`` before today."""
    return (TODAY - timedelta(days=days)).isoformat()


def _row(source: str, record_type: str, days: int, **more: Any) -> dict[str, Any]:
    row = {"agency": SAMR, "source_record_id": source, "record_type": record_type,
           "subject_kind": "entity", "subject_id": COMPANY, "decided_on": ago(days)}  # fmt: skip
    row.update(more)
    return row


def _fine(source: str, days: int, severity: str, facts: str = "") -> dict[str, Any]:
    extra = {"penalty_kinds": ["fine"], "procedure": "ordinary"}
    return _row(source, "admin_penalty", days, severity=severity, extra=extra,
                facts=facts or f"罚款 {source}")  # fmt: skip


def _defaulter(source: str, days: int, **who: str) -> dict[str, Any]:
    extra = {"ground": "able_but_refuses", "case_no": f"（2026）粤0305执{source}号"}
    return _row(source, "judgment_default_listing", days, agency=COURT, severity="serious",
                extra=extra, **who)  # fmt: skip


REGISTRATION = {"name": NAME, "legal_representative_name": "王报告",
                "legal_representative_id": "440301198001011234", "status": "active"}  # fmt: skip
ROWS = [
    _row("REG", "registration", 4000, extra=REGISTRATION),
    _fine("P-OK", 500, "serious"),
    _row("OP-OK", "obligation_performed", 490, refers_to="P-OK", extra={"what": "fine_paid"}),
    _fine("P-OLD", 2500, "general"),
    _fine("P-NEW", 30, "general", HOSTILE),
    _row("AB", "abnormal_operation_listing", 60, extra={"ground": "annual_report_missing"}),
    _defaulter("JD-1", 20),
    _defaulter("JD-P", 20, subject_kind="person", subject_id=PERSON_ID, subject_name=PERSON_NAME),
]
LATE = _fine("P-LATE", 1, "general")
"""Stored after the signed head."""


@dataclass
class Store:
    """The app over the seeded store, and the subjects' keys."""

    client: TestClient
    config: StoreConfig
    person: str
    auditor: str


def _submit(conn: sa.Connection, rows: list[dict[str, Any]], keys: Any) -> None:
    submission = Submission(conn, PACK, keys, TODAY, datetime.now(UTC))
    assert submission.add([(i, parse_record(row), ()) for i, row in enumerate(rows)]) == []
    submission.finish()


def _seed(config: StoreConfig) -> tuple[str, str]:
    initialise(config)
    keys = load_personal_keys(config.data_dir)
    engine = make_engine(config.db_url)
    try:
        with engine.begin() as conn:
            _submit(conn, ROWS, keys)
        with engine.begin() as conn:  # the paid serious fine is repaired, as the procedure does it
            desk = CaseDesk(conn, PACK, default_calendar(), keys)
            now = datetime.now(UTC)
            opened = service.open_repair(
                desk,
                COMPANY,
                [(SAMR, "P-OK")],
                ["receipt.pdf"],
                "We commit",
                now - timedelta(minutes=3),
            )
            repair = opened.case.id
            service.act(desk, repair, "forward", "system", now - timedelta(minutes=2))
            service.decide(desk, repair, SAMR, "granted", now - timedelta(minutes=1))
        with engine.begin() as conn:
            sign_current_head(conn, load_signing_key(config.data_dir))
        with engine.begin() as conn:
            _submit(conn, [LATE], keys)
            person = conn.execute(
                sa.text("SELECT subject_key FROM subjects WHERE kind = 'person'")
            ).scalar_one()
            auditor = create_key(conn, "auditor", label="report test auditor")[1]
    finally:
        engine.dispose()
    return str(person), auditor


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The seeded store and app on each backend (once per module)."""
    tmp = tmp_path_factory.mktemp(f"report-{request.param}")
    with web_seed.database(request.param, tmp, "report") as url:
        config = StoreConfig(tmp / "data", url)
        person, auditor = _seed(config)
        app = create_app(config, settings=ApiSettings(rate=1000.0, burst=100_000))
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Store(client, config, person, auditor)


def _states(store: Store, key: str, as_of: str | None = None) -> dict[str, str]:
    """Each record's state from the API's own assessment (the auditor's full view)."""
    params = {"as_of": as_of} if as_of else {}
    auth = {"Authorization": f"Bearer {store.auditor}"}
    body = store.client.get(f"/v1/subjects/{key}/assessment", params=params, headers=auth).json()
    return {r["source_record_id"]: r["state"] for r in body["assessment"]["records"]}


def _public(record_id: str, state: str) -> bool:
    """Whether the public sees the record (its type public in the pack, its state shown)."""
    kind = next(row["record_type"] for row in [*ROWS, LATE] if row["source_record_id"] == record_id)
    return state in {"published", "under_objection"} and PACK.record_types[kind].public


def _records(store: Store, key: str) -> dict[str, str]:
    """Every stored record's state in the full view (the store holds them all)."""
    engine = make_engine(store.config.db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT source_record_id, status FROM records WHERE subject_key = :k"),
                {"k": key},
            ).all()
    finally:
        engine.dispose()
    return {str(source): str(status) for source, status in rows}


def _pdf_text(store: Store, key: str, **params: str) -> str:
    response = store.client.get(f"/portal/subjects/{key}/report.pdf", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


PROOF = re.compile(
    r"event (\d+) leaf_index (\d+) tree_size (\d+)\nleaf (.*?)\nleaf_hash ([0-9a-f]{64})\n"
    r"((?:proof [0-9a-f]{64}\n)*)end",
    re.S,
)


@dataclass(frozen=True)
class ParsedProof:
    seq: int
    index: int
    size: int
    leaf: str
    leaf_hash: bytes
    path: list[bytes]


def _proofs(text: str) -> list[ParsedProof]:
    found = []
    for match in PROOF.finditer(text):
        seq, index, size, leaf, hashed, path = match.groups()
        found.append(
            ParsedProof(
                int(seq), int(index), int(size),
                "".join(part.strip() for part in leaf.split("\n")),
                bytes.fromhex(hashed),
                [bytes.fromhex(line.split()[1]) for line in path.splitlines()],
            )
        )  # fmt: skip
    return found


def _head_from_pdf(text: str) -> dict[str, Any]:
    fields = {
        "size": r"\nsize (\d+)\n",
        "root_hex": r"\nroot_hex ([0-9a-f]{64})\n",
        "timestamp": r"\ntimestamp (\S+)\n",
        "key_id": r"\nkey_id ([0-9a-f]{64})\n",
        "signature_hex": r"\nsignature_hex\s+([0-9a-f]{128})\n",
        "public_key_hex": r"\npublic_key_hex ([0-9a-f]{64})\n",
    }
    head: dict[str, Any] = {}
    for name, pattern in fields.items():
        match = re.search(pattern, text)
        assert match is not None, f"{name} not found in the PDF text"
        head[name] = match.group(1)
    head["size"] = int(head["size"])
    return head


def test_html_report_shows_published_records_the_head_and_a_pdf_link(store: Store) -> None:
    states = _states(store, COMPANY)
    response = store.client.get(f"/portal/subjects/{COMPANY}/report", params={"lang": "en"})
    assert response.status_code == 200
    page = response.text
    assert NAME in page
    assert COMPANY in page
    assert f"<td>{TODAY.isoformat()}</td>" in web_seed.cells(
        page
    )  # the as-of date defaults to today
    published = {r for r, s in states.items() if _public(r, s)}
    assert {"REG", "P-NEW", "AB", "JD-1"} <= published
    for record_id in published:
        assert f"<td>{record_id}</td>" in web_seed.cells(page)
    head = store.client.get("/v1/transparency/head").json()
    for value in (head["root_hex"], head["signature_hex"], head["key_id"]):
        assert value in page
    assert f"<td>{head['size']}</td>" in web_seed.cells(page) or f'"hash">{head["size"]}<' in page
    assert 'id="report-pdf"' in page
    assert f"/portal/subjects/{COMPANY}/report.pdf?lang=en&amp;as_of={TODAY}" in page
    assert "/portal/static/report.css" in page
    css = store.client.get("/portal/static/report.css")
    assert "@media print" in css.text
    assert "王**" in page
    assert "王报告" not in page  # the legal representative is masked


def test_ended_and_repaired_records_are_absent_from_every_form(store: Store) -> None:
    states = _states(store, COMPANY)
    assert states["P-OK"] == "repaired"
    assert states["P-OLD"] == "ended"
    html = store.client.get(f"/portal/subjects/{COMPANY}/report").text
    text = _pdf_text(store, COMPANY)
    data = store.client.get(f"/portal/subjects/{COMPANY}/report.json").json()
    shown = {r["source_record_id"] for r in data["records"]}
    for hidden in ("P-OK", "P-OLD"):
        assert f"<td>{hidden}</td>" not in web_seed.cells(html)
        assert f"记录编号 {hidden} " not in text
        assert hidden not in shown
    assert "记录编号 P-NEW " in text  # the pattern does find a shown record
    assert {"P-OK", "P-OLD"} <= set(_records(store, COMPANY))  # still archived, just not public


def test_pdf_text_has_the_name_code_date_lists_measures_records_and_head(store: Store) -> None:
    text = _pdf_text(store, COMPANY, lang="zh")
    data = store.client.get(f"/portal/subjects/{COMPANY}/report.json").json()
    assert "公共信用信息报告" in text
    assert NAME in text
    assert COMPANY in text
    assert f"报告日期: {TODAY.isoformat()}" in text
    lists = {entry["list"] for entry in data["lists"]}
    assert {"abnormal_operations", "judgment_defaulters"} <= lists
    assert "经营异常名录" in text
    for entry in data["lists"]:
        assert entry["name"] in text
    catalogue = {m.id: m for m in PACK.measures}
    assert data["measures"]
    flat = text.replace("\n", "")
    for measure in data["measures"]:
        assert catalogue[measure["measure"]].content_zh in flat
    for record in data["records"]:
        assert f"记录编号 {record['source_record_id']} " in text
    head = store.client.get("/v1/transparency/head").json()
    parsed = _head_from_pdf(text)
    assert parsed["size"] == head["size"]
    assert parsed["root_hex"] == head["root_hex"]
    assert parsed["signature_hex"] == head["signature_hex"]


def test_every_proof_in_the_pdf_verifies_against_the_signed_head(store: Store) -> None:
    text = _pdf_text(store, COMPANY)
    head = _head_from_pdf(text)
    published = store.client.get("/v1/transparency/public-key").json()
    assert head["public_key_hex"] == published["raw_hex"]
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(published["raw_hex"]))
    assert verify_head(key, head_from_json(head))
    root = bytes.fromhex(head["root_hex"])

    data = store.client.get(f"/portal/subjects/{COMPANY}/report.json").json()
    relied_on = {seq for record in data["records"] for seq in record["events"]}
    proofs = _proofs(text)
    assert {p.seq for p in proofs} == {seq for seq in relied_on if seq <= head["size"]}
    assert data["pending_events"] == sorted(relied_on - {p.seq for p in proofs})
    for proof in proofs:
        assert proof.size == head["size"]
        assert proof.index == proof.seq - 1
        assert leaf_hash(proof.leaf.encode("utf-8")) == proof.leaf_hash  # the leaf read back
        assert f'"subject":"{COMPANY}"' in proof.leaf
        assert verify_inclusion(proof.leaf_hash, proof.index, proof.size, proof.path, root)


def test_a_tampered_proof_or_head_does_not_verify(store: Store) -> None:
    text = _pdf_text(store, COMPANY)
    head = _head_from_pdf(text)
    root = bytes.fromhex(head["root_hex"])
    proof = _proofs(text)[0]
    assert verify_inclusion(proof.leaf_hash, proof.index, proof.size, proof.path, root)
    for position in range(len(proof.path)):
        changed = list(proof.path)
        changed[position] = bytes([changed[position][0] ^ 1]) + changed[position][1:]
        assert not verify_inclusion(proof.leaf_hash, proof.index, proof.size, changed, root)
    other_leaf = leaf_hash(proof.leaf.replace(COMPANY, _uscc("MA5RPT02")).encode("utf-8"))
    assert not verify_inclusion(other_leaf, proof.index, proof.size, proof.path, root)
    assert not verify_inclusion(proof.leaf_hash, proof.index + 1, proof.size, proof.path, root)
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(head["public_key_hex"]))
    assert not verify_head(key, head_from_json({**head, "size": head["size"] + 1}))


def test_an_event_after_the_head_is_listed_as_pending_not_proved(store: Store) -> None:
    data = store.client.get(f"/portal/subjects/{COMPANY}/report.json").json()
    late = next(r for r in data["records"] if r["source_record_id"] == "P-LATE")
    assert data["head"]["size"] < min(late["events"])
    assert set(late["events"]) <= set(data["pending_events"])
    assert not set(late["events"]) & {p["seq"] for p in data["proofs"]}
    page = store.client.get(f"/portal/subjects/{COMPANY}/report", params={"lang": "en"}).text
    assert "newer than the latest signed head" in page


def test_report_as_of_a_past_date_shows_what_was_public_then(store: Store) -> None:
    as_of = ago(45)
    states = _states(store, COMPANY, as_of)
    assert states["P-OK"] == "published"  # repaired only today
    data = store.client.get(
        f"/portal/subjects/{COMPANY}/report.json", params={"as_of": as_of}
    ).json()
    shown = {r["source_record_id"] for r in data["records"]}
    assert data["as_of"] == as_of
    assert "P-OK" in shown
    assert {"P-NEW", "JD-1", "P-LATE"}.isdisjoint(shown)  # decided after that date
    assert shown == {r for r, s in states.items() if _public(r, s)}
    text = _pdf_text(store, COMPANY, as_of=as_of, lang="en")
    assert f"Report date: {as_of}" in text
    assert "记录编号" not in text
    assert "Record id P-OK " in text


def test_json_report_is_the_same_data_as_the_html(store: Store) -> None:
    data = store.client.get(f"/portal/subjects/{COMPANY}/report.json", params={"lang": "en"}).json()
    assert data["subject"]["subject_key"] == COMPANY
    assert data["head"]["size"] >= 1
    html = store.client.get(f"/portal/subjects/{COMPANY}/report", params={"lang": "en"}).text
    for proof in data["proofs"]:
        assert proof["leaf_hash_hex"] in html
        assert all(node in html for node in proof["proof_hex"])


def test_a_natural_persons_report_is_masked_and_its_file_name_has_no_personal_data(
    store: Store,
) -> None:
    response = store.client.get(f"/portal/subjects/{store.person}/report.pdf")
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="credit-report-{TODAY.isoformat()}.pdf"'
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    html = store.client.get(f"/portal/subjects/{store.person}/report").text
    for shown in (text, html):
        assert "张**" in shown
        assert PERSON_NAME not in shown
        assert PERSON_ID not in shown
        assert PERSON_ID[:6] + "19900101" not in shown
    company = store.client.get(f"/portal/subjects/{COMPANY}/report.pdf")
    assert (
        f'filename="credit-report-{COMPANY}-{TODAY.isoformat()}.pdf"'
        in company.headers["content-disposition"]
    )


def test_markup_in_a_record_is_shown_as_text(store: Store) -> None:
    html = store.client.get(f"/portal/subjects/{COMPANY}/report").text
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;以次充好" in html
    assert HOSTILE in _pdf_text(store, COMPANY)  # a PDF runs no script: the text as written


@given(st.text(alphabet='{}":,abc0123456789 ', min_size=1, max_size=400))
def test_a_leaf_split_over_lines_joins_back_exactly(leaf: str) -> None:
    pieces = leaf_lines(leaf, 40)
    assert "".join(pieces) == leaf
    assert all(1 <= len(piece) <= 40 for piece in pieces)
    if "  " not in leaf:  # single spaces (as in JSON text): no cut ever lies beside one
        for before, after in itertools.pairwise(pieces):
            assert not before.endswith(" ")
            assert not after.startswith(" ")


@given(st.text(alphabet="公示信用ab cd,.-0123", max_size=300), st.floats(30, 400))
def test_wrapped_lines_fit_the_width(text: str, width: float) -> None:
    for line in wrap(text, "Courier", 8, width):
        assert len(line) <= 1 or pdfmetrics.stringWidth(line, "Courier", 8) <= width + 1e-6


def test_the_public_profile_links_to_the_report(store: Store) -> None:
    page = store.client.get(f"/portal/subjects/{COMPANY}", params={"lang": "en"}).text
    assert f'id="report-link" href="/portal/subjects/{COMPANY}/report?lang=en"' in page


@pytest.mark.parametrize("suffix", ["", ".pdf"])
def test_unknown_subject_is_the_not_found_page(store: Store, suffix: str) -> None:
    response = store.client.get(f"/portal/subjects/91440300NOSUCH0000/report{suffix}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "未找到" in response.text
    as_json = store.client.get("/portal/subjects/91440300NOSUCH0000/report.json")
    assert as_json.status_code == 404
    assert as_json.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("as_of", "reason"),
    [
        ("2026-13-01", "must be a date written YYYY-MM-DD"),
        ("tomorrow", "must be a date written YYYY-MM-DD"),
        ((TODAY + timedelta(days=400)).isoformat(), "must not be after today"),
        ("1900-01-01", "must not be before 1949-10-01"),
    ],
)
def test_a_bad_date_is_refused_naming_field_value_and_reason(
    store: Store, as_of: str, reason: str
) -> None:
    response = store.client.get(
        f"/portal/subjects/{COMPANY}/report", params={"as_of": as_of, "lang": "en"}
    )
    assert response.status_code == 422
    assert "as_of" in response.text
    assert as_of in response.text
    assert reason in response.text
    assert "Traceback" not in response.text
    as_json = store.client.get(f"/portal/subjects/{COMPANY}/report.json", params={"as_of": as_of})
    assert as_json.status_code == 422
    assert as_json.json()["error"]["details"][0]["field"] == "as_of"


def test_report_dates_parse_as_documented() -> None:
    from publiccredit.web.report_data import parse_as_of

    today = date(2026, 5, 1)
    assert parse_as_of(None, today) == today
    assert parse_as_of("  ", today) == today
    assert parse_as_of("2026-04-30", today) == date(2026, 4, 30)
    assert parse_as_of("2026-05-01", today) == today
