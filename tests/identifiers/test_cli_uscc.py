"""``publiccredit uscc``: human and JSON output, files, CSV columns, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from publiccredit.cli import app

runner = CliRunner()
HUAWEI = "914403001922038216"
WORKED_EXAMPLE = "91350100M000100Y4Z"
BAD_CHECK = "91110108551385082A"


def json_lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_valid_and_warning_codes_exit_0_with_human_output() -> None:
    result = runner.invoke(app, ["uscc", HUAWEI, "9144 0300 7152 6726 xg", WORKED_EXAMPLE])
    assert result.exit_code == 0, result.output
    assert f"{HUAWEI}  valid" in result.output
    assert "9144030071526726XG  valid" in result.output
    assert f"{WORKED_EXAMPLE}  warning" in result.output
    assert "广东省深圳市" in result.output
    assert "enterprise" in result.output
    assert "should be '3'" in result.output


def test_an_invalid_code_exits_1_and_says_why() -> None:
    result = runner.invoke(app, ["uscc", HUAWEI, BAD_CHECK])
    assert result.exit_code == 1
    assert f"{BAD_CHECK}  invalid" in result.output
    assert "The check character is 'A' but should be 'Q'." in result.output


def test_json_prints_one_object_per_code() -> None:
    result = runner.invoke(app, ["uscc", "--json", HUAWEI, "440300000000001", WORKED_EXAMPLE])
    assert result.exit_code == 1
    objects = json_lines(result.stdout)
    assert [o["status"] for o in objects] == ["valid", "invalid", "warning"]
    for obj in objects:
        assert {"input", "normalized", "status", "reasons", "kind", "region"} <= set(obj)
    assert objects[0]["region"] == {
        "code": "440300",
        "name": "广东省深圳市",
        "status": "current",
        "valid_from": None,
        "valid_until": None,
        "note": "",
    }
    assert objects[1]["kind"] == "unknown"
    assert objects[1]["region"] is None
    assert "15-digit business registration number" in str(objects[1]["reasons"])


def test_file_with_one_code_per_line(tmp_path: Path) -> None:
    path = tmp_path / "codes.txt"
    path.write_text(f"\ufeff{HUAWEI}\n\n  {WORKED_EXAMPLE}  \n", encoding="utf-8")
    result = runner.invoke(app, ["uscc", "--json", "--file", str(path)])
    assert result.exit_code == 0, result.output
    assert [o["normalized"] for o in json_lines(result.stdout)] == [HUAWEI, WORKED_EXAMPLE]


def test_csv_column(tmp_path: Path) -> None:
    path = tmp_path / "entities.csv"
    path.write_text(f"name,uscc\nA,{HUAWEI}\nB,{BAD_CHECK}\n", encoding="utf-8")
    result = runner.invoke(app, ["uscc", "--json", "--file", str(path), "--column", "uscc"])
    assert result.exit_code == 1
    assert [o["input"] for o in json_lines(result.stdout)] == [HUAWEI, BAD_CHECK]


def test_missing_file_is_invalid_input_without_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["uscc", "--file", str(tmp_path / "absent.txt")])
    assert result.exit_code == 3
    assert "absent.txt" in result.stderr
    assert "Traceback" not in result.output


def test_unreadable_file_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\xff\xfe\x00garbage\x80")
    result = runner.invoke(app, ["uscc", "--file", str(path)])
    assert result.exit_code == 3
    assert "not readable as UTF-8" in result.stderr


def test_missing_column_is_invalid_input_naming_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "entities.csv"
    path.write_text(f"name,uscc\nA,{HUAWEI}\n", encoding="utf-8")
    result = runner.invoke(app, ["uscc", "--file", str(path), "--column", "code"])
    assert result.exit_code == 3
    assert "no column 'code'; the columns are: name, uscc" in result.stderr


def test_usage_errors_exit_2() -> None:
    assert runner.invoke(app, ["uscc"]).exit_code == 2
    assert runner.invoke(app, ["uscc", "--column", "uscc", HUAWEI]).exit_code == 2


def test_documented_example_output_is_current() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "identifiers.md").read_text("utf-8")
    block = doc.split("```console\n", 1)[1].split("```", 1)[0].splitlines()
    command = block[0].removeprefix("$ publiccredit ").split()
    expected = block[1 : block.index("$ echo $?")]
    result = runner.invoke(app, command)
    assert result.stdout.splitlines() == expected
    assert str(result.exit_code) == block[-1]
