"""Reading agencies' record files: streaming readers and the row checks they apply.

``read_records(path)`` yields a ``RowResult`` per data row (a ``Record`` or its
problems); the format follows the suffix (``.csv``, ``.jsonl``/``.ndjson``,
``.parquet``). The file format is described in ``docs/record-format.md``.
"""

from publiccredit.ingest.checks import Checked, check_record
from publiccredit.ingest.readers import SUFFIXES, RowResult, format_of, read_records

__all__ = [
    "SUFFIXES",
    "Checked",
    "RowResult",
    "check_record",
    "format_of",
    "read_records",
]
