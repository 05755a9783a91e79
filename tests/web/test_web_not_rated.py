"""A government organ through every public path: not rated, with the reason; listed only by a court.

On SQLite AND PostgreSQL: an enterprise and a government organ (USCC category
11) with the same abnormal-operations and judgment-defaulter records are
stored through a ``Submission``, as ingestion does. The API profile, the
portal's subject page, the report (HTML and JSON) and the PDF show the
enterprise's rating and both lists; for the organ they show "not rated" with
the reason and only the court's list.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import web_seed
from fastapi.testclient import TestClient
from pypdf import PdfReader

from publiccredit.api import create_app
from publiccredit.api.state import ApiSettings
from publiccredit.domain.record import parse_record
from publiccredit.identifiers.uscc import calc_check_char, calc_inner_check_char
from publiccredit.policy import default_pack
from publiccredit.procedures.calendar import official_day
from publiccredit.service import Submission
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.setup import initialise

PACK = default_pack()
TODAY = official_day(datetime.now(UTC))


def _uscc(prefix: str, body: str) -> str:
    first17 = prefix + body + calc_inner_check_char(body)
    return first17 + calc_check_char(first17)


ENTERPRISE = _uscc("91440300", "MA5NRT01")
ORGAN = _uscc("11440300", "00077712")
REASON = "entity kind organ is not rated"


def _rows(subject: str) -> list[dict[str, Any]]:
    day = (TODAY - timedelta(days=40)).isoformat()
    base = {"subject_kind": "entity", "subject_id": subject, "decided_on": day}
    return [
        {**base, "agency": "samr-440300", "source_record_id": f"AB-{subject}",
         "record_type": "abnormal_operation_listing", "extra": {"ground": "unreachable_address"}},
        {**base, "agency": "court-440300", "source_record_id": f"JD-{subject}",
         "record_type": "judgment_default_listing", "severity": "serious",
         "extra": {"ground": "able_but_refuses", "case_no": f"（2026）粤0305执{subject[-4:]}号"}},
    ]  # fmt: skip


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    tmp = tmp_path_factory.mktemp(f"not-rated-{request.param}")
    with web_seed.database(request.param, tmp, "not_rated") as url:
        config = StoreConfig(tmp / "data", url)
        initialise(config)
        engine = make_engine(config.db_url)
        try:
            with engine.begin() as conn:
                keys = load_personal_keys(config.data_dir)
                submission = Submission(conn, PACK, keys, TODAY, datetime.now(UTC))
                rows = [*_rows(ENTERPRISE), *_rows(ORGAN)]
                added = submission.add([(i, parse_record(r), ()) for i, r in enumerate(rows)])
                assert added == []
                submission.finish()
        finally:
            engine.dispose()
        app = create_app(config, settings=ApiSettings(rate=1000.0, burst=100_000))
        with TestClient(app) as test_client:
            yield test_client


def test_api_profile(client: TestClient) -> None:
    enterprise = client.get(f"/v1/subjects/{ENTERPRISE}").json()
    assert enterprise["rating"]["level"] == "D"
    assert enterprise["not_rated"] is None
    listed = {m["list"] for m in enterprise["lists"]}
    assert listed == {"abnormal_operations", "judgment_defaulters"}
    organ = client.get(f"/v1/subjects/{ORGAN}").json()
    assert organ["entity_kind"] == "organ"
    assert organ["rating"] is None
    assert organ["not_rated"]["code"] == "entity_kind"
    assert REASON in organ["not_rated"]["reason"]
    assert [m["list"] for m in organ["lists"]] == ["judgment_defaulters"]
    spc = PACK.instruments_by_id["spc_defaulter_list"]
    assert organ["lists"][0]["legal_basis"] == f"{spc.title()} Arts. 1, 2, 10"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_portal_subject_page(client: TestClient, lang: str) -> None:
    organ = client.get(f"/portal/subjects/{ORGAN}", params={"lang": lang}).text
    assert 'class="not-rated" data-code="entity_kind"' in organ
    assert REASON in organ
    assert ("Not rated" if lang == "en" else "不参与信用评价") in organ
    enterprise = client.get(f"/portal/subjects/{ENTERPRISE}", params={"lang": lang}).text
    assert "not-rated" not in enterprise
    assert PACK.instruments_by_id["spc_defaulter_list"].title_zh in organ


def test_report_html_json_and_pdf(client: TestClient) -> None:
    html = client.get(f"/portal/subjects/{ORGAN}/report", params={"lang": "en"}).text
    assert 'class="not-rated"' in html
    assert REASON in html
    data = client.get(f"/portal/subjects/{ORGAN}/report.json").json()
    assert data["rating"] is None
    assert data["not_rated"]["code"] == "entity_kind"
    assert [m["list"] for m in data["lists"]] == ["judgment_defaulters"]
    pdf = client.get(f"/portal/subjects/{ORGAN}/report.pdf", params={"lang": "en"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Not rated" in text
    enterprise = client.get(f"/portal/subjects/{ENTERPRISE}/report.json").json()
    assert enterprise["rating"]["level"] == "D"
    assert enterprise["not_rated"] is None
