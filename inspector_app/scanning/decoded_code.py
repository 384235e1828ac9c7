"""The result of decoding one barcode, whichever decoder found it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace

from inspector_app.scanning.symbology import Symbology

logger = logging.getLogger(__name__)

Point = tuple[int, int]
"""An (x, y) pixel coordinate in the image that was decoded."""


@dataclass(frozen=True, slots=True)
class DecodedCode:
    """One barcode found in an image or camera frame.

    ``symbology`` is one of our names (see :class:`~inspector_app.scanning.symbology.Symbology`): "ean13",
    "ean8", "upca", "upce", "code128", "gs1_128", "qr", "gs1_qr", "datamatrix", "gs1_datamatrix".

    ``text`` is the content as the symbol carries it. GS1 element strings keep their FNC1 separators as GS
    (``\\x1d``) and have no leading FNC1. UPC-A and UPC-E are given as their 12-digit GTIN-12 (UPC-E expanded),
    because that is the trade item number the identifier parser and the catalogue look up.

    ``aim_id`` is the AIM symbology identifier (``]E0``, ``]C1``, ``]d2``, ``]Q3`` …) — what a scanner in
    keyboard mode would send before the text — or None when unknown.

    ``position`` holds the symbol's corner points (top-left, top-right, bottom-right, bottom-left as the
    decoder reports them) in the coordinates of the image as displayed (after EXIF orientation), for outlining
    the code in a preview.

    ``decoder`` says which library read it: "zxing" or "zbar".
    """

    symbology: str
    text: str
    aim_id: str | None
    is_gs1: bool
    position: tuple[Point, ...]
    decoder: str

    @property
    def dedupe_key(self) -> tuple[str, str]:
        """Two results with the same key are the same code (found twice, or by both decoders)."""
        return (_family(self.symbology), self.text)

    def scaled(self, factor: float) -> DecodedCode:
        """The same code with its position multiplied by ``factor`` (to map back from a resized image)."""
        if factor == 1.0:
            return self
        return replace(self, position=tuple((round(x * factor), round(y * factor)) for x, y in self.position))


def _family(symbology: str) -> str:
    # The GS1 flag is a property of the content, and zbar may miss it where zxing sees it: compare by the
    # physical symbology so that "code128" from one decoder and "gs1_128" from the other count as one code.
    try:
        return Symbology(symbology).family
    except ValueError:
        return symbology


def merge_codes(*groups: Iterable[DecodedCode]) -> list[DecodedCode]:
    """Concatenate decoding results, keeping the first of any codes with the same ``dedupe_key``.

    Pass the preferred decoder's results first: its symbology, GS1 flag and AIM identifier win.
    """
    merged: list[DecodedCode] = []
    seen: set[tuple[str, str]] = set()
    for group in groups:
        for code in group:
            key = code.dedupe_key
            if key in seen:
                continue
            seen.add(key)
            merged.append(code)
    return merged
