"""One rule for where the data lives: option, then environment, then default."""

from __future__ import annotations

from pathlib import Path

import pytest

from publiccredit.store.config import resolve


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUBLICCREDIT_DATA_DIR", raising=False)
    monkeypatch.delenv("PUBLICCREDIT_DB", raising=False)
    config = resolve()
    assert config.data_dir == Path("data")
    assert config.db_url == "sqlite:///data/publiccredit.sqlite3"
    assert config.is_sqlite


def test_options_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLICCREDIT_DATA_DIR", "/env/dir")
    monkeypatch.setenv("PUBLICCREDIT_DB", "postgresql+psycopg://env@h/db")
    assert resolve() == resolve(None, "/env/dir")
    assert resolve().db_url == "postgresql+psycopg://env@h/db"
    config = resolve("sqlite:////x.db", Path("/opt"))
    assert (config.data_dir, config.db_url) == (Path("/opt"), "sqlite:////x.db")


def test_passwords_are_hidden_in_messages() -> None:
    config = resolve("postgresql+psycopg://pc:s3cret@db.example:5432/pc", "/d")
    assert config.describe_db() == "postgresql+psycopg://pc:***@db.example:5432/pc"
    assert not config.is_sqlite
