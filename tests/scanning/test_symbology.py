"""Symbology names, AIM identifiers and the EAN/UPC and FNC1 normalisation shared by both decoders."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_app.scanning.decoded_code import DecodedCode, merge_codes
from inspector_app.scanning.symbology import (
    Symbology,
    from_aim_id,
    from_zbar,
    from_zxing,
    is_gs1_aim_id,
    split_aim_prefix,
)
from inspector_app.scanning.zbar_reader import code128_fnc1, convex_hull
from inspector_app.scanning.zxing_reader import expand_upce, normalise_ean_upc, standard_aim_id


@pytest.mark.parametrize(
    ("format_name", "is_gs1", "expected"),
    [
        ("EAN-13", False, Symbology.EAN13),
        ("EAN-8", False, Symbology.EAN8),
        ("UPC-A", False, Symbology.UPCA),
        ("UPC-E", False, Symbology.UPCE),
        ("Code 128", False, Symbology.CODE128),
        ("Code 128", True, Symbology.GS1_128),
        ("QR Code", False, Symbology.QR),
        ("QR Code", True, Symbology.GS1_QR),
        ("Data Matrix", False, Symbology.DATAMATRIX),
        ("Data Matrix", True, Symbology.GS1_DATAMATRIX),
        ("Code 39", False, None),
        ("PDF417", True, None),
    ],
)
def test_zxing_format_names_map_to_our_symbologies(format_name: str, is_gs1: bool, expected: Symbology | None) -> None:
    assert from_zxing(format_name, is_gs1=is_gs1) is expected


@pytest.mark.parametrize(
    ("type_name", "is_gs1", "expected"),
    [
        ("EAN13", False, Symbology.EAN13),
        ("EAN8", False, Symbology.EAN8),
        ("UPCA", False, Symbology.UPCA),
        ("UPCE", False, Symbology.UPCE),
        ("CODE128", False, Symbology.CODE128),
        ("CODE128", True, Symbology.GS1_128),
        ("QRCODE", False, Symbology.QR),
        ("DATABAR", False, None),
        ("ISBN13", False, None),
    ],
)
def test_zbar_type_names_map_to_our_symbologies(type_name: str, is_gs1: bool, expected: Symbology | None) -> None:
    assert from_zbar(type_name, is_gs1=is_gs1) is expected


def test_every_symbology_has_an_aim_id_that_maps_back_to_it() -> None:
    samples = {Symbology.UPCA: "036000291452", Symbology.UPCE: "01234565"}
    for symbology in Symbology:
        assert from_aim_id(symbology.aim_id, samples.get(symbology, "")) is symbology
        assert symbology.is_gs1 == is_gs1_aim_id(symbology.aim_id)
        assert symbology.label


@pytest.mark.parametrize(
    ("aim_id", "text", "expected"),
    [
        ("]E0", "6901234567892", Symbology.EAN13),
        ("]E0", "036000291452", Symbology.UPCA),
        ("]E0", "01234565", Symbology.UPCE),
        ("]E4", "69012341", Symbology.EAN8),
        ("]C1", "", Symbology.GS1_128),
        ("]d5", "", Symbology.GS1_DATAMATRIX),
        ("]Q4", "", Symbology.GS1_QR),
        ("]X0", "", None),
        ("]e0", "", None),
    ],
)
def test_aim_ids_map_to_symbologies(aim_id: str, text: str, expected: Symbology | None) -> None:
    assert from_aim_id(aim_id, text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("]C1010690123456789217251231", ("]C1", "010690123456789217251231")),
        ("]d2010690", ("]d2", "010690")),
        ("]Q3https://x", ("]Q3", "https://x")),
        ("6901234567892", (None, "6901234567892")),
        ("]", (None, "]")),
        ("]C", (None, "]C")),
        ("", (None, "")),
    ],
)
def test_split_aim_prefix(text: str, expected: tuple[str | None, str]) -> None:
    assert split_aim_prefix(text) == expected


@given(st.text())
def test_split_aim_prefix_loses_nothing(text: str) -> None:
    aim_id, rest = split_aim_prefix(text)
    assert (aim_id or "") + rest == text


@pytest.mark.parametrize(
    ("identifier", "expected"),
    [("]d8", "]d2"), ("]d7", "]d1"), ("]d9", "]d3"), ("]d2", "]d2"), ("]C1", "]C1"), ("", None)],
)
def test_zxing_dmre_identifiers_are_made_standard(identifier: str, expected: str | None) -> None:
    assert standard_aim_id(identifier) == expected


@pytest.mark.parametrize(
    ("upce", "upca"),
    [
        ("01234565", "012345000065"),  # last digit 5-9: manufacturer 12345, item 0000x
        ("04252614", "042100005264"),  # last digit 0-2
        ("01234531", "012300000451"),  # last digit 3
        ("01234546", "012340000056"),  # last digit 4
    ],
)
def test_upce_expands_to_its_upca(upce: str, upca: str) -> None:
    assert expand_upce(upce) == upca


@pytest.mark.parametrize("bad", ["1234567", "abcdefgh", "123456789", "١٢٣٤٥٦٧٨"])
def test_expand_upce_refuses_what_is_not_a_upce(bad: str) -> None:
    with pytest.raises(ValueError, match="UPC-E"):
        expand_upce(bad)


@pytest.mark.parametrize(
    ("symbology", "text", "expected"),
    [
        (Symbology.EAN13, "0036000291452", (Symbology.UPCA, "036000291452")),
        (Symbology.UPCA, "0036000291452", (Symbology.UPCA, "036000291452")),
        (Symbology.UPCA, "036000291452", (Symbology.UPCA, "036000291452")),
        (Symbology.UPCE, "0012345000065", (Symbology.UPCE, "012345000065")),
        (Symbology.UPCE, "01234565", (Symbology.UPCE, "012345000065")),
        (Symbology.EAN13, "6901234567892", (Symbology.EAN13, "6901234567892")),
        (Symbology.CODE128, "0036000291452", (Symbology.CODE128, "0036000291452")),
    ],
)
def test_ean_upc_normalisation(symbology: Symbology, text: str, expected: tuple[Symbology, str]) -> None:
    assert normalise_ean_upc(symbology, text) == expected


@pytest.mark.parametrize(
    ("text", "modifier", "expected"),
    [
        ("\xe80106901234567892\xe810ABC", False, (True, "0106901234567892\x1d10ABC")),
        ("0106901234567892\x1d10ABC", True, (True, "0106901234567892\x1d10ABC")),
        ("0106901234567892\xe810ABC\xe8", True, (True, "0106901234567892\x1d10ABC")),
        ("CAF\xe8", False, (False, "CAF\xe8")),
        ("HELLO", False, (False, "HELLO")),
    ],
)
def test_zbar_code128_fnc1_handling(text: str, modifier: bool, expected: tuple[bool, str]) -> None:
    assert code128_fnc1(text, gs1_modifier=modifier) == expected


def test_convex_hull_outlines_the_points() -> None:
    points = [(0, 0), (10, 0), (10, 5), (0, 5), (5, 2), (5, 0)]
    hull = convex_hull(points)
    assert set(hull) == {(0, 0), (10, 0), (10, 5), (0, 5)}
    assert convex_hull([(3, 4)]) == ((3, 4),)
    assert convex_hull([]) == ()


def _code(symbology: str, text: str, decoder: str) -> DecodedCode:
    return DecodedCode(symbology, text, None, symbology.startswith("gs1"), ((0, 0), (4, 2)), decoder)


def test_merge_keeps_the_first_reading_of_each_code() -> None:
    zxing = [_code("gs1_128", "0106901234567892", "zxing"), _code("qr", "https://x", "zxing")]
    zbar = [_code("code128", "0106901234567892", "zbar"), _code("ean13", "6901234567892", "zbar")]
    merged = merge_codes(zxing, zbar)
    assert [(c.symbology, c.decoder) for c in merged] == [
        ("gs1_128", "zxing"),
        ("qr", "zxing"),
        ("ean13", "zbar"),
    ]


def test_same_text_in_different_symbologies_is_not_merged() -> None:
    merged = merge_codes([_code("qr", "6901234567892", "zxing")], [_code("ean13", "6901234567892", "zbar")])
    assert len(merged) == 2


def test_scaled_maps_positions_back() -> None:
    code = _code("ean13", "6901234567892", "zxing")
    assert code.scaled(2.5).position == ((0, 0), (10, 5))
    assert code.scaled(1.0) is code
