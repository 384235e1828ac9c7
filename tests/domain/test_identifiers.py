"""Recognising and checking each kind of code, with real examples and their corrupted twins."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from inspector_app.domain.errors import InspectorError
from inspector_app.domain.identifiers import (
    Identification,
    IdentifierError,
    IdentifierKind,
    format_org_code,
    identify,
    is_valid_org_code,
    org_code_check_char,
    parse_identifier,
    province_by_abbreviation,
    region_name,
)
from inspector_app.domain.identifiers.licences import parse_ccc_certificate

REAL_USCCS = ("91110108551385082Q", "92140702MA0K2AX62M", "91350100M000100Y43", "91110000600037341L")


def error_of(text: str, symbology: str | None = None) -> IdentifierError:
    with pytest.raises(IdentifierError) as caught:
        parse_identifier(text, symbology)
    return caught.value


# --- GTIN -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "gtin14", "gtin_format", "normalized"),
    [
        ("6901234567892", "06901234567892", "GTIN-13", "6901234567892"),
        ("06901234567892", "06901234567892", "GTIN-13", "6901234567892"),
        ("96385074", "00000096385074", "GTIN-8", "96385074"),
        ("012345678905", "00012345678905", "GTIN-12", "012345678905"),
        ("16901234567899", "16901234567899", "GTIN-14", "16901234567899"),
    ],
)
def test_gtin_of_every_length_is_recognised_and_normalised_to_14_digits(
    text: str, gtin14: str, gtin_format: str, normalized: str
) -> None:
    found = parse_identifier(text)
    assert found.kind is IdentifierKind.GTIN
    assert found.gtin == gtin14
    assert found.normalized == normalized
    assert found.details["gtin_format"] == gtin_format
    assert found.raw == text


def test_gtin_reports_the_gs1_prefix_owner() -> None:
    found = parse_identifier("6901234567892")
    assert found.details["gs1_prefix"] == "690"
    assert found.details["prefix_owner"] == "GS1 China"
    assert found.details["company_prefix"] == "6901234"


def test_gtin_14_reports_its_packaging_level() -> None:
    assert parse_identifier("16901234567899").details["packaging_level"] == "1"


def test_in_store_number_is_marked_as_restricted_circulation() -> None:
    found = parse_identifier("2001234567893")
    assert found.kind is IdentifierKind.GTIN
    assert "restricted_circulation" in found.details


@pytest.mark.parametrize("text", ["6901234567893", "96385075", "012345678904", "16901234567898"])
def test_gtin_with_a_wrong_check_digit_is_a_gtin_error(text: str) -> None:
    error = error_of(text)
    assert error.kind is IdentifierKind.GTIN
    assert error.code == "check_digit"
    assert "校验位" in error.message_zh
    assert "check digit" in error.message_en


def test_eight_digits_that_are_a_valid_upc_e_are_expanded() -> None:
    found = parse_identifier("04252614")
    assert found.kind is IdentifierKind.GTIN
    assert found.gtin == "00042100005264"
    assert found.details["upc_e"] == "04252614"


def test_all_zero_gtin_is_refused() -> None:
    assert error_of("0000000000000").code == "bad_value"


def test_ean_symbology_means_a_plain_gtin() -> None:
    found = parse_identifier("]E06901234567892")
    assert (found.kind, found.symbology, found.gtin) == (IdentifierKind.GTIN, "]E0", "06901234567892")
    assert parse_identifier("]E496385074").gtin == "00000096385074"
    error = error_of("]E069012345678")
    assert (error.kind, error.code) == (IdentifierKind.GTIN, "bad_length")


def test_ean_13_with_add_on_keeps_the_add_on_apart() -> None:
    found = parse_identifier("]E3690123456789212")
    assert found.gtin == "06901234567892"
    assert found.details["add_on"] == "12"


def test_symbology_passed_separately_is_used() -> None:
    found = parse_identifier("6901234567892", symbology="]E0")
    assert found.symbology == "]E0"


def test_malformed_separate_symbology_is_ignored() -> None:
    found = parse_identifier("6901234567892", symbology="]Yx")
    assert found.symbology is None
    assert found.kind is IdentifierKind.GTIN


# --- USCC and organisation codes ---------------------------------------------------------------------


@pytest.mark.parametrize("uscc", REAL_USCCS)
def test_real_usccs_pass_with_their_parts(uscc: str) -> None:
    found = parse_identifier(uscc)
    assert found.kind is IdentifierKind.USCC
    assert found.uscc == uscc
    assert found.region_code == uscc[2:8]
    assert found.org_code == f"{uscc[8:16]}-{uscc[16]}"
    assert found.details["check_char"] == uscc[17]
    assert found.details["org_code_check"].startswith("通过")


def test_uscc_parts_are_named() -> None:
    found = parse_identifier("92140702MA0K2AX62M")
    assert found.details["authority"] == "工商（市场监管）"
    assert found.details["entity_type"] == "个体工商户"
    assert found.details["region_name"] == "山西省 晋中市 榆次区"


def test_uscc_typed_full_width_and_lower_case_is_normalised() -> None:
    found = parse_identifier("  ９１１１０１０８５５１３８５０８２ｑ\u3000")
    assert found.uscc == "91110108551385082Q"
    assert parse_identifier("92140702ma0k2ax62m").uscc == "92140702MA0K2AX62M"


def test_uscc_with_wrong_check_character() -> None:
    error = error_of("91110108551385082R")
    assert (error.kind, error.code) == (IdentifierKind.USCC, "check_digit")
    assert "Q" in error.message_en


def test_uscc_with_a_forbidden_letter() -> None:
    error = error_of("91110108551385O82Q")
    assert (error.kind, error.code) == (IdentifierKind.USCC, "bad_format")


def test_uscc_with_letters_in_the_region_code() -> None:
    assert error_of("9111A108551385082Q").code == "bad_format"


def test_letter_authority_allowed_by_the_standard_is_accepted() -> None:
    body = "Y1110108551385082"
    from stdnum.cn import uscc

    code = body + uscc.calc_check_digit(body)
    found = parse_identifier(code)
    assert found.details["authority"] == "其他"


@pytest.mark.parametrize("uscc", REAL_USCCS)
def test_org_code_check_matches_the_org_codes_inside_real_usccs(uscc: str) -> None:
    org = uscc[8:17]
    assert org_code_check_char(org[:8]) == org[8]
    assert is_valid_org_code(org)
    assert is_valid_org_code(format_org_code(org))


@pytest.mark.parametrize(
    ("body", "expected"),
    # 40000000: 4×3 = 12, 11 - 1 = 10 → X; 00000000: 11 - 0 = 11 → 0.
    [("00000001", "9"), ("00000010", "7"), ("10000000", "8"), ("00000100", "3"), ("40000000", "X"), ("00000000", "0")],
)
def test_org_code_check_char_known_values(body: str, expected: str) -> None:
    assert org_code_check_char(body) == expected


@pytest.mark.parametrize("text", ["55138508-2", "551385082", "ma0k2ax6-2", "M000100Y-4"])
def test_org_code_forms_are_accepted(text: str) -> None:
    found = parse_identifier(text)
    assert found.kind is IdentifierKind.ORG_CODE
    assert found.org_code == format_org_code(text.upper())


def test_org_code_with_wrong_check() -> None:
    error = error_of("55138508-3")
    assert (error.kind, error.code) == (IdentifierKind.ORG_CODE, "check_digit")


def test_org_code_check_char_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="8 characters"):
        org_code_check_char("1234")
    with pytest.raises(ValueError, match="not allowed"):
        org_code_check_char("1234567a")


# --- licences and certificates -----------------------------------------------------------------------


def test_sc_licence() -> None:
    found = parse_identifier("SC10212011600523")
    assert found.kind is IdentifierKind.SC_LICENCE
    assert found.licence_number == "SC10212011600523"
    assert found.region_code == "120116"
    assert found.details["category_code"] == "102"
    assert found.details["category_type"].startswith("食品")
    assert found.details["region_name"] == "天津市 滨海新区"
    assert found.details["sequence"] == "0052"


def test_sc_licence_for_an_additive_typed_in_lower_case_with_spaces() -> None:
    found = parse_identifier("sc201 440300 0001 7")
    assert found.licence_number == "SC20144030000017"
    assert found.details["category_type"].startswith("食品添加剂")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("SC1021201160052", "bad_length"),
        ("SC302120116005231", "bad_length"),
        ("SC30212011600523", "bad_value"),
        ("SC10299011600523", "bad_region"),
        ("SC1021201160052X", "bad_format"),
    ],
)
def test_sc_licence_errors(text: str, code: str) -> None:
    error = error_of(text)
    assert (error.kind, error.code) == (IdentifierKind.SC_LICENCE, code)


@pytest.mark.parametrize(
    ("text", "normalized", "province"),
    [
        ("XK12-001-00018", "XK12-001-00018", None),
        ("XK1200100018", "XK12-001-00018", None),
        ("(鄂)XK12-001-00018", "(鄂)XK12-001-00018", "湖北省"),
        ("（鄂）XK12－001－00018", "(鄂)XK12-001-00018", "湖北省"),
        ("粤XK13-014-00092", "(粤)XK13-014-00092", "广东省"),
        ("(黔)xk16 205 00236", "(黔)XK16-205-00236", "贵州省"),
    ],
)
def test_xk_licence(text: str, normalized: str, province: str | None) -> None:
    found = parse_identifier(text)
    assert found.kind is IdentifierKind.XK_LICENCE
    assert found.licence_number == normalized
    assert found.details.get("province") == province
    assert found.details["industry_code"] == normalized[-12:-10]
    if province is not None:
        assert found.region_code is not None and found.region_code.endswith("0000")


def test_xk_licence_errors() -> None:
    assert error_of("XK12-001-0001").code == "bad_format"
    error = error_of("(甲)XK12-001-00018")
    assert (error.kind, error.code) == (IdentifierKind.XK_LICENCE, "bad_region")


def test_ccc_certificate() -> None:
    found = parse_identifier("2020010907302010")
    assert found.kind is IdentifierKind.CCC_CERTIFICATE
    assert found.details["year"] == "2020"
    assert found.details["body"].endswith("CQC")
    assert found.details["product_code"] == "0907"
    assert found.details["sequence"] == "302010"


def test_ccc_certificate_with_implausible_year() -> None:
    error = error_of("1999010907302010")
    assert (error.kind, error.code) == (IdentifierKind.CCC_CERTIFICATE, "bad_date")
    assert parse_ccc_certificate("2031010907302010", "", today=dt.date(2030, 6, 1)).details["year"] == "2031"
    with pytest.raises(IdentifierError):
        parse_ccc_certificate("2032010907302010", "", today=dt.date(2030, 6, 1))


def test_ccc_from_another_body_has_no_body_name() -> None:
    found = parse_identifier("2021020201000123")
    assert found.details["body_code"] == "02"
    assert "body" not in found.details


def test_drug_trace_code_is_format_only() -> None:
    found = parse_identifier("81234567890123456789")
    assert found.kind is IdentifierKind.DRUG_TRACE_CODE
    assert found.details["drug_id"] == "8123456"
    # Any last digits are accepted: there is no published check to apply.
    assert parse_identifier("81234567890123456780").kind is IdentifierKind.DRUG_TRACE_CODE


# --- disambiguation ---------------------------------------------------------------------------------


def test_sixteen_digits_starting_01_are_gs1_and_starting_with_a_year_are_ccc() -> None:
    assert parse_identifier("0106901234567892").kind is IdentifierKind.GS1
    assert parse_identifier("2020010907302010").kind is IdentifierKind.CCC_CERTIFICATE
    error = error_of("0106901234567893")
    assert (error.kind, error.code) == (IdentifierKind.GS1, "check_digit")


def test_twenty_digits_are_gs1_only_when_they_parse_with_a_valid_gtin() -> None:
    gs1 = parse_identifier("01069012345678921012")
    assert (gs1.kind, gs1.gtin, gs1.batch) == (IdentifierKind.GS1, "06901234567892", "12")
    # The same shape with a wrong GTIN check digit is a drug trace code, never a GS1 error.
    assert parse_identifier("01069012345678931012").kind is IdentifierKind.DRUG_TRACE_CODE
    # With a GS1 symbology it is GS1 data whatever it looks like.
    error = error_of("]C101069012345678931012")
    assert (error.kind, error.code) == (IdentifierKind.GS1, "check_digit")


def test_eighteen_digits() -> None:
    # A USCC may be all digits (numeric organisation code and check character).
    assert parse_identifier("911101086000373470").kind is IdentifierKind.USCC
    gs1 = parse_identifier("172512311012345678")
    assert gs1.kind is IdentifierKind.GS1
    assert gs1.expiry_date == dt.date(2025, 12, 31)
    error = error_of("911101085513850829")
    assert (error.kind, error.code) == (IdentifierKind.USCC, "check_digit")


def test_eight_digit_number_with_wrong_check_is_a_gtin_error_not_gs1() -> None:
    assert error_of("15210527").kind is IdentifierKind.GTIN


@pytest.mark.parametrize("text", ["hello", "12345", "ABC-123", "中文", "http://www.gsxt.gov.cn/abc", "]"])
def test_unrecognised_input(text: str) -> None:
    error = error_of(text)
    assert (error.kind, error.code) == (IdentifierKind.UNKNOWN, "unrecognised")
    assert "not a recognised code" in error.message_en.lower() or "not a GS1" in error.message_en


@pytest.mark.parametrize("text", ["", "   ", "\u3000\t", "]C1"])
def test_empty_input(text: str) -> None:
    assert error_of(text).code == "empty"


def test_invisible_characters_from_copy_and_paste_are_dropped() -> None:
    assert parse_identifier("\ufeff6901234567892\u200b").gtin == "06901234567892"


# --- results ----------------------------------------------------------------------------------------


def test_identify_never_raises_and_says_why() -> None:
    good = identify("6901234567892")
    assert good.valid and good.error is None and good.identification is not None
    assert good.kind is IdentifierKind.GTIN
    bad = identify("6901234567893")
    assert not bad.valid and bad.identification is None
    assert bad.kind is IdentifierKind.GTIN
    assert bad.error_code == "check_digit"
    assert isinstance(bad.error, InspectorError)


def test_result_dicts_are_json_ready() -> None:
    good = identify("(01)06901234567892(11)250101(17)251231(10)ABC")
    data = json.loads(json.dumps(good.to_dict(), ensure_ascii=False))
    assert data["kind"] == "gs1" and data["valid"] is True and data["error"] is None
    identification = data["identification"]
    assert identification["production_date"] == "2025-01-01"
    assert identification["expiry_date"] == "2025-12-31"
    assert identification["elements"][0] == {"ai": "01", "value": "06901234567892"}
    bad = identify("91110108551385082R").to_dict()
    assert bad["identification"] is None
    assert bad["error_code"] == "check_digit"
    assert isinstance(bad["error"], str) and " / " in bad["error"]


def test_identification_is_immutable_and_comparable() -> None:
    first = parse_identifier("6901234567892")
    second = parse_identifier("6901234567892")
    assert first == second
    with pytest.raises(TypeError):
        first.details["gtin_format"] = "x"  # type: ignore[index]
    copy = Identification(kind=IdentifierKind.GTIN, raw="x", normalized="x", details={"a": "1"})
    assert copy.present_fields() == {"a": "1"}


def test_region_names() -> None:
    assert region_name("110108") == "北京市 海淀区"
    assert region_name("420000") == "湖北省"
    assert region_name("110103") == "北京市 崇文区（至2010年）"
    assert region_name("999999") is None
    assert region_name("11010") is None
    province = province_by_abbreviation("鄂")
    assert province is not None and province.code == "42"


@pytest.mark.parametrize("text", ["ABCDEFGHI", "ABCDEFGHIJKLMNOPQR", "abcdefghijklmnopqr"])
def test_words_of_code_length_are_not_taken_for_codes(text: str) -> None:
    assert error_of(text).kind is IdentifierKind.UNKNOWN


def test_identification_is_hashable() -> None:
    found = parse_identifier("(01)06901234567892(10)ABC")
    assert hash(found) == hash(parse_identifier("(01)06901234567892(10)ABC"))
