"""``/portal/screen``: upload a list as a browser does (multipart, CSRF token from the
page), get the results table and its CSV export; bad lists are shown with their
problems and nothing screened; a POST without the token is refused."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from screening_store import Store

from publiccredit.store.schema import access_log, subjects

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
RESULTS = re.compile(r'name="results" value="([^"]*)"', re.S)


@pytest.fixture(scope="module")
def company(store: Store) -> tuple[str, str]:
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(subjects.c.subject_key, subjects.c.name)
            .where(subjects.c.subject_key.like("91%"))
            .order_by(subjects.c.subject_key)
        ).first()
    assert row is not None
    return row[0], row[1]


def _token(client: TestClient, path: str = "/portal/screen?lang=en") -> str:
    page = client.get(path)
    assert page.status_code == 200
    found = TOKEN.search(page.text)
    assert found is not None
    return found.group(1)


def _upload(client: TestClient, name: str, content: bytes, token: str | None = None) -> str:
    fields = {"csrf_token": token or _token(client)}
    response = client.post(
        "/portal/screen?lang=en", data=fields, files={"list": (name, content, "text/csv")}
    )
    return f"{response.status_code}\n{response.text}"


def test_the_page_offers_an_upload_form(client: TestClient) -> None:
    page = client.get("/portal/screen").text
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page
    assert "批量筛查" in page


def test_an_uploaded_list_gives_a_table_and_a_csv_export(
    client: TestClient, store: Store, company: tuple[str, str]
) -> None:
    key, name = company
    content = f"name,code\n{name},\n乌鲁木齐市龘靐齉齾科技有限公司,\n,{key}\n".encode()
    with store.engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(access_log)).scalar_one()
    shown = _upload(client, "suppliers.csv", content)
    assert shown.startswith("200")
    assert "3 rows, 2 matched" in shown
    assert f'href="/portal/subjects/{key}?lang=en"' in shown
    with store.engine.connect() as conn:
        after = conn.execute(sa.select(sa.func.count()).select_from(access_log)).scalar_one()
    assert after - before == 3
    results = RESULTS.search(shown)
    assert results is not None
    exported = client.post(
        "/portal/screen/export?lang=en",
        data={"csrf_token": _token(client), "results": unescape(results.group(1))},
        files={"none": ("", b"")},
    )
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    lines = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [line["match"] for line in lines] == ["yes", "no", "yes"]
    assert lines[0]["subject_key"] == key


def test_a_bad_list_shows_its_problems_and_screens_nothing(
    client: TestClient, store: Store
) -> None:
    with store.engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(access_log)).scalar_one()
    shown = _upload(client, "bad.csv", "name,region\n,深圳\n".encode())
    assert shown.startswith("422")
    assert "row 1" in shown
    assert "needs a name or a code" in shown
    wrong = _upload(client, "list.txt", b"name\nx\n")
    assert wrong.startswith("422")
    assert ".csv or .xlsx" in wrong
    with store.engine.connect() as conn:
        after = conn.execute(sa.select(sa.func.count()).select_from(access_log)).scalar_one()
    assert after == before


def test_an_upload_without_the_token_is_refused(client: TestClient) -> None:
    shown = _upload(client, "suppliers.csv", b"name\nx\n", token="forged.1.x")
    assert shown.startswith("403")
