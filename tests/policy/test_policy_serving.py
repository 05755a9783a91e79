"""The server refuses to start on a refused pack, and serves the pack it was given.

``publiccredit serve --pack`` (or ``$PUBLICCREDIT_PACK``) loads the pack before
uvicorn starts: a pack that breaks a guardrail exits 4 with every problem and
no traceback, and no request is ever served under it. A good pack is what
the API (``/v1/policy``) and the portal (``/portal/policy``) then show, with
each legal basis cited by its instrument's title and article.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bad_packs import BAD_PACKS, RawPack
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from publiccredit.api.app import app_from_env
from publiccredit.cli import app
from publiccredit.errors import GuardrailViolation
from publiccredit.policy import load_pack
from publiccredit.policy.loader import PACK_ENV
from publiccredit.store.config import DATA_DIR_ENV, DB_ENV, StoreConfig
from publiccredit.store.setup import initialise

Writer = Callable[[RawPack], Path]
runner = CliRunner()
MEMO = next(
    case for case in BAD_PACKS if case.name == "Mayor's memo registered as a law of the NPC"
)
FIFTY_YEARS = next(case for case in BAD_PACKS if case.name == "a 50-year listing")


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StoreConfig:
    config = StoreConfig(tmp_path / "data", f"sqlite:///{tmp_path / 'serve.sqlite3'}")
    initialise(config)
    monkeypatch.setenv(DB_ENV, config.db_url)
    monkeypatch.setenv(DATA_DIR_ENV, str(config.data_dir))
    monkeypatch.setenv(PACK_ENV, "")  # serve sets it; monkeypatch unsets it afterwards
    return config


@pytest.fixture
def no_uvicorn(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record uvicorn starts instead of serving (a test must never block on a server)."""
    import uvicorn

    started: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: started.append(args))
    return started


@pytest.mark.parametrize("case", [MEMO, FIFTY_YEARS], ids=lambda case: case.name)
def test_serve_with_a_refused_pack_exits_4_before_starting(
    cn_raw: RawPack, write_pack: Writer, store: StoreConfig, no_uvicorn: list[Any], case: Any
) -> None:
    case.mutate(cn_raw)
    result = runner.invoke(app, ["serve", "--port", "0", "--pack", str(write_pack(cn_raw))])
    assert result.exit_code == 4
    assert no_uvicorn == []
    assert "REFUSED" in result.stderr
    assert f"{case.file}, field '{case.field}'" in result.stderr
    assert "Traceback" not in result.output


def test_serve_reads_the_pack_from_the_environment_too(
    cn_raw: RawPack,
    write_pack: Writer,
    store: StoreConfig,
    no_uvicorn: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    FIFTY_YEARS.mutate(cn_raw)
    monkeypatch.setenv(PACK_ENV, str(write_pack(cn_raw)))
    result = runner.invoke(app, ["serve", "--port", "0"])
    assert result.exit_code == 4
    assert no_uvicorn == []
    assert "lists[serious_illegal_dishonest].duration" in result.stderr


def test_a_worker_never_builds_an_app_on_a_refused_pack(
    cn_raw: RawPack, write_pack: Writer, store: StoreConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    MEMO.mutate(cn_raw)
    monkeypatch.setenv(PACK_ENV, str(write_pack(cn_raw)))
    with pytest.raises(GuardrailViolation):
        app_from_env()


def test_api_and_portal_serve_the_good_pack_they_were_given(
    cn_raw: RawPack,
    write_pack: Writer,
    store: StoreConfig,
    no_uvicorn: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    next(d for d in cn_raw["lists.yaml"]["lists"] if d["id"] == "honours")["duration"] = "P2Y"
    folder = write_pack(cn_raw)
    pack = load_pack(folder)
    started = runner.invoke(app, ["serve", "--port", "0", "--pack", str(folder)])
    assert started.exit_code == 0, started.output
    assert len(no_uvicorn) == 1
    with TestClient(app_from_env()) as client:
        assert client.get("/v1/policy").json()["version"] == pack.version
        rules = client.get("/v1/policy", params={"rules": "true"}).json()["rules"]
        page = client.get("/portal/policy", params={"lang": "en"}).text
    assert [i["id"] for i in rules["instruments"]] == [i.id for i in pack.instruments]
    served = next(d for d in rules["lists"] if d["id"] == "honours")["legal_basis"]
    assert served["instrument"] == "national_directory_2024"
    assert served["title"] == pack.instruments_by_id["national_directory_2024"].title()
    honours = pack.lists_by_id["honours"].legal_basis
    assert honours.title.startswith("全国公共信用信息基础目录")
    assert f"{honours.title} {honours.article}" in page
