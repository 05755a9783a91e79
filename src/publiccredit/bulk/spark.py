"""Bulk assessment on Apache Spark: ``cogroup(records, facts).applyInArrow`` per subject.

Spark groups the records and facts by ``subject_key`` across the cluster and
hands each subject's two groups to a Python worker as Arrow tables (no pandas,
no JSON); the worker sorts them into ledger order and runs the same
``groups.assess_tables`` as DuckDB. ``master`` is ``local[N]`` on one machine
(tests, the benchmark) or a cluster's URL, or left to ``spark-submit``
(docs/bulk.md).
The session's time zone is UTC so timestamps cross the JVM unchanged.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from publiccredit.bulk.columns import ASSESSMENT_SCHEMA
from publiccredit.bulk.groups import BulkJob, assess_tables, pack_for, sort_subjects
from publiccredit.errors import NotFound

SPARK_SCHEMA = (
    "subject_key string, policy_version string, as_of date, next_change_on date, "
    "through_seq long, assessment string"
)
"""``ASSESSMENT_SCHEMA`` in Spark's DDL."""

JAVA_HINT = (
    "Spark needs Java 17 or newer: install it (apt-get install openjdk-17-jre-headless) "
    "or set JAVA_HOME"
)


def find_java_home() -> str | None:
    """``$JAVA_HOME``, else the JDK behind ``java`` on the PATH, else a Debian JDK 17."""
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    if java is not None:
        return str(Path(java).resolve().parents[1])
    for candidate in sorted(Path("/usr/lib/jvm").glob("java-*-openjdk*")):
        if (candidate / "bin" / "java").is_file():
            return str(candidate)
    return None


def assess_cogroup(
    pack_path: str | None, as_of: date, through_seq: int, records: pa.Table, facts: pa.Table
) -> pa.Table:
    """One subject's cogroup (records, facts) → its assessment row (none without records)."""
    if records.num_rows == 0:
        return ASSESSMENT_SCHEMA.empty_table()
    records, facts = sort_subjects(records, facts)
    return assess_tables(records, facts, pack_for(pack_path), as_of, through_seq)


def spark_session(master: str | None, extra: dict[str, str] | None = None) -> Any:
    """A Spark session on ``master`` (``None``: what ``spark-submit --master`` or PySpark's
    default says); Java found, or ``NotFound`` saying how to install it."""
    java_home = find_java_home()
    if java_home is None:
        raise NotFound(JAVA_HINT)
    os.environ.setdefault("JAVA_HOME", java_home)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName("publiccredit-bulk-assess")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config(
            "spark.sql.shuffle.partitions", os.environ.get("PUBLICCREDIT_SPARK_PARTITIONS", "8")
        )
    )
    if master is not None:
        builder = builder.master(master)
    for key, value in (extra or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def assess_spark(job: BulkJob, master: str | None = None) -> tuple[int, int]:
    """Assess every subject of the export into ``job.out`` (Spark's Parquet parts);
    (subjects, records)."""
    spark = spark_session(master)
    try:
        record_frame = spark.read.parquet(str(job.records))
        fact_frame = spark.read.parquet(str(job.facts))
        task = functools.partial(assess_cogroup, job.pack_name, job.as_of, job.through_seq)
        result = (
            record_frame.groupBy("subject_key")
            .cogroup(fact_frame.groupBy("subject_key"))
            .applyInArrow(task, schema=SPARK_SCHEMA)
        )
        result.write.mode("overwrite").parquet(str(job.out))
        subjects = spark.read.parquet(str(job.out)).count()
        return int(subjects), int(record_frame.count())
    finally:
        spark.stop()
