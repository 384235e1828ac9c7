"""zxing-cpp, restricted to the symbologies we read, with its results turned into :class:`DecodedCode`."""

from __future__ import annotations

import logging

import numpy
import numpy.typing as npt
import zxingcpp

from inspector_app.scanning.decoded_code import DecodedCode
from inspector_app.scanning.symbology import Symbology, from_zxing, is_gs1_aim_id

logger = logging.getLogger(__name__)

# Only what inspectors meet on products and documents. Fewer formats make zxing-cpp faster and keep
# look-alike symbologies (e.g. Code 39, ITF) from producing reads we cannot interpret.
OUR_FORMATS = zxingcpp.BarcodeFormats(
    [
        zxingcpp.BarcodeFormat.EAN13,
        zxingcpp.BarcodeFormat.EAN8,
        zxingcpp.BarcodeFormat.UPCA,
        zxingcpp.BarcodeFormat.UPCE,
        zxingcpp.BarcodeFormat.Code128,
        zxingcpp.BarcodeFormat.QRCode,
        zxingcpp.BarcodeFormat.DataMatrix,
    ]
)

ZxingInput = npt.NDArray[numpy.uint8] | zxingcpp.ImageView


class ZxingReader:
    """Decodes our symbologies with zxing-cpp.

    ``TextMode.Plain`` is used so that GS1 content arrives as the raw element string with GS (``\\x1d``)
    separators (the default human-readable mode would bracket the AIs instead), and the symbology identifier
    (``]C1``, ``]d2``, ``]Q3``, ``]E0``) and ``content_type`` tell GS1 content apart.
    """

    def __init__(
        self,
        *,
        try_rotate: bool = True,
        try_downscale: bool = True,
        try_invert: bool = False,
        binarizer: zxingcpp.Binarizer = zxingcpp.Binarizer.LocalAverage,
    ) -> None:
        self._try_rotate = try_rotate
        self._try_downscale = try_downscale
        self._try_invert = try_invert
        self._binarizer = binarizer

    def read(self, image: ZxingInput) -> list[DecodedCode]:
        """All codes zxing-cpp finds in ``image`` (a greyscale or BGR uint8 array, or an ImageView)."""
        barcodes = zxingcpp.read_barcodes(
            image,
            formats=OUR_FORMATS,
            try_rotate=self._try_rotate,
            try_downscale=self._try_downscale,
            try_invert=self._try_invert,
            text_mode=zxingcpp.TextMode.Plain,
            binarizer=self._binarizer,
        )
        codes: list[DecodedCode] = []
        for barcode in barcodes:
            code = barcode_to_code(barcode)
            if code is not None:
                codes.append(code)
        return codes


def barcode_to_code(barcode: zxingcpp.Barcode) -> DecodedCode | None:
    """Our result for one zxing-cpp barcode, or None for a format we do not read."""
    aim_id = standard_aim_id(barcode.symbology_identifier)
    is_gs1 = barcode.content_type == zxingcpp.ContentType.GS1 or is_gs1_aim_id(aim_id)
    symbology = from_zxing(str(barcode.format), is_gs1=is_gs1)
    if symbology is None:
        logger.debug("zxing-cpp returned an unexpected format %s", barcode.format)
        return None
    text = barcode.text
    symbology, text = normalise_ean_upc(symbology, text)
    if is_gs1:
        # Plain text mode already drops the leading FNC1; a stray leading GS would only confuse the parser.
        text = text.lstrip("\x1d")
    position = barcode.position
    corners = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    return DecodedCode(
        symbology=symbology.value,
        text=text,
        aim_id=aim_id,
        is_gs1=is_gs1,
        position=tuple((point.x, point.y) for point in corners),
        decoder="zxing",
    )


def standard_aim_id(identifier: str) -> str | None:
    """The ISO/IEC 15424 identifier for what zxing-cpp reports, or None when it reports none.

    zxing-cpp marks rectangular Data Matrix (DMRE, ISO/IEC 21471) by adding 6 to the modifier (``]d8`` for a
    GS1 DMRE). Scanners send ``]d1``/``]d2``/``]d3`` for those symbols, and that is what the identifier
    parser understands, so the offset is removed.
    """
    if not identifier:
        return None
    if identifier.startswith("]d") and len(identifier) == 3 and identifier[2] in "789":
        return f"]d{int(identifier[2]) - 6}"
    return identifier


def normalise_ean_upc(symbology: Symbology, text: str) -> tuple[Symbology, str]:
    """Report UPC-A and UPC-E as their 12-digit GTIN-12, whichever way a decoder spelled them.

    A UPC-A symbol is bar for bar an EAN-13 starting with 0, so decoders report it either way; UPC-E is
    given 8 digits long (zbar) or expanded to 13 (zxing-cpp). The GTIN-12 is what the product carries.
    """
    if not (text.isascii() and text.isdigit()):
        return symbology, text
    if symbology in (Symbology.EAN13, Symbology.UPCA) and len(text) == 13 and text.startswith("0"):
        return Symbology.UPCA, text[1:]
    if symbology is Symbology.UPCE:
        if len(text) == 13 and text.startswith("0"):
            return symbology, text[1:]
        if len(text) == 8:
            return symbology, expand_upce(text)
    return symbology, text


def expand_upce(upce: str) -> str:
    """Expand an 8-digit UPC-E (number system, 6 digits, check digit) to its 12-digit UPC-A (GTIN-12)."""
    if len(upce) != 8 or not (upce.isascii() and upce.isdigit()):
        raise ValueError(f"not an 8-digit UPC-E: {upce!r}")
    number_system, digits, check = upce[0], upce[1:7], upce[7]
    last = digits[5]
    if last in "012":
        body = digits[0:2] + last + "0000" + digits[2:5]
    elif last == "3":
        body = digits[0:3] + "00000" + digits[3:5]
    elif last == "4":
        body = digits[0:4] + "00000" + digits[4]
    else:
        body = digits[0:5] + "0000" + last
    return number_system + body + check
