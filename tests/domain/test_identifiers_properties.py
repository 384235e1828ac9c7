"""Property-based tests: any text is answered with a typed result or a typed error, never a crash."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import string
from urllib.parse import quote

from biip.gs1_application_identifiers import _GS1_APPLICATION_IDENTIFIERS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from stdnum import ean

from inspector_app.domain.identifiers import (
    Identification,
    IdentifierError,
    IdentifierKind,
    identify,
    parse_identifier,
)

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SET_82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
SEPARATORS = ["\x1d", "<GS>", "{GS}", "\u241d", "^]", "~", "\xe8", "]C1"]
SYMBOLOGIES = ["", "]C1", "]d2", "]Q3", "]e0", "]E0", "]E4", "]C0", "]Q1", "]d1", "]Y1", "]Z"]
KNOWN_AIS = sorted(_GS1_APPLICATION_IDENTIFIERS)

digits = st.text(alphabet=string.digits, max_size=32)
set_82_text = st.text(alphabet=SET_82, min_size=0, max_size=25)


def parse_or_typed_error(text: str, symbology: str | None = None) -> Identification | IdentifierError:
    """Call parse_identifier; any exception other than IdentifierError propagates and fails the test."""
    try:
        return parse_identifier(text, symbology)
    except IdentifierError as error:
        assert isinstance(error.kind, IdentifierKind)
        assert error.code
        assert error.message_zh and error.message_en
        return error


def check_result_is_consistent(text: str, symbology: str | None = None) -> None:
    result = identify(text, symbology)
    assert result.valid == (result.error is None) == (result.identification is not None)
    assert result.error_code != "internal_error"
    json.dumps(result.to_dict(), ensure_ascii=False)
    if result.identification is not None:
        assert result.kind is result.identification.kind
        gtin = result.identification.gtin
        assert gtin is None or (len(gtin) == 14 and gtin.isdigit())


@st.composite
def valid_gtins(draw: st.DrawFn, length: int | None = None) -> str:
    size = draw(st.sampled_from([8, 12, 13, 14])) if length is None else length
    payload = draw(st.text(alphabet=string.digits, min_size=size - 1, max_size=size - 1))
    if payload.strip("0") == "":
        payload = payload[:-1] + "1"
    return payload + ean.calc_check_digit(payload)


@st.composite
def gs1_dates(draw: st.DrawFn) -> tuple[str, dt.date]:
    day = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2049, 12, 31)))
    if draw(st.booleans()):
        last = calendar.monthrange(day.year, day.month)[1]
        return day.strftime("%y%m00"), day.replace(day=last)
    return day.strftime("%y%m%d"), day


@st.composite
def random_element_strings(draw: st.DrawFn) -> str:
    """Known and unknown AIs with random values, joined by random separators, in raw or bracketed form."""
    parts = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(KNOWN_AIS), st.text(alphabet=string.digits, min_size=2, max_size=4)),
                st.one_of(digits, set_82_text),
            ),
            min_size=1,
            max_size=5,
        )
    )
    bracketed = draw(st.booleans())
    separator = draw(st.sampled_from(SEPARATORS))
    if bracketed:
        body = "".join(f"({ai}){value}" for ai, value in parts)
    else:
        body = separator.join(ai + value for ai, value in parts)
    return draw(st.sampled_from(SYMBOLOGIES)) + body


@given(st.text())
@PROPERTY_SETTINGS
@example("]")
@example("]Y")
@example("]Yx12")
@example("(")
@example("()")
@example("(01)")
@example("http://[")
@example("https://x/01/")
@example("\x1d\x1d")
@example("SC")
@example("XK")
@example("(鄂)")
def test_any_text_gives_a_typed_answer(text: str) -> None:
    parse_or_typed_error(text)
    check_result_is_consistent(text)


@given(st.text(), st.text(max_size=5))
@PROPERTY_SETTINGS
def test_any_separate_symbology_gives_a_typed_answer(text: str, symbology: str) -> None:
    parse_or_typed_error(text, symbology)
    check_result_is_consistent(text, symbology)


@given(digits, st.sampled_from(SYMBOLOGIES))
@PROPERTY_SETTINGS
def test_any_digit_string_gives_a_typed_answer(number: str, symbology: str) -> None:
    parse_or_typed_error(symbology + number)
    check_result_is_consistent(symbology + number)


@given(random_element_strings())
@PROPERTY_SETTINGS
def test_gs1_strings_with_random_ais_give_a_typed_answer(text: str) -> None:
    parse_or_typed_error(text)
    check_result_is_consistent(text)


@given(st.text(alphabet=string.ascii_letters + string.digits + "-()（）鄂粤 ", max_size=24))
@PROPERTY_SETTINGS
def test_near_licences_and_credit_codes_give_a_typed_answer(text: str) -> None:
    for candidate in (text, "SC" + text, "XK" + text, "(鄂)XK" + text, "9111" + text):
        parse_or_typed_error(candidate)


@given(
    st.sampled_from(
        ["6901234567892", "(01)06901234567892(10)ABC", "91110108551385082Q", "SC10212011600523", "XK12-001-00018"]
    ),
    st.integers(min_value=0, max_value=30),
    st.text(min_size=1, max_size=3),
)
@PROPERTY_SETTINGS
def test_valid_codes_with_random_unicode_inserted_give_a_typed_answer(code: str, position: int, noise: str) -> None:
    text = code[:position] + noise + code[position:]
    parse_or_typed_error(text)
    check_result_is_consistent(text)


@given(valid_gtins(), st.sampled_from(["", " ", "\t", "\u3000"]))
@PROPERTY_SETTINGS
def test_a_valid_gtin_round_trips_to_its_gtin14(gtin: str, padding: str) -> None:
    found = parse_identifier(padding + gtin + padding)
    assert found.kind is IdentifierKind.GTIN
    assert found.gtin == gtin.zfill(14)


@given(valid_gtins())
@PROPERTY_SETTINGS
def test_a_valid_gtin_typed_in_full_width_digits_round_trips(gtin: str) -> None:
    full_width = "".join(chr(ord(char) - ord("0") + ord("０")) for char in gtin)
    assert parse_identifier(full_width).gtin == gtin.zfill(14)


@given(st.sampled_from([12, 13, 14]).flatmap(valid_gtins), st.integers(min_value=1, max_value=9))
@PROPERTY_SETTINGS
def test_a_corrupted_check_digit_is_always_caught(gtin: str, shift: int) -> None:
    corrupted = gtin[:-1] + str((int(gtin[-1]) + shift) % 10)
    result = identify(corrupted)
    assert not result.valid
    assert result.kind is IdentifierKind.GTIN
    assert result.error_code == "check_digit"


@given(
    gtin=valid_gtins(length=14),
    batch=set_82_text.filter(lambda b: 0 < len(b) <= 20 and "<gs>" not in b.lower()),
    serial=set_82_text.filter(lambda s: 0 < len(s) <= 20 and "<gs>" not in s.lower()),
    production=gs1_dates(),
    expiry=gs1_dates(),
    separator=st.sampled_from(SEPARATORS),
    symbology=st.sampled_from(["", "]C1", "]d2", "]Q3"]),
    order=st.permutations(["01", "11", "17", "10", "21"]),
)
@PROPERTY_SETTINGS
def test_a_built_gs1_string_gives_back_its_fields(
    *,
    gtin: str,
    batch: str,
    serial: str,
    production: tuple[str, dt.date],
    expiry: tuple[str, dt.date],
    separator: str,
    symbology: str,
    order: list[str],
) -> None:
    values = {"01": gtin, "11": production[0], "17": expiry[0], "10": batch, "21": serial}
    # Variable-length fields need a separator after them unless they come last.
    text = symbology + "".join(
        ai + values[ai] + (separator if ai in ("10", "21") and index < len(order) - 1 else "")
        for index, ai in enumerate(order)
    )
    found = parse_identifier(text)
    assert found.kind is IdentifierKind.GS1
    assert (found.gtin, found.batch, found.serial) == (gtin, batch, serial)
    assert (found.production_date, found.expiry_date) == (production[1], expiry[1])


@given(
    gtin=valid_gtins(length=14),
    batch=set_82_text.filter(lambda b: 0 < len(b) <= 20 and "(" not in b),
    expiry=gs1_dates(),
)
@PROPERTY_SETTINGS
def test_the_bracketed_form_and_the_digital_link_give_the_same_fields(
    gtin: str, batch: str, expiry: tuple[str, dt.date]
) -> None:
    bracketed = parse_identifier(f"(01){gtin}(17){expiry[0]}(10){batch}")
    link = parse_identifier(f"https://example.com/01/{gtin}/10/{quote(batch, safe='')}?17={expiry[0]}")
    assert link.kind is IdentifierKind.DIGITAL_LINK
    for found in (bracketed, link):
        assert (found.gtin, found.batch, found.expiry_date) == (gtin, batch, expiry[1])
