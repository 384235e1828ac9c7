"""GS1 element strings, their separators and symbology prefixes, the bracketed form and Digital Links."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector_app.domain.identifiers import IdentifierError, IdentifierKind, parse_identifier

GTIN = "06901234567892"
FULL = f"01{GTIN}11250101152606301725123110\u200bABC"


def error_of(text: str, symbology: str | None = None) -> IdentifierError:
    with pytest.raises(IdentifierError) as caught:
        parse_identifier(text, symbology)
    return caught.value


def test_gs1_128_with_aim_prefix() -> None:
    found = parse_identifier(f"]C101{GTIN}17251231")
    assert found.kind is IdentifierKind.GS1
    assert found.symbology == "]C1"
    assert found.gtin == GTIN
    assert found.expiry_date == dt.date(2025, 12, 31)
    assert found.details["prefix_owner"] == "GS1 China"
    assert found.normalized == f"(01){GTIN}(17)251231"


def test_all_fields_are_extracted_and_the_full_ai_list_kept() -> None:
    found = parse_identifier(f"]d201{GTIN}11250101152606301725123110ABC\x1d21SN-001\x1d13250102")
    assert found.symbology == "]d2"
    assert found.batch == "ABC"
    assert found.serial == "SN-001"
    assert found.production_date == dt.date(2025, 1, 1)
    assert found.best_before_date == dt.date(2026, 6, 30)
    assert found.expiry_date == dt.date(2025, 12, 31)
    assert found.details["packaging_date"] == "2025-01-02"
    assert [ai for ai, _ in found.elements] == ["01", "11", "15", "17", "10", "21", "13"]
    assert found.details["ai_21"] == "SN-001"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("250200", dt.date(2025, 2, 28)),
        ("240200", dt.date(2024, 2, 29)),
        ("251100", dt.date(2025, 11, 30)),
        ("251200", dt.date(2025, 12, 31)),
    ],
)
def test_day_00_means_the_last_day_of_the_month(date: str, expected: dt.date) -> None:
    assert parse_identifier(f"01{GTIN}17{date}").expiry_date == expected


@pytest.mark.parametrize("date", ["250231", "251301", "250132", "250001"])
def test_impossible_dates_are_bad_date(date: str) -> None:
    error = error_of(f"]C101{GTIN}17{date}10ABC")
    assert (error.kind, error.code) == (IdentifierKind.GS1, "bad_date")
    assert date in error.message_en


@pytest.mark.parametrize(
    "separator",
    ["\x1d", "<GS>", "<gs>", "{GS}", "\u241d", "^]", "~", "\xe8", "]C1", "＜ＧＳ＞"],
)
def test_gs_and_its_keyboard_substitutes_end_a_variable_length_field(separator: str) -> None:
    found = parse_identifier(f"01{GTIN}10ABC{separator}21XYZ{separator}17251231")
    assert found.kind is IdentifierKind.GS1
    assert (found.batch, found.serial, found.expiry_date) == ("ABC", "XYZ", dt.date(2025, 12, 31))


def test_leading_fnc1_is_ignored() -> None:
    assert parse_identifier(f"\xe801{GTIN}10ABC").batch == "ABC"
    assert parse_identifier(f"]C1\x1d01{GTIN}10ABC").batch == "ABC"


def test_set_82_characters_stay_in_the_value() -> None:
    found = parse_identifier(f"]C101{GTIN}10A-B/C.(1)<2>\x1d21Z")
    assert found.batch == "A-B/C.(1)<2>"
    assert found.serial == "Z"


def test_without_separator_a_variable_field_runs_to_the_end() -> None:
    # This is how GS1 defines it; the parser must not guess a split.
    assert parse_identifier(f"01{GTIN}10ABC21XYZ").batch == "ABC21XYZ"


def test_gs1_symbologies_other_than_128() -> None:
    assert parse_identifier(f"]e001{GTIN}").gtin == GTIN
    assert parse_identifier(f"]Q301{GTIN}10X").batch == "X"
    assert parse_identifier(f"01{GTIN}10X", symbology="]d2").symbology == "]d2"


def test_plain_code_128_symbology_is_classified_by_content() -> None:
    found = parse_identifier("]C06901234567892")
    assert (found.kind, found.symbology) == (IdentifierKind.GTIN, "]C0")


@pytest.mark.parametrize(
    "text",
    [
        f"(01){GTIN}(17)251231(10)ABC",
        f"(01) {GTIN} (17) 251231 (10) ABC",
        f"（01）{GTIN}（17）251231（10）ABC",
        f"]C1(01){GTIN}(17)251231(10)ABC",
    ],
)
def test_bracketed_form(text: str) -> None:
    found = parse_identifier(text)
    assert found.kind is IdentifierKind.GS1
    assert (found.gtin, found.batch, found.expiry_date) == (GTIN, "ABC", dt.date(2025, 12, 31))
    assert found.normalized == f"(01){GTIN}(17)251231(10)ABC"


def test_bracketed_form_keeps_non_ai_parentheses_in_the_value() -> None:
    assert parse_identifier(f"(01){GTIN}(10)A(B)C").batch == "A(B)C"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f"(01){GTIN}(23)X", "unknown_ai"),
        (f"(01){GTIN[:-1]}3", "check_digit"),
        ("(01)0690123456789", "bad_length"),
        (f"(01){GTIN}(17)251331", "bad_date"),
        (f"(01){GTIN}(10)", "bad_value"),
        (f"(01){GTIN}(10)ABCDEFGHIJKLMNOPQRSTU", "bad_value"),
        (f"(01){GTIN}(01)16901234567899", "bad_value"),
    ],
)
def test_bracketed_form_errors(text: str, code: str) -> None:
    error = error_of(text)
    assert (error.kind, error.code) == (IdentifierKind.GS1, code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f"]C101{GTIN}2399", "unknown_ai"),
        (f"]C101{GTIN[:-1]}3", "check_digit"),
        ("]C1010690123456", "bad_length"),
        ("]C1ABC", "bad_format"),
        (f"]C101{GTIN}10ABC DEF", "bad_format"),
        (f"]C101{GTIN}\x1d10\x1d21X", "bad_value"),
        (f"01{GTIN}10ABC\x1d21X\x1d2399", "unknown_ai"),
        ("]C100123456789012345670", "check_digit"),
    ],
)
def test_element_string_errors(text: str, code: str) -> None:
    error = error_of(text)
    assert (error.kind, error.code) == (IdentifierKind.GS1, code)


def test_unclaimed_single_weak_element_is_not_a_gs1_code() -> None:
    # "10" + text is formally a batch, "91..." company-internal data; alone, they are typing mistakes.
    for text in ("10ABC", "1012345", "9876543210", "21-XYZ"):
        assert error_of(text).kind is IdentifierKind.UNKNOWN
    # The same with a GS1 symbology is GS1 data.
    assert parse_identifier("]C110ABC").batch == "ABC"
    # Two elements without a key are accepted: a secondary GS1-128 label (expiry + batch).
    assert parse_identifier("1725123110ABC").batch == "ABC"


def test_sscc_in_a_gs1_string() -> None:
    found = parse_identifier("]C100106141411234567897")
    assert found.details["ai_00"] == "106141411234567897"
    assert found.gtin is None


@pytest.mark.parametrize(
    "uri",
    [
        f"https://example.com/01/{GTIN}/10/ABC?17=251231",
        "https://example.com/01/6901234567892/10/ABC?17=251231",
        f"HTTPS://example.com/01/{GTIN}/10/ABC?17=251231",
        f"https://example.com/shop/01/{GTIN}/10/ABC?17=251231&utm=x",
    ],
)
def test_digital_link(uri: str) -> None:
    found = parse_identifier(uri)
    assert found.kind is IdentifierKind.DIGITAL_LINK
    assert (found.gtin, found.batch, found.expiry_date) == (GTIN, "ABC", dt.date(2025, 12, 31))
    assert found.normalized == uri
    assert found.details["uri_host"] == "example.com"


def test_digital_link_with_serial_in_a_gs1_qr() -> None:
    found = parse_identifier(f"]Q3https://id.gs1.org/01/{GTIN}/21/SN%2F1")
    assert found.symbology == "]Q3"
    assert found.serial == "SN/1"


@pytest.mark.parametrize(
    ("uri", "code"),
    [
        (f"https://example.com/01/{GTIN[:-1]}3/10/ABC", "check_digit"),
        (f"https://example.com/01/{GTIN}/10/ABC?17=251331", "bad_date"),
        (f"https://example.com/01/{GTIN}/99/ABC", "bad_format"),
        (f"https://example.com/01/{GTIN}/10", "bad_format"),
        ("http://[::1/01/x", "bad_format"),
    ],
)
def test_digital_link_errors(uri: str, code: str) -> None:
    error = error_of(uri)
    assert (error.kind, error.code) == (IdentifierKind.DIGITAL_LINK, code)


def test_a_url_without_a_gs1_key_is_not_a_digital_link() -> None:
    assert error_of("https://www.gsxt.gov.cn/corp/91110108551385082Q").kind is IdentifierKind.UNKNOWN


def test_zero_width_space_inside_a_message_is_dropped() -> None:
    assert parse_identifier(FULL).batch == "ABC"
