"""``engine.public_changes`` against a slow, obvious reference on generated assessments."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from publiccredit.engine.public_changes import public_changes

STATES = ("published", "not_published", "ended", "repaired", "revoked", "under_objection")
DAYS = st.sampled_from([None, "2025-01-01", "2025-06-01", "2026-01-01"])


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.sets(st.sampled_from("abcdef")))
    records = [
        {
            "agency": "samr-440300",
            "source_record_id": rid,
            "state": draw(st.sampled_from(STATES)),
            "start": "2024-01-01",
            "end": draw(DAYS),
            "rule": "rule.one",
            "repair": {"eligible_from": draw(DAYS)},
        }
        for rid in sorted(ids)
    ]
    keys = [{"agency": "samr-440300", "source_record_id": rid} for rid in sorted(ids)]
    lists = [
        {
            "list": name,
            "since": "2024-02-01",
            "until": None,
            "legal_basis": f"basis {name}",
            "because_of": keys[:1],
        }
        for name in sorted(draw(st.sets(st.sampled_from(["abnormal", "serious"]))))
    ]
    measures = [
        {
            "measure": name,
            "trigger": "list:serious",
            "legal_basis": f"basis {name}",
            "since": None,
            "until": None,
            "because_of": [],
        }
        for name in sorted(draw(st.sets(st.sampled_from(["m1", "m2", "m3"]))))
    ]
    return {"records": records, "lists": lists, "measures": measures}


def reference(before: dict[str, Any] | None, after: dict[str, Any]) -> set[tuple[str, str]]:
    """(kind, item) pairs, written out case by case."""
    found = set()
    old = {r["source_record_id"]: r for r in (before or {}).get("records", [])}
    new = {r["source_record_id"]: r for r in after["records"]}
    for rid in set(old) | set(new):
        item = f"record:samr-440300/{rid}"
        was = rid in old and old[rid]["state"] == "published"
        now = rid in new and new[rid]["state"] == "published"
        if now and not was:
            found.add(("record_published", item))
        if was and not now:
            repaired = rid in new and new[rid]["state"] == "repaired"
            found.add(("repaired" if repaired else "publication_ended", item))
        moved = was and now and old[rid]["repair"] != new[rid]["repair"]
        if moved:
            found.add(("repair_date_changed", item))
    parts = (
        ("lists", "list", "listed", "delisted"),
        ("measures", "measure", "measure_added", "measure_ended"),
    )
    for part, key, added, ended in parts:
        prefix = "list:" if part == "lists" else "measure:"
        suffix = "" if part == "lists" else "@list:serious"
        olds = {e[key] for e in (before or {}).get(part, [])}
        news = {e[key] for e in after[part]}
        found |= {(added, f"{prefix}{name}{suffix}") for name in news - olds}
        found |= {(ended, f"{prefix}{name}{suffix}") for name in olds - news}
    return found


@given(st.one_of(st.none(), documents()), documents())
def test_matches_the_reference(before: dict[str, Any] | None, after: dict[str, Any]) -> None:
    changes = public_changes(before, after, {"rule.one": "Order 36 Art. 9"})
    pairs = [(change.kind, change.item) for change in changes]
    assert len(pairs) == len(set(pairs)), "no change twice"
    assert set(pairs) == reference(before, after)
    for change in changes:
        assert change.legal_basis, change


@given(documents())
def test_an_unchanged_assessment_changes_nothing(document: dict[str, Any]) -> None:
    assert public_changes(document, document, {}) == []
