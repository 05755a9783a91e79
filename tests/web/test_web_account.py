"""The subject's own pages: sign-in, sessions, own record, cases, objections, consents.

Runs on SQLite and PostgreSQL over the store the API tests seed
(tests/api/conftest.py ``seed``). Each test uses its own ``TestClient`` (its
own cookie jar) over the module's app, and its own keys where it changes
anything about them, so the tests do not depend on each other's order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
import web_seed
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.requests import Request

from publiccredit.api import create_app
from publiccredit.store.db import make_engine
from publiccredit.store.keys import create_key, revoke_key
from publiccredit.store.schema import access_log
from publiccredit.web.session import signed_in

seeded = web_seed.seeded  # the API tests' seeded store, on both backends

OWN_PAGES = (
    "/portal/me",
    "/portal/me/cases",
    "/portal/me/consents",
    "/portal/me/objections/new",
    "/portal/me/reads",
    "/portal/me/watch",
)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def client(seeded: Any) -> Iterator[TestClient]:
    """A fresh browser (cookie jar) over the module's app."""
    with TestClient(seeded.client.app, raise_server_exceptions=False) as fresh:
        yield fresh


def _engine(seeded: Any) -> sa.Engine:
    return make_engine(seeded.config.db_url)


def _new_key(seeded: Any, role: str = "subject", **scope: str) -> tuple[str, str]:
    """A new key (id, token); subject keys default to the seeded subject."""
    if role == "subject":
        scope = scope or {"subject_key": seeded.entity}
    engine = _engine(seeded)
    with engine.begin() as conn:
        key, token = create_key(conn, role, label="portal test", **scope)
    engine.dispose()
    return key.key_id, token


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, token: str, lang: str = "en") -> Any:
    """Fill in and send the sign-in form, as a browser would."""
    form = client.get("/portal/me/sign-in", params={"lang": lang})
    assert form.status_code == 200
    return client.post(
        f"/portal/me/sign-in?lang={lang}",
        data={"key": token, "csrf_token": _csrf(form.text)},
        follow_redirects=False,
    )


def _post_form(client: TestClient, page: str, action: str, fields: dict[str, str]) -> Any:
    """POST ``fields`` to ``action`` with the CSRF token of the form on ``page``."""
    token = _csrf(client.get(page).text)
    return client.post(action, data={**fields, "csrf_token": token}, follow_redirects=False)


def _records(seeded: Any, state: str | None, role: str = "subject") -> list[dict[str, Any]]:
    params: dict[str, Any] = {"limit": 500}
    if state:
        params["state"] = state
    answer = seeded.client.get(
        f"/v1/subjects/{seeded.entity}/records", params=params, headers=seeded.auth(role)
    )
    assert answer.status_code == 200
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_sign_in_with_a_subject_key_sets_a_safe_cookie_and_opens_the_own_record(
    seeded: Any, client: TestClient
) -> None:
    key_id, token = _new_key(seeded)
    answer = sign_in(client, token)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/portal/me?lang=en"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("pc_session=")
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "path=/portal", "samesite=strict"} <= flags
    assert "secure" not in flags  # plain http here; https adds Secure (next test)
    value = cookie.split(";")[0].split("=", 1)[1]
    secret = token.split("_", 2)[2]
    assert secret not in value
    assert token not in value
    assert value.startswith(f"{key_id}.")
    page = client.get("/portal/me", params={"lang": "en"})
    assert page.status_code == 200
    assert seeded.entity in page.text
    assert page.headers["cache-control"] == "no-store"
    assert 'href="/portal/me/what-if?lang=en"' in page.text
    assert 'href="/portal/me/repair?lang=en"' in page.text
    assert f'href="/portal/subjects/{seeded.entity}/report?lang=en"' in page.text


def test_the_cookie_is_secure_over_https(seeded: Any) -> None:
    _key_id, token = _new_key(seeded)
    with TestClient(seeded.client.app, base_url="https://portal.example") as browser:
        answer = sign_in(browser, token)
        assert answer.status_code == 303
        flags = {part.strip().lower() for part in answer.headers["set-cookie"].split(";")}
        assert "secure" in flags
        assert browser.get("/portal/me").status_code == 200


