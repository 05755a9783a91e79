"""The one gate every "is this subject allowed?" question passes first.

A decision is only as good as the code it was asked about. ``decide`` used to
look up whatever it was given and answer ``allowed`` when nothing was stored
under it, so a typo (``hello``, a wrong check character) was "allowed" — the
opposite of failing closed. Every place that answers a decision (the API's
single and batch decisions, ``publiccredit check``, the portal's check page)
therefore parses the code here first:

* the text is compacted exactly as the identifier modules do it
  (``normalise.compact_text``: full-width to ASCII, separators dropped, upper
  case), so ``９１４４…``, ``9144 0300 …`` and a lower-case ``x`` are the same
  code and get the same answer;
* a Unified Social Credit Code must pass ``uscc.check`` (valid, or a warning
  such as a legacy code on the allow-list); otherwise ``InvalidUscc`` names
  the reason (the expected check character, "looks like an old 15-digit
  registration number", …) and the field it came from;
* a resident ID number (natural persons, ``parse_resident_id``) must pass
  ``ric.validate``; the error carries the number masked only.

What happens to a *valid* code that the platform holds no record of is the
caller's business; the decision services answer ``unknown`` (never
``allowed``).
"""

from __future__ import annotations

from publiccredit.errors import Problem
from publiccredit.identifiers import ric, uscc
from publiccredit.identifiers.normalise import compact_text


def parse_entity_code(text: str, field: str = "subject") -> str:
    """The compact USCC for ``text``; ``InvalidUscc`` naming ``field`` and the reason."""
    result = uscc.check(text)
    if result.accepted:
        return result.normalized
    shown = compact_text(text) if isinstance(text, str) else str(text)
    problems = tuple(Problem(reason, field, shown[:64]) for reason in result.reasons)
    raise uscc.InvalidUscc(f"{shown[:64]!r} is not a valid unified social credit code", problems)


def parse_resident_id(text: str, field: str = "id_number") -> str:
    """The compact resident ID number; ``InvalidResidentId`` (number masked) naming ``field``."""
    try:
        return ric.validate(text)
    except ric.InvalidResidentId as error:
        problems = tuple(
            Problem(problem.reason, field, problem.value) for problem in error.problems
        )
        raise ric.InvalidResidentId("invalid resident ID number", problems) from None
