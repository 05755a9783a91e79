"""The notice before listing: the objection window and what the notice tells the subject.

The window comes from the list's ``notice`` in lists.yaml (``objection_window``
as a calendar period, or ``objection_working_days``) or, failing that, from an
``objection``/``window`` deadline in procedures.yaml for the list. The notice
states the reasons (facts), the legal basis, the subject's rights, how to
object and by when; a provisional last day is marked as such in the text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from publiccredit.domain.case import Case, CaseDeadline
from publiccredit.domain.event import format_instant
from publiccredit.policy.model import ListDefinition, Pack, Period
from publiccredit.policy.model.common import PeriodValue
from publiccredit.procedures.calendar import WorkingCalendar
from publiccredit.procedures.deadlines import find_deadline


def objection_window(pack: Pack, definition: ListDefinition, on: date) -> dict[str, Any] | None:
    """``{"rule", "period" | "working_days" | "calendar_days"}`` of the list's window, or None."""
    notice = definition.notice
    rule_id = f"lists.{definition.id}.notice"
    if notice is not None and notice.objection_working_days is not None:
        return {"rule": rule_id, "working_days": notice.objection_working_days}
    if notice is not None and notice.objection_window is not None:
        return {"rule": rule_id, "period": str(notice.objection_window)}
    rule = find_deadline(pack, "objection", "window", applies_to=(definition.id,), on=on)
    if rule is None:
        return None
    if rule.working_days is not None:
        return {"rule": rule.id, "working_days": rule.working_days}
    return {"rule": rule.id, "calendar_days": rule.calendar_days}


def window_deadline(case: Case, served_on: date, calendar: WorkingCalendar) -> CaseDeadline | None:
    """The subject's window to object, counted from ``served_on`` (the day of delivery, or of
    publication where the list's window runs from publication)."""
    return window_from(case.details.get("window"), served_on, calendar)


def window_from(
    window: dict[str, Any] | None, served_on: date, calendar: WorkingCalendar
) -> CaseDeadline | None:
    """The deadline of ``window`` (``objection_window``'s JSON) counted from ``served_on``."""
    if not window:
        return None
    rule = str(window["rule"])
    if "working_days" in window:
        days = int(window["working_days"])
        due = calendar.add_working_days(served_on, days, provisional_ok=True)
        return CaseDeadline(
            "objection_window", due.on, due.provisional, rule, served_on, days, party="subject"
        )
    period: Period = (
        PeriodValue.parse(window["period"])
        if "period" in window
        else PeriodValue(days=int(window["calendar_days"]))
    )
    last = period.after(served_on)
    length = (last - served_on).days
    return CaseDeadline(
        "objection_window", last, False, rule, served_on, calendar_days=length, party="subject"
    )


def notice_text(
    case: Case, window: CaseDeadline | None, at: datetime, delivery: str
) -> dict[str, Any]:
    """The notice as served: reasons, legal basis, rights, how to object, deadline, delivery."""
    details = case.details
    after = details.get("window_from") == "publication"
    rights = [
        "to object to the listing, with evidence, within the window from its publication"
        if after
        else "to state your case and present evidence before the listing takes effect"
    ]
    if details["hearing"]:
        rights.append("to request a hearing")
    rights.append("to object; while an objection is pending the record is shown as under objection")
    rights.append("to apply for credit repair or early removal once the conditions are met")
    if details["effective_on_decision"]:
        effect = "The listing decision is effective on its own under its legal basis."
    elif details.get("window_from") == "publication":
        effect = f"You are listed from {details['effective_on']} (the day of publication); "
        effect += "object within the window counted from that day, or the listing stands."
    elif window is None:
        effect = "The listing takes effect when decided."
    else:
        effect = "The listing takes effect only after this window passes without objection, or "
        effect += "after an objection is decided against you."
    deadline = None
    if window is not None:
        mark = (
            " (PROVISIONAL: no official calendar for that year yet)" if window.provisional else ""
        )
        deadline = {
            "last_day": window.due_on.isoformat(),
            "provisional": window.provisional,
            "rule": window.rule,
            "text": f"Object by {window.due_on.isoformat()}{mark}.",
        }
    return {
        "list_id": details["list_id"],
        "list_name": details["list_name"],
        "reasons": details["facts"],
        "legal_basis": details["legal_basis"],
        "measures": details["measures"],
        "rights": rights,
        "how_to_object": (
            f"File an objection against the listing record {case.competent_agency}:{case.id} "
            if after
            else f"File an objection against case {case.id} "
        )
        + f"with {case.competent_agency} or through the portal, stating your grounds and "
        "attaching your evidence.",
        "objection_deadline": deadline,
        "effect": effect,
        "delivered_at": format_instant(at),
        "delivery": delivery,
    }
