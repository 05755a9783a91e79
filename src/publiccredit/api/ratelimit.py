"""Rate limiting for anonymous clients and a cap on request bodies.

Anonymous (public) clients get a token bucket each, keyed by client address:
``burst`` requests at once, refilled at ``rate`` per second. An empty bucket
answers 429 in the error envelope with ``Retry-After``. Clients with an API key
are not limited here (their key can be revoked). The buckets live in the
process: with several workers each worker limits on its own, so the effective
rate is up to ``workers × rate`` (documented in docs/api.md).

``BodyLimit`` refuses bodies over ``max_bytes`` with 413 before the endpoint
reads them: by ``Content-Length`` when sent, else by counting as it arrives.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from publiccredit.api.errors import RateLimited, envelope

MAX_BUCKETS = 100_000
"""Buckets kept at most; the fullest (idle) ones are forgotten first."""


@dataclass
class TokenBucket:
    """Per-client buckets: ``burst`` tokens, refilled at ``rate`` per second."""

    rate: float
    burst: int
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, client: str, now: float | None = None) -> None:
        """Spend one token of ``client``; ``RateLimited`` (with the wait) if none is left."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), moment))
            tokens = min(float(self.burst), tokens + (moment - last) * self.rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, moment)
                raise RateLimited(max(1, math.ceil((1.0 - tokens) / self.rate)))
            self._buckets[client] = (tokens - 1.0, moment)
            if len(self._buckets) > MAX_BUCKETS:
                self._forget_idle(moment)

    def _forget_idle(self, moment: float) -> None:
        idle = [
            client
            for client, (tokens, last) in self._buckets.items()
            if tokens + (moment - last) * self.rate >= self.burst
        ]
        for client in idle:
            del self._buckets[client]


class BodyLimit:
    """ASGI middleware: refuse request bodies larger than ``max_bytes`` (413)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise HTTPException(413, self._message())  # FastAPI re-raises these as they are
            return message

        await self.app(scope, counted, send)

    def _message(self) -> str:
        return f"the request body is larger than {self.max_bytes:,} bytes"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = envelope(413, "payload_too_large", self._message())
        await response(scope, receive, send)
