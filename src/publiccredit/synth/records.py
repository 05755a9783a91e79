"""The record stream: entity after entity, each entity's records in date order.

Each entity has its own random stream seeded from (run seed, entity index), so
the output is a pure function of the configuration, and the stream needs no
memory beyond the current entity and the set of codes issued so far.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from publiccredit.synth.activity import activity, honours
from publiccredit.synth.adverse import penalties
from publiccredit.synth.calibration import rate
from publiccredit.synth.entities import Entity, make_entity
from publiccredit.synth.judicial import judgment_defaults
from publiccredit.synth.structural import annual_reports, customs_status, registration, tax_ratings
from publiccredit.synth.timeline import Row, Timeline


@dataclass(frozen=True, slots=True)
class SynthConfig:
    """What to generate. The same configuration always yields the same records."""

    entities: int = 1000
    records_per_entity: float = rate("records_per_entity")
    start: date = date(2019, 1, 1)
    end: date = date(2024, 12, 31)
    seed: int = 0
    bad_rows: int = 0

    def __post_init__(self) -> None:
        if self.entities < 0:
            raise ValueError("entities must not be negative")
        if self.records_per_entity <= 0:
            raise ValueError("records_per_entity must be positive")
        if self.end < self.start:
            raise ValueError("end must not be before start")
        if self.bad_rows < 0:
            raise ValueError("bad_rows must not be negative")


def entity_rng(seed: int, index: int) -> random.Random:
    """The random stream of one entity (independent of every other entity)."""
    return random.Random(f"publiccredit-synth/{seed}/{index}")


def entity_timeline(entity: Entity, rng: random.Random, end: date) -> Timeline:
    """All records of one entity: structural first, adverse, then the neutral budget."""
    timeline = Timeline(entity, rng, end)
    registration(timeline)
    annual_reports(timeline)
    serious_tax_years = penalties(timeline)
    tax_ratings(timeline, serious_tax_years)
    customs_status(timeline)
    judgment_defaults(timeline)
    if not timeline.has_serious():
        honours(timeline)
    activity(timeline, max(0, entity.volume - len(timeline)))
    return timeline


def generate_entities(config: SynthConfig) -> Iterator[tuple[Entity, list[Row]]]:
    """Each entity with its rows, in index order."""
    issued: set[str] = set()
    for index in range(config.entities):
        rng = entity_rng(config.seed, index)
        entity = make_entity(
            index, rng, config.start, config.end, config.records_per_entity, issued
        )
        yield entity, entity_timeline(entity, rng, config.end).rows()


def generate_rows(config: SynthConfig) -> Iterator[Row]:
    """Every good row, in the JSON Lines shape of ``Record.to_row()``."""
    for _entity, rows in generate_entities(config):
        yield from rows
