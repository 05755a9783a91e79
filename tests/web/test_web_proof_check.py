"""The proof-check form on /portal/transparency, on SQLite AND PostgreSQL, and its parser.

The page form is posted as a browser would (the CSRF token read from the
page's hidden field) with a real proof from ``/v1/transparency/inclusion``:
it must say verified; with one hash changed, the wrong index or a short path
it must say not verified and why; junk is answered with the field, the value
and the reason. Without a CSRF token nothing is checked (403). The parser's
properties are checked against the ledger's O(n) reference proofs.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import web_seed
from hypothesis import given
from hypothesis import strategies as st

from publiccredit.ledger.merkle import inclusion_proof, leaf_hash, root
from publiccredit.web.report_verify import audit_path_length, check_proof

seeded = web_seed.seeded  # the API tests' seeded store, on both backends

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _proof(seeded: Any, seq: int) -> dict[str, Any]:
    response = seeded.client.get("/v1/transparency/inclusion", params={"seq": seq})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _form(given: dict[str, Any], **changes: str) -> dict[str, str]:
    form = {
        "leaf": given["leaf_hash_hex"],
        "leaf_index": str(given["leaf_index"]),
        "tree_size": str(given["tree_size"]),
        "proof": "\n".join(given["proof_hex"]),
        "root": given["root_hex"],
    }
    form.update(changes)
    return form


def _post(seeded: Any, form: dict[str, str], lang: str = "en") -> Any:
    page = seeded.client.get("/portal/transparency", params={"lang": lang})
    match = TOKEN.search(page.text)
    assert match is not None, "the transparency page has no proof form with a CSRF token"
    return seeded.client.post(
        f"/portal/transparency?lang={lang}", data={**form, "csrf_token": match.group(1)}
    )


def _result(response: Any) -> str:
    assert response.status_code == 200
    match = re.search(r'<section id="proof-result" class="([^"]+)"', response.text)
    assert match is not None
    return match.group(1)


def test_the_page_shows_the_form_prefilled_with_the_signed_head(seeded: Any) -> None:
    head = seeded.client.get("/v1/transparency/head").json()
    page = seeded.client.get("/portal/transparency", params={"lang": "en"}).text
    assert 'id="proof-form"' in page
    assert 'method="post"' in page
    assert f'name="tree_size" value="{head["size"]}"' in page
    assert f'name="root" value="{head["root_hex"]}"' in page
    assert "Check an inclusion proof" in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_good_proof_is_verified(seeded: Any, lang: str) -> None:
    proof = _proof(seeded, 17)
    response = _post(seeded, _form(proof), lang)
    assert _result(response) == "verified"
    assert ("Verified" if lang == "en" else "已验证") in response.text
    assert proof["root_hex"] in response.text


def test_the_leaf_text_itself_may_be_pasted(seeded: Any) -> None:
    proof = _proof(seeded, 5)
    response = _post(seeded, _form(proof, leaf=proof["leaf"]))
    assert _result(response) == "verified"
    assert f"its leaf hash SHA-256(0x00 || leaf) is {proof['leaf_hash_hex']}" in response.text


def test_a_changed_hash_wrong_index_or_short_path_is_not_verified(seeded: Any) -> None:
    proof = _proof(seeded, 17)
    first = proof["proof_hex"][0]
    changed = ("0" if first[0] != "0" else "1") + first[1:]
    tampered = _form(proof, proof="\n".join([changed, *proof["proof_hex"][1:]]))
    response = _post(seeded, tampered)
    assert _result(response) == "not-verified"
    assert "does not lead to the root hash you gave" in response.text
    wrong_index = _post(seeded, _form(proof, leaf_index=str(proof["leaf_index"] + 1)))
    assert _result(wrong_index) == "not-verified"
    short = _post(seeded, _form(proof, proof="\n".join(proof["proof_hex"][:-1])))
    assert _result(short) == "not-verified"
    want = len(proof["proof_hex"])
    assert f"has an audit path of {want} hashes; you gave {want - 1}" in short.text
    other_leaf = _post(seeded, _form(proof, leaf=proof["leaf"].replace('"seq":', '"seq": ')))
    assert _result(other_leaf) == "not-verified"


def test_junk_is_answered_with_field_value_and_reason(seeded: Any) -> None:
    proof = _proof(seeded, 3)
    response = _post(seeded, _form(proof, leaf_index="minus one", root="xyz<b>", proof="abc"))
    assert _result(response) == "not-verified"
    text = response.text
    assert "minus one" in text
    assert "must be a whole number, 0 or more" in text
    assert "xyz&lt;b&gt;" in text  # shown back, escaped
    assert "<b>" not in text.split('id="proof-result"')[1].split("</section>")[0]
    assert "hash number 1 is not 64 hexadecimal characters" in text
    too_far = _post(seeded, _form(proof, leaf_index=str(proof["tree_size"])))
    assert f"must be less than the tree size {proof['tree_size']}" in too_far.text


def test_without_a_csrf_token_nothing_is_checked(seeded: Any) -> None:
    proof = _proof(seeded, 17)
    response = seeded.client.post("/portal/transparency?lang=en", data=_form(proof))
    assert response.status_code == 403
    assert 'id="proof-result"' not in response.text


@given(st.integers(min_value=1, max_value=300), st.data())
def test_path_length_matches_the_reference_proofs(size: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    leaves = [leaf_hash(str(i).encode()) for i in range(size)]
    assert audit_path_length(index, size) == len(inclusion_proof(leaves, index))


@given(st.integers(min_value=1, max_value=120), st.data())
def test_reference_proofs_check_and_any_changed_hash_fails(size: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    leaves = [leaf_hash(str(i).encode()) for i in range(size)]
    path = inclusion_proof(leaves, index)
    form = {
        "leaf": leaves[index].hex(),
        "leaf_index": str(index),
        "tree_size": str(size),
        "proof": ", ".join(node.hex() for node in path),
        "root": root(leaves).hex(),
    }
    assert check_proof(form).verified
    if path:
        position = data.draw(st.integers(min_value=0, max_value=len(path) - 1))
        changed = [*path]
        changed[position] = bytes([changed[position][0] ^ 0x80]) + changed[position][1:]
        outcome = check_proof({**form, "proof": " ".join(node.hex() for node in changed)})
        assert not outcome.verified
        assert outcome.failure == "mismatch"


@given(st.dictionaries(st.sampled_from(["leaf", "leaf_index", "tree_size", "proof", "root"]),
                       st.text(max_size=200)))  # fmt: skip
def test_the_parser_never_raises_on_any_text(form: dict[str, str]) -> None:
    outcome = check_proof(form)
    assert outcome.verified in {True, False}
    assert outcome.verified or outcome.issues or outcome.failure
