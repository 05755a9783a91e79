"""The generated reference page of the cn pack is current and shows what it must."""

from __future__ import annotations

from pathlib import Path

from publiccredit.policy import default_pack
from publiccredit.policy.docs import SECTIONS, render_markdown, render_section
from publiccredit.policy.docs.render import REGENERATE

PAGE = Path(__file__).resolve().parents[2] / "docs" / "policy-cn.md"


def test_committed_page_matches_the_pack() -> None:
    expected = render_markdown(default_pack())
    actual = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    assert actual == expected, (
        f"{PAGE} is out of date with the cn pack; regenerate it with: {REGENERATE}"
    )


def test_page_shows_every_list_and_measure_with_basis_and_certainty() -> None:
    pack = default_pack()
    page = render_markdown(pack)
    for definition in pack.lists:
        section = page.split(f"— `{definition.id}`", 1)[1].split("\n### ", 1)[0]
        instrument = pack.instruments_by_id[definition.legal_basis.instrument]
        assert f"{instrument.title()} {definition.legal_basis.article}" in section
        assert f"certainty: **{definition.certainty.value}**" in section
    measures = render_section(pack, "measures")
    for measure in pack.measures:
        row = next(line for line in measures.splitlines() if line.startswith(f"| `{measure.id}` |"))
        instrument = pack.instruments_by_id[measure.legal_basis.instrument]
        assert f"{instrument.title()} {measure.legal_basis.article}" in row
        assert row.rstrip(" |").endswith(measure.certainty.value)


def test_weights_table_lists_every_input_and_override() -> None:
    evaluation = render_section(default_pack(), "evaluation")
    for item in default_pack().evaluation.inputs:
        row = next(
            line for line in evaluation.splitlines() if line.startswith(f"| `{item.code}` |")
        )
        assert f"| {item.points:+g} |" in row
    for override in default_pack().evaluation.overrides:
        assert f"| `{override.code}` | `{override.when_list}` | {override.at_most} |" in evaluation


def test_page_is_the_sections_in_order() -> None:
    page = render_markdown(default_pack())
    positions = [page.index(render_section(default_pack(), name).strip()) for name in SECTIONS]
    assert positions == sorted(positions)


def test_instruments_section_lists_the_registry_with_reach() -> None:
    pack = default_pack()
    text = render_section(pack, "instruments")
    for instrument in pack.instruments:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{instrument.id}` |"))
        assert instrument.title_zh in row
        assert instrument.issuer in row
        assert all(article in row for article in instrument.articles)
