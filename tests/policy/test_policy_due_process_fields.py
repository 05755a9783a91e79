"""The pack's due-process fields: window start, procedure-only lists, what a listing rests on.

The loader refuses a window counted from publication without a length, and a
``rests_on`` naming record types, fields or values the directory does not have.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from publiccredit.errors import PolicyError
from publiccredit.policy import default_pack, load_pack
from publiccredit.policy.model import WindowStart

RawPack = dict[str, dict[str, Any]]
Writer = Callable[[RawPack], Path]


def listing(raw: RawPack, list_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(d for d in raw["lists.yaml"]["lists"] if d["id"] == list_id)
    return found


def refused(path: Path) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_pack(path)
    return [problem.describe() for problem in caught.value.problems]


def test_cn_pack_says_which_lists_need_the_procedure() -> None:
    lists = default_pack().lists_by_id
    abnormal = lists["abnormal_operations"].notice
    serious = lists["serious_illegal_dishonest"].notice
    court = lists["judgment_defaulters"].notice
    assert abnormal is not None
    assert serious is not None
    assert court is not None
    assert abnormal.through_procedure
    assert serious.through_procedure
    assert not court.through_procedure  # the court's decision is effective on its own
    assert abnormal.window_from is WindowStart.PUBLICATION
    assert serious.window_from is WindowStart.NOTICE
    rests_on = lists["serious_illegal_dishonest"].rests_on
    assert rests_on is not None
    assert rests_on.source.article == "Art. 2"


def test_publication_window_needs_a_length(cn_raw: RawPack, write_pack: Writer) -> None:
    notice = listing(cn_raw, "abnormal_operations")["notice"]
    del notice["objection_window"]
    described = refused(write_pack(cn_raw))
    assert any("lists[abnormal_operations].notice" in d and "publication" in d for d in described)


def test_unknown_window_start_is_refused(cn_raw: RawPack, write_pack: Writer) -> None:
    listing(cn_raw, "abnormal_operations")["notice"]["window_from"] = "decision"
    described = refused(write_pack(cn_raw))
    assert any("lists[abnormal_operations].notice.window_from" in d for d in described)


@pytest.mark.parametrize(
    ("condition", "field", "value"),
    [
        ({"record_types": ["admin_penalti"]}, "record_types", "admin_penalti"),
        ({"record_types": ["admin_penalty"], "where": {"penalty_kind": ["fine"]}}, "where",
         "penalty_kind"),
        ({"record_types": ["admin_penalty"], "where": {"penalty_kinds": ["flogging"]}},
         "where.penalty_kinds", "flogging"),
        ({"record_types": ["admin_penalty"], "where": {"severity": ["grave"]}}, "where.severity",
         "grave"),
    ],
)  # fmt: skip
def test_rests_on_names_only_what_the_directory_has(
    cn_raw: RawPack, write_pack: Writer, condition: dict[str, Any], field: str, value: str
) -> None:
    listing(cn_raw, "serious_illegal_dishonest")["rests_on"]["any_of"] = [condition]
    with pytest.raises(PolicyError) as caught:
        load_pack(write_pack(cn_raw))
    assert any(
        p.file == "lists.yaml"
        and p.field == f"lists[serious_illegal_dishonest].rests_on.any_of[0].{field}"
        and p.value == value
        for p in caught.value.problems
    ), [p.describe() for p in caught.value.problems]


def test_rests_on_needs_a_source(cn_raw: RawPack, write_pack: Writer) -> None:
    del listing(cn_raw, "serious_illegal_dishonest")["rests_on"]["source"]
    described = refused(write_pack(cn_raw))
    assert any("rests_on.source" in d for d in described)
