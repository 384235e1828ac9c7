"""The signed QR payload: structure (COSE_Sign1 per RFC 9052), size, and every way verification can fail."""

from __future__ import annotations

import datetime as dt
import zlib

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from document_samples import CERTIFICATE_NUMBER, PRODUCT, SigningKey, claims
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.documents.base45 import ALPHABET, b45decode, b45encode
from inspector_app.documents.certificate_payload import (
    MAX_PAYLOAD_CHARS,
    PREFIX,
    CertificateClaims,
    CertificatePayloadError,
    VerificationStatus,
    encode_certificate,
    fit_claims,
    verify_certificate,
)
from inspector_app.documents.qr_code_flowable import qr_symbol
from inspector_app.domain.limits import Conformity


def _cose(text: str) -> cbor2.CBORTag:
    decoded = cbor2.loads(zlib.decompress(b45decode(text[len(PREFIX) :])))
    assert isinstance(decoded, cbor2.CBORTag)
    return decoded


def _rewrap(message: cbor2.CBORTag) -> str:
    return PREFIX + b45encode(zlib.compress(cbor2.dumps(message)))


def test_a_signed_payload_verifies_with_its_claims(key: SigningKey) -> None:
    text = encode_certificate(claims(), key.sign, key.key_id)
    assert text.startswith("IW1:")
    result = verify_certificate(text, {key.key_id: key.public_raw})
    assert result.status is VerificationStatus.GENUINE
    assert result.genuine
    assert result.key_id == key.key_id
    assert result.claims is not None
    assert result.claims.certificate_number == CERTIFICATE_NUMBER
    assert result.claims.verdict is Conformity.NONCONFORMING
    assert result.claims.maker_uscc == "91110108551385082Q"
    assert result.claims.date == dt.date(2026, 12, 4)
    assert result.claims.inspector_badges == ("14070201001", "14070201002")
    assert result.claims.issued_at == dt.datetime(2026, 12, 4, 1, 30, tzinfo=dt.UTC)
    assert result.claims.issuer_key_id == key.key_id
    assert "真实有效" in result.message_zh


def test_the_message_is_a_cose_sign1_with_eddsa_and_the_kid_protected(key: SigningKey) -> None:
    message = _cose(encode_certificate(claims(), key.sign, key.key_id))
    assert message.tag == 18
    protected, unprotected, payload, signature = message.value
    assert cbor2.loads(protected) == {1: -8, 4: bytes.fromhex(key.key_id)}
    assert dict(unprotected) == {}
    # The signature is over RFC 9052's Sig_structure, checked here with the library directly.
    to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
    Ed25519PublicKey.from_public_bytes(key.public_raw).verify(signature, to_be_signed)
    data = cbor2.loads(payload)
    assert data[1] == CERTIFICATE_NUMBER
    assert data[2] == 2  # nonconforming
    assert data[6] == 20261204
    assert all(isinstance(label, int) and 0 <= label < 24 for label in data)


def test_the_signer_key_can_travel_in_the_unprotected_header(key: SigningKey) -> None:
    text = encode_certificate(claims(), key.sign, key.key_id, signer_public_key=key.public_raw)
    assert dict(_cose(text).value[1]) == {-65537: key.public_raw}
    assert verify_certificate(text, {key.key_id: key.public_raw}).genuine


def test_a_changed_byte_in_the_claims_is_altered(key: SigningKey) -> None:
    message = _cose(encode_certificate(claims(), key.sign, key.key_id, signer_public_key=key.public_raw))
    protected, unprotected, payload, signature = message.value
    data = dict(cbor2.loads(payload))
    data[2] = 1  # nonconforming → conforming, the forger's dream
    tampered = _rewrap(cbor2.CBORTag(18, [protected, unprotected, cbor2.dumps(data), signature]))
    result = verify_certificate(tampered, {key.key_id: key.public_raw})
    assert result.status is VerificationStatus.ALTERED
    assert result.claims is not None and result.claims.verdict is Conformity.CONFORMING  # what it claims
    assert "篡改" in result.message_zh