@pytest.mark.parametrize(
    ("kind", "status", "says"),
    [
        ("malformed", 401, "The key is not valid"),
        ("wrong secret", 401, "The key is not valid"),
        ("revoked", 401, "The key is not valid"),
        ("auditor", 403, "Only keys with the role “subject” or “agency” can sign in"),
        ("empty", 422, "Enter your key"),
    ],
)
def test_sign_in_refuses_keys_that_are_not_live_subject_keys(
    seeded: Any, client: TestClient, kind: str, status: int, says: str
) -> None:
    token = {
        "malformed": "not-a-key",
        "wrong secret": seeded.tokens["subject"][:-4] + "AAAA",
        "auditor": seeded.tokens["auditor"],
        "empty": "",
    }.get(kind)
    if kind == "revoked":
        key_id, token = _new_key(seeded)
        engine = _engine(seeded)
        with engine.begin() as conn:
            revoke_key(conn, key_id)
        engine.dispose()
    assert token is not None
    answer = sign_in(client, token)
    assert answer.status_code == status
    assert escape(says) in answer.text
    assert "set-cookie" not in answer.headers
    if token:
        assert token not in answer.text  # never echoed back into the form
    assert client.get("/portal/me", follow_redirects=False).status_code == 303


def test_revoking_the_key_ends_its_session_at_once(seeded: Any, client: TestClient) -> None:
    key_id, token = _new_key(seeded)
    assert sign_in(client, token).status_code == 303
    assert client.get("/portal/me").status_code == 200
    engine = _engine(seeded)
    with engine.begin() as conn:
        revoke_key(conn, key_id)
    engine.dispose()
    answer = client.get("/portal/me", params={"lang": "en"}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/portal/me/sign-in?lang=en")


def test_a_forged_or_altered_cookie_is_no_session(seeded: Any, client: TestClient) -> None:
    key_id, token = _new_key(seeded)
    other_id, _other = _new_key(seeded)
    sign_in(client, token)
    value = client.cookies["pc_session"]
    _id, expires, sid, mac = value.split(".")
    forged = [
        f"{other_id}.{expires}.{sid}.{mac}",  # another key, same signature
        f"{key_id}.{int(expires) + 9999}.{sid}.{mac}",  # a longer life
        f"{key_id}.{expires}.{sid}.{mac[:-1]}{'0' if mac[-1] != '0' else '1'}",
        f"{key_id}.1.{sid}.{mac}",
        "garbage",
    ]
    for cookie in forged:
        client.cookies.clear()
        client.cookies.set("pc_session", cookie, path="/portal")
        assert client.get("/portal/me", follow_redirects=False).status_code == 303, cookie
    client.cookies.clear()
    client.cookies.set("pc_session", value, path="/portal")
    assert client.get("/portal/me", follow_redirects=False).status_code == 200


@pytest.mark.parametrize("path", OWN_PAGES)
def test_own_pages_send_the_signed_out_visitor_to_sign_in_and_back(
    seeded: Any, client: TestClient, path: str
) -> None:
    answer = client.get(path, params={"lang": "en"}, follow_redirects=False)
    assert answer.status_code == 303
    where = urlsplit(answer.headers["location"])
    assert where.path == "/portal/me/sign-in"
    assert parse_qs(where.query) == {"lang": ["en"], "next": [path]}
    form = client.get(answer.headers["location"])
    back = client.post(
        answer.headers["location"],
        data={"key": _new_key(seeded)[1], "csrf_token": _csrf(form.text)},
        follow_redirects=False,
    )
    assert back.status_code == 303
    assert back.headers["location"] == f"{path}?lang=en"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", OWN_PAGES)
def test_each_own_page_renders_in_both_languages(
    seeded: Any, client: TestClient, path: str, lang: str
) -> None:
    sign_in(client, _new_key(seeded)[1], lang)
    answer = client.get(path, params={"lang": lang})
    assert answer.status_code == 200
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in answer.text
    assert ("退出登录" if lang == "zh" else "Sign out") in answer.text or path != "/portal/me"


def test_the_own_record_shows_what_the_public_profile_hides_and_logs_the_read(
    seeded: Any, client: TestClient
) -> None:
    ended = _records(seeded, "ended")
    assert ended, "the seeded subject has ended records"
    hidden = ended[0]["record"]["source_record_id"]
    public = _records(seeded, None, role="public")
    assert hidden not in {item["record"]["source_record_id"] for item in public}
    public_page = client.get(f"/portal/subjects/{seeded.entity}", params={"lang": "en"})
    assert hidden not in public_page.text
    key_id, token = _new_key(seeded)
    sign_in(client, token)
    before = _logged(seeded, key_id)
    own = client.get("/portal/me", params={"lang": "en", "state": "ended"})
    assert own.status_code == 200
    assert hidden in own.text
    assert ">ended<" in own.text
    assert ">no<" in own.text
    total = len(_records(seeded, None))
    assert f"1–{min(50, total)} of {total}" in client.get("/portal/me?lang=en").text
    after = _logged(seeded, key_id)
    assert len(after) > len(before)
    assert {what for what, _subject in after} == {"GET /portal/me"}
    assert {subject for _what, subject in after} == {seeded.entity}


def _logged(seeded: Any, key_id: str) -> list[tuple[str, str]]:
    engine = _engine(seeded)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(access_log.c.what, access_log.c.subject_key).where(
                access_log.c.actor == f"key:{key_id}"
            )
        ).all()
    engine.dispose()
    return [(str(what), str(subject)) for what, subject in rows]


