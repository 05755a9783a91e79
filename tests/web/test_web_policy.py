"""The policy page: every list and measure of the active pack, with its legal basis, in both
languages, read from the pack the app was given (never written into the page).

The page reads no data from the store, so one SQLite store serves; the pack is
the packaged ``cn`` pack, and a changed copy of it (a renamed list whose name
carries markup, a longer deadline) shows that the page follows the pack.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from publiccredit.api import create_app
from publiccredit.api.state import ApiSettings
from publiccredit.policy import default_pack
from publiccredit.policy.model import Pack
from publiccredit.store.config import StoreConfig
from publiccredit.store.setup import initialise
from publiccredit.web.policy_pages import period
from publiccredit.web.policy_words import EN, ZH

PACK = default_pack()
HOSTILE = '<img src=x onerror="alert(1)">黑名单'


def _client(tmp: Path, pack: Pack) -> TestClient:
    config = StoreConfig(tmp / "data", f"sqlite:///{tmp / 'policy.sqlite3'}")
    if not (tmp / "data").exists():
        initialise(config)
    app = create_app(config, pack=pack, settings=ApiSettings(rate=1000.0, burst=10_000))
    return TestClient(app)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with _client(tmp_path_factory.mktemp("policy"), PACK) as client:
        yield client


def _section(text: str, anchor: str) -> str:
    start = text.index(f'id="{anchor}"')
    end = text.find("</section>", start)
    return text[start:end]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_list_with_its_rules_and_legal_basis(client: TestClient, lang: str) -> None:
    page = client.get("/portal/policy", params={"lang": lang})
    assert page.status_code == 200
    text = page.text
    words = ZH if lang == "zh" else EN
    for definition in PACK.lists:
        section = _section(text, f"list-{definition.id}")
        assert escape(definition.name_zh) in section
        assert escape(definition.name_en) in section
        assert escape(definition.legal_basis.cite()) in section
        assert escape(definition.managing_authority) in section
        assert words[definition.certainty.value] in section
        for rule in definition.entry:
            known = PACK.record_types[rule.record_type]
            assert escape(known.name_zh if lang == "zh" else known.name_en) in section
        lasts = period(lang, definition.duration)
        if definition.superseded_by_newer and definition.duration is None:
            lasts = words["until_newer"]  # no term of its own: the next record ends it
        assert escape(lasts) in section
        for exit_rule in definition.exits:
            if exit_rule.deadline is not None:
                assert str(exit_rule.deadline) in section
        if definition.notice and definition.notice.objection_working_days is not None:
            assert str(definition.notice.objection_working_days) in section
        assert f'href="#list-{definition.id}"' in text  # the table of contents links it


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_measure_with_basis_class_and_reach(client: TestClient, lang: str) -> None:
    text = client.get("/portal/policy", params={"lang": lang}).text
    words = ZH if lang == "zh" else EN
    for measure in PACK.measures:
        start = text.index(f'<tr id="measure-{measure.id}">')
        row = text[start : text.index("</tr>", start)]
        assert escape(measure.content_zh if lang == "zh" else measure.content_en) in row
        assert escape(measure.legal_basis.cite()) in row
        assert words[measure.measure_class.value] in row
        for list_id in measure.targets.lists:
            definition = PACK.lists_by_id[list_id]
            assert escape(definition.name_zh if lang == "zh" else definition.name_en) in row


def test_every_deadline_of_the_procedures(client: TestClient) -> None:
    text = client.get("/portal/policy", params={"lang": "en"}).text
    table = text[text.index('id="deadlines"') :]
    rows = table[: table.index("</table>")].count("<tr>") - 1  # less the header row
    assert rows == len(PACK.procedures.deadlines)
    for deadline in PACK.procedures.deadlines:
        if deadline.working_days is not None:
            assert f"{deadline.working_days} working days" in table


def test_the_page_follows_the_pack_and_escapes_it(tmp_path: Path) -> None:
    first = PACK.lists[0]
    renamed = first.model_copy(update={"name_en": HOSTILE, "name_zh": HOSTILE})
    deadline = PACK.procedures.deadlines[0].model_copy(update={"working_days": 77})
    procedures = PACK.procedures.model_copy(
        update={"deadlines": (deadline, *PACK.procedures.deadlines[1:])}
    )
    pack = PACK.model_copy(update={"lists": (renamed, *PACK.lists[1:]),
                                   "procedures": procedures})  # fmt: skip
    with _client(tmp_path, pack) as client:
        text = client.get("/portal/policy", params={"lang": "en"}).text
    assert escape(HOSTILE) in _section(text, f"list-{first.id}")
    assert HOSTILE not in text
    assert "77 working days" in text
    assert pack.version in text


def test_periods_in_words() -> None:
    assert period("en", None) == EN["no_fixed_term"]
    durations = {d.id: d.duration for d in PACK.lists}
    assert period("zh", durations["serious_illegal_dishonest"]) == "3年"
    assert period("en", durations["serious_illegal_dishonest"]) == "3 year(s)"
