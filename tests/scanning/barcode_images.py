"""Test images made on the fly: barcodes written by zxing-cpp, then rotated, blurred, noised, warped and
placed on cluttered "photos" with Pillow. Everything is seeded, so a failure reproduces."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter


def gtin_check_digit(body: str) -> str:
    """The GS1 mod-10 check digit for ``body`` (all digits of a GTIN but the last)."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def gtin(body: str) -> str:
    return body + gtin_check_digit(body)


GTIN13 = gtin("690123456789")  # 6901234567892, GS1 China
GTIN13_B = gtin("693456789012")
EAN8 = gtin("6901234")
UPCA = "036000291452"
GTIN14 = "0" + GTIN13
GS1_128_HRI = f"(01){GTIN14}(17)251231(10)ABC123"
GS1_128_TEXT = f"01{GTIN14}17251231" + "10ABC123"
DM_HRI = f"(01){GTIN14}(17)270630(10)LOT42(21)SN0001"
DM_TEXT = f"01{GTIN14}17270630" + "10LOT42\x1d21SN0001"
DIGITAL_LINK = f"https://id.gs1.org/01/{GTIN14}/10/ABC123?17=270630"
PLAIN_128 = "SC10212011600523"

#: ``save(image, name, fmt="PNG", **params) -> Path``: the ``image_file`` fixture, which writes into the test's folder.
ImageSaver = Callable[..., Path]


@dataclass(frozen=True)
class CodeSpec:
    """A code to draw and what a decoder must report for it."""

    name: str
    format: zxingcpp.BarcodeFormat
    content: str
    gs1: bool
    scale: int
    symbology: str
    text: str
    aim_id: str
    options: tuple[tuple[str, bool], ...] = ()


SPECS: dict[str, CodeSpec] = {
    spec.name: spec
    for spec in (
        CodeSpec("ean13", zxingcpp.BarcodeFormat.EAN13, GTIN13, False, 3, "ean13", GTIN13, "]E0"),
        CodeSpec("ean8", zxingcpp.BarcodeFormat.EAN8, EAN8, False, 3, "ean8", EAN8, "]E4"),
        CodeSpec("upca", zxingcpp.BarcodeFormat.UPCA, UPCA, False, 3, "upca", UPCA, "]E0"),
        CodeSpec("code128", zxingcpp.BarcodeFormat.Code128, PLAIN_128, False, 3, "code128", PLAIN_128, "]C0"),
        CodeSpec("gs1_128", zxingcpp.BarcodeFormat.Code128, GS1_128_HRI, True, 3, "gs1_128", GS1_128_TEXT, "]C1"),
        CodeSpec("qr_digital_link", zxingcpp.BarcodeFormat.QRCode, DIGITAL_LINK, False, 6, "qr", DIGITAL_LINK, "]Q1"),
        CodeSpec(
            "gs1_datamatrix",
            zxingcpp.BarcodeFormat.DataMatrix,
            DM_HRI,
            True,
            8,
            "gs1_datamatrix",
            DM_TEXT,
            "]d2",
            (("force_square", True),),
        ),
        # zint picks a rectangular DMRE symbol for this content; zxing-cpp reports it as "]d8".
        CodeSpec("gs1_dmre", zxingcpp.BarcodeFormat.DataMatrix, DM_HRI, True, 6, "gs1_datamatrix", DM_TEXT, "]d2"),
    )
}


