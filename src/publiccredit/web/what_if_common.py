"""What the what-if and repair pages share: the page frame, names from the pack, refusals.

Both pages show the subject's full record, so every answer says
``Cache-Control: no-store``. A refusal (invalid input, a procedure's "not yet",
a record that is not the subject's) is shown as the reason in words plus, for
invalid input, each field, value and reason — never a stack trace.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from publiccredit.domain.facts import RecordKey
from publiccredit.errors import InvalidInput, PublicCreditError
from publiccredit.policy.model import Pack
from publiccredit.web.html import Markup, join, render
from publiccredit.web.responses import page_response
from publiccredit.web.what_if_words import say


def respond(request: Request, title: str, body: Markup, status: int = 200) -> HTMLResponse:
    """A full page that no cache keeps (it holds the subject's own record)."""
    return page_response(request, title, body, status, keep=("lang",), private=True)


def record_label(key: RecordKey | tuple[str, ...] | list[str]) -> str:
    """A record as people read its key: ``agency/source_record_id``."""
    return "/".join(str(part) for part in key)


def list_label(pack: Pack, list_id: str, lang: str) -> str:
    """The list's name in ``lang`` (its id if the pack has none)."""
    found = pack.lists_by_id.get(list_id)
    if found is None:
        return list_id
    return found.name_zh if lang == "zh" else found.name_en


def measure_label(pack: Pack, measure_id: str, lang: str) -> str:
    """What the measure does, in ``lang`` (its id if the pack has none)."""
    found = next((m for m in pack.measures if m.id == measure_id), None)
    if found is None:
        return measure_id
    return found.content_zh if lang == "zh" else found.content_en


def refusal(lang: str, error: PublicCreditError, element_id: str, title_key: str) -> Markup:
    """A refusal block: the reason and, for invalid input, field, value and reason."""
    words = say(lang)
    message = error.message if isinstance(error, InvalidInput) else str(error)
    problems = error.problems if isinstance(error, InvalidInput) else ()
    items = join(
        render(
            "<li>$field_label: $field · $value_label: $value · $reason_label: $reason</li>",
            field_label=words["field"], field=problem.field or "",
            value_label=words["value"], value=problem.value or "",
            reason_label=words["reason"], reason=problem.reason,
        )
        for problem in problems
    )  # fmt: skip
    listed = render("<ul>$items</ul>", items=items) if problems else Markup("")
    return render(
        '<section id="$id" class="refusal" role="alert"><h2>$title</h2><p>$message</p>'
        "$listed</section>",
        id=element_id,
        title=words[title_key],
        message=message,
        listed=listed,
    )
