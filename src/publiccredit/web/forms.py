"""Reading the portal's POSTed forms: one small parser for every form.

The project does not depend on ``python-multipart`` (which Starlette's
``request.form()`` needs): the portal's forms are small urlencoded bodies,
which the standard library parses; the uploads are multipart bodies read by
the standard library's ``email`` parser (``uploads.py``). Any other body, or
one over its limit, reads as no fields, so ``csrf.check_csrf`` refuses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl

from starlette.requests import Request

MAX_FORM_BYTES = 64 * 1024
MAX_FIELDS = 200


class FormFields(dict[str, str]):
    """A posted form: the first value of each name (what ``check_csrf`` reads), and every
    value of a name through ``getlist`` (checkboxes send one value each)."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__()
        self._all: dict[str, list[str]] = {}
        for name, value in pairs:
            self.setdefault(name, value)
            self._all.setdefault(name, []).append(value)

    def getlist(self, name: str) -> list[str]:
        """Every value sent under ``name``, in order."""
        return list(self._all.get(name, ()))


async def read_form(request: Request) -> FormFields:
    """The fields of a POSTed urlencoded form (first value by name, every value by
    ``getlist``); no fields for any other body."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return FormFields()
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return FormFields()
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return FormFields(pairs[:MAX_FIELDS])
