"""Base45 against RFC 9285's own examples, and as a round trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_app.documents.base45 import ALPHABET, Base45Error, b45decode, b45encode

RFC_EXAMPLES = [
    (b"AB", "BB8"),
    (b"Hello!!", "%69 VD92EX0"),
    (b"base-45", "UJCLQE7W581"),
    (b"ietf!", "QED8WEX0"),
    (b"", ""),
]


@pytest.mark.parametrize(("data", "text"), RFC_EXAMPLES)
def test_rfc_9285_examples(data: bytes, text: str) -> None:
    assert b45encode(data) == text
    assert b45decode(text) == data


@pytest.mark.parametrize(
    "text",
    [
        "GGW",  # RFC 9285 §4.2: 65535 + 1 does not fit two bytes
        "A",  # a length of 3n+1
        "ABCD",
        "abc",  # lower case is not in the alphabet
        "BB8#",
        "::",  # 44 + 44*45 > 255 for a final pair
    ],
)
def test_invalid_text_is_refused(text: str) -> None:
    with pytest.raises(Base45Error):
        b45decode(text)


@given(st.binary(max_size=600))
def test_round_trip(data: bytes) -> None:
    text = b45encode(data)
    assert set(text) <= set(ALPHABET)
    assert len(text) == len(data) // 2 * 3 + len(data) % 2 * 2
    assert b45decode(text) == data


@given(st.text(max_size=60))
def test_decoding_any_text_either_works_or_says_why(text: str) -> None:
    try:
        data = b45decode(text)
    except Base45Error:
        return
    assert b45encode(data) == text
