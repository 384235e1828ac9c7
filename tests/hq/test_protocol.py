"""The wire protocol's helpers: enrollment codes and their QR text, keys, digests, certificate messages."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from hq_testing import TestDevice
from hypothesis import given
from hypothesis import strategies as st

from inspector_app.sync.protocol import (
    ENROLLMENT_CODE_ALPHABET,
    REFERENCE_ROW_MODELS,
    DeviceCertificate,
    ReferenceTable,
    device_certificate_message,
    format_enrolled_at,
    format_enrollment_code,
    format_enrollment_qr,
    is_enrollment_code,
    normalise_enrollment_code,
    parse_enrollment_qr,
    record_signing_message,
    reference_digest,
    reference_key,
)

codes = st.text(alphabet=ENROLLMENT_CODE_ALPHABET, min_size=16, max_size=16)


@given(codes, st.sampled_from([None, "http://127.0.0.1:8765", "https://hq.example.cn/inspector?x=1&y=2"]))
def test_the_enrollment_qr_round_trips(code: str, url: str | None) -> None:
    parsed = parse_enrollment_qr(format_enrollment_qr(code, url))
    assert parsed is not None
    assert parsed.code == code
    assert parsed.hq_url == url


@given(st.text())
def test_reading_any_text_as_an_enrollment_qr_never_raises(text: str) -> None:
    parsed = parse_enrollment_qr(text)
    assert parsed is None or is_enrollment_code(parsed.code)


def test_codes_are_read_the_way_people_type_them() -> None:
    assert normalise_enrollment_code(" 7k3q-9xjd-m2pa-h4tb ") == "7K3Q9XJDM2PAH4TB"
    assert normalise_enrollment_code("O0IL") == "0011"
    assert format_enrollment_code("7K3Q9XJDM2PAH4TB") == "7K3Q-9XJD-M2PA-H4TB"
    assert not is_enrollment_code("7K3Q9XJDM2PAH4T")
    assert parse_enrollment_qr("IWENROLL1:code=7K3Q-9XJD-M2PA-H4TB&hq=ftp%3A%2F%2Fx") is None
    assert parse_enrollment_qr("IWENROLL1:code=short") is None


def test_reference_keys_and_digest() -> None:
    assert reference_key("licences", {"type": "SC", "number": "SC123"}) == "SC|SC123"
    assert (
        reference_key(
            ReferenceTable.BLACKLIST_ENTRIES, {"enterprise_uscc": "U", "list_type": "t", "since": dt.date(2026, 1, 2)}
        )
        == "U|t|2026-01-02"
    )
    assert reference_key("holiday_days", {"day": "2026-10-01"}) == "2026-10-01"
    assert reference_key("catalogue_editions", {"edition": {"code": "cn-2023"}}) == "cn-2023"
    assert reference_digest([("b", 2), ("a", 1)]) == hashlib.sha256(b"a\t1\nb\t2\n").hexdigest()
    assert set(REFERENCE_ROW_MODELS) == set(ReferenceTable)


def test_a_certificate_signs_key_id_key_and_time() -> None:
    hq = TestDevice("hq")
    device = TestDevice()
    enrolled_at = format_enrolled_at(dt.datetime(2026, 11, 28, 8, 30, 5, 999, tzinfo=dt.UTC))
    assert enrolled_at == "2026-11-28T08:30:05Z"
    message = device_certificate_message(device.key_id, device.public_key_raw, enrolled_at)
    assert device.public_key_raw in message and device.key_id.encode() in message
    import base64

    certificate = DeviceCertificate(
        device_key_id=device.key_id,
        public_key=device.public_key_b64,
        enrolled_at=enrolled_at,
        hq_key_id=hq.key_id,
        signature=base64.b64encode(hq.sign(message)).decode(),
    )
    assert certificate.verify(hq.public_key_raw)
    assert not certificate.model_copy(update={"enrolled_at": "2027-01-01T00:00:00Z"}).verify(hq.public_key_raw)
    assert not certificate.model_copy(update={"signature": "%%%"}).verify(hq.public_key_raw)
    # A record signature is never a certificate signature.
    assert message != record_signing_message("0" * 64)
    with pytest.raises(ValueError, match="aware"):
        format_enrolled_at(dt.datetime(2026, 1, 1))
