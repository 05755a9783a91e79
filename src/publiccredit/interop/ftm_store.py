"""``export ftm`` over the store: every stored assessment, streamed in subject order."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from publiccredit.interop.ftm import entities_of, entity_line
from publiccredit.store.schema import assessments

READ_BATCH = 2_000


def _document(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str | bytes) else dict(value)


def export_ftm(engine: Engine, out: Path) -> dict[str, int]:
    """Write the FtM entities of every assessed subject to ``out`` (JSON Lines, replaced
    whole at the end); counts by schema."""
    counts: dict[str, int] = {}
    partial = out.with_name(out.name + ".partial")
    query = sa.select(assessments.c.subject_key, assessments.c.assessment).order_by(
        assessments.c.subject_key
    )
    with engine.connect() as conn, partial.open("w", encoding="utf-8") as handle:
        rows = conn.execution_options(stream_results=True, yield_per=READ_BATCH).execute(query)
        for subject_key, document in rows:
            for proxy in entities_of(subject_key, _document(document)):
                handle.write(entity_line(proxy) + "\n")
                counts[proxy.schema.name] = counts.get(proxy.schema.name, 0) + 1
    os.replace(partial, out)
    return counts
