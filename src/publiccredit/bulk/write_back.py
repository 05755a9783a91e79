"""``bulk assess --write-store``: the bulk assessments into the store, forward only.

Only into the store the export came from: its ledger must hold the export's
tree (same root at the export's size), else the rows are refused. Rows go
through ``store.projections.upsert_assessments`` in short write units, whose
forward-only guard keeps any assessment written online after the export
(a larger ``through_seq``).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
from sqlalchemy.engine import Connection, Engine

from publiccredit.bulk.manifest import Manifest
from publiccredit.errors import InvalidInput, Problem
from publiccredit.store.nodestore import ledger_size, root_at
from publiccredit.store.projections import upsert_assessments
from publiccredit.store.unit import write_unit

WRITE_BATCH = 5_000
"""Assessments per write unit: short transactions, so online writers are not held up."""


def check_same_store(conn: Connection, manifest: Manifest) -> None:
    """Refuse a store whose ledger does not contain the export's tree."""
    size = ledger_size(conn)
    if size < manifest.tree_size or root_at(conn, manifest.tree_size).hex() != manifest.tree_root:
        raise InvalidInput(
            "the bulk export was not read from this store",
            (
                Problem(
                    f"the store's ledger (size {size}) does not hold the export's tree",
                    "manifest.json tree.root",
                    manifest.tree_root,
                ),
            ),
        )


def read_assessments(folder: Path) -> ds.Dataset:
    """The assessment parts in ``folder`` (DuckDB's or Spark's) as one dataset."""
    return ds.dataset(str(folder), format="parquet")


def write_assessments(engine: Engine, manifest: Manifest, folder: Path) -> int:
    """Upsert every assessment in ``folder``; how many rows were offered."""
    with write_unit(engine) as conn:
        check_same_store(conn, manifest)
    offered = 0
    for batch in read_assessments(folder).to_batches(batch_size=WRITE_BATCH):
        rows = batch.to_pylist()
        for row in rows:
            row["assessment_json"] = row.pop("assessment")
        with write_unit(engine) as conn:
            upsert_assessments(conn, rows)
        offered += len(rows)
    return offered