def test_records_page_on(seeded: Any, client: TestClient) -> None:
    sign_in(client, _new_key(seeded)[1])
    total = len(_records(seeded, None))
    assert total > 50
    first = client.get("/portal/me?lang=en").text
    assert 'href="/portal/me?lang=en&amp;offset=50"' in first
    second = client.get("/portal/me?lang=en&offset=50").text
    assert f"51–{min(100, total)} of {total}" in second


def test_an_objection_filed_on_the_portal_becomes_a_case_with_its_deadline(
    seeded: Any, client: TestClient
) -> None:
    _key_id, token = _new_key(seeded)
    sign_in(client, token)
    record = _records(seeded, "published")[3]["record"]
    page = (
        f"/portal/me/objections/new?lang=en&agency={record['agency']}"
        f"&record={record['source_record_id']}"
    )
    shown = client.get(page).text
    assert f'value="{record["source_record_id"]}"' in shown
    fields = {
        "agency": record["agency"],
        "record": record["source_record_id"],
        "what": "record",
        "grounds": "The amount is wrong <b>",
        "evidence": "receipt 2024-001\nbank statement",
    }
    answer = _post_form(client, page, "/portal/me/objections?lang=en", fields)
    assert answer.status_code == 303
    location = answer.headers["location"]
    case_id = urlsplit(location).path.rsplit("/", 1)[1]
    stored = seeded.client.get(f"/v1/cases/{case_id}", headers={"Authorization": f"Bearer {token}"})
    assert stored.status_code == 200
    case = stored.json()["case"]
    assert case["kind"] == "objection"
    assert case["subject"] == seeded.entity
    assert case["details"]["grounds"] == "The amount is wrong <b>"
    assert case["details"]["evidence"] == ["receipt 2024-001", "bank statement"]
    shown_case = client.get(location).text
    assert "Your objection was filed" in shown_case
    assert "The amount is wrong &lt;b&gt;" in shown_case
    for deadline in case["deadlines"]:
        assert deadline["due_on"] in shown_case
        assert ("provisional" in shown_case) == any(d["provisional"] for d in case["deadlines"])
    assert case["deadlines"], "a filed objection has a running deadline"
    listing = client.get("/portal/me/cases?lang=en").text
    assert case_id in listing
    assert case["deadlines"][0]["due_on"] in listing
    own = client.get("/portal/me?lang=en&state=under_objection").text
    assert record["source_record_id"] in own


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"grounds": ""}, "Grounds: String should have at least 1 character"),
        ({"record": "NO-SUCH-RECORD"}, "NO-SUCH-RECORD"),
        ({"agency": "", "record": ""}, "an objection names either a record or a case"),
    ],
)
def test_a_refused_objection_names_field_and_reason_and_stores_nothing(
    seeded: Any, client: TestClient, fields: dict[str, str], says: str
) -> None:
    _key_id, token = _new_key(seeded)
    sign_in(client, token)
    record = _records(seeded, "published")[4]["record"]
    before = _cases(seeded, token)
    form = {
        "agency": record["agency"],
        "record": record["source_record_id"],
        "what": "record",
        "grounds": "wrong",
        "evidence": "",
        **fields,
    }
    answer = _post_form(client, "/portal/me/objections/new?lang=en",
                        "/portal/me/objections?lang=en", form)  # fmt: skip
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text
    assert escape(says) in answer.text
    assert "Traceback" not in answer.text
    assert _cases(seeded, token) == before


def _cases(seeded: Any, token: str) -> list[str]:
    answer = seeded.client.get("/v1/cases", headers={"Authorization": f"Bearer {token}"})
    return [case["id"] for case in answer.json()["items"]]


