"""Secret files in the data directory: written once, mode 0600, never overwritten.

The ledger signing key is ``ledger-signing-key.pem`` (Ed25519, PKCS#8 PEM,
unencrypted: protect the data directory instead). Losing it means new heads
are signed by a new key; leaking it means others can sign heads, so it is
created readable by its owner only.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from publiccredit.errors import NotFound

SIGNING_KEY_FILE = "ledger-signing-key.pem"


def write_secret(path: Path, content: bytes) -> None:
    """Create ``path`` with mode 0600 holding ``content``; refuse to overwrite."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def create_signing_key(data_dir: Path) -> bool:
    """Create the ledger signing key unless it exists; True when created."""
    path = data_dir / SIGNING_KEY_FILE
    if path.exists():
        return False
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_secret(path, pem)
    return True


def load_signing_key(data_dir: Path) -> Ed25519PrivateKey:
    """The ledger signing key; ``NotFound`` (run ``publiccredit init``) when absent."""
    path = data_dir / SIGNING_KEY_FILE
    if not path.exists():
        raise NotFound(f"no ledger signing key at {path}: run `publiccredit init` first")
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise NotFound(f"{path} does not hold an Ed25519 private key")
    return key