def test_any_single_changed_byte_of_the_message_is_never_genuine(key: SigningKey) -> None:
    text = encode_certificate(claims(), key.sign, key.key_id)
    message = zlib.decompress(b45decode(text[len(PREFIX) :]))
    trusted = {key.key_id: key.public_raw}
    for index in range(len(message)):
        changed = bytearray(message)
        changed[index] ^= 0x01
        result = verify_certificate(PREFIX + b45encode(zlib.compress(bytes(changed))), trusted)
        assert not result.genuine, index
        assert result.status in (
            VerificationStatus.ALTERED,
            VerificationStatus.MALFORMED,
            VerificationStatus.UNKNOWN_SIGNER,
        )


def test_a_changed_character_of_the_text_is_not_genuine(key: SigningKey) -> None:
    text = encode_certificate(claims(), key.sign, key.key_id)
    position = len(text) // 2
    replacement = "A" if text[position] != "A" else "B"
    result = verify_certificate(text[:position] + replacement + text[position + 1 :], {key.key_id: key.public_raw})
    assert not result.genuine


def test_a_foreign_key_is_an_unknown_signer(key: SigningKey, other_key: SigningKey) -> None:
    text = encode_certificate(claims(), other_key.sign, other_key.key_id)
    result = verify_certificate(text, {key.key_id: key.public_raw})
    assert result.status is VerificationStatus.UNKNOWN_SIGNER
    assert result.key_id == other_key.key_id
    assert result.claims is not None  # readable, but not to be trusted
    assert other_key.key_id in result.message_en


def test_another_key_claiming_a_trusted_kid_is_forged(key: SigningKey, other_key: SigningKey) -> None:
    forged = encode_certificate(claims(), other_key.sign, key.key_id, signer_public_key=other_key.public_raw)
    result = verify_certificate(forged, {key.key_id: key.public_raw})
    assert result.status is VerificationStatus.FORGED
    assert result.key_id == key.key_id
    assert result.signer_key_id == other_key.key_id
    assert "伪造" in result.message_zh


def test_a_trusted_key_signing_under_another_trusted_kid_is_forged(key: SigningKey, other_key: SigningKey) -> None:
    forged = encode_certificate(claims(), other_key.sign, key.key_id)
    trusted = {key.key_id: key.public_raw, other_key.key_id: other_key.public_raw}
    result = verify_certificate(forged, trusted)
    assert result.status is VerificationStatus.FORGED
    assert result.signer_key_id == other_key.key_id


def test_a_resigned_payload_that_hides_its_key_can_only_be_called_altered(
    key: SigningKey, other_key: SigningKey
) -> None:
    forged = encode_certificate(claims(), other_key.sign, key.key_id)
    result = verify_certificate(forged, {key.key_id: key.public_raw})
    assert result.status is VerificationStatus.ALTERED
    assert not result.genuine


def test_an_embedded_key_that_does_not_verify_proves_nothing(key: SigningKey, other_key: SigningKey) -> None:
    # A payload of ours with someone else's key pasted in: the signature is still ours, so it stays genuine.
    message = _cose(encode_certificate(claims(), key.sign, key.key_id))
    protected, _unprotected, payload, signature = message.value
    swapped = _rewrap(cbor2.CBORTag(18, [protected, {-65537: other_key.public_raw}, payload, signature]))
    assert verify_certificate(swapped, {key.key_id: key.public_raw}).genuine


