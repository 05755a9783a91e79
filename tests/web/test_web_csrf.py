"""CSRF protection of the portal's POST forms (``web/csrf.py``), on SQLite and PostgreSQL.

A POST without a token, with a token of another visitor or session, with an
altered or expired token, or sent from another origin is refused with a
friendly 403 page, and nothing is stored. Pages are driven through the app
as a browser would; token properties are also checked directly with
Hypothesis.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
import web_seed
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from starlette.requests import Request

from publiccredit.api.state import ApiState
from publiccredit.store.db import make_engine
from publiccredit.store.keys import create_key
from publiccredit.web.account_secret import sign
from publiccredit.web.csrf import FIELD, PURPOSE, CsrfRefused, check_csrf, new_token

seeded = web_seed.seeded  # the API tests' seeded store, on both backends

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CONSENTS = "/portal/me/consents?lang=en"


def _browser(seeded: Any) -> TestClient:
    return TestClient(seeded.client.app, raise_server_exceptions=False)


@pytest.fixture
def client(seeded: Any) -> Iterator[TestClient]:
    """A fresh browser (cookie jar) over the module's app."""
    with _browser(seeded) as fresh:
        yield fresh


def _token(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None
    return found.group(1)


def _subject_token(seeded: Any) -> str:
    engine = make_engine(seeded.config.db_url)
    with engine.begin() as conn:
        _key, token = create_key(conn, "subject", subject_key=seeded.entity, label="csrf test")
    engine.dispose()
    return token


def _sign_in(client: TestClient, token: str) -> None:
    form = client.get("/portal/me/sign-in?lang=en")
    answer = client.post(
        "/portal/me/sign-in?lang=en",
        data={"key": token, "csrf_token": _token(form.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303


def _consents(seeded: Any, token: str) -> list[str]:
    answer = seeded.client.get("/v1/consents", headers={"Authorization": f"Bearer {token}"})
    return [item["id"] for item in answer.json()["items"]]


def _grant(client: TestClient, csrf: str | None, **headers: str) -> Any:
    fields = {"institution": "CSRF Bank", "purpose": "test", "valid_until": "2031-01-01"}
    if csrf is not None:
        fields["csrf_token"] = csrf
    return client.post(CONSENTS, data=fields, headers=headers, follow_redirects=False)


def _refused(answer: Any, lang: str = "en") -> None:
    assert answer.status_code == 403
    assert ("This form has expired" if lang == "en" else "表单已失效") in answer.text
    assert "set-cookie" not in answer.headers


def test_sign_in_without_a_token_is_refused_and_starts_no_session(
    seeded: Any, client: TestClient
) -> None:
    answer = client.post(
        "/portal/me/sign-in?lang=zh", data={"key": _subject_token(seeded)}, follow_redirects=False
    )
    _refused(answer, "zh")
    assert client.get("/portal/me", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("csrf", [None, "", "garbage", "a.b.c", "1.2.3.4"])
def test_a_form_without_a_valid_token_stores_nothing(
    seeded: Any, client: TestClient, csrf: str | None
) -> None:
    token = _subject_token(seeded)
    _sign_in(client, token)
    before = _consents(seeded, token)
    _refused(_grant(client, csrf))
    assert _consents(seeded, token) == before


def test_an_objection_without_a_token_files_no_case(seeded: Any, client: TestClient) -> None:
    token = _subject_token(seeded)
    _sign_in(client, token)
    auth = {"Authorization": f"Bearer {token}"}
    before = seeded.client.get("/v1/cases", headers=auth).json()["items"]
    record = seeded.client.get(
        f"/v1/subjects/{seeded.entity}/records", params={"limit": 1}, headers=auth
    ).json()["items"][0]["record"]
    answer = client.post(
        "/portal/me/objections?lang=en",
        data={"agency": record["agency"], "record": record["source_record_id"],
              "what": "record", "grounds": "forged", "evidence": ""},
        follow_redirects=False,
    )  # fmt: skip
    _refused(answer)
    assert seeded.client.get("/v1/cases", headers=auth).json()["items"] == before


def test_a_token_from_another_session_is_refused(seeded: Any, client: TestClient) -> None:
    token = _subject_token(seeded)
    _sign_in(client, token)
    with _browser(seeded) as other:
        _sign_in(other, _subject_token(seeded))
        foreign = _token(other.get(CONSENTS).text)
    before = _consents(seeded, token)
    _refused(_grant(client, foreign))
    assert _consents(seeded, token) == before
    assert _grant(client, _token(client.get(CONSENTS).text)).status_code == 303


def test_a_token_from_before_signing_in_is_refused_after(seeded: Any, client: TestClient) -> None:
    anonymous = _token(client.get("/portal/me/sign-in?lang=en").text)
    token = _subject_token(seeded)
    _sign_in(client, token)
    _refused(_grant(client, anonymous))


def test_a_token_of_the_same_visitor_stays_valid_for_several_forms(
    seeded: Any, client: TestClient
) -> None:
    _sign_in(client, _subject_token(seeded))
    csrf = _token(client.get(CONSENTS).text)
    assert _grant(client, csrf).status_code == 303
    assert _grant(client, csrf).status_code == 303


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({"Origin": "https://evil.example"}, False),
        ({"Origin": "null"}, False),
        ({"Origin": "http://testserver.evil.example"}, False),
        ({"Referer": "https://evil.example/form"}, False),
        ({"Origin": "http://testserver"}, True),
        ({"Referer": "http://testserver/portal/me/consents?lang=en"}, True),
        ({}, True),
    ],
)
def test_the_origin_must_be_the_portals_own_when_the_browser_names_it(
    seeded: Any, client: TestClient, headers: dict[str, str], allowed: bool
) -> None:
    token = _subject_token(seeded)
    _sign_in(client, token)
    before = _consents(seeded, token)
    answer = _grant(client, _token(client.get(CONSENTS).text), **headers)
    if allowed:
        assert answer.status_code == 303
        assert len(_consents(seeded, token)) == len(before) + 1
    else:
        _refused(answer)
        assert _consents(seeded, token) == before


def test_a_form_that_is_not_urlencoded_is_refused(seeded: Any, client: TestClient) -> None:
    _sign_in(client, _subject_token(seeded))
    csrf = _token(client.get(CONSENTS).text)
    answer = client.post(CONSENTS, json={"csrf_token": csrf}, follow_redirects=False)
    _refused(answer)


def test_sign_out_without_a_token_keeps_the_session(seeded: Any, client: TestClient) -> None:
    _sign_in(client, _subject_token(seeded))
    _refused(client.post("/portal/me/sign-out?lang=en", follow_redirects=False))
    assert client.get("/portal/me", follow_redirects=False).status_code == 200


def _request(seeded: Any, **headers: str) -> Request:
    """An anonymous POST to the portal, as ``check_csrf`` sees it."""
    assert isinstance(seeded.client.app.state.api, ApiState)
    raw = [(b"host", b"testserver")] + [
        (name.lower().encode(), value.encode()) for name, value in headers.items()
    ]
    scope = {
        "type": "http", "method": "POST", "path": "/portal/me/sign-in", "query_string": b"",
        "headers": raw, "app": seeded.client.app, "scheme": "http",
        "server": ("testserver", 80), "client": ("127.0.0.1", 1234),
    }  # fmt: skip
    return Request(scope)


def test_an_expired_token_is_refused(seeded: Any) -> None:
    request = _request(seeded)
    with pytest.raises(CsrfRefused, match="expired"):
        check_csrf(request, {FIELD: _made(seeded, int(time.time()) - 13 * 3600)})
    check_csrf(request, {FIELD: _made(seeded, int(time.time()) - 60)})


def _made(seeded: Any, issued: int) -> str:
    """An anonymous token issued at ``issued`` (as ``new_token`` would have made it then)."""
    nonce = "a" * 32
    mac = sign(seeded.config.data_dir, PURPOSE, f"anonymous|{nonce}|{issued}")
    return f"{nonce}.{issued}.{mac}"


@given(position=st.integers(min_value=0, max_value=10_000), replacement=st.characters())
def test_any_altered_token_is_refused(seeded: Any, position: int, replacement: str) -> None:
    request = _request(seeded)
    token = new_token(request)
    check_csrf(request, {FIELD: token})
    where = position % len(token)
    altered = token[:where] + replacement + token[where + 1 :]
    if altered != token:
        with pytest.raises(CsrfRefused):
            check_csrf(request, {FIELD: altered})


@given(st.text(max_size=120))
def test_no_made_up_token_is_accepted(seeded: Any, guess: str) -> None:
    with pytest.raises(CsrfRefused):
        check_csrf(_request(seeded), {FIELD: guess})


@pytest.mark.parametrize("issued", ["²³", "١٢٣", "\ud800"])
def test_a_token_with_non_ascii_parts_is_refused_not_a_crash(seeded: Any, issued: str) -> None:
    with pytest.raises(CsrfRefused, match="malformed"):
        check_csrf(_request(seeded), {FIELD: f"{'a' * 32}.{issued}.{'b' * 43}"})


def test_a_token_is_not_a_signature_for_another_purpose(seeded: Any) -> None:
    """The session cookie's signing key is not the CSRF key: a MAC made for one fails the other."""
    request = _request(seeded)
    nonce, issued = "b" * 32, int(time.time())
    forged = sign(seeded.config.data_dir, "portal-session/v1", f"anonymous|{nonce}|{issued}")
    with pytest.raises(CsrfRefused):
        check_csrf(request, {FIELD: f"{nonce}.{issued}.{forged}"})
