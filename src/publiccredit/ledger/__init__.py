"""The transparency ledger: an RFC 6962 / RFC 9162 Merkle log of every event (DESIGN §6).

``merkle`` is the pure hashing and proof core; it imports nothing that does I/O.
"""