def test_a_revoked_or_damaged_trusted_key_does_not_verify(key: SigningKey) -> None:
    text = encode_certificate(claims(), key.sign, key.key_id)
    assert verify_certificate(text, {}).status is VerificationStatus.UNKNOWN_SIGNER
    assert verify_certificate(text, {key.key_id: b"short"}).status is VerificationStatus.ALTERED
    assert verify_certificate(text, {key.key_id.upper(): key.public_raw}).genuine


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "IW1:"),
        ("HC1:NCFOXN", "IW1:"),
        ("IW2:NCFOXN", "version"),
        ("IW1:abc", "base45"),
        ("IW1:A", "base45"),
        ("IW1:" + b45encode(b"not zlib at all"), "compressed"),
        ("IW1:" + b45encode(zlib.compress(b"\xff\xff")), "CBOR"),
        ("IW1:" + b45encode(zlib.compress(cbor2.dumps([1, 2, 3]))), "COSE_Sign1"),
        ("IW1:" + b45encode(zlib.compress(cbor2.dumps(cbor2.CBORTag(98, [])))), "COSE_Sign1"),
        ("IW1:" + b45encode(zlib.compress(b"\x00" * 100_000)), "too large"),
        ("IW1:" + "A" * 5000, "too long"),
    ],
)
def test_malformed_payloads_say_which_layer_failed(text: str, reason: str) -> None:
    result = verify_certificate(text, {})
    assert result.status is VerificationStatus.MALFORMED
    assert result.claims is None
    assert reason in result.message_en


def test_a_message_with_another_algorithm_is_malformed(key: SigningKey) -> None:
    _protected, unprotected, payload, signature = _cose(encode_certificate(claims(), key.sign, key.key_id)).value
    es256 = cbor2.dumps({1: -7, 4: bytes.fromhex(key.key_id)})
    result = verify_certificate(_rewrap(cbor2.CBORTag(18, [es256, unprotected, payload, signature])), {})
    assert result.status is VerificationStatus.MALFORMED
    assert "EdDSA" in result.message_en


def test_an_untagged_cose_sign1_is_accepted(key: SigningKey) -> None:
    message = _cose(encode_certificate(claims(), key.sign, key.key_id))
    untagged = PREFIX + b45encode(zlib.compress(cbor2.dumps(list(message.value))))
    assert verify_certificate(untagged, {key.key_id: key.public_raw}).genuine


def test_signed_but_unreadable_claims_are_malformed(key: SigningKey) -> None:
    protected = cbor2.dumps({1: -8, 4: bytes.fromhex(key.key_id)})
    payload = cbor2.dumps({1: "IW-1", 2: 7})
    signature = key.sign(cbor2.dumps(["Signature1", protected, b"", payload]))
    result = verify_certificate(
        _rewrap(cbor2.CBORTag(18, [protected, {}, payload, signature])), {key.key_id: key.public_raw}
    )
    assert result.status is VerificationStatus.MALFORMED


def test_bad_key_ids_and_long_numbers_are_refused(key: SigningKey) -> None:
    with pytest.raises(CertificatePayloadError):
        encode_certificate(claims(), key.sign, "not hex")
    with pytest.raises(CertificatePayloadError):
        encode_certificate(claims(certificate_number="号" * 20), key.sign, key.key_id)
    with pytest.raises(CertificatePayloadError):
        encode_certificate(claims(), key.sign, key.key_id, signer_public_key=b"123")
    with pytest.raises(ValueError, match="verdict"):
        claims(verdict=Conformity.NOT_JUDGED)
    with pytest.raises(ValueError, match="time zone"):
        claims(issued_at=dt.datetime(2026, 1, 1))


REALISTIC_PRODUCTS = [
    PRODUCT,
    "伊利金典有机纯牛奶250mL×12盒礼盒装",
    "公牛GN-H3060三孔五位延长线插座（1.8米）",
    "中华人民共和国国家标准复合肥料（氮磷钾15-15-15）硫酸钾型",
    "飞鹤星飞帆较大婴儿配方奶粉（6-12月龄，2段）700克罐装",
    "五粮液52度浓香型白酒500ml",
]


@pytest.mark.parametrize("product", REALISTIC_PRODUCTS)
@pytest.mark.parametrize("embed_key", [False, True])
def test_realistic_chinese_certificates_fit_a_version_15_code_at_level_q(
    key: SigningKey, product: str, embed_key: bool
) -> None:
    signer = key.public_raw if embed_key else None
    text = encode_certificate(
        claims(product=product, batch="2026-09-03/A07-第3班"), key.sign, key.key_id, signer_public_key=signer
    )
    assert len(text) <= MAX_PAYLOAD_CHARS
    assert qr_symbol(text).version <= 15
    result = verify_certificate(text, {key.key_id: key.public_raw})
    assert result.genuine
    assert result.claims is not None
    # Shortened or not, the product still starts as printed and the number is whole.
    assert product.startswith(result.claims.product.rstrip("…"))
    assert result.claims.certificate_number == CERTIFICATE_NUMBER


