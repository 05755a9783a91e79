"""Decisions fail closed (issue 12, point 1), on SQLite and PostgreSQL.

An invalid code is a 422 naming the reason; a valid code with no record is
``unknown``, never ``allowed``; full-width and lower-case forms answer alike;
a natural person is checked by ID number (keyed-hash look-up, authorised roles,
access-logged, masked) and gets the real restriction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from conftest import Seeded
from publiccredit.api.assessing import decide_json
from publiccredit.identifiers import uscc
from publiccredit.policy import default_pack
from publiccredit.service import assess_stored, load_subjects
from publiccredit.store.db import make_engine
from publiccredit.store.keys import create_key
from publiccredit.store.personal import load_personal_keys
from publiccredit.store.schema import access_log, subjects

ACTION = "public_procurement_bid"


def _decide(seeded: Seeded, subject: str, action: str = ACTION) -> Any:
    return seeded.client.post("/v1/decisions", json={"subject": subject, "action": action})


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in text)


def test_a_wrong_check_character_is_refused_with_the_expected_one(seeded: Seeded) -> None:
    code = seeded.listed
    expected = uscc.calc_check_char(code[:17])
    wrong = next(c for c in "0123456789ABC" if c != expected)
    response = _decide(seeded, code[:17] + wrong)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_identifier"
    assert error["details"][0]["field"] == "subject"
    assert f"should be {expected!r}" in error["details"][0]["reason"]


def test_junk_is_refused_and_never_allowed(seeded: Seeded) -> None:
    for junk in ("hello", "123", "9144030071526726X", "914403001922038216" + "0"):
        response = _decide(seeded, junk)
        assert response.status_code == 422, junk
        assert response.json()["error"]["details"][0]["reason"]


def test_a_valid_code_without_records_is_unknown(seeded: Seeded) -> None:
    response = _decide(seeded, "91350100M000100Y43")
    assert response.status_code == 200
    body = response.json()
    assert (body["outcome"], body["known"], body["source"]) == ("unknown", False, "none")


def test_full_width_and_lower_case_forms_answer_alike(seeded: Seeded) -> None:
    plain = _decide(seeded, seeded.listed).json()
    assert plain["known"] is True
    for variant in (
        _full_width(seeded.listed),
        seeded.listed.lower(),
        " ".join((seeded.listed[:6], seeded.listed[6:12], seeded.listed[12:])),
    ):
        answer = _decide(seeded, variant).json()
        assert answer == plain, variant


def test_a_batch_with_one_bad_code_is_refused_naming_it(seeded: Seeded) -> None:
    response = seeded.client.post(
        "/v1/decisions/batch",
        json={"subjects": [seeded.listed, "hello", seeded.entity.lower()], "action": ACTION},
    )
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["error"]["details"]] == ["subjects[1]"]
    good = seeded.client.post(
        "/v1/decisions/batch",
        json={"subjects": [seeded.entity.lower(), "91350100M000100Y43"], "action": ACTION},
    ).json()["decisions"]
    assert [(d["subject"], d["outcome"]) for d in good][1] == ("91350100M000100Y43", "unknown")
    assert good[0] == _decide(seeded, seeded.entity).json()


PERSON_NUMBER = "440305199203150019"
"""A synthetic resident ID number (valid check digit; nobody's)."""


def court_headers(seeded: Seeded) -> dict[str, str]:
    """A court's agency key (created once per store)."""
    if "court" not in seeded.tokens:
        engine = make_engine(seeded.config.db_url)
        with engine.begin() as conn:
            _key, token = create_key(conn, "agency", agency="court-440305", label="court")
            seeded.tokens["court"] = token
        engine.dispose()
    return seeded.auth("court")


def listed_person(seeded: Seeded, number: str = PERSON_NUMBER) -> str:
    """List a synthetic person as a judgment defaulter through the API; their subject key."""
    row = {
        "agency": "court-440305",
        "source_record_id": f"jd-{number[-6:]}",
        "record_type": "judgment_default_listing",
        "subject_kind": "person",
        "subject_id": number,
        "subject_name": "周晓明",
        "decided_on": "2026-01-05",
        "effective_from": "2026-01-05",
        "severity": "serious",
        "facts": "有履行能力而拒不履行生效法律文书确定的义务",
        "extra": {"ground": "able_but_refuses", "case_no": "（2026）粤0305执1号"},
    }
    response = seeded.client.post("/v1/records", json=row, headers=court_headers(seeded))
    assert response.status_code in (200, 201), response.text
    return load_personal_keys(seeded.config.data_dir).person_key(number)


def _reads(seeded: Seeded, key: str) -> int:
    engine = make_engine(seeded.config.db_url)
    with engine.connect() as conn:
        count = conn.execute(
            sa.select(sa.func.count()).where(access_log.c.subject_key == key)
        ).scalar_one()
    engine.dispose()
    return int(count)


def test_a_person_is_checked_by_id_number_and_gets_the_real_restriction(seeded: Seeded) -> None:
    number = PERSON_NUMBER
    key = listed_person(seeded)
    body = {"id_number": number, "action": "high_consumption.flights"}
    assert seeded.client.post("/v1/decisions/persons", json=body).status_code == 403
    before = _reads(seeded, key)
    spaced = _full_width(number[:6]) + " " + number[6:].lower()
    response = seeded.client.post(
        "/v1/decisions/persons",
        json={**body, "id_number": spaced},
        headers=seeded.auth("agency"),
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["outcome"] == "restricted"
    assert answer["known"] is True
    assert "judgment_defaulters" in answer["lists"]
    assert answer["subject"] == number[:6] + "********" + number[14:]
    assert number not in response.text
    engine = make_engine(seeded.config.db_url)
    with engine.connect() as conn:
        stored = assess_stored(*load_subjects(conn, [key])[key], default_pack(), date.today())
    engine.dispose()
    assert decide_json(stored.to_json(), "high_consumption.flights") == {
        **{k: answer[k] for k in ("subject", "action", "outcome", "measures", "lists")},
        "as_of": stored.as_of.isoformat(),
        "policy_version": answer["policy_version"],
        "legal_basis": answer["legal_basis"],
    }
    assert _reads(seeded, key) == before + 1


def test_a_person_check_refuses_bad_numbers_masked_and_answers_unknown(seeded: Seeded) -> None:
    admin = seeded.auth("admin")
    bad = seeded.client.post(
        "/v1/decisions/persons",
        json={"id_number": "110105194912310021", "action": "high_consumption"},
        headers=admin,
    )
    assert bad.status_code == 422
    detail = bad.json()["error"]["details"][0]
    assert detail["field"] == "id_number"
    assert "check digit" in detail["reason"]
    assert "19491231" not in bad.text
    unknown = seeded.client.post(
        "/v1/decisions/persons",
        json={"id_number": "11010519491231002X", "action": "high_consumption"},
        headers=admin,
    )
    assert unknown.status_code == 200
    assert (unknown.json()["outcome"], unknown.json()["known"]) == ("unknown", False)
    assert unknown.json()["subject"] == "110105********002X"


REP_NUMBER = "440304198511070028"
"""A synthetic resident ID number: the legal representative of a listed entity."""
BOUND_ENTITY = "91440300MA5FAKE06"


def test_a_bound_responsible_person_gets_the_entitys_restriction(seeded: Seeded) -> None:
    entity = BOUND_ENTITY + uscc.calc_check_char(BOUND_ENTITY)
    rows = [
        {
            "agency": "samr-440300",
            "source_record_id": "reg-bound-1",
            "record_type": "registration",
            "subject_id": entity,
            "subject_name": "深圳市示例被执行有限公司",
            "decided_on": "2024-03-01",
            "extra": {
                "name": "深圳市示例被执行有限公司",
                "legal_representative_name": "李明华",
                "legal_representative_id": REP_NUMBER,
                "status": "active",
            },
        }
    ]
    response = seeded.client.post("/v1/records", json=rows[0], headers=seeded.auth("agency"))
    assert response.status_code == 200, response.text
    body = {"id_number": REP_NUMBER, "action": "high_consumption.flights"}
    admin = seeded.auth("admin")
    before = seeded.client.post("/v1/decisions/persons", json=body, headers=admin).json()
    assert (before["outcome"], before["known"]) == ("allowed", True)  # named, not yet bound
    listing = {
        "agency": "court-440305",
        "source_record_id": "jd-bound-1",
        "record_type": "judgment_default_listing",
        "subject_kind": "entity",
        "subject_id": entity,
        "decided_on": "2026-01-05",
        "effective_from": "2026-01-05",
        "severity": "serious",
        "extra": {"ground": "able_but_refuses", "case_no": "（2026）粤0305执2号"},
    }
    listed = seeded.client.post("/v1/records", json=listing, headers=court_headers(seeded))
    assert listed.status_code == 200, listed.text
    answer = seeded.client.post("/v1/decisions/persons", json=body, headers=admin)
    decided = answer.json()
    assert decided["outcome"] == "restricted"
    assert decided["subject"] == REP_NUMBER[:6] + "********" + REP_NUMBER[14:]
    bound = [m for m in decided["measures"] if "bound_through" in m]
    assert [m["bound_through"] for m in bound] == [
        {"subject": entity, "role": "legal_representative"}
    ]
    assert "judgment_defaulters" in decided["lists"]
    assert REP_NUMBER not in answer.text
    # the entity itself is restricted too, and someone else is not bound by it
    other = seeded.client.post(
        "/v1/decisions/persons", json={**body, "id_number": "11010519491231002X"}, headers=admin
    ).json()
    assert other["outcome"] == "unknown"


def test_a_code_failing_its_check_but_stored_is_decided_not_refused(seeded: Seeded) -> None:
    base = "91440300MA5FAKE07"
    wrong = base + next(c for c in "0123456789" if c != uscc.calc_check_char(base))
    assert _decide(seeded, wrong).status_code == 422
    engine = make_engine(seeded.config.db_url)
    with engine.begin() as conn:  # as if the registration authority had issued it
        conn.execute(sa.insert(subjects).values(subject_key=wrong, kind="entity", name="早期试点"))
    engine.dispose()
    response = _decide(seeded, wrong.lower())
    assert response.status_code == 200
    assert (response.json()["subject"], response.json()["outcome"]) == (wrong, "unknown")
