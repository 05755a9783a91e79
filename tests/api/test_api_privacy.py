"""Natural persons masked in every public answer (issue 12, point 2), SQLite and PostgreSQL.

A synthetic judgment defaulter (a person subject) and an entity whose
registration names a legal representative are stored through the API; then
every public path — profile, records, assessment, search, list page, CSV and
JSON Lines downloads, portal profile and list pages, the report in HTML, JSON
and PDF — is read and must show the name masked (first character) and the
number masked (birth date hidden). Free text with an ID number is refused on
the way in; CSV cells that would run as formulas are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from pypdf import PdfReader
from test_api_decisions_closed import PERSON_NUMBER, court_headers, listed_person

from conftest import AGENCY, Seeded

PERSON_NAME = "周晓明"
PERSON_MASKED = "周**"
NUMBER_MASKED = PERSON_NUMBER[:6] + "********" + PERSON_NUMBER[14:]
REP_NAME = "李明华"
REP_NUMBER = "440304198511070028"
FORMULA = '=HYPERLINK("http://evil.example/","click")'
REGISTERED = "91440300MA5FAKE03N"
FORMULA_ENTITY = "91440300MA5FAKE04R"


def _post(seeded: Seeded, row: dict[str, Any]) -> Any:
    return seeded.client.post("/v1/records", json=row, headers=seeded.auth("agency"))


@pytest.fixture(scope="module")
def people(seeded: Seeded) -> dict[str, str]:
    """Store the synthetic person, the registration and the formula-named listed entity."""
    person_key = listed_person(seeded)
    registration = {
        "agency": AGENCY,
        "source_record_id": "reg-privacy-1",
        "record_type": "registration",
        "subject_id": REGISTERED,
        "subject_name": "深圳市示例隐私科技有限公司",
        "decided_on": "2024-03-01",
        "extra": {
            "name": "深圳市示例隐私科技有限公司",
            "legal_representative_name": REP_NAME,
            "legal_representative_id": REP_NUMBER,
            "status": "active",
        },
    }
    listing = {  # a court's own decision takes effect without a listing procedure
        "agency": "court-440305",
        "source_record_id": "jd-privacy-1",
        "record_type": "judgment_default_listing",
        "subject_id": FORMULA_ENTITY,
        "subject_name": FORMULA,
        "decided_on": "2026-01-05",
        "effective_from": "2026-01-05",
        "severity": "serious",
        "extra": {"ground": "able_but_refuses", "case_no": "（2026）粤0305执9号"},
    }
    response = _post(seeded, registration)
    assert response.status_code in (200, 201), response.text
    response = seeded.client.post("/v1/records", json=listing, headers=court_headers(seeded))
    assert response.status_code in (200, 201), response.text
    return {"person": person_key}


def _clean(text: str) -> None:
    for secret in (PERSON_NAME, PERSON_NUMBER, REP_NAME, REP_NUMBER):
        assert secret not in text


def test_api_profile_records_and_assessment_mask_the_person(
    seeded: Seeded, people: dict[str, str]
) -> None:
    key = people["person"]
    profile = seeded.client.get(f"/v1/subjects/{key}")
    assert profile.json()["name"] == PERSON_MASKED
    records = seeded.client.get(f"/v1/subjects/{key}/records")
    record = records.json()["items"][0]["record"]
    assert (record["subject_name"], record["subject_id"]) == (PERSON_MASKED, NUMBER_MASKED)
    assessment = seeded.client.get(f"/v1/subjects/{key}/assessment")
    assert assessment.json()["assessment"]["subject"]["name"] == PERSON_MASKED
    search = seeded.client.get("/v1/subjects", params={"q": PERSON_NAME})
    assert [hit["name"] for hit in search.json()["items"]] == [PERSON_MASKED]
    for response in (profile, records, assessment):
        _clean(response.text)
    _clean(json.dumps(search.json()["items"], ensure_ascii=False))  # the query is echoed
    # the full view (an auditor) still names the person; the number stays masked
    full = seeded.client.get(f"/v1/subjects/{key}", headers=seeded.auth("auditor"))
    assert full.json()["name"] == PERSON_NAME


def test_api_masks_a_legal_representative(seeded: Seeded, people: dict[str, str]) -> None:
    records = seeded.client.get(f"/v1/subjects/{REGISTERED}/records")
    extra = records.json()["items"][0]["record"]["extra"]
    assert extra["legal_representative_name"] == "李**"
    assert extra["legal_representative_id"] == REP_NUMBER[:6] + "********" + REP_NUMBER[14:]
    _clean(records.text)
    _clean(seeded.client.get(f"/v1/subjects/{REGISTERED}/assessment").text)


def test_list_page_and_downloads_mask_the_person(seeded: Seeded, people: dict[str, str]) -> None:
    page = seeded.client.get("/v1/lists/judgment_defaulters?limit=1000")
    member = next(m for m in page.json()["items"] if m["subject_key"] == people["person"])
    assert member["name"] == PERSON_MASKED
    jsonl = seeded.client.get("/v1/lists/judgment_defaulters/download?format=jsonl")
    lines = [json.loads(line) for line in jsonl.text.splitlines()]
    found = next(m for m in lines if m["subject_key"] == people["person"])
    assert (found["name"], found["id"]) == (PERSON_MASKED, NUMBER_MASKED)
    download = seeded.client.get("/v1/lists/judgment_defaulters/download?format=csv")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    row = next(r for r in rows if r["subject_key"] == people["person"])
    assert (row["name"], row["id"]) == (PERSON_MASKED, NUMBER_MASKED)
    for response in (page, jsonl, download):
        _clean(response.text)


def test_csv_download_neutralises_formula_cells(seeded: Seeded, people: dict[str, str]) -> None:
    download = seeded.client.get("/v1/lists/judgment_defaulters/download?format=csv")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    row = next(r for r in rows if r["subject_key"] == FORMULA_ENTITY)
    assert row["name"] == "'" + FORMULA
    for cells in rows:
        for value in cells.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    jsonl = seeded.client.get("/v1/lists/judgment_defaulters/download?format=jsonl")
    names = [json.loads(line)["name"] for line in jsonl.text.splitlines()]
    assert FORMULA in names  # JSON is data, not a spreadsheet: it carries the name as given


def test_portal_pages_mask_the_person(seeded: Seeded, people: dict[str, str]) -> None:
    key = people["person"]
    for path in (
        f"/portal/subjects/{key}",
        "/portal/lists/judgment_defaulters",
        f"/portal/subjects/{REGISTERED}",
    ):
        page = seeded.client.get(path)
        assert page.status_code == 200, path
        _clean(page.text)
    assert PERSON_MASKED in seeded.client.get(f"/portal/subjects/{key}").text
    found = seeded.client.get("/portal/search", params={"q": "周晓"})
    assert PERSON_MASKED in found.text
    _clean(found.text)


def test_reports_mask_the_person(seeded: Seeded, people: dict[str, str]) -> None:
    key = people["person"]
    html = seeded.client.get(f"/portal/subjects/{key}/report", params={"lang": "zh"})
    assert html.status_code == 200
    assert PERSON_MASKED in html.text
    report_json = seeded.client.get(f"/portal/subjects/{key}/report.json")
    assert report_json.json()["subject"]["name"] == PERSON_MASKED
    pdf = seeded.client.get(f"/portal/subjects/{key}/report.pdf", params={"lang": "zh"})
    assert pdf.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "周" in text
    for response_text in (html.text, report_json.text, text):
        _clean(response_text)


def test_an_id_number_in_free_text_is_refused(seeded: Seeded) -> None:
    row = {
        "agency": AGENCY,
        "source_record_id": "facts-id-1",
        "record_type": "admin_penalty",
        "subject_id": REGISTERED,
        "decided_on": "2026-02-01",
        "severity": "general",
        "facts": f"法定代表人李明华（身份证号{REP_NUMBER}）未按规定公示",
        "extra": {"penalty_kinds": ["fine"], "procedure": "ordinary"},
    }
    response = _post(seeded, row)
    assert response.status_code == 422
    (detail,) = response.json()["error"]["details"]  # the only fault: the number in facts
    assert detail["field"] == "facts"
    assert detail["value"] == REP_NUMBER[:6] + "********" + REP_NUMBER[14:]
    assert "resident ID number" in detail["reason"]
    assert REP_NUMBER not in response.text
    stored = seeded.client.get(f"/v1/subjects/{REGISTERED}/records").json()["items"]
    assert all(i["record"]["source_record_id"] != "facts-id-1" for i in stored)
