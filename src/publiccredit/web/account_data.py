"""What the subject's own pages show, read through the API's own functions for the subject role.

* the own profile: ``profiles.subject_and_stamp`` + ``views.view_for`` (the
  subject's full view, written to the access log) + ``profiles.summary_for``,
  exactly as ``GET /v1/subjects/{key}`` does;
* the own records, every state: ``routers.subjects.subject_records`` (full
  view: ended, repaired, not published and under objection included; logged);
* cases: ``routers.cases.list_cases`` / ``show_case``; objections:
  ``routers.cases.open_objection``;
* consents: ``routers.consents.list_consents`` / ``grant`` / ``revoke``.

The caller is always the signed-in subject's ``Caller``, so the API's own
checks (role, own subject only) apply unchanged. The access log names the
portal page as what was read (``GET /portal/me``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from publiccredit.api.auth import Caller
from publiccredit.api.case_schemas import ConsentGrant, ConsentOut, ObjectionOpen, StepOut
from publiccredit.api.profiles import profile_body, subject_and_stamp, summary_for
from publiccredit.api.routers import cases, consents
from publiccredit.api.routers.subjects import subject_records
from publiccredit.api.schemas import RecordsPage
from publiccredit.api.state import ApiState
from publiccredit.api.views import view_for

RECORDS_PAGE = 50


@dataclass(frozen=True, slots=True)
class OwnRecord:
    """The subject's full profile, its registration records and one page of all records."""

    profile: dict[str, Any]
    registration: RecordsPage
    records: RecordsPage


def own_record(
    state: ApiState, who: Caller, request: Request, offset: int, record_state: str | None
) -> OwnRecord:
    """The signed-in subject's full record (each read logged, as the API logs it)."""
    key = str(who.subject_key)
    with state.engine.begin() as conn:
        subject, stamp = subject_and_stamp(conn, key)
        view = view_for(conn, who, subject["subject_key"], f"GET {request.url.path}", state.now())
        summary = summary_for(conn, state.summaries, state.pack, stamp)
    body = profile_body(subject, view.name, summary)

    def page(record_type: str | None, status: str | None, start: int, limit: int) -> RecordsPage:
        return subject_records(
            state, who, key, request, record_type=record_type, record_state=status,
            offset=start, limit=limit,
        )  # fmt: skip

    return OwnRecord(
        body, page("registration", None, 0, 5), page(None, record_state, offset, RECORDS_PAGE)
    )


def own_cases(state: ApiState, who: Caller) -> list[dict[str, Any]]:
    """The subject's cases, oldest first (``GET /v1/cases`` forces the subject filter)."""
    found = cases.list_cases(state, who, subject=None, agency=None, kind=None, case_state=None)
    return found.items


def own_case(state: ApiState, who: Caller, case_id: str) -> dict[str, Any]:
    """One of the subject's cases (``PermissionDenied`` for anybody else's)."""
    return cases.show_case(state, who, case_id).case


def file_objection(state: ApiState, who: Caller, body: dict[str, Any]) -> StepOut:
    """File an objection exactly as ``POST /v1/cases/objections`` does (validated first)."""
    return cases.open_objection(ObjectionOpen.model_validate(body), state, who)


def own_consents(state: ApiState, who: Caller) -> list[ConsentOut]:
    """The subject's consents, oldest first."""
    return consents.list_consents(state, who, subject=None, institution=None).items


def grant_consent(state: ApiState, who: Caller, body: dict[str, Any]) -> ConsentOut:
    """Grant a consent exactly as ``POST /v1/consents`` does (validated first)."""
    return consents.grant(ConsentGrant.model_validate(body), state, who)


def revoke_consent(state: ApiState, who: Caller, consent_id: str) -> ConsentOut:
    """Revoke one of the subject's consents (``POST /v1/consents/{id}/revocation``)."""
    return consents.revoke(consent_id, state, who)
