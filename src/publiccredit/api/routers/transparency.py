"""``/v1/transparency``: signed tree heads, inclusion and consistency proofs, the public key.

The ledger is an RFC 6962 Merkle tree (docs/ledger.md): leaf hash
``SHA-256(0x00 || leaf)``, node hash ``SHA-256(0x01 || left || right)``; the
event with sequence number ``seq`` is leaf ``seq - 1``. Proofs are the RFC 6962
audit paths (section 2.1.1) and consistency proofs (section 2.1.2), hex-encoded,
so any RFC 6962 / RFC 9162 implementation verifies them (docs/api.md shows
how). Heads are signed with Ed25519 over the message of ``ledger.heads``.
Everything here is public: the tree commits to salted hashes of payloads,
never to the personal data itself.
"""

from __future__ import annotations

from fastapi import APIRouter, Query

from publiccredit.api.auth import PUBLIC_OPERATION, CallerDep
from publiccredit.api.schemas import MAX_ID, ConsistencyOut, InclusionOut, PublicKeyOut, TreeHeadOut
from publiccredit.api.state import StateDep
from publiccredit.errors import InvalidInput, NotFound, Problem
from publiccredit.ledger.heads import key_id, public_key_pem, raw_public_key
from publiccredit.ledger.merkle import leaf_hash
from publiccredit.store import nodestore
from publiccredit.store.events import get_event
from publiccredit.store.heads import latest_head
from publiccredit.store.keyfiles import load_signing_key

router = APIRouter(prefix="/v1/transparency", tags=["transparency"])


def _size_check(name: str, value: int, tree_size: int) -> None:
    if not 1 <= value <= tree_size:
        problem = Problem(f"must be between 1 and the tree size {tree_size}", name, str(value))
        raise InvalidInput("no such position in that tree", (problem,))


@router.get(
    "/head",
    response_model=TreeHeadOut,
    openapi_extra=PUBLIC_OPERATION,
    summary="The latest signed tree head",
)
def head(state: StateDep, _who: CallerDep) -> TreeHeadOut:
    """The most recent signed head: size, root, timestamp, key id and Ed25519 signature."""
    with state.engine.connect() as conn:
        found = latest_head(conn)
    if found is None:
        raise NotFound("no signed tree head yet: run `publiccredit ledger head --sign`")
    return TreeHeadOut(**found.to_json())


@router.get(
    "/inclusion",
    response_model=InclusionOut,
    openapi_extra=PUBLIC_OPERATION,
    summary="Inclusion proof of an event",
)
def inclusion(
    state: StateDep,
    _who: CallerDep,
    seq: int = Query(ge=1, le=MAX_ID, description="The event's sequence number (leaf index + 1)."),
    tree_size: int | None = Query(
        None, ge=1, le=MAX_ID, description="Default: the latest signed head."
    ),
) -> InclusionOut:
    """The audit path from the event's leaf to the root of the tree of ``tree_size``."""
    with state.engine.connect() as conn:
        size = tree_size or _head_size(conn)
        _size_check("tree_size", size, nodestore.ledger_size(conn))
        _size_check("seq", seq, size)
        leaf = get_event(conn, seq).leaf()
        proof = nodestore.inclusion_proof(conn, seq - 1, size)
        root = nodestore.root_at(conn, size)
    return InclusionOut(
        seq=seq,
        leaf_index=seq - 1,
        tree_size=size,
        leaf=leaf.decode("utf-8"),
        leaf_hash_hex=leaf_hash(leaf).hex(),
        root_hex=root.hex(),
        proof_hex=[node.hex() for node in proof],
    )


def _head_size(conn: object) -> int:
    found = latest_head(conn)  # type: ignore[arg-type]
    if found is None:
        raise NotFound("no signed tree head yet: give tree_size")
    return found.size


@router.get(
    "/consistency",
    response_model=ConsistencyOut,
    openapi_extra=PUBLIC_OPERATION,
    summary="Consistency proof",
)
def consistency(
    state: StateDep,
    _who: CallerDep,
    from_size: int = Query(ge=1, le=MAX_ID, alias="from", description="The older tree size."),
    to_size: int | None = Query(
        None, ge=1, le=MAX_ID, alias="to", description="Default: latest head."
    ),
) -> ConsistencyOut:
    """The proof that the tree of size ``from`` is a prefix of the tree of size ``to``."""
    with state.engine.connect() as conn:
        newer = to_size or _head_size(conn)
        _size_check("to", newer, nodestore.ledger_size(conn))
        _size_check("from", from_size, newer)
        proof = nodestore.consistency_proof(conn, from_size, newer)
        roots = nodestore.root_at(conn, from_size), nodestore.root_at(conn, newer)
    return ConsistencyOut(
        from_size=from_size,
        to_size=newer,
        from_root_hex=roots[0].hex(),
        to_root_hex=roots[1].hex(),
        proof_hex=[node.hex() for node in proof],
    )


@router.get(
    "/public-key",
    response_model=PublicKeyOut,
    openapi_extra=PUBLIC_OPERATION,
    summary="The head-signing key",
)
def public_key(state: StateDep, _who: CallerDep) -> PublicKeyOut:
    """The Ed25519 public key (raw hex and PEM) that verifies every signed head."""
    public = load_signing_key(state.data_dir).public_key()
    return PublicKeyOut(
        key_id=key_id(public), raw_hex=raw_public_key(public).hex(), pem=public_key_pem(public)
    )
