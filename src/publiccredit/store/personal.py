"""Natural persons' ID numbers: stored encrypted, looked up by a keyed hash (DESIGN §8).

* ``encrypt`` / ``decrypt``: AES-256-GCM with a random 96-bit nonce per value;
  the stored blob is ``nonce || ciphertext || tag``, bound to the purpose by
  associated data so a blob cannot be replayed as something else.
* ``person_key``: HMAC-SHA256 (hex) of the normalised number under a separate
  key. It is the person's subject key: stable, usable in indexes and URLs,
  and useless without the key (an unkeyed hash of an 18-digit number with a
  known structure would be reversed by enumeration).

Both keys live in ``personal-data.key`` in the data directory (JSON, mode
0600). A clear ID number is never logged or printed: ``PersonalDataKeys`` does
not show its keys, and callers show numbers only masked.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from publiccredit.errors import InvalidInput, NotFound
from publiccredit.store.keyfiles import write_secret

PERSONAL_KEYS_FILE = "personal-data.key"
NONCE_SIZE = 12
PURPOSE = b"publiccredit/person-id-number/v1"


def normalise_id_number(id_number: str) -> str:
    """The form that is hashed and encrypted: no surrounding spaces, upper-case ``X``."""
    return id_number.strip().upper()


@dataclass(frozen=True, slots=True)
class PersonalDataKeys:
    """The encryption key and the lookup (HMAC) key; never shown in ``repr``."""

    encryption_key: bytes = field(repr=False)
    lookup_key: bytes = field(repr=False)

    def person_key(self, id_number: str) -> str:
        """The opaque subject key of the person with this ID number (hex HMAC-SHA256)."""
        message = normalise_id_number(id_number).encode("utf-8")
        return hmac.new(self.lookup_key, message, hashlib.sha256).hexdigest()

    def encrypt(self, id_number: str) -> bytes:
        """``nonce || AES-GCM(id_number)`` for storage."""
        nonce = secrets.token_bytes(NONCE_SIZE)
        clear = normalise_id_number(id_number).encode("utf-8")
        return nonce + AESGCM(self.encryption_key).encrypt(nonce, clear, PURPOSE)

    def decrypt(self, blob: bytes) -> str:
        """The ID number back from ``encrypt``'s blob; ``InvalidInput`` if altered or foreign."""
        try:
            clear = AESGCM(self.encryption_key).decrypt(
                blob[:NONCE_SIZE], blob[NONCE_SIZE:], PURPOSE
            )
        except (InvalidTag, ValueError):
            raise InvalidInput("an encrypted ID number does not decrypt under this key") from None
        return clear.decode("utf-8")


def create_personal_keys(data_dir: Path) -> bool:
    """Create ``personal-data.key`` unless it exists; True when created."""
    path = data_dir / PERSONAL_KEYS_FILE
    if path.exists():
        return False
    content = {
        "version": 1,
        "aes_gcm_key_hex": secrets.token_bytes(32).hex(),
        "hmac_sha256_key_hex": secrets.token_bytes(32).hex(),
    }
    write_secret(path, json.dumps(content, indent=2).encode("ascii"))
    return True


def load_personal_keys(data_dir: Path) -> PersonalDataKeys:
    """The keys from the data directory; ``NotFound`` (run ``publiccredit init``) when absent."""
    path = data_dir / PERSONAL_KEYS_FILE
    if not path.exists():
        raise NotFound(f"no personal-data keys at {path}: run `publiccredit init` first")
    content = json.loads(path.read_text("ascii"))
    return PersonalDataKeys(
        bytes.fromhex(content["aes_gcm_key_hex"]), bytes.fromhex(content["hmac_sha256_key_hex"])
    )
