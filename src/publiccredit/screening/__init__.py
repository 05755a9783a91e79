"""Counterparty screening: is this supplier one of the subjects we hold, and how sure?

A compliance officer holds a list of suppliers (a name, maybe a code, a region,
the legal representative) and asks which registered subjects they are. The pure
parts live here: parsing a Chinese entity name into region, trade name,
industry and legal form (``names``), the keys that find candidates
(``keys``), per-feature scoring with explanations (``scoring``) and code
checking with nearest valid candidates (``codes``). The store side is
``store/screening_index.py``; the answer is assembled by ``service/screening.py``.
See docs/screening.md.
"""
