"""Still images: every symbology under every condition, the fallback variants, zbar as second opinion."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy
import pytest
from barcode_images import (
    CONDITIONS,
    GTIN13,
    GTIN13_B,
    SPECS,
    CodeSpec,
    ImageSaver,
    add_noise,
    clutter,
    degrade,
    encode,
    on_photo,
    render,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from inspector_app.domain.errors import ImageReadError
from inspector_app.scanning.decoded_code import DecodedCode
from inspector_app.scanning.image_decoder import ImageDecoder, decode_image_file, to_grey
from inspector_app.scanning.zbar_reader import ZbarReader
from inspector_app.scanning.zxing_reader import ZxingReader

DECODER_LOGGER = "inspector_app.scanning.image_decoder"


@pytest.fixture(scope="module")
def decoder() -> ImageDecoder:
    return ImageDecoder()


def _expect_one(codes: list[DecodedCode], spec: CodeSpec) -> DecodedCode:
    assert len(codes) == 1, codes
    code = codes[0]
    assert code.symbology == spec.symbology
    assert code.text == spec.text
    assert code.aim_id == spec.aim_id
    assert code.is_gs1 == spec.gs1
    return code


def _bounds(code: DecodedCode) -> tuple[int, int, int, int]:
    xs = [x for x, _ in code.position]
    ys = [y for _, y in code.position]
    return min(xs), min(ys), max(xs), max(ys)


@pytest.mark.parametrize("condition", CONDITIONS)
@pytest.mark.parametrize("name", sorted(SPECS))
def test_each_symbology_under_each_condition(decoder: ImageDecoder, name: str, condition: str) -> None:
    spec = SPECS[name]
    code = _expect_one(decoder.decode_image(degrade(spec, condition)), spec)
    assert code.decoder == "zxing"
    assert len(code.position) == 4


def test_gs1_content_keeps_its_separator_and_identifier(decoder: ImageDecoder) -> None:
    code = _expect_one(decoder.decode_image(render(SPECS["gs1_datamatrix"])), SPECS["gs1_datamatrix"])
    assert "\x1d21SN0001" in code.text
    assert not code.text.startswith("\x1d")
    assert "(" not in code.text


def test_photo_without_a_code(decoder: ImageDecoder, image_file: ImageSaver) -> None:
    path = image_file(clutter((1600, 1200), seed=3), "shelf.jpg", "JPEG", quality=85)
    assert decoder.decode_path(path) == []


def test_two_codes_in_one_photo(decoder: ImageDecoder) -> None:
    photo = clutter((1800, 900), seed=11)
    photo.paste(render(SPECS["ean13"]).convert("RGB"), (40, 60))
    photo.paste(render(SPECS["qr_digital_link"]).convert("RGB"), (1100, 300))
    codes = decoder.decode_image(photo)
    assert sorted(code.symbology for code in codes) == ["ean13", "qr"]


@pytest.mark.parametrize(("fmt", "suffix"), [("JPEG", "jpg"), ("PNG", "png"), ("BMP", "bmp"), ("TIFF", "tif")])
def test_files_in_each_format(decoder: ImageDecoder, image_file: ImageSaver, fmt: str, suffix: str) -> None:
    path = image_file(degrade(SPECS["ean13"], "rot7"), f"photo.{suffix}", fmt)
    _expect_one(decoder.decode_path(path), SPECS["ean13"])


def test_webp_file(decoder: ImageDecoder, image_file: ImageSaver) -> None:
    path = image_file(degrade(SPECS["gs1_datamatrix"], "clean"), "photo.webp", "WEBP", quality=90)
    _expect_one(decoder.decode_path(path), SPECS["gs1_datamatrix"])


def test_bytes(decoder: ImageDecoder) -> None:
    data = encode(degrade(SPECS["gs1_128"], "clean"), "PNG")
    _expect_one(decoder.decode_bytes(data, "clipboard"), SPECS["gs1_128"])


def test_unreadable_file_raises_image_read_error(decoder: ImageDecoder, tmp_path: Path) -> None:
    path = tmp_path / "label.jpg"
    path.write_text("not a picture", encoding="utf-8")
    with pytest.raises(ImageReadError):
        decoder.decode_path(path)
    with pytest.raises(ImageReadError):
        decode_image_file(tmp_path / "missing.jpg")


def test_large_photo_is_decoded_downscaled_and_positions_map_back(
    decoder: ImageDecoder, caplog: pytest.LogCaptureFixture
) -> None:
    photo = clutter((4000, 3000), seed=5)
    code_image = render(SPECS["ean13"], scale=8)
    left, top = 2200, 1700
    photo.paste(code_image.convert("RGB"), (left, top))
    with caplog.at_level(logging.DEBUG, logger=DECODER_LOGGER):
        code = _expect_one(decoder.decode_image(photo), SPECS["ean13"])
    assert "downscaled variant" in caplog.text
    x0, y0, x1, y1 = _bounds(code)
    # Inside the pasted label (give or take the rounding of the 2.5× downscale), in full-size coordinates.
    assert left - 10 <= x0 < x1 <= left + code_image.width + 10
    assert top - 10 <= y0 < y1 <= top + code_image.height + 10
    assert x1 - x0 > code_image.width // 2


def test_small_code_in_large_photo_needs_full_resolution(
    decoder: ImageDecoder, caplog: pytest.LogCaptureFixture
) -> None:
    photo = clutter((4000, 3000), seed=6)
    code_image = render(SPECS["ean13"], scale=2)
    photo.paste(code_image.convert("RGB"), (3000, 400))
    with caplog.at_level(logging.DEBUG, logger=DECODER_LOGGER):
        code = _expect_one(decoder.decode_image(photo), SPECS["ean13"])
    assert "full variant" in caplog.text
    x0, y0, _, _ = _bounds(code)
    assert 2990 <= x0 <= 3000 + code_image.width
    assert 390 <= y0 <= 400 + code_image.height


def _low_contrast(image: Image.Image, span: int) -> Image.Image:
    pixels = numpy.asarray(image.convert("L"), dtype=numpy.float32)
    faded = 128 + (pixels - 128) * span / 255
    return Image.fromarray(faded.astype(numpy.uint8))


def test_faded_print_is_read_after_contrast_stretch(caplog: pytest.LogCaptureFixture) -> None:
    faded = _low_contrast(render(SPECS["gs1_datamatrix"]), 8)
    assert ZxingReader(try_invert=True).read(numpy.asarray(faded)) == []
    with caplog.at_level(logging.DEBUG, logger=DECODER_LOGGER):
        _expect_one(ImageDecoder().decode_image(faded), SPECS["gs1_datamatrix"])
    assert "contrast variant" in caplog.text


def test_tiny_screenshot_is_read_enlarged(caplog: pytest.LogCaptureFixture) -> None:
    spec = SPECS["qr_digital_link"]
    code = render(spec, scale=2)
    tiny = code.resize((code.width * 2 // 3, code.height * 2 // 3), Image.Resampling.BILINEAR)
    assert ZxingReader(try_invert=True).read(numpy.asarray(tiny)) == []
    with caplog.at_level(logging.DEBUG, logger=DECODER_LOGGER):
        _expect_one(ImageDecoder().decode_image(tiny), spec)
    assert "enlarged variant" in caplog.text


def _noisy_ean13() -> Image.Image:
    # Heavy sensor noise on a small EAN-13: zxing-cpp gives up, zbar still reads it.
    return add_noise(render(SPECS["ean13"], scale=2), 40.0, seed=3)


def test_zbar_reads_what_zxing_misses() -> None:
    noisy = _noisy_ean13()
    assert ZxingReader(try_invert=True).read(numpy.asarray(noisy)) == []
    code = _expect_one(ImageDecoder().decode_image(noisy), SPECS["ean13"])
    assert code.decoder == "zbar"
    assert code.position


def test_zbar_is_asked_when_zxing_found_only_a_2d_code() -> None:
    photo = Image.new("L", (1400, 700), 255)
    photo.paste(_noisy_ean13(), (20, 150))
    photo.paste(render(SPECS["qr_digital_link"]), (900, 150))
    codes = ImageDecoder().decode_image(photo)
    found = {(code.symbology, code.decoder) for code in codes}
    assert found == {("qr", "zxing"), ("ean13", "zbar")}


def test_zbar_reader_keeps_the_gs1_flag_of_code128() -> None:
    codes = ZbarReader().read(numpy.asarray(render(SPECS["gs1_128"])))
    _expect_one(codes, SPECS["gs1_128"])
    plain = ZbarReader().read(numpy.asarray(render(SPECS["code128"])))
    _expect_one(plain, SPECS["code128"])


def test_zbar_reports_upc_as_gtin12() -> None:
    import zxingcpp

    upce = CodeSpec("upce", zxingcpp.BarcodeFormat.UPCE, "01234565", False, 3, "upce", "012345000065", "]E0")
    for spec in (upce, SPECS["upca"]):
        image = numpy.asarray(render(spec))
        _expect_one(ZbarReader().read(image), spec)
        _expect_one(ZxingReader().read(image), spec)


def test_zbar_reader_refuses_colour_arrays() -> None:
    with pytest.raises(ValueError, match="greyscale"):
        ZbarReader().read(numpy.zeros((10, 10, 3), dtype=numpy.uint8))
    assert ZbarReader().read(numpy.zeros((0, 10), dtype=numpy.uint8)) == []


def test_the_same_code_twice_in_a_photo_is_reported_once(decoder: ImageDecoder) -> None:
    # The same EAN-13 on two faces of a package: one trade item, one result.
    photo = Image.new("L", (1400, 400), 255)
    photo.paste(render(SPECS["ean13"]), (20, 20))
    photo.paste(render(SPECS["ean13"]), (720, 20))
    assert len(ZxingReader().read(numpy.asarray(photo))) == 2
    assert [code.text for code in decoder.decode_image(photo)] == [GTIN13]


def test_different_ean13s_are_both_kept(decoder: ImageDecoder) -> None:
    photo = Image.new("L", (1400, 400), 255)
    photo.paste(render(SPECS["ean13"]), (20, 20))
    second = CodeSpec("b", SPECS["ean13"].format, GTIN13_B, False, 3, "ean13", GTIN13_B, "]E0")
    photo.paste(render(second), (720, 20))
    assert sorted(code.text for code in decoder.decode_image(photo)) == sorted([GTIN13, GTIN13_B])


def test_transparent_png_code_is_read(decoder: ImageDecoder) -> None:
    # Black bars on full transparency whose hidden colour is black too: read as black on white.
    code = render(SPECS["ean13"])
    alpha = Image.eval(code, lambda value: 255 - value)
    rgba = Image.merge("RGBA", (Image.new("L", code.size, 0),) * 3 + (alpha,))
    assert numpy.asarray(rgba.convert("L")).max() == 0
    _expect_one(decoder.decode_image(rgba), SPECS["ean13"])


def test_sixteen_bit_greyscale_is_read(decoder: ImageDecoder) -> None:
    code = numpy.asarray(render(SPECS["ean8"]), dtype=numpy.uint16) * 200 + 1000
    image = Image.fromarray(code.astype(numpy.uint16))
    assert image.mode.startswith("I;16")
    _expect_one(decoder.decode_image(image), SPECS["ean8"])


@pytest.mark.parametrize("mode", ["1", "P", "CMYK", "RGB", "LA", "I", "F", "YCbCr"])
def test_to_grey_handles_every_mode(mode: str) -> None:
    source = on_photo(render(SPECS["ean13"]), size=(900, 500), seed=2)
    image = source.convert(mode) if mode not in {"I", "F"} else source.convert("L").convert(mode)
    grey = to_grey(image)
    assert grey.mode == "L"
    assert grey.size == source.size
    assert ImageDecoder().decode_image(image)[0].text == GTIN13


@pytest.mark.parametrize("size", [(1, 1), (2, 3), (1, 5000), (5000, 1), (3000, 2)])
@pytest.mark.parametrize("level", [0, 255])
def test_degenerate_images_have_no_code(decoder: ImageDecoder, size: tuple[int, int], level: int) -> None:
    assert decoder.decode_image(Image.new("L", size, level)) == []


_LABEL_PNG = encode(render(SPECS["ean8"], scale=2), "PNG")
_LABEL_JPEG = encode(render(SPECS["qr_digital_link"], scale=2), "JPEG", quality=80)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([_LABEL_PNG, _LABEL_JPEG]),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=6),
    st.floats(0.05, 1.0),
)
def test_damaged_image_bytes_decode_or_raise_image_read_error(
    decoder: ImageDecoder, data: bytes, flips: list[tuple[int, int]], keep: float
) -> None:
    damaged = bytearray(data)
    for position, value in flips:
        damaged[position % len(damaged)] = value
    try:
        codes = decoder.decode_bytes(bytes(damaged[: max(1, int(len(damaged) * keep))]), "damaged")
    except ImageReadError as error:
        assert error.reason in {"not_an_image", "corrupt", "too_many_pixels"}
    else:
        assert all(code.symbology in {"ean8", "qr"} for code in codes)
