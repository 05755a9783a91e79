"""Watch lists: which subjects a key watches, checked before anything is stored.

Only legal entities are watched, named by their USCC: monitoring is about the
public credit of market entities, and a list of natural persons to follow
would be bulk profiling of individuals that the platform does not offer
(docs/monitoring.md). Every code is checked (``identifiers.uscc``) and a
list is added all or nothing: one bad code refuses the whole request with
its row, value and reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import Connection

from publiccredit.errors import InvalidInput, Problem
from publiccredit.identifiers import uscc
from publiccredit.store.watchlists import add_subjects

WATCH_MAX = 10_000
"""Subjects one request may add."""


def checked_subjects(codes: Sequence[str], file: str | None = None) -> list[str]:
    """The normalised USCCs, or ``InvalidInput`` naming every bad one (row counts from 1)."""
    problems: list[Problem] = []
    found: list[str] = []
    if len(codes) > WATCH_MAX:
        reason = f"at most {WATCH_MAX} subjects at a time, got {len(codes)}"
        raise InvalidInput("too many subjects", (Problem(reason, "subjects", file=file),))
    for row, code in enumerate(codes, start=1):
        result = uscc.check(code)
        if result.accepted:
            found.append(result.normalized)
        else:
            reason = "; ".join(result.reasons) or "not a USCC"
            problems.append(Problem(reason, "subject", code, row if len(codes) > 1 else None, file))
    if problems:
        raise InvalidInput("not a valid unified social credit code; nothing was added",
                           tuple(problems))  # fmt: skip
    if not found:
        raise InvalidInput("no subjects given", (Problem("empty", "subjects", file=file),))
    return found


def watch(
    conn: Connection, key_id: str, codes: Sequence[str], now: datetime, file: str | None = None
) -> list[str]:
    """Check ``codes`` and add them to ``key_id``'s list; the subjects newly added."""
    return add_subjects(conn, key_id, checked_subjects(codes, file), now)


def read_subject_file(text: str) -> list[str]:
    """Codes from a file: one per line, or the first column of a CSV; blank lines,
    ``#`` comments and a header line (``uscc``, ``subject``) are skipped."""
    codes = []
    for number, line in enumerate(text.splitlines()):
        code = line.split("#", 1)[0].split(",", 1)[0].strip().strip('"')
        if not code or (number == 0 and code.lower() in {"uscc", "subject", "subject_id"}):
            continue
        codes.append(code)
    return codes
