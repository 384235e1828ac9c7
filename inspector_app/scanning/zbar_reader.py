"""zbar (through pyzbar's ctypes bindings) for EAN/UPC and Code 128, with the GS1 flag pyzbar drops.

zbar reads some damaged EAN-13 that zxing-cpp misses, so it is the second pass. ``pyzbar.decode`` does
not expose zbar's symbol modifiers, and so loses the one fact that tells GS1-128 from plain Code 128 (zbar
drops the leading FNC1 and sets the GS1 modifier instead). This module runs the same zbar calls as
``pyzbar.decode`` and also asks for the modifiers.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import numpy
import numpy.typing as npt
from pyzbar import wrapper as zbar

from inspector_app.scanning.decoded_code import DecodedCode, Point
from inspector_app.scanning.symbology import from_zbar
from inspector_app.scanning.zxing_reader import normalise_ean_upc

logger = logging.getLogger(__name__)

# zbar's fourcc for 8-bit greyscale ("Y800").
_FOURCC_Y800 = 0x30303859

# zbar_modifier_e: ZBAR_MOD_GS1 = 0 (the bit set when a Code 128 starts with FNC1).
_MOD_GS1 = 1 << 0

# What zbar reads for us: DataBar stays off (it prints assertion warnings on noisy frames), and so do
# ISBN (it would re-label EAN-13 starting 978/979) and QR (zxing-cpp reads QR far better).
_OUR_SYMBOLS = (
    zbar.ZBarSymbol.EAN13,
    zbar.ZBarSymbol.EAN8,
    zbar.ZBarSymbol.UPCA,
    zbar.ZBarSymbol.UPCE,
    zbar.ZBarSymbol.CODE128,
)

# Older zbar builds leave FNC1 in the data as the byte 0xE8 instead of dropping it / writing GS.
_FNC1_BYTE_CHAR = "\xe8"


def _load_modifiers_function() -> Any:
    try:
        return zbar.zbar_function("zbar_symbol_get_modifiers", ctypes.c_uint, ctypes.POINTER(zbar.zbar_symbol))
    except AttributeError:
        # zbar before 0.11 has no modifiers; the 0xE8 FNC1 byte is then the only GS1 hint.
        logger.info("zbar has no zbar_symbol_get_modifiers; GS1-128 is recognised by its FNC1 byte only")
        return None


_get_modifiers = _load_modifiers_function()


class ZbarReader:
    """Decodes EAN-13, EAN-8, UPC-A, UPC-E and Code 128 (incl. GS1-128) with zbar."""

    def read(self, grey: npt.NDArray[numpy.uint8]) -> list[DecodedCode]:
        """All codes zbar finds in a 2-D uint8 greyscale image."""
        if grey.ndim != 2 or grey.dtype != numpy.uint8:
            raise ValueError(f"zbar needs a 2-D uint8 greyscale image, got {grey.dtype} {grey.shape}")
        height, width = grey.shape
        if height == 0 or width == 0:
            return []
        pixels = numpy.ascontiguousarray(grey).tobytes()
        scanner = zbar.zbar_image_scanner_create()
        if not scanner:
            raise MemoryError("zbar could not create an image scanner")
        try:
            for symbol in zbar.ZBarSymbol:
                enabled = 1 if symbol in _OUR_SYMBOLS else 0
                zbar.zbar_image_scanner_set_config(scanner, symbol, zbar.ZBarConfig.CFG_ENABLE, enabled)
            image = zbar.zbar_image_create()
            if not image:
                raise MemoryError("zbar could not create an image")
            try:
                zbar.zbar_image_set_format(image, _FOURCC_Y800)
                zbar.zbar_image_set_size(image, width, height)
                # ``pixels`` stays referenced until the image is destroyed below; zbar does not copy it.
                zbar.zbar_image_set_data(
                    image, ctypes.cast(ctypes.c_char_p(pixels), ctypes.c_void_p), len(pixels), None
                )
                if zbar.zbar_scan_image(scanner, image) < 0:
                    raise ValueError("zbar refused the image format")
                return list(self._codes(image))
            finally:
                zbar.zbar_image_destroy(image)
        finally:
            zbar.zbar_image_scanner_destroy(scanner)

    def _codes(self, image: Any) -> Iterator[DecodedCode]:
        symbol = zbar.zbar_image_first_symbol(image)
        while symbol:
            code = _symbol_to_code(symbol)
            if code is not None:
                yield code
            symbol = zbar.zbar_symbol_next(symbol)


def _symbol_to_code(symbol: Any) -> DecodedCode | None:
    data = ctypes.string_at(zbar.zbar_symbol_get_data(symbol), zbar.zbar_symbol_get_data_length(symbol))
    try:
        type_name = zbar.ZBarSymbol(symbol.contents.type).name
    except ValueError:
        return None
    modifiers = int(_get_modifiers(symbol)) if _get_modifiers is not None else 0
    text = _decode_bytes(data)
    is_gs1 = bool(modifiers & _MOD_GS1)
    if type_name == "CODE128":
        is_gs1, text = code128_fnc1(text, gs1_modifier=is_gs1)
    symbology = from_zbar(type_name, is_gs1=is_gs1)
    if symbology is None:
        return None
    symbology, text = normalise_ean_upc(symbology, text)
    points = [
        (int(zbar.zbar_symbol_get_loc_x(symbol, index)), int(zbar.zbar_symbol_get_loc_y(symbol, index)))
        for index in range(zbar.zbar_symbol_get_loc_size(symbol))
    ]
    return DecodedCode(
        symbology=symbology.value,
        text=text,
        aim_id=symbology.aim_id,
        is_gs1=is_gs1,
        position=convex_hull(points),
        decoder="zbar",
    )


def _decode_bytes(data: bytes) -> str:
    # zbar hands back UTF-8 for text it recognised; Code 128 extended (FNC4) bytes and the old FNC1 byte 0xE8
    # are not valid UTF-8 on their own and are kept one character per byte instead.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def code128_fnc1(text: str, *, gs1_modifier: bool) -> tuple[bool, str]:
    """Apply GS1 FNC1 rules to Code 128 text from zbar: returns ``(is_gs1, text)``.

    A leading FNC1 (the byte 0xE8 from older zbar builds) means GS1-128 and is dropped; inside a GS1 symbol
    an FNC1 is a field separator and becomes GS. In a non-GS1 symbol 0xE8 may be a real character ("è"
    through FNC4) and is left alone.
    """
    is_gs1 = gs1_modifier
    if text.startswith(_FNC1_BYTE_CHAR):
        is_gs1 = True
        text = text.lstrip(_FNC1_BYTE_CHAR)
    if is_gs1:
        text = text.replace(_FNC1_BYTE_CHAR, "\x1d").lstrip("\x1d").rstrip("\x1d")
    return is_gs1, text


def convex_hull(points: Sequence[Point]) -> tuple[Point, ...]:
    """The convex hull of ``points`` (monotone chain), clockwise in image coordinates from the top-left-most."""
    unique = sorted(set(points))
    if len(unique) <= 2:
        return tuple(unique)

    def cross(origin: Point, a: Point, b: Point) -> int:
        return (a[0] - origin[0]) * (b[1] - origin[1]) - (a[1] - origin[1]) * (b[0] - origin[0])

    lower: list[Point] = []
    for point in unique:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    upper: list[Point] = []
    for point in reversed(unique):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return tuple(lower[:-1] + upper[:-1])
