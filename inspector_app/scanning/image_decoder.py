"""Barcodes in still images (photos, screenshots, scanned documents): thorough rather than fast.

Strategy, cheapest first, stopping at the first variant where anything is found:

1. the greyscale image, downscaled to at most ``work_size`` pixels on its long side when larger (phone photos
   are 12–200 megapixels; the codes in them rarely need that many, and zxing-cpp is much faster on fewer);
2. the full resolution, when step 1 was downscaled;
3. a contrast-stretched copy (faded prints, glare, dim photos);
4. a 2× enlarged copy, when the image is small (thumbnails and screenshots with bars 1 pixel wide).

Each variant goes to zxing-cpp first (inverted codes included: time matters less than with a camera), then to
zbar for EAN/UPC/Code 128 when zxing-cpp found no linear code (e.g. only a QR code next to a scuffed EAN-13):
zbar reads some damaged EAN-13 that zxing-cpp misses. A code found more than once (the same label on two
faces of a box) is reported once, as first read.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator

import numpy
import numpy.typing as npt
from PIL import Image, ImageOps

from inspector_app.scanning.decoded_code import DecodedCode, merge_codes
from inspector_app.scanning.image_loading import ImageLoader
from inspector_app.scanning.symbology import Symbology
from inspector_app.scanning.zbar_reader import ZbarReader
from inspector_app.scanning.zxing_reader import ZxingReader

logger = logging.getLogger(__name__)

GreyImage = npt.NDArray[numpy.uint8]

_LINEAR = frozenset(
    {
        Symbology.EAN13.value,
        Symbology.EAN8.value,
        Symbology.UPCA.value,
        Symbology.UPCE.value,
        Symbology.CODE128.value,
        Symbology.GS1_128.value,
    }
)

_HIGH_DEPTH_MODES = frozenset({"I", "F", "I;16", "I;16L", "I;16B", "I;16N"})


class ImageDecoder:
    """Finds every barcode in a still image; reads files and bytes safely through :class:`ImageLoader`.

    Results are in the coordinates of the image as displayed (after EXIF orientation). ``work_size`` is the
    long side the first pass downscales to; images up to ``small_size`` also get an enlarged pass;
    ``use_zbar=False`` leaves zbar out.
    """

    def __init__(
        self,
        *,
        loader: ImageLoader | None = None,
        work_size: int = 1600,
        small_size: int = 800,
        use_zbar: bool = True,
    ) -> None:
        self._loader = loader or ImageLoader()
        self._work_size = work_size
        self._small_size = small_size
        self._zxing = ZxingReader(try_rotate=True, try_downscale=True, try_invert=True)
        self._zbar = ZbarReader() if use_zbar else None

    def decode_path(self, path: str | os.PathLike[str]) -> list[DecodedCode]:
        """Every code in the image file at ``path``; raises :class:`ImageReadError` if it cannot be read."""
        image = self._loader.load_path(path)
        return self.decode_image(image, name=str(path))

    def decode_bytes(self, data: bytes, name: str = "") -> list[DecodedCode]:
        """Every code in an image held in memory; raises :class:`ImageReadError` if it cannot be read."""
        image = self._loader.load_bytes(data, name)
        return self.decode_image(image, name=name)

    def decode_image(self, image: Image.Image, name: str = "") -> list[DecodedCode]:
        """Every code in an already loaded Pillow image (any mode)."""
        started = time.perf_counter()
        grey = to_grey(image)
        codes: list[DecodedCode] = []
        for variant_name, variant, factor in self._variants(grey):
            codes = [code.scaled(factor) for code in self._decode_grey(variant)]
            if codes:
                logger.debug("%s: found %d code(s) in the %s variant", name, len(codes), variant_name)
                break
        logger.debug(
            "%s: %d code(s) in %.0f ms (%dx%d)",
            name,
            len(codes),
            (time.perf_counter() - started) * 1000,
            grey.width,
            grey.height,
        )
        return codes

    def _variants(self, grey: Image.Image) -> Iterator[tuple[str, GreyImage, float]]:
        # Generated lazily: the later variants cost time and memory and are usually not needed.
        width, height = grey.size
        long_side = max(width, height)
        if long_side > self._work_size:
            factor = long_side / self._work_size
            size = (max(1, round(width / factor)), max(1, round(height / factor)))
            small = grey.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
            yield "downscaled", _array(small), width / size[0]
        yield "full", _array(grey), 1.0
        yield "contrast", _array(ImageOps.autocontrast(grey, cutoff=1)), 1.0
        if long_side <= self._small_size:
            enlarged = grey.resize((width * 2, height * 2), Image.Resampling.BICUBIC)
            yield "enlarged", _array(enlarged), 0.5

    def _decode_grey(self, grey: GreyImage) -> list[DecodedCode]:
        found = self._zxing.read(grey)
        if self._zbar is None or any(code.symbology in _LINEAR for code in found):
            return merge_codes(found)
        return merge_codes(found, self._zbar.read(grey))


def to_grey(image: Image.Image) -> Image.Image:
    """An 8-bit greyscale ("L") copy of ``image``, whatever its mode.

    Transparent pixels become white (codes on a transparent PNG are usually dark on nothing, and the colour
    stored under full transparency is often black); 16-bit and float images are stretched to 0–255.
    """
    mode = image.mode
    if mode == "L":
        return image
    if mode in _HIGH_DEPTH_MODES:
        values = numpy.asarray(image, dtype=numpy.float64)
        low, high = float(values.min()), float(values.max())
        span = high - low if high > low else 1.0
        scaled = numpy.clip((values - low) * (255.0 / span), 0, 255).astype(numpy.uint8)
        return Image.fromarray(scaled)
    if mode in {"RGBA", "LA", "PA", "La", "RGBa"} or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    if mode in {"1", "P", "RGB"}:
        return image.convert("L")
    # CMYK, YCbCr, LAB, HSV and the rest: through RGB, which Pillow converts all of them to.
    return image.convert("RGB").convert("L")


def _array(grey: Image.Image) -> GreyImage:
    array: GreyImage = numpy.asarray(grey, dtype=numpy.uint8)
    return array


def decode_image_file(path: str | os.PathLike[str]) -> list[DecodedCode]:
    """Every code in the image file at ``path``, with the default decoder settings."""
    return ImageDecoder().decode_path(path)
