"""Quick end-to-end checks of each area on the seeded store (both backends)."""

from __future__ import annotations

from conftest import Seeded


def test_profile_and_search(seeded: Seeded) -> None:
    client = seeded.client
    profile = client.get(f"/v1/subjects/{seeded.entity}")
    assert profile.status_code == 200, profile.text
    body = profile.json()
    assert body["view"] == "public"
    name = body["name"]
    found = client.get("/v1/subjects", params={"q": name[:3]})
    assert found.status_code == 200
    assert seeded.entity in [hit["subject_key"] for hit in found.json()["items"]]
    by_code = client.get("/v1/subjects", params={"q": seeded.entity.lower()})
    assert by_code.json()["items"][0] == {**by_code.json()["items"][0], "match": "code"}
    assert by_code.json()["items"][0]["subject_key"] == seeded.entity
