"""Safe image loading: every bad input becomes an ImageReadError with a message, quickly, never a crash."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import numpy
import pytest
from barcode_images import encode, png_bomb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from inspector_app.domain.errors import ImageReadError, InspectorError
from inspector_app.scanning.image_loading import MAX_FILE_BYTES, ImageLoader, load_image_bytes, load_image_file


def _sample(mode: str = "RGB", size: tuple[int, int] = (64, 48)) -> Image.Image:
    rng = numpy.random.default_rng(7)
    pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=numpy.uint8)
    return Image.fromarray(pixels).convert(mode)


def _read_error(path: Path | str) -> ImageReadError:
    with pytest.raises(ImageReadError) as caught:
        load_image_file(path)
    error = caught.value
    assert isinstance(error, InspectorError)
    # Both languages, and the file named, so the inspector knows which one of many failed.
    assert error.message_zh != error.message_en
    assert str(path) in error.message_zh
    assert str(path) in error.message_en
    assert error.path == str(path)
    return error


@pytest.mark.parametrize(("fmt", "suffix"), [("JPEG", "jpg"), ("PNG", "png"), ("BMP", "bmp"), ("TIFF", "tif")])
def test_supported_formats_load(tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"sample.{suffix}"
    path.write_bytes(encode(_sample(), fmt))
    image = load_image_file(path)
    assert image.size == (64, 48)
    # Fully loaded and detached from the file: usable after the file is gone.
    path.unlink()
    assert image.getpixel((0, 0)) is not None


def test_webp_loads(tmp_path: Path) -> None:
    path = tmp_path / "sample.webp"
    path.write_bytes(encode(_sample(), "WEBP", lossless=True))
    assert load_image_file(path).size == (64, 48)


def test_bytes_load() -> None:
    assert load_image_bytes(encode(_sample(), "PNG")).size == (64, 48)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    # Stored 300 wide and 100 high; EXIF 6 says "rotate 90° clockwise to display", so it shows 100 × 300.
    image = _sample(size=(300, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "phone.jpg"
    path.write_bytes(encode(image, "JPEG", exif=exif.tobytes()))
    with Image.open(path) as stored:
        assert stored.size == (300, 100)
    assert load_image_file(path).size == (100, 300)


def test_missing_file(tmp_path: Path) -> None:
    assert _read_error(tmp_path / "nowhere.png").reason == "missing"


def test_directory(tmp_path: Path) -> None:
    assert _read_error(tmp_path).reason == "directory"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    assert _read_error(path).reason == "empty"


def test_empty_bytes() -> None:
    with pytest.raises(ImageReadError) as caught:
        load_image_bytes(b"", "clipboard")
    assert caught.value.reason == "empty"


def test_text_file_renamed_jpg(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("抽样单 sampling form: 6901234567892\n", encoding="utf-8")
    assert _read_error(path).reason == "not_an_image"


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.png"
    path.write_bytes(numpy.random.default_rng(1).integers(0, 256, 5000, dtype=numpy.uint8).tobytes())
    assert _read_error(path).reason == "not_an_image"


def test_unsupported_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    path.write_bytes(encode(_sample(), "GIF"))
    assert _read_error(path).reason == "not_an_image"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "BMP", "TIFF", "WEBP"])
def test_truncated_file(tmp_path: Path, fmt: str) -> None:
    data = encode(_sample(size=(200, 150)), fmt)
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(data[: len(data) // 2])
    assert _read_error(path).reason in {"corrupt", "not_an_image"}


def test_truncated_png_is_reported_as_damaged(tmp_path: Path) -> None:
    data = encode(_sample(size=(200, 150)), "PNG")
    path = tmp_path / "cut.png"
    path.write_bytes(data[: len(data) // 2])
    error = _read_error(path)
    assert error.reason == "corrupt"
    assert "损坏" in error.message_zh
    assert "damaged" in error.message_en


@pytest.mark.timeout(20)
def test_30000_square_png_bomb_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_bomb(30000, 30000))
    assert path.stat().st_size < 10_000
    started = time.perf_counter()
    assert _read_error(path).reason == "too_many_pixels"
    assert time.perf_counter() - started < 2.0


@pytest.mark.timeout(20)
def test_image_just_over_our_pixel_limit_is_refused(tmp_path: Path) -> None:
    # 121 megapixels: above our 120-megapixel limit but below twice Pillow's (where Pillow raises itself).
    path = tmp_path / "big.png"
    path.write_bytes(png_bomb(11000, 11000))
    assert _read_error(path).reason == "too_many_pixels"


def test_pixel_limit_is_checked_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(encode(_sample(size=(200, 150)), "PNG"))
    with pytest.raises(ImageReadError) as caught:
        ImageLoader(max_pixels=200 * 150 - 1).load_path(path)
    assert caught.value.reason == "too_many_pixels"
    assert ImageLoader(max_pixels=200 * 150).load_path(path).size == (200, 150)


def test_file_over_the_size_limit_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    with path.open("wb") as stream:
        # A sparse file: 60 MB long, nothing written, so it costs no disk and no time.
        stream.truncate(MAX_FILE_BYTES + 10 * 1024 * 1024)
    started = time.perf_counter()
    error = _read_error(path)
    assert error.reason == "too_large"
    assert "50 MB" in error.message_en
    assert time.perf_counter() - started < 1.0


def test_bytes_over_the_size_limit_are_refused() -> None:
    data = encode(_sample(), "PNG")
    with pytest.raises(ImageReadError) as caught:
        ImageLoader(max_file_bytes=len(data) - 1).load_bytes(data)
    assert caught.value.reason == "too_large"


@pytest.mark.skipif(os.name != "posix", reason="named pipes are POSIX")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "pipe.png"
    os.mkfifo(path)
    # Opening a FIFO for reading would block forever: it must be refused from stat() alone.
    assert _read_error(path).reason == "not_a_file"


def _valid_images() -> list[bytes]:
    image = _sample(size=(24, 16))
    return [
        encode(image, "PNG"),
        encode(image, "JPEG"),
        encode(image, "BMP"),
        encode(image, "TIFF"),
        encode(image, "WEBP"),
        encode(image.convert("L"), "PNG"),
    ]


_VALID_IMAGES = _valid_images()


@st.composite
def _damaged_images(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_VALID_IMAGES)))
    for _ in range(draw(st.integers(0, 8))):
        position = draw(st.integers(0, len(data) - 1))
        data[position] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), _damaged_images()))
def test_any_bytes_load_or_raise_image_read_error(data: bytes) -> None:
    try:
        image = load_image_bytes(data, "fuzz")
    except ImageReadError as error:
        assert error.reason in {"empty", "not_an_image", "corrupt", "too_many_pixels", "too_large"}
    else:
        assert image.size[0] > 0
        assert image.size[1] > 0


def test_loaded_image_does_not_keep_the_stream_open() -> None:
    # A lazily loaded Pillow image would still reference the BytesIO; ours must be complete in memory.
    buffer = io.BytesIO(encode(_sample(), "PNG"))
    image = load_image_bytes(buffer.getvalue())
    buffer.close()
    assert image.tobytes()
