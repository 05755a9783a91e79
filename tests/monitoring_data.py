"""Synthetic subjects and records for the monitoring tests (no real company)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from publiccredit.identifiers.uscc import calc_check_char, calc_inner_check_char

AGENCY = "samr-440300"


def uscc(number: int) -> str:
    """A valid, synthetic USCC of a Shenzhen company: ``91440300`` + organisation code."""
    organisation = f"{number:08d}"
    first17 = "91440300" + organisation + calc_inner_check_char(organisation)
    return first17 + calc_check_char(first17)


def penalty(subject: str, source_id: str, decided_on: date, **extra: Any) -> dict[str, Any]:
    """A general administrative penalty (a fine) as an agency submits it."""
    row: dict[str, Any] = {
        "agency": AGENCY,
        "source_record_id": source_id,
        "record_type": "admin_penalty",
        "subject_kind": "entity",
        "subject_id": subject,
        "decided_on": decided_on.isoformat(),
        "severity": "general",
        "legal_basis": "Product Quality Law Art. 50",
        "facts": "Sold mislabelled goods",
        "amount": "5000",
        "extra": {"penalty_kinds": ["fine"], "procedure": "ordinary"},
    }
    row.update(extra)
    return row


class Receiver:
    """A real local HTTP endpoint for webhooks: answers with ``statuses`` in turn (then
    200), keeps every request, and checks signatures as a receiver would."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.requests: list[tuple[dict[str, str], bytes, int]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.requests.append((headers, body, status))
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
        """Standard Webhooks verification, written from the spec (not the sender's code)."""
        lower = {name.lower(): value for name, value in headers.items()}
        key = (
            base64.b64decode(secret.removeprefix("whsec_"))
            if secret.startswith("whsec_")
            else secret.encode()
        )
        signed = b".".join(
            [lower["webhook-id"].encode(), lower["webhook-timestamp"].encode(), body]
        )
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        offered = [part.split(",", 1)[1] for part in lower["webhook-signature"].split()]
        return any(hmac.compare_digest(expected, value) for value in offered)
