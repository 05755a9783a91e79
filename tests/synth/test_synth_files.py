"""Files the generator writes: reproducible bytes, the schema, the packaged names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from publiccredit.domain.record import COLUMNS, REQUIRED_COLUMNS
from publiccredit.synth import FORMATS, SynthConfig, write
from publiccredit.synth.names import brand_words
from publiccredit.synth.records import generate_rows

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "src/publiccredit/domain/record.schema.json"
SMALL = SynthConfig(entities=25, records_per_entity=20, seed=4, bad_rows=9)


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_seed_gives_identical_bytes_and_another_seed_differs(fmt: str, tmp_path: Path) -> None:
    first = write(SMALL, tmp_path / "a", fmt).path.read_bytes()
    again = write(SMALL, tmp_path / "b", fmt).path.read_bytes()
    other = SynthConfig(entities=25, records_per_entity=20, seed=5, bad_rows=9)
    different = write(other, tmp_path / "c", fmt).path.read_bytes()
    assert first == again
    assert first != different


def test_writing_again_replaces_the_file(tmp_path: Path) -> None:
    write(SMALL, tmp_path, "csv")
    smaller = write(SynthConfig(entities=2, records_per_entity=5), tmp_path, "csv")
    assert smaller.path.read_bytes().count(b"\n") < 200


def _matches(schema: dict[str, Any], value: Any) -> bool:
    """A small JSON Schema check: type, enum, pattern, minLength, minimum."""
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else types
    python = {"string": str, "object": dict, "number": (int, float), "null": type(None)}
    if types and not any(isinstance(value, python[name]) for name in types):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            return False
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return False
    return not (isinstance(value, int | float) and value < schema.get("minimum", value))


def test_schema_lists_exactly_the_columns() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert list(schema["properties"]) == list(COLUMNS)
    assert set(schema["required"]) == REQUIRED_COLUMNS
    assert schema["additionalProperties"] is False


def test_every_generated_row_validates_against_the_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    for row in generate_rows(SynthConfig(entities=60, records_per_entity=30, seed=8)):
        assert set(row) <= set(schema["properties"])
        assert set(schema["required"]) <= set(row)
        for name, value in row.items():
            assert _matches(schema["properties"][name], value), (name, value)


def test_schema_check_can_fail() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert not _matches(schema["properties"]["decided_on"], "5 March 2024")
    assert not _matches(schema["properties"]["subject_kind"], "company")
    assert not _matches(schema["properties"]["amount"], "-5")


def test_packaged_brand_words_are_the_documented_subset(shared_data: Path) -> None:
    text = (shared_data / "company-names/short-names.txt").read_text(encoding="utf-8-sig")
    lines = text.splitlines()[1:]
    cjk = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
    banned = (
        "集团",
        "公司",
        "银行",
        "政府",
        "法院",
        "党",
        "国家",
        "中国",
        "中华",
        "人民",
        "协会",
        "医院",
    )
    kept = sorted(
        {w.strip() for w in lines if cjk.match(w.strip()) and not any(b in w for b in banned)}
    )
    assert brand_words() == tuple(kept[:: len(kept) // 4000][:4000])
    package = SCHEMA_PATH.parents[1] / "synth/data"
    assert sum(path.stat().st_size for path in package.iterdir()) < 200_000
