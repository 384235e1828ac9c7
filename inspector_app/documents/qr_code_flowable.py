"""A QR code drawn as vector squares in a PDF (sharp at any printer resolution, a few KB in the file).

The symbol comes from zxing-cpp's writer (error-correction level Q), which the scanning layer already uses to
read codes. We measured the ``qrcode`` library for this: choosing the best of the eight mask patterns, as the
standard asks, costs it 60 ms for a version-15 symbol in pure Python, and even with a fixed mask and the version
worked out in advance it takes 9 ms — a fifth of the 50 ms a whole certificate may take. zxing-cpp builds the
same symbol, best mask included, in about 2.5 ms; for every length we tried it picks the same version as
``qrcode``. The tests read the printed symbol back with zbar as well as zxing, so writer and reader are not
merely agreeing with themselves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy
import zxingcpp
from reportlab.lib import colors
from reportlab.platypus import Flowable

logger = logging.getLogger(__name__)

QUIET_ZONE = 4  # modules of white around the symbol (ISO/IEC 18004)
EC_LEVEL = "Q"


@dataclass(frozen=True)
class QrSymbol:
    """The modules of a QR code (``True`` = dark), without quiet zone, and its version (1–40)."""

    modules: tuple[tuple[bool, ...], ...]
    version: int


def qr_symbol(text: str) -> QrSymbol:
    """The smallest QR code at level Q holding ``text``; raises ``ValueError`` when none can."""
    try:
        barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=EC_LEVEL)
    except (RuntimeError, ValueError) as exc:
        raise ValueError(f"cannot encode a QR code: {exc}") from exc
    # One pixel per module, no quiet zone: 0 is dark, 255 light.
    pixels = numpy.asarray(barcode.to_image(scale=1, add_quiet_zones=False))
    dark = pixels < 128
    modules = tuple(tuple(bool(value) for value in row) for row in dark)
    return QrSymbol(modules, (len(modules) - 17) // 4)


class QrCodeFlowable(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """A square QR code of side ``size`` points, quiet zone included."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.symbol = qr_symbol(text)
        self.size = size
        self.hAlign = "CENTER"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        return self.size, self.size

    def draw(self) -> None:
        modules = self.symbol.modules
        count = len(modules)
        step = self.size / (count + 2 * QUIET_ZONE)
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        # In module units from the symbol's lower left corner: every coordinate is a small integer.
        canvas.translate(QUIET_ZONE * step, QUIET_ZONE * step)
        canvas.scale(step, step)
        # One rectangle per run of dark modules in a row, all in one path filled once (no seams between
        # modules); written as PDF operators directly, which is several times faster than a path object.
        operators: list[str] = []
        for row_index, row in enumerate(modules):
            y = count - 1 - row_index
            column = 0
            while column < count:
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < count and row[column]:
                    column += 1
                operators.append(f"{start} {y} {column - start} 1 re")
        operators.append("f")
        canvas.addLiteral("\n".join(operators))
        canvas.restoreState()
