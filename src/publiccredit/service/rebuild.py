"""Re-assess every stored subject: after a new policy pack, or a change in how names fold.

The sweep re-assesses only the subjects whose date has come; this goes through
all of them, page by page (one short transaction each, so writers are not
held up and an interrupted run can simply be started again). Each subject's
derived columns (name, folded name, entity kind, region) are written afresh
with its assessment, so a store built before search folded traditional
characters, or migrated from an older schema that added those columns empty,
finds its subjects again. Appends no event: nothing happened to anyone; the
same records are read under the same or a newly activated pack.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from publiccredit.policy.model import Pack
from publiccredit.service.assessments import Progress, reassess
from publiccredit.store.nodestore import ledger_size
from publiccredit.store.projections import subject_keys_after
from publiccredit.store.unit import write_unit

REBUILD_PAGE = 500


def reassess_all(engine: Engine, pack: Pack, as_of: date, progress: Progress | None = None) -> int:
    """Re-assess every subject as of ``as_of`` and refresh its derived columns; how many."""
    done = 0
    after = ""
    while True:
        with write_unit(engine) as conn:
            keys = subject_keys_after(conn, after, REBUILD_PAGE)
            if not keys:
                return done
            rows: dict[str, dict[str, Any]] = {key: {} for key in keys}
            done += reassess(
                conn, keys, pack, as_of, ledger_size(conn), subject_rows=rows, progress=progress
            )
        after = keys[-1]
