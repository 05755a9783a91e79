"""The portal's signing secret: signs session cookies and CSRF tokens.

It lives in ``portal-session.key`` in the store's data directory (32 random
bytes, hex, mode 0600, created on first use), next to the ledger signing key
and the personal-data keys. Every server worker and every restart over the
same data directory therefore signs and checks with the same secret, so a
session started on one worker is valid on another. Deleting the file signs
everybody out (and invalidates every open form) the next time it is created.
Each use derives its own sub-key (``purpose``), so a cookie signed for one job
can never pass as another.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import threading
import time
from pathlib import Path

from publiccredit.store.keyfiles import write_secret

SECRET_FILE = "portal-session.key"
_cache: dict[str, bytes] = {}
_lock = threading.Lock()


def _secret(data_dir: Path) -> bytes:
    where = str(data_dir.resolve())
    with _lock:
        if where not in _cache:
            path = data_dir / SECRET_FILE
            with contextlib.suppress(FileExistsError):  # another worker made it first
                write_secret(path, secrets.token_bytes(32).hex().encode("ascii"))
            _cache[where] = _read(path)
        return _cache[where]


def _read(path: Path) -> bytes:
    """The secret in ``path``, waiting briefly while another worker is still writing it."""
    for _ in range(50):
        text = path.read_text(encoding="ascii").strip()
        if len(text) == 64:
            return bytes.fromhex(text)
        time.sleep(0.01)
    raise ValueError(f"{path} does not hold a 32-byte hex secret; delete it to make a new one")


def sign(data_dir: Path, purpose: str, message: str) -> str:
    """HMAC-SHA256 (hex) of ``message`` under the sub-key for ``purpose``."""
    key = hmac.new(_secret(data_dir), purpose.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def signed_by_us(data_dir: Path, purpose: str, message: str, mac: str) -> bool:
    """Whether ``mac`` is ``sign(data_dir, purpose, message)`` (constant-time; any text,
    non-ASCII included, is compared as UTF-8 bytes rather than raising)."""
    expected = sign(data_dir, purpose, message).encode("ascii")
    return hmac.compare_digest(expected, mac.encode("utf-8", "replace"))
