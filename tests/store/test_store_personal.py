"""Natural persons' ID numbers: encrypted at rest, looked up by a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import json
import stat
from pathlib import Path

import pytest

from publiccredit.errors import InvalidInput, NotFound
from publiccredit.store.personal import (
    PERSONAL_KEYS_FILE,
    create_personal_keys,
    load_personal_keys,
)

ID_NUMBER = "11010519491231002X"  # the GB 11643 standard's own example, not a real person


def test_keys_file_is_private_and_created_once(tmp_path: Path) -> None:
    assert create_personal_keys(tmp_path)
    path = tmp_path / PERSONAL_KEYS_FILE
    first = path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not create_personal_keys(tmp_path)
    assert path.read_bytes() == first


def test_person_key_is_hmac_sha256_of_the_normalised_number(tmp_path: Path) -> None:
    create_personal_keys(tmp_path)
    keys = load_personal_keys(tmp_path)
    lookup = bytes.fromhex(
        json.loads((tmp_path / PERSONAL_KEYS_FILE).read_text())["hmac_sha256_key_hex"]
    )
    expected = hmac.new(lookup, ID_NUMBER.encode(), hashlib.sha256).hexdigest()
    assert keys.person_key(ID_NUMBER) == keys.person_key(" 11010519491231002x ") == expected
    assert keys.person_key(ID_NUMBER) != hashlib.sha256(ID_NUMBER.encode()).hexdigest()


def test_encryption_round_trips_and_hides_the_number(tmp_path: Path) -> None:
    create_personal_keys(tmp_path)
    keys = load_personal_keys(tmp_path)
    blob = keys.encrypt(ID_NUMBER)
    assert ID_NUMBER.encode() not in blob
    assert keys.encrypt(ID_NUMBER) != blob  # a fresh nonce each time
    assert keys.decrypt(blob) == ID_NUMBER
    assert "key" not in repr(keys).replace("PersonalDataKeys", "")
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(InvalidInput, match="does not decrypt"):
        keys.decrypt(tampered)


def test_missing_keys_say_to_run_init(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="publiccredit init"):
        load_personal_keys(tmp_path)
