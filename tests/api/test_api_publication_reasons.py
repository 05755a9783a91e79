"""An unpublished record never appears in a public rating reason (issue 12, point 3), on
SQLite and PostgreSQL: API profile and assessment, the portal, the report."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from conftest import AGENCY, Seeded
from publiccredit.identifiers import uscc

ENTITY = "91440300MA5FAKE05"


@pytest.fixture(scope="module")
def penalised(seeded: Seeded) -> str:
    """An entity with a minor penalty, a warning alone (not published: SAMR Order 107,
    NDRC Order 36), and a general one."""
    code = ENTITY + uscc.calc_check_char(ENTITY)
    for source, severity in (("minor-1", "minor"), ("general-1", "general")):
        row = {
            "agency": AGENCY,
            "source_record_id": source,
            "record_type": "admin_penalty",
            "subject_id": code,
            "subject_name": "深圳市示例处罚有限公司",
            "decided_on": (date.today() - timedelta(days=10)).isoformat(),
            "severity": severity,
            "amount": "2000" if severity == "minor" else "80000",
            "facts": "未按规定办理" if severity == "minor" else "超范围经营",
            "extra": {
                "penalty_kinds": ["warning"] if severity == "minor" else ["fine"],
                "procedure": "simplified" if severity == "minor" else "ordinary",
            },
        }
        response = seeded.client.post("/v1/records", json=row, headers=seeded.auth("agency"))
        assert response.status_code in (200, 201), response.text
    return code


def _named(rating: dict[str, Any]) -> set[str]:
    return {key["source_record_id"] for reason in rating["reasons"] for key in reason["records"]}


def test_the_full_view_names_the_unpublished_record_the_public_view_does_not(
    seeded: Seeded, penalised: str
) -> None:
    full = seeded.client.get(
        f"/v1/subjects/{penalised}/assessment", headers=seeded.auth("auditor")
    ).json()["assessment"]
    states = {e["source_record_id"]: e["state"] for e in full["records"]}
    assert states == {"minor-1": "not_published", "general-1": "published"}
    assert "minor-1" in _named(full["rating"])  # the evaluation counts it…
    public = seeded.client.get(f"/v1/subjects/{penalised}/assessment").json()["assessment"]
    assert _named(public["rating"]) == {"general-1"}  # …the public never sees it named
    assert public["rating"]["score"] == full["rating"]["score"]
    profile = seeded.client.get(f"/v1/subjects/{penalised}").json()
    assert _named(profile["rating"]) == {"general-1"}
    audited = seeded.client.get(f"/v1/subjects/{penalised}", headers=seeded.auth("auditor"))
    assert "minor-1" in _named(audited.json()["rating"])


def test_portal_and_report_never_name_it(seeded: Seeded, penalised: str) -> None:
    for path in (
        f"/portal/subjects/{penalised}",
        f"/portal/subjects/{penalised}/report",
        f"/portal/subjects/{penalised}/report.json",
    ):
        page = seeded.client.get(path, params={"lang": "en"})
        assert page.status_code == 200, path
        assert "minor-1" not in page.text
        assert "未按规定办理" not in page.text
    assert "general-1" in seeded.client.get(f"/portal/subjects/{penalised}").text
