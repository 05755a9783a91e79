"""Reading the portal's POSTed forms: one small parser for every form.

The project does not depend on ``python-multipart`` (which Starlette's
``request.form()`` needs): the portal's forms are small urlencoded bodies,
which the standard library parses, and the one upload (an agency clerk's
record file, ``read_upload``) is a multipart body the standard library's
``email`` parser reads. Any other body, or one over its limit, reads as no
fields, so ``csrf.check_csrf`` refuses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.parser import BytesParser
from email.policy import HTTP
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


MAX_UPLOAD_BYTES = 50 * 1024 * 1024
"""A record file uploaded through the desk (larger files go through ``publiccredit ingest``)."""


class Upload(FormFields):
    """A posted multipart form: its text fields, and its files by field name
    (``(file name, bytes)``)."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = (),
                 files: dict[str, tuple[str, bytes]] | None = None) -> None:  # fmt: skip
        super().__init__(pairs)
        self.files = dict(files or {})


async def read_upload(request: Request) -> Upload:
    """The fields and files of a POSTed ``multipart/form-data`` body (none for any other
    body, or one over ``MAX_UPLOAD_BYTES``)."""
    kind = request.headers.get("content-type", "")
    if kind.split(";")[0].strip().lower() != "multipart/form-data":
        return Upload()
    size = int(request.headers.get("content-length") or 0)
    if size > MAX_UPLOAD_BYTES:
        return Upload()
    body = await request.body()
    if len(body) > MAX_UPLOAD_BYTES:
        return Upload()
    head = f"Content-Type: {kind}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    pairs: list[tuple[str, str]] = []
    files: dict[str, tuple[str, bytes]] = {}
    for part in message.iter_parts() if message.is_multipart() else ():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            files.setdefault(name, (filename, data))
        else:
            pairs.append((name, data.decode("utf-8", "replace")))
    return Upload(pairs[:MAX_FIELDS], files)
