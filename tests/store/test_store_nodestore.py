"""The database node store against the slow reference, on both backends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from publiccredit.errors import InvalidInput
from publiccredit.ledger import merkle
from publiccredit.store import nodestore
from publiccredit.store.schema import ledger_state, ledger_tiles


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(st.integers(0, 90), min_size=1, max_size=5), data=st.data())
def test_random_batches_give_reference_roots_and_proofs(
    engine: Engine, batches: list[int], data: st.DataObject
) -> None:
    with engine.begin() as conn:  # each example starts from an empty node store
        conn.execute(sa.delete(ledger_tiles))
        conn.execute(sa.update(ledger_state).values(size=0))
    leaves: list[bytes] = []
    for batch in batches:
        new = [
            merkle.leaf_hash(f"leaf {i}".encode()) for i in range(len(leaves), len(leaves) + batch)
        ]
        with engine.begin() as conn:
            assert nodestore.append_leaf_hashes(conn, new) == len(leaves)
        leaves.extend(new)
        with engine.connect() as conn:
            size = len(leaves)
            assert nodestore.root_at(conn, size) == merkle.root(leaves)
            if not size:
                continue
            for _ in range(3):
                n = data.draw(st.integers(1, size))
                index = data.draw(st.integers(0, n - 1))
                old = data.draw(st.integers(1, n))
                assert nodestore.root_at(conn, n) == merkle.root(leaves[:n])
                reference = merkle.inclusion_proof(leaves[:n], index)
                assert nodestore.inclusion_proof(conn, index, n) == reference
                reference = merkle.consistency_proof(leaves[:n], old)
                assert nodestore.consistency_proof(conn, old, n) == reference


def test_questions_about_trees_that_do_not_exist_are_refused(engine: Engine) -> None:
    with engine.begin() as conn:
        nodestore.append_leaf_hashes(conn, [merkle.leaf_hash(b"x")] * 5)
        with pytest.raises(InvalidInput, match="no such tree size"):
            nodestore.root_at(conn, 6)
        with pytest.raises(InvalidInput, match="no such leaf"):
            nodestore.inclusion_proof(conn, 5, 5)
        with pytest.raises(InvalidInput, match="no consistency proof"):
            nodestore.consistency_proof(conn, 0, 5)
