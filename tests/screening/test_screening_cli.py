"""``publiccredit screen FILE``: CSV and XLSX lists in, CSV and JSON results out, bad rows
named by row and field with nothing screened, every row in the access log."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook
from screening_store import Store
from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.store.schema import access_log, subjects

runner = CliRunner()


@pytest.fixture(scope="module")
def suppliers(store: Store) -> list[tuple[str, str, str]]:
    """Three stored enterprises (key, name, region)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(subjects.c.subject_key, subjects.c.name, subjects.c.region)
            .where(subjects.c.subject_key.like("91%"))
            .order_by(subjects.c.subject_key)
            .limit(3)
        ).all()
    return [tuple(row) for row in rows]


def _store_args(store: Store) -> list[str]:
    return ["--db", store.url, "--data-dir", str(store.config.data_dir)]


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_a_csv_list_gives_a_csv_of_best_results(
    store: Store, suppliers: list[tuple[str, str, str]], tmp_path: Path
) -> None:
    (k1, n1, _), (k2, n2, _), (k3, _, _) = suppliers
    listing = _write_csv(
        tmp_path / "suppliers.csv",
        [
            ["名称", "统一社会信用代码", "地区", "法定代表人"],
            [n1, "", "", "李四"],
            [n2.replace("有限公司", "有限责任公司"), "", "", ""],
            ["", k3, "", ""],
            ["乌鲁木齐市龘靐齉齾科技有限公司", "", "", ""],
        ],
    )
    with store.engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(access_log)).scalar_one()
    result = runner.invoke(app, ["screen", str(listing), *_store_args(store)])
    assert result.exit_code == 0, result.output
    lines = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [line["row"] for line in lines] == ["1", "2", "3", "4"]
    assert [line["subject_key"] for line in lines[:3]] == [k1, k2, k3]
    assert [line["match"] for line in lines] == ["yes", "yes", "yes", "no"]
    assert lines[2]["code_valid"] == "yes"
    with store.engine.connect() as conn:
        after = conn.execute(sa.select(sa.func.count()).select_from(access_log)).scalar_one()
        roles = conn.execute(sa.select(access_log.c.role).distinct()).scalars().all()
    assert after - before == 4
    assert "operator" in roles


def test_an_xlsx_list_gives_json_with_explanations(
    store: Store, suppliers: list[tuple[str, str, str]], tmp_path: Path
) -> None:
    (k1, n1, region), _, _ = suppliers
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "code", "region"])
    sheet.append([n1[3:], None, region])  # the region in its own column
    sheet.append([None, k1[:-1] + ("0" if k1[-1] != "0" else "1"), None])  # mistyped
    listing = tmp_path / "suppliers.xlsx"
    book.save(listing)
    out = tmp_path / "results.json"
    result = runner.invoke(app, ["screen", str(listing), "--out", str(out), *_store_args(store)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    first, second = document["responses"]["1"], document["responses"]["2"]
    assert first["results"][0]["id"] == k1
    assert first["results"][0]["explanations"]["trade_name"]
    assert second["code_check"]["valid"] is False
    assert k1 in second["code_check"]["nearby"]


def test_bad_rows_are_named_and_nothing_is_screened(store: Store, tmp_path: Path) -> None:
    listing = _write_csv(
        tmp_path / "bad.csv",
        [
            ["name", "code", "region"],
            ["深圳市阿宝科技有限公司", "", ""],
            ["", "", "深圳"],
            ["x" * 400, "", ""],
        ],
    )
    with store.engine.connect() as conn:
        before = conn.execute(sa.select(sa.func.count()).select_from(access_log)).scalar_one()
    result = runner.invoke(app, ["screen", str(listing), *_store_args(store)])
    assert result.exit_code == 3
    assert "bad.csv" in result.output
    assert "row 2" in result.output
    assert "row 3" in result.output
    assert "Traceback" not in result.output
    with store.engine.connect() as conn:
        after = conn.execute(sa.select(sa.func.count()).select_from(access_log)).scalar_one()
    assert after == before


def test_a_list_without_a_name_or_code_column_is_refused(store: Store, tmp_path: Path) -> None:
    listing = _write_csv(tmp_path / "wrong.csv", [["supplier_id", "city"], ["1", "深圳"]])
    result = runner.invoke(app, ["screen", str(listing), *_store_args(store)])
    assert result.exit_code == 3
    assert "no name or code column" in result.output