def render(spec: CodeSpec, scale: int | None = None) -> Image.Image:
    """The code alone, black on white with its quiet zone, as an "L" image."""
    options = dict(spec.options)
    if spec.gs1:
        options["gs1"] = True
    barcode = zxingcpp.create_barcode(spec.content, spec.format, **options)
    pixels = numpy.asarray(barcode.to_image(scale=scale or spec.scale))
    image = Image.fromarray(numpy.ascontiguousarray(pixels))
    # Linear symbols are drawn one module row high; give them a realistic bar height.
    if image.height < image.width // 4 and spec.format not in (
        zxingcpp.BarcodeFormat.QRCode,
        zxingcpp.BarcodeFormat.DataMatrix,
    ):
        image = image.resize((image.width, max(image.height, image.width // 3)), Image.Resampling.NEAREST)
    return _pad(image, 20)


def _pad(image: Image.Image, margin: int) -> Image.Image:
    padded = Image.new("L", (image.width + 2 * margin, image.height + 2 * margin), 255)
    padded.paste(image, (margin, margin))
    return padded


def rotate(image: Image.Image, degrees: float) -> Image.Image:
    return image.convert("L").rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def blur(image: Image.Image, radius: float) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(radius))


def add_noise(image: Image.Image, sigma: float, seed: int = 0) -> Image.Image:
    rng = numpy.random.default_rng(seed)
    pixels = numpy.asarray(image.convert("L"), dtype=numpy.float32)
    noisy = pixels + rng.normal(0.0, sigma, pixels.shape)
    return Image.fromarray(numpy.clip(noisy, 0, 255).astype(numpy.uint8))


def perspective(image: Image.Image, squeeze: float = 0.15) -> Image.Image:
    """Seen from the side: the right edge ``squeeze`` (fraction) shorter than the left, as in a hand-held photo."""
    width, height = image.size
    inset = squeeze * height / 2
    target = [(0, 0), (width, inset), (width, height - inset), (0, height)]
    source = [(0, 0), (width, 0), (width, height), (0, height)]
    coefficients = _perspective_coefficients(target, source)
    return image.convert("L").transform(
        image.size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC, fillcolor=255
    )


def _perspective_coefficients(
    target: list[tuple[float, float]], source: list[tuple[float, float]]
) -> tuple[float, ...]:
    rows = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    matrix = numpy.array(rows, dtype=numpy.float64)
    vector = numpy.array([coord for point in source for coord in point], dtype=numpy.float64)
    return tuple(float(value) for value in numpy.linalg.solve(matrix, vector))


def clutter(size: tuple[int, int], seed: int = 0) -> Image.Image:
    """A "photo" without a barcode: a shaded background with boxes, discs, lines and printed words."""
    rng = numpy.random.default_rng(seed)
    width, height = size
    ramp = (
        numpy.linspace(90, 200, width, dtype=numpy.float32)[None, :]
        + numpy.linspace(0, 40, height, dtype=numpy.float32)[:, None]
    )
    photo = Image.fromarray(numpy.clip(ramp, 0, 255).astype(numpy.uint8)).convert("RGB")
    draw = ImageDraw.Draw(photo)
    for _ in range(40):
        x0, y0 = int(rng.integers(0, width)), int(rng.integers(0, height))
        x1, y1 = x0 + int(rng.integers(10, width // 4)), y0 + int(rng.integers(10, height // 4))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        shape = int(rng.integers(0, 3))
        if shape == 0:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        elif shape == 1:
            draw.ellipse((x0, y0, x1, y1), outline=colour, width=int(rng.integers(1, 6)))
        else:
            draw.line((x0, y0, x1, y1), fill=colour, width=int(rng.integers(1, 8)))
    for _ in range(15):
        x, y = int(rng.integers(0, width - 100)), int(rng.integers(0, height - 20))
        draw.text((x, y), "NET WT 500g 净含量 LOT 2025", fill=(20, 20, 20))
    return photo


def on_photo(code: Image.Image, size: tuple[int, int] = (1600, 1200), seed: int = 0) -> Image.Image:
    """``code`` pasted (with its white margin, like a label) onto a cluttered RGB photo."""
    photo = clutter(size, seed)
    rng = numpy.random.default_rng(seed + 1)
    x = int(rng.integers(0, max(1, size[0] - code.width)))
    y = int(rng.integers(0, max(1, size[1] - code.height)))
    photo.paste(code.convert("RGB"), (x, y))
    return photo


def encode(image: Image.Image, fmt: str = "PNG", **params: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def degrade(spec: CodeSpec, condition: str) -> Image.Image:
    """``spec`` drawn under a named condition, on a photo."""
    code = render(spec)
    if condition == "clean":
        pass
    elif condition.startswith("rot"):
        code = rotate(code, float(condition[3:]))
    elif condition == "blurred":
        code = blur(code, 1.2)
    elif condition == "noisy":
        code = add_noise(code, 30.0, seed=len(spec.name))
    elif condition == "perspective":
        code = perspective(code)
    else:
        raise ValueError(condition)
    seed = sum(map(ord, spec.name + condition))
    return on_photo(code, seed=seed)


CONDITIONS = ("clean", "rot7", "rot90", "rot180", "blurred", "noisy", "perspective")


def png_bomb(width: int, height: int) -> bytes:
    """A valid-looking 1-bit PNG header for a ``width`` × ``height`` image with almost no data.

    Cheap to make at any size: the pixel data is a tiny zlib stream (the image would fail later, but a loader
    must refuse it from the header before it gets there).
    """
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * math.ceil(width / 8)
    compressor = zlib.compressobj(9)
    data = compressor.compress(row * 4) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
