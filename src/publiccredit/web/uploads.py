"""Reading a portal upload (``multipart/form-data``) with the standard library.

The portal does not depend on ``python-multipart`` (``forms.py`` says why); the
forms that upload a file (a supplier list to screen, ``screen_pages``; an agency
clerk's record file, ``desk_upload``) are parsed here by the ``email`` package,
which reads MIME multipart bodies. A body over the caller's limit (default
``MAX_UPLOAD_BYTES``) or of another type reads as no fields, so the CSRF check
refuses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import HTTP

from starlette.requests import Request

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PARTS = 20


@dataclass
class Upload:
    """The form's text fields and its files (field name → (file name, bytes))."""

    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    too_large: bool = False


async def read_upload(request: Request, limit: int = MAX_UPLOAD_BYTES) -> Upload:
    """The fields and files of a POSTed ``multipart/form-data`` body of at most ``limit``
    bytes."""
    kind = request.headers.get("content-type", "")
    if kind.split(";")[0].strip().lower() != "multipart/form-data":
        return Upload()
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return Upload(too_large=True)
    message = message_from_bytes(
        b"Content-Type: " + kind.encode("latin-1") + b"\r\n\r\n" + body, policy=HTTP
    )
    upload = Upload()
    if not message.is_multipart():
        return upload
    for part in list(message.iter_parts())[:MAX_PARTS]:
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            upload.files[name] = (filename, content)
        else:
            upload.fields[name] = content.decode("utf-8", "replace")
    return upload
