"""The transparency ledger: an RFC 6962 / RFC 9162 Merkle log of every event (DESIGN §6).

Pure, no I/O and no SQLAlchemy: ``merkle`` (hashing, O(n) reference proofs and
verifiers), ``leaf`` (what is hashed for an event), ``tiles`` (the node
store's layout and proof planning), ``compact`` (a streaming root) and
``heads`` (signed tree heads). The database side is ``publiccredit.store``.
"""
