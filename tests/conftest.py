"""Suite-wide rules.

Under ``CI=true`` a skipped test is a failure: CI must never pass by silently
not running something (a missing PostgreSQL, a missing browser). Outside CI a
skip is allowed and its reason says how to make the test run.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SHARED = Path(__file__).resolve().parents[2] / "shared"
"""The workspace's shared folder (``../shared`` beside the project root)."""

# Timing-based health checks and deadlines measure the machine, not the code:
# on a loaded 2-core CI box they fail at random. Correctness checks stay on.
settings.register_profile(
    "publiccredit", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("publiccredit")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which forbids skips: {report.longrepr}"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; the reference vectors the tests read."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.fail(f"reference data not found at {path}: clone the project beside shared/")
    return path
