"""The portal's pages on a seeded SQLite store: languages, search, profile, lists, escaping.

The store is seeded exactly as the API tests seed theirs (tests/api/conftest.py
``seed``: synthetic entities ingested through ``ingest_file``, a signed head);
pages are fetched through the API app, where the portal is mounted at /portal.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from publiccredit.api.views import publicly_visible
from publiccredit.policy import default_pack
from publiccredit.store.config import StoreConfig
from publiccredit.store.db import make_engine
from publiccredit.store.schema import assessments, subjects
from publiccredit.textfold import fold

API_CONFTEST = Path(__file__).resolve().parents[1] / "api" / "conftest.py"
HOSTILE = '<script>alert("x")</script>恶意公司'
LANGS = ("zh", "en")


def _api_seed() -> Any:
    spec = importlib.util.spec_from_file_location("api_seed_for_web", API_CONFTEST)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module.seed


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    tmp = tmp_path_factory.mktemp("web")
    data = _api_seed()(StoreConfig(tmp / "data", f"sqlite:///{tmp / 'web.sqlite3'}"), tmp)
    try:
        yield data
    finally:
        data.client.__exit__(None, None, None)


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
    assert '<span class="badge">Abnormal operations list</span>' in response.text


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