def _consents(seeded: Any, token: str) -> list[dict[str, Any]]:
    answer = seeded.client.get("/v1/consents", headers={"Authorization": f"Bearer {token}"})
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_consents_are_granted_and_revoked_on_the_portal(seeded: Any, client: TestClient) -> None:
    key_id, token = _new_key(seeded)
    sign_in(client, token)
    institution = f"Bank {key_id} <i>"
    page = "/portal/me/consents?lang=en"
    fields = {"institution": institution, "purpose": "loan review", "valid_until": "2031-01-31"}
    granted = _post_form(client, page, page, fields)
    assert granted.status_code == 303
    mine = [c for c in _consents(seeded, token) if c["institution"] == institution]
    assert len(mine) == 1
    assert mine[0]["live"]
    assert mine[0]["valid_until"].startswith("2031-01-31T16:00:00")  # 2031-02-01 00:00 +08:00
    shown = client.get(granted.headers["location"]).text
    assert "The consent was granted." in shown
    assert escape(institution) in shown
    assert institution not in shown
    action = f"/portal/me/consents/{mine[0]['id']}/revoke?lang=en"
    assert action in shown.replace("&amp;", "&")
    revoked = _post_form(client, page, action, {})
    assert revoked.status_code == 303
    after = next(c for c in _consents(seeded, token) if c["id"] == mine[0]["id"])
    assert after["revoked_at"] is not None
    assert not after["live"]
    again = _post_form(client, page, action, {})
    assert again.status_code == 409
    assert "already revoked" in again.text


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        (
            {"valid_until": "2031-02-31"},
            "Valid until (inclusive) (2031-02-31): the date is not valid: must be a date",
        ),
        ({"institution": ""}, "Institution: String should have at least 1 character"),
    ],
)
def test_a_refused_consent_names_field_and_reason_and_stores_nothing(
    seeded: Any, client: TestClient, fields: dict[str, str], says: str
) -> None:
    _key_id, token = _new_key(seeded)
    sign_in(client, token)
    before = _consents(seeded, token)
    page = "/portal/me/consents?lang=en"
    form = {"institution": "Bank", "purpose": "loan", "valid_until": "2031-01-31", **fields}
    answer = _post_form(client, page, page, form)
    assert answer.status_code == 422
    assert escape(says) in answer.text
    assert _consents(seeded, token) == before


def test_another_subjects_consent_cannot_be_revoked(seeded: Any, client: TestClient) -> None:
    sign_in(client, _new_key(seeded)[1])
    page = "/portal/me/consents?lang=en"
    action = f"/portal/me/consents/{seeded.extra['consent_id']}/revoke?lang=en"
    answer = _post_form(client, page, action, {})
    assert answer.status_code == 409
    assert "is not this subject" in answer.text
    consents = _consents(seeded, seeded.tokens["admin"])
    assert next(c for c in consents if c["id"] == seeded.extra["consent_id"])["live"]


def test_the_key_never_shows_in_an_address_or_a_page(seeded: Any, client: TestClient) -> None:
    _key_id, token = _new_key(seeded)
    secret = token.split("_", 2)[2]
    seen = [sign_in(client, token)]
    record = _records(seeded, "published")[5]["record"]
    seen += [client.get(path, params={"lang": "en"}) for path in OWN_PAGES]
    seen.append(
        _post_form(client, "/portal/me/objections/new?lang=en", "/portal/me/objections?lang=en",
                   {"agency": record["agency"], "record": record["source_record_id"],
                    "what": "publication", "grounds": "too long", "evidence": ""})
    )  # fmt: skip
    seen.append(client.get(seen[-1].headers["location"]))
    seen.append(client.get("/portal/me/cases?lang=en"))
    for answer in seen:
        assert secret not in str(answer.url)
        assert secret not in answer.headers.get("location", "")
        assert secret not in answer.text
        assert secret not in answer.headers.get("set-cookie", "")


def test_sign_out_clears_the_session(seeded: Any, client: TestClient) -> None:
    sign_in(client, _new_key(seeded)[1])
    page = client.get("/portal/me?lang=en")
    out = client.post(
        "/portal/me/sign-out?lang=en",
        data={"csrf_token": _csrf(page.text)},
        follow_redirects=False,
    )
    assert out.status_code == 303
    assert out.headers["location"] == "/portal/?lang=en"
    assert "pc_session=" in out.headers["set-cookie"]
    assert "max-age=0" in out.headers["set-cookie"].lower()
    assert client.get("/portal/me", follow_redirects=False).status_code == 303


