"""The report's words in Chinese and English (shared by the HTML and the PDF renderer).

Kept beside the report rather than in ``web/i18n.py`` so that the report can
change its wording without touching the rest of the portal. The general
words (code, name, lists…) still come from ``i18n.words``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from publiccredit.web.catalogues import catalogue
from publiccredit.web.i18n import language, words
from publiccredit.web.labels import beijing_time, entity_kind_name, region_name, status_name

if TYPE_CHECKING:
    from publiccredit.web.report_data import Report

REPORT_WORDS: dict[str, dict[str, str]] = catalogue("report_words.REPORT_WORDS")


def report_words(lang: str) -> dict[str, str]:
    """The portal's general words of ``lang`` with the report's own on top."""
    return {**words(lang), **REPORT_WORDS[language(lang)]}


def state_name(say: dict[str, str], state: str) -> str:
    """A record state in words (the state itself when the report has no word for it)."""
    return say.get(f"state_{state}", state)


def fact_rows(report: Report) -> list[tuple[str, object]]:
    """The subject's facts and the report's own, labelled, in the order both renderers
    (HTML and PDF) show them."""
    say = report_words(report.lang)
    subject = report.subject
    rows: list[tuple[str, object]] = [
        (say["code"], subject["subject_key"]),
        (say["name"], subject["name"] or ""),
        (say["kind"], say.get(subject["kind"], subject["kind"])),
        (say["entity_kind"], entity_kind_name(subject.get("entity_kind"), report.lang)),
        (say["region"], region_name(subject.get("region"), report.lang)),
    ]
    if "status" in report.registration:
        rows.append((say["status"], status_name(report.registration["status"], report.lang)))
    if "legal_representative" in report.registration:
        rows.append((say["legal_rep"], report.registration["legal_representative"]))
    rows += [
        (say["report_number"], report.number),
        (say["as_of"], report.as_of),
        (say["generated_at"], beijing_time(report.generated_at, report.lang)),
        (say["policy_version"], report.policy_version or ""),
    ]
    return rows
