"""Deliberately broken rows, for testing the error paths of whatever reads the files.

Each kind breaks one thing in an otherwise good row, and the readers
(``publiccredit.ingest.readers``) reject it with the field and reason listed
here (``docs/record-format.md`` has the same table).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from publiccredit.identifiers.uscc import ALPHABET, calc_check_char
from publiccredit.synth.timeline import Row

BAD_KINDS: tuple[tuple[str, str | None, str], ...] = (
    ("malformed_uscc", "subject_id", "check character"),
    ("unknown_record_type", "record_type", "not in the directory"),
    ("missing_field", "agency", "required field is missing or empty"),
    ("future_date", "decided_on", "lies in the future"),
    ("negative_amount", "amount", "must not be negative"),
    ("bad_date", "decided_on", "must be a calendar date written YYYY-MM-DD"),
    ("extra_not_object", "extra", "must be a JSON object"),
    ("bad_encoding", None, "invalid UTF-8"),
)
"""(kind, field the reader names, text its reason contains)."""

BAD_BYTES_MARK = "\ue000BAD-BYTES\ue000"
"""Placeholder a writer replaces with invalid UTF-8 bytes (CSV and JSON Lines)."""
INVALID_UTF8 = b"\xff\xfe\xc3("
"""The bytes written in place of ``BAD_BYTES_MARK``: not decodable as UTF-8."""


def corrupt(row: Row, kind: str, number: int) -> Row:
    """A copy of ``row`` broken in the way ``kind`` names, with its own record id."""
    bad = dict(row, source_record_id=f"BAD-{number:05d}", refers_to="")
    if kind == "malformed_uscc":
        first17 = "91440300MA5" + f"{number:06d}"
        right = ALPHABET.index(calc_check_char(first17))
        bad.update(subject_kind="entity", subject_id=first17 + ALPHABET[(right + 1) % 31])
    elif kind == "unknown_record_type":
        bad["record_type"] = "social_media_activity"
    elif kind == "missing_field":
        bad["agency"] = ""
    elif kind == "future_date":
        bad["decided_on"] = "2999-01-01"
        bad["effective_from"] = bad["effective_until"] = None
    elif kind == "negative_amount":
        bad["amount"] = "-500.00"
    elif kind == "bad_date":
        bad["decided_on"] = "2024-02-30"
    elif kind == "extra_not_object":
        bad["extra"] = [1, 2]
    else:
        bad["subject_name"] = BAD_BYTES_MARK
    return bad


def with_bad_rows(
    rows: Iterator[Row], count: int, expected_rows: int, seed: int, parquet: bool
) -> Iterator[Row]:
    """Mix ``count`` broken rows into ``rows`` at reproducible positions.

    Kinds cycle through ``BAD_KINDS``; Parquet string columns cannot hold
    invalid UTF-8, so there ``bad_encoding`` becomes ``bad_date``.
    """
    rng = random.Random(f"publiccredit-synth/{seed}/bad-rows")
    positions = sorted(rng.randrange(max(1, expected_rows)) for _ in range(count))
    made = 0

    def next_bad(template: Row) -> Row:
        nonlocal made
        kind = BAD_KINDS[made % len(BAD_KINDS)][0]
        if parquet and kind == "bad_encoding":
            kind = "bad_date"
        made += 1
        return corrupt(template, kind, made)

    last: Row | None = None
    for index, row in enumerate(rows):
        while made < count and positions[made] <= index:
            yield next_bad(row)
        yield row
        last = row
    while made < count and last is not None:
        yield next_bad(last)
