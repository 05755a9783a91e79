"""Bulk re-evaluation and bulk data: the store as Parquet and CSV, and every subject
assessed from columns on DuckDB (embedded) or Apache Spark (docs/bulk.md).

The bulk path runs the very function the online path runs per subject
(``service.assessments.assess_stored``), over records read from typed columns
instead of JSON documents; a differential test keeps the two identical.
"""
