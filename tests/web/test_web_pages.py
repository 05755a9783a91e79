"""The portal's pages on SQLite AND PostgreSQL: languages, search (paging, empty query),
profile, lists, escaping, an empty store, the 404 and 429 pages.

The store is seeded exactly as the API tests seed theirs (tests/api/conftest.py
``seed``: synthetic entities ingested through ``ingest_file``, a signed head);
pages are fetched through the API app, where the portal is mounted at /portal.
PostgreSQL gets its own schema per module, dropped afterwards; without a server
the PostgreSQL cases skip with how to start one, and fail under ``CI=true``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import web_seed
from fastapi.testclient import TestClient

from publiccredit.api import create_app
from publiccredit.api.state import ApiSettings
from publiccredit.api.views import publicly_visible
from publiccredit.policy import default_pack
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.schema import assessments, subjects
from publiccredit.store.setup import initialise
from publiccredit.textfold import fold
from publiccredit.web.pages import badges

API = web_seed.API
seeded = web_seed.seeded  # the API tests' seeded store, on both backends

HOSTILE = '<script>alert("x")</script>恶意公司'
LANGS = ("zh", "en")


def _engine(seeded: Any) -> sa.Engine:
    return make_engine(seeded.config.db_url)


def _stored(seeded: Any) -> list[tuple[str, dict[str, Any]]]:
    engine = _engine(seeded)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(assessments.c.subject_key, assessments.c.assessment)).all()
    engine.dispose()
    return [(key, doc if isinstance(doc, dict) else json.loads(doc)) for key, doc in rows]


def _get(seeded: Any, path: str, **params: str) -> Any:
    return seeded.client.get(path, params=params)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "path", ["/portal/", "/portal/lists", "/portal/transparency", "/portal/search"]
)
def test_each_page_renders_in_both_languages(seeded: Any, path: str, lang: str) -> None:
    response = _get(seeded, path, lang=lang, q="市")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in response.text
    marker = "公共信用信息公示" if lang == "zh" else "Public credit information"
    assert marker in response.text


@pytest.mark.parametrize("lang", LANGS)
def test_profile_and_list_pages_render_in_both_languages(seeded: Any, lang: str) -> None:
    profile = _get(seeded, f"/portal/subjects/{seeded.listed}", lang=lang)
    assert profile.status_code == 200
    list_name = "经营异常名录" if lang == "zh" else "Abnormal operations list"
    assert list_name in profile.text  # the listed subject shows the list it is on
    members = _get(seeded, "/portal/lists/abnormal_operations", lang=lang)
    assert members.status_code == 200
    assert seeded.listed in members.text
    assert (
        "/v1/lists/abnormal_operations/download?format=csv"
        in _get(seeded, "/portal/lists", lang=lang).text
    )


def test_default_language_is_chinese_and_unknown_falls_back(seeded: Any) -> None:
    assert '<html lang="zh-CN">' in _get(seeded, "/portal/").text
    assert '<html lang="zh-CN">' in _get(seeded, "/portal/", lang="fr").text


def test_stylesheet_is_served(seeded: Any) -> None:
    response = _get(seeded, "/portal/static/portal.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")


def test_search_finds_a_subject_by_code_and_by_name(seeded: Any) -> None:
    engine = _engine(seeded)
    with engine.connect() as conn:
        name = conn.execute(
            sa.select(subjects.c.name).where(subjects.c.subject_key == seeded.entity)
        ).scalar_one()
    engine.dispose()
    by_code = _get(seeded, "/portal/search", q=seeded.entity.lower())
    assert f"/portal/subjects/{seeded.entity}?" in by_code.text
    assert "offset=" not in by_code.text  # one hit: no next page
    by_name = _get(seeded, "/portal/search", q=name[2:8], lang="en")
    assert f"/portal/subjects/{seeded.entity}?" in by_name.text
    nothing = _get(seeded, "/portal/search", q="没有这个名字的公司zzz", lang="en")
    assert "No subject matches." in nothing.text


def test_search_shows_list_badges(seeded: Any) -> None:
    response = _get(seeded, "/portal/search", q=seeded.listed, lang="en")
    assert (
        '<span class="badge restrictive" data-list="abnormal_operations">Abnormal operations list'
        "</span>" in response.text
    )


def test_red_and_restrictive_badges_differ_in_class_and_mark(seeded: Any) -> None:
    pack = default_pack()
    red = next(entry for entry in pack.lists if entry.kind.value == "red")
    black = next(entry for entry in pack.lists if entry.kind.value == "restrictive")
    shown = str(badges(pack, [{"list": red.id}, {"list": black.id}], "zh"))
    assert f'<span class="badge red" data-list="{red.id}">{red.name_zh}</span>' in shown
    assert f'<span class="badge restrictive" data-list="{black.id}">{black.name_zh}</span>' in shown
    css = seeded.client.get("/portal/static/portal.css").text
    assert '.badge.restrictive::before { content: "⚠ "; }' in css
    assert '.badge.red::before { content: "★ "; }' in css


def test_profile_shows_published_records_and_hides_ended_ones(seeded: Any) -> None:
    pack = default_pack()
    candidates = [
        (key, {r["source_record_id"]: (r["record_type"], r["state"]) for r in doc["records"]})
        for key, doc in _stored(seeded)
    ]
    key, states = next(
        (key, states)
        for key, states in candidates
        if {"ended", "published"} <= {state for _kind, state in states.values()}
    )
    page, offset = "", 0
    while True:  # every page of the profile's records
        text = _get(seeded, f"/portal/subjects/{key}", lang="en", offset=str(offset)).text
        page += text
        if f"offset={offset + 100}" not in text:
            break
        offset += 100
    shown = {record_id for record_id in states if record_id in page}
    ended = {record_id for record_id, (_kind, state) in states.items() if state == "ended"}
    assert ended
    assert not ended & shown
    public = {rid for rid, (kind, state) in states.items() if publicly_visible(pack, kind, state)}
    assert public
    assert shown == public


def test_markup_in_a_name_is_shown_as_text(seeded: Any) -> None:
    engine = _engine(seeded)
    with engine.begin() as conn:
        key = conn.execute(
            sa.select(subjects.c.subject_key)
            .where(subjects.c.kind == "entity")
            .order_by(subjects.c.subject_key.desc())
        ).first()[0]
        conn.execute(
            subjects.update()
            .where(subjects.c.subject_key == key)
            .values(name=HOSTILE, name_folded=fold(HOSTILE))
        )
    engine.dispose()
    for page in (
        _get(seeded, f"/portal/subjects/{key}").text,
        _get(seeded, "/portal/search", q="恶意公司").text,
        _get(seeded, "/portal/search", q=HOSTILE).text,
    ):
        assert "<script>" not in page
        assert "&lt;script&gt;" in page
        assert escape(HOSTILE) in page  # shown as text, exactly


def test_unknown_subject_is_a_friendly_404_page(seeded: Any) -> None:
    for lang, words in (("zh", "没有找到"), ("en", "does not exist")):
        response = _get(seeded, "/portal/subjects/91000000NOSUCH0000", lang=lang)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert words in response.text
        assert "Traceback" not in response.text
    assert _get(seeded, "/portal/no-such-page").status_code == 404
    assert _get(seeded, "/portal/lists/no_such_list").status_code == 404


def test_pages_are_served_from_the_backend_asked_for(seeded: Any) -> None:
    engine = _engine(seeded)
    assert engine.dialect.name == seeded.backend
    engine.dispose()
    assert _get(seeded, "/portal/search", q=seeded.entity).status_code == 200


def test_an_empty_query_shows_the_search_box(seeded: Any) -> None:
    response = _get(seeded, "/portal/search", q="  ", lang="en")
    assert response.status_code == 200
    assert 'form class="search"' in response.text
    assert "No subject matches." not in response.text


def test_search_results_page_on_without_repeating_a_hit(seeded: Any) -> None:
    engine = _engine(seeded)
    with engine.connect() as conn:
        matching = conn.execute(
            sa.select(sa.func.count()).where(subjects.c.name_folded.like("%市%"))
        ).scalar_one()
    engine.dispose()
    assert matching > 20  # the seed is big enough for a second page
    first = _get(seeded, "/portal/search", q="市", lang="en").text
    assert "offset=20" in first
    second = _get(seeded, "/portal/search", q="市", lang="en", offset="20").text
    assert "offset=40" not in second  # the last page has no "next" link

    def keys(page: str) -> set[str]:
        return set(re.findall(r'href="/portal/subjects/([0-9A-Z]{18})\?', page))

    assert len(keys(first)) == 20
    assert not keys(first) & keys(second)
    assert len(keys(first) | keys(second)) == matching


@pytest.fixture
def empty_store(db_url: str, tmp_path: Path) -> Iterator[Any]:
    """An initialised store with nothing ingested and no signed head, on each backend."""
    config = StoreConfig(tmp_path / "data", db_url)
    initialise(config)
    with TestClient(create_app(config), raise_server_exceptions=False) as client:
        yield client


EMPTY_WORDS = {
    "zh": ("尚无签名树头。", "没有找到匹配的主体。"),
    "en": ("No signed tree head yet.", "No subject matches."),
}


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_store_shows_friendly_pages(empty_store: Any, lang: str) -> None:
    no_head, nothing = EMPTY_WORDS[lang]
    transparency = empty_store.get("/portal/transparency", params={"lang": lang})
    assert transparency.status_code == 200
    assert no_head in transparency.text
    search = empty_store.get("/portal/search", params={"lang": lang, "q": "市"})
    assert search.status_code == 200
    assert nothing in search.text
    members = empty_store.get("/portal/lists/abnormal_operations", params={"lang": lang})
    assert members.status_code == 200
    assert "<tbody>" not in members.text  # no member rows
    assert empty_store.get("/portal/lists", params={"lang": lang}).status_code == 200


def test_too_many_requests_is_a_friendly_429_page(db_url: str, tmp_path: Path) -> None:
    config = StoreConfig(tmp_path / "data", db_url)
    initialise(config)
    app = create_app(config, settings=ApiSettings(rate=0.001, burst=2))
    with TestClient(app, raise_server_exceptions=False) as client:
        statuses = [client.get("/portal/", params={"lang": "en"}) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    limited = statuses[-1]
    assert limited.headers["content-type"].startswith("text/html")
    assert int(limited.headers["Retry-After"]) >= 1
    assert "Too many requests" in limited.text
    assert "Traceback" not in limited.text


@pytest.mark.parametrize("offset", ["²", "١٢", "-1", "9" * 12])
def test_an_odd_offset_reads_as_the_first_page(seeded: Any, offset: str) -> None:
    """``isdigit`` admits digits such as "²" that ``int`` refuses: never a 500."""
    for path in ("/portal/search", f"/portal/subjects/{seeded.entity}"):
        answer = _get(seeded, path, q="市", offset=offset)
        assert answer.status_code == 200, (path, offset)


@pytest.mark.parametrize("lang", LANGS)
def test_records_are_named_by_the_packs_directory(seeded: Any, lang: str) -> None:
    pack = default_pack()
    text = _get(seeded, f"/portal/subjects/{seeded.entity}", lang=lang).text
    registration = pack.record_types["registration"]
    assert (registration.name_zh if lang == "zh" else registration.name_en) in text
    assert "<td>registration</td>" not in web_seed.cells(text)


@pytest.mark.parametrize(
    "path", ["/portal/", "/portal/search?q=x", "/portal/no-such-page", "/portal/static/portal.css"]
)
def test_every_portal_answer_forbids_scripts_frames_and_foreign_referers(
    seeded: Any, path: str
) -> None:
    answer = seeded.client.get(path)
    policy = answer.headers["content-security-policy"]
    assert "script-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "form-action 'self'" in policy
    assert answer.headers["referrer-policy"] == "same-origin"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_the_api_itself_keeps_its_own_headers(seeded: Any) -> None:
    """The portal's policy would break /docs (Swagger UI runs scripts): it stays on /portal."""
    assert "content-security-policy" not in seeded.client.get("/docs").headers
