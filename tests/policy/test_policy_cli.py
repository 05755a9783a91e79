"""``publiccredit policy``: validate, show, diff, docs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from publiccredit.cli import app
from publiccredit.policy import default_pack
from publiccredit.policy.docs import render_markdown
from publiccredit.policy.loader import CN_PACK_PATH

RawPack = dict[str, dict[str, Any]]
Writer = Callable[[RawPack], Path]
runner = CliRunner()


def find(items: list[dict[str, Any]], rule_id: str) -> dict[str, Any]:
    return next(item for item in items if item.get("id") == rule_id)


def test_validate_default_pack() -> None:
    result = runner.invoke(app, ["policy", "validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"OK cn {default_pack().version}: 13 categories")
    assert f"{len(default_pack().measures)} measures" in result.stdout


def test_validate_refused_pack_exits_4_naming_every_problem(
    cn_raw: RawPack, write_pack: Writer
) -> None:
    find(cn_raw["lists.yaml"]["lists"], "serious_illegal_dishonest").pop("notice")
    find(cn_raw["measures.yaml"]["measures"], "abnormal.land")["targets"]["lists"] = ["tax_a"]
    result = runner.invoke(app, ["policy", "validate", str(write_pack(cn_raw))])
    assert result.exit_code == 4
    assert "REFUSED" in result.stderr
    assert "lists.yaml, field 'lists[serious_illegal_dishonest].notice'" in result.stderr
    assert "measures.yaml, field 'measures[abnormal.land].targets.lists'" in result.stderr


def test_show_section_as_json() -> None:
    result = runner.invoke(app, ["policy", "show", "--section", "measures", "--json"])
    assert result.exit_code == 0, result.output
    measures = json.loads(result.stdout)
    assert [m["id"] for m in measures] == [m.id for m in default_pack().measures]


def test_show_whole_pack_as_json_carries_the_version() -> None:
    result = runner.invoke(app, ["policy", "show", "--json", "--pack", str(CN_PACK_PATH)])
    assert json.loads(result.stdout)["version"] == default_pack().version


def test_show_instruments_section() -> None:
    result = runner.invoke(app, ["policy", "show", "--section", "instruments"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("## Instruments (legal bases)")
    for instrument in default_pack().instruments:
        assert f"`{instrument.id}`" in result.stdout


def test_show_section_as_text() -> None:
    result = runner.invoke(app, ["policy", "show", "--section", "evaluation"])
    assert result.exit_code == 0
    assert result.stdout.startswith("## Evaluation")
    assert "`ON_SERIOUS_LIST`" in result.stdout


def test_diff_as_json_and_text(cn_raw: RawPack, write_pack: Writer) -> None:
    find(cn_raw["lists.yaml"]["lists"], "honours")["duration"] = "P2Y"
    other = write_pack(cn_raw)
    result = runner.invoke(app, ["policy", "diff", str(CN_PACK_PATH), str(other), "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["from"] == default_pack().version
    assert answer["changes"] == [
        {"change": "changed", "section": "lists", "id": "honours", "fields": ["duration"]}
    ]
    text = runner.invoke(app, ["policy", "diff", str(CN_PACK_PATH), str(other)]).stdout
    assert "changed  lists honours: duration" in text


def test_diff_names_a_changed_instrument(cn_raw: RawPack, write_pack: Writer) -> None:
    samr = find(cn_raw["instruments.yaml"]["instruments"], "samr_order_44")
    samr["covers"]["max_listing"] = "P2Y"
    find(cn_raw["lists.yaml"]["lists"], "serious_illegal_dishonest")["duration"] = "P2Y"
    other = write_pack(cn_raw)
    result = runner.invoke(app, ["policy", "diff", str(CN_PACK_PATH), str(other), "--json"])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)["changes"]
    assert {"change": "changed", "section": "instruments", "id": "samr_order_44",
            "fields": ["covers.max_listing"]} in changes  # fmt: skip


def test_docs_writes_the_reference_page(tmp_path: Path) -> None:
    out = tmp_path / "policy-cn.md"
    result = runner.invoke(app, ["policy", "docs", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == render_markdown(default_pack())