def test_long_texts_are_shortened_with_an_ellipsis(key: SigningKey) -> None:
    fitted = fit_claims(claims(product="甲" * 40, inspector_badges=tuple(f"B{n:030d}" for n in range(6))))
    assert fitted.product == "甲" * 15 + "…"
    assert len(fitted.inspector_badges) == 4
    assert all(len(badge) == 20 and badge.endswith("…") for badge in fitted.inspector_badges)


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    number=st.text(st.characters(codec="ascii", min_codepoint=33, max_codepoint=126), min_size=1, max_size=40),
    product=_TEXT,
    batch=_TEXT,
    uscc=_TEXT,
    badges=st.lists(_TEXT, max_size=6).map(tuple),
    verdict=st.sampled_from([Conformity.CONFORMING, Conformity.NONCONFORMING]),
    day=st.dates(),
    embed=st.booleans(),
)
def test_any_claims_fit_version_15_and_verify(
    *,
    number: str,
    product: str,
    batch: str,
    uscc: str,
    badges: tuple[str, ...],
    verdict: Conformity,
    day: dt.date,
    embed: bool,
) -> None:
    key = _HYPOTHESIS_KEY
    original = CertificateClaims(
        number, verdict, product, batch, uscc, day, badges, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    text = encode_certificate(original, key.sign, key.key_id, signer_public_key=key.public_raw if embed else None)
    assert len(text) <= MAX_PAYLOAD_CHARS
    result = verify_certificate(text, {key.key_id: key.public_raw})
    assert result.genuine
    assert result.claims is not None
    assert result.claims.certificate_number == number
    assert result.claims.verdict is verdict
    assert result.claims.date == day


_HYPOTHESIS_KEY = SigningKey()


@given(st.text(max_size=600))
def test_verifying_any_text_never_raises(text: str) -> None:
    result = verify_certificate(text, {_HYPOTHESIS_KEY.key_id: _HYPOTHESIS_KEY.public_raw})
    assert not result.genuine
    assert result.message_zh and result.message_en


@given(st.text(ALPHABET, max_size=500))
def test_verifying_any_base45_text_never_raises(body: str) -> None:
    assert not verify_certificate(PREFIX + body, {}).genuine


_CBOR_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.binary(max_size=40) | st.text(max_size=20) | st.floats(),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.integers(-70000, 30) | st.text(max_size=3), children, max_size=5)
    ),
    max_leaves=20,
)


@given(_CBOR_VALUES, st.booleans())
def test_verifying_any_cbor_inside_never_raises(value: object, tagged: bool) -> None:
    body = cbor2.CBORTag(18, value) if tagged else value
    text = PREFIX + b45encode(zlib.compress(cbor2.dumps(body)))
    assert not verify_certificate(text, {_HYPOTHESIS_KEY.key_id: _HYPOTHESIS_KEY.public_raw}).genuine


@given(st.lists(_CBOR_VALUES, min_size=4, max_size=4), st.binary(min_size=64, max_size=64))
def test_verifying_any_cose_shaped_message_never_raises(parts: list[object], signature: bytes) -> None:
    protected = cbor2.dumps({1: -8, 4: bytes.fromhex(_HYPOTHESIS_KEY.key_id)})
    payload = cbor2.dumps(parts[2])
    message = cbor2.CBORTag(18, [protected, parts[1] if isinstance(parts[1], dict) else {}, payload, signature])
    result = verify_certificate(_rewrap(message), {_HYPOTHESIS_KEY.key_id: _HYPOTHESIS_KEY.public_raw})
    assert result.status is VerificationStatus.ALTERED