def test_cases_of_other_subjects_are_not_shown(seeded: Any, client: TestClient) -> None:
    other = _new_key(seeded, subject_key=seeded.consented)[1]
    record = seeded.client.get(
        f"/v1/subjects/{seeded.consented}/records", params={"state": "published", "limit": 1},
        headers={"Authorization": f"Bearer {other}"},
    ).json()["items"][0]["record"]  # fmt: skip
    filed = seeded.client.post(
        "/v1/cases/objections",
        json={"grounds": "not mine", "record": {"agency": record["agency"],
              "source_record_id": record["source_record_id"]}},
        headers={"Authorization": f"Bearer {other}"},
    )  # fmt: skip
    assert filed.status_code == 201
    foreign = filed.json()["case"]["id"]
    sign_in(client, _new_key(seeded)[1])
    assert foreign not in client.get("/portal/me/cases?lang=en").text
    assert client.get(f"/portal/me/cases/{foreign}?lang=en").status_code == 404


def test_the_session_outlives_a_restart_and_works_on_another_worker(seeded: Any) -> None:
    """A second app over the same store (another worker, or after a restart) accepts it."""
    _key_id, token = _new_key(seeded)
    with TestClient(seeded.client.app) as first:
        sign_in(first, token)
        cookie = first.cookies["pc_session"]
    with TestClient(create_app(seeded.config)) as second:
        second.cookies.set("pc_session", cookie, path="/portal")
        assert second.get("/portal/me", follow_redirects=False).status_code == 200
    secret_file = seeded.config.data_dir / "portal-session.key"
    assert secret_file.stat().st_mode & 0o777 == 0o600
    assert datetime.now(UTC)  # the secret is not regenerated: the cookie still verified


def _cookie_request(seeded: Any, cookie: str) -> Request:
    """A GET of ``/portal/me`` carrying the session cookie ``cookie``."""
    scope = {
        "type": "http", "method": "GET", "path": "/portal/me", "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"cookie", f"pc_session={cookie}".encode())],
        "app": seeded.client.app, "scheme": "http", "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
    }  # fmt: skip
    return Request(scope)


COOKIE_CHARS = st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=';,"\\')


@settings(max_examples=40)
@given(position=st.integers(min_value=0, max_value=1000), replacement=COOKIE_CHARS)
def test_any_altered_session_cookie_is_no_session(
    seeded: Any, position: int, replacement: str
) -> None:
    if seeded.backend not in _SESSIONS:
        key_id, token = _new_key(seeded)
        with TestClient(seeded.client.app) as browser:
            sign_in(browser, token)
            _SESSIONS[seeded.backend] = key_id, browser.cookies["pc_session"]
    key_id, cookie = _SESSIONS[seeded.backend]
    who = signed_in(_cookie_request(seeded, cookie))
    assert who is not None
    assert who.key_id == key_id
    assert who.subject_key == seeded.entity
    where = position % len(cookie)
    altered = cookie[:where] + replacement + cookie[where + 1 :]
    if altered != cookie:
        assert signed_in(_cookie_request(seeded, altered)) is None


_SESSIONS: dict[str, tuple[str, str]] = {}
"""One signed-in session (key id, cookie) per backend for the property test."""


def test_a_cookie_with_unicode_digits_is_no_session_not_a_crash(seeded: Any) -> None:
    """``isdigit`` admits "²", which ``int`` refuses: such a cookie is simply no session."""
    assert signed_in(_cookie_request(seeded, "k1.1\u00b2.s.m")) is None


def test_the_subject_sees_who_read_its_record_and_no_one_elses(
    seeded: Any, client: TestClient
) -> None:
    sign_in(client, _new_key(seeded)[1])
    seeded.client.get(f"/v1/subjects/{seeded.entity}", headers=seeded.auth("auditor"))
    seeded.client.get(f"/v1/subjects/{seeded.consented}", headers=seeded.auth("institution"))
    text, after, pages = "", "", 0
    while True:  # every page, oldest first, following the "later reads" link
        page = client.get("/portal/me/reads", params={"lang": "en", "after": after})
        assert page.status_code == 200
        assert page.headers["cache-control"] == "no-store"
        text += page.text
        pages += 1
        found = re.search(r'href="/portal/me/reads\?lang=en&amp;after=(\d+)"', page.text)
        if found is None:
            break
        after = found.group(1)
    assert "<td>auditor</td>" in web_seed.cells(text)
    assert "<td>institution</td>" not in web_seed.cells(text)  # that read was about another subject
    engine = _engine(seeded)
    with engine.connect() as conn:
        about_me = conn.execute(
            sa.select(sa.func.count())
            .select_from(access_log)
            .where(access_log.c.subject_key == seeded.entity)
        ).scalar_one()
    engine.dispose()
    assert text.count("<tr>") - pages == about_me  # one row per entry, a header per page
