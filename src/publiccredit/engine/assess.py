"""``assess``: one subject's whole assessment as of a date, as known at a date.

Pure: the records, facts, pack and dates come in as arguments; nothing is
read from a clock, a file or a database (DESIGN §2). The stages run in order —
publication (per record), repair eligibility, lists, rating, measures — and
each adds the future dates it sees to the candidates for ``next_change_on``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from operator import attrgetter

from publiccredit.domain.assessment import Assessment
from publiccredit.domain.facts import Fact
from publiccredit.domain.record import Record
from publiccredit.domain.subject import Subject
from publiccredit.engine.compiled import compile_pack
from publiccredit.engine.context import index_facts, select_records
from publiccredit.engine.lists import memberships
from publiccredit.engine.measures import measures_in_force
from publiccredit.engine.publication import publication_pass
from publiccredit.engine.rating import not_rated, rate
from publiccredit.engine.repair import apply_repair_eligibility
from publiccredit.engine.timeline import next_change_on
from publiccredit.policy.model import Pack

_SUBJECT_ID = attrgetter("subject_id")
_SOURCE_ID = attrgetter("source_record_id")


def _one_version_each(records: Sequence[Record], subject_id: str) -> bool:
    """All records are the subject's and no id repeats: nothing for ``select_records`` to do.

    Checked with C-level ``map`` over the records (no Python loop): at ~450
    records a subject this is most of what selection would cost.
    """
    subject_ids = set(map(_SUBJECT_ID, records))
    if subject_ids and subject_ids != {subject_id}:
        return False
    return len(set(map(_SOURCE_ID, records))) == len(records)


def assess(
    subject: Subject,
    records: Iterable[Record],
    policy: Pack,
    as_of: date,
    known_at: date | None = None,
    facts: Iterable[Fact] = (),
) -> Assessment:
    """Assess ``subject`` on ``as_of`` from its records and facts under ``policy``.

    Records of other subjects are ignored. With ``known_at``, records and facts
    the platform learned after that date are ignored (as-of replay: "what did
    we publish on 1 March, and why?").
    """
    compiled = compile_pack(policy)
    candidates: list[date] = []
    fact_index = index_facts(facts, as_of, known_at, candidates)
    records = records if isinstance(records, list | tuple) else list(records)
    if known_at is None and _one_version_each(records, subject.id):
        current: Sequence[Record] = records
    else:
        current = select_records(records, subject.id, as_of, known_at, candidates)
    work = publication_pass(compiled, current, fact_index, as_of, candidates)
    apply_repair_eligibility(compiled, work, as_of, candidates)
    lists = memberships(compiled, subject, work, fact_index, as_of, candidates)
    rating = rate(compiled, subject, work, lists, as_of, candidates)
    measures = measures_in_force(compiled, subject, lists, rating, as_of)
    return Assessment(
        subject,
        as_of,
        known_at,
        policy.version,
        tuple(work.entries),
        tuple(work.repairs),
        lists,
        measures,
        rating,
        next_change_on(candidates, compiled.boundaries, as_of),
        not_rated(compiled, subject, as_of),
    )
