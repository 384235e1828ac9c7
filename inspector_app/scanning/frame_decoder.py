"""Barcodes in camera frames: the fast path behind the live scan preview.

A preview runs at 25–30 frames/s, so each frame gets one zxing-cpp pass restricted to our formats, without
inverted-code search (inverted codes are rare on products and that search costs about a fifth of the time).
Searching linear codes turned by 90° doubles zxing-cpp's time per frame; QR and Data Matrix are found at any
angle anyway, and linear codes up to a few tens of degrees without it. The camera pipeline
(:class:`FrameDecoder`) therefore does the rotated search on every ``rotate_every``-th frame only: a barcode
held with vertical bars is still found within a tenth of a second. zbar, the second opinion for damaged
EAN-13, is slower (15–90 ms at 1280×720, the more so the noisier the frame): the pipeline asks it only on
every ``zbar_every``-th consecutive frame in which zxing-cpp found nothing. :func:`decode_frame` (one frame,
e.g. a snapshot) does everything on the one frame it has.

The camera itself stays in the GUI layer; it delivers frames as numpy arrays (see
:mod:`inspector_app.scanning.frame_source`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import numpy
import numpy.typing as npt
import zxingcpp

from inspector_app.scanning.decoded_code import DecodedCode, merge_codes
from inspector_app.scanning.frame_source import Frame, FrameSource, RecordedFrameSource
from inspector_app.scanning.zbar_reader import ZbarReader
from inspector_app.scanning.zxing_reader import ZxingReader

__all__ = [
    "Frame",
    "FrameDecoder",
    "FrameResult",
    "FrameSource",
    "PixelFormat",
    "RecordedFrameSource",
    "decode_frame",
    "to_grey_frame",
]

logger = logging.getLogger(__name__)

PixelFormat = Literal["grey", "bgr", "rgb", "bgra", "rgba"]
"""Channel order of a frame. Qt's ``QImage.Format_RGB32``/``ARGB32`` is "bgra" in memory on x86."""

_ZXING_IMAGE_FORMATS: dict[str, zxingcpp.ImageFormat] = {
    "bgr": zxingcpp.ImageFormat.BGR,
    "rgb": zxingcpp.ImageFormat.RGB,
    "bgra": zxingcpp.ImageFormat.BGRA,
    "rgba": zxingcpp.ImageFormat.RGBA,
}

# ITU-R BT.601 luma weights in 1/256ths (77 + 150 + 29 = 256), per channel order.
_LUMA_WEIGHTS: dict[str, tuple[int, int, int]] = {
    "rgb": (77, 150, 29),
    "rgba": (77, 150, 29),
    "bgr": (29, 150, 77),
    "bgra": (29, 150, 77),
}


@dataclass(frozen=True, slots=True)
class FrameResult:
    """What the pipeline made of one frame: every code in it, and those not reported recently."""

    index: int
    codes: tuple[DecodedCode, ...]
    new_codes: tuple[DecodedCode, ...]
    timestamp_ms: float


@dataclass
class _Counters:
    frames: int = 0
    frames_with_codes: int = 0
    zbar_runs: int = 0
    empty_streak: int = 0
    last_reported: dict[tuple[str, str], float] = field(default_factory=dict)


class FrameDecoder:
    """Decodes a stream of camera frames.

    ``rotate_every``: search linear codes turned by 90° on every n-th frame (1 = every frame, 0 = never).
    ``zbar_every``: ask zbar on every n-th consecutive frame where zxing-cpp found nothing (1 = every such
    frame, 0 = never). ``repeat_ms``: a code kept in view is reported once, and again only after it has been
    out of sight for this long (so a held product does not become thirty scans a second).
    """

    def __init__(
        self,
        *,
        pixel_format: PixelFormat | None = None,
        rotate_every: int = 3,
        zbar_every: int = 8,
        repeat_ms: float = 1500.0,
    ) -> None:
        if rotate_every < 0:
            raise ValueError("rotate_every must be >= 0")
        if zbar_every < 0:
            raise ValueError("zbar_every must be >= 0")
        self._pixel_format = pixel_format
        self._rotate_every = rotate_every
        self._zbar_every = zbar_every
        self._repeat_ms = repeat_ms
        self._zxing_upright = ZxingReader(try_rotate=False, try_invert=False)
        self._zxing_rotating = ZxingReader(try_rotate=True, try_invert=False)
        self._zbar = ZbarReader()
        self._counters = _Counters()

    @property
    def frames_decoded(self) -> int:
        """How many frames this decoder has seen."""
        return self._counters.frames

    @property
    def frames_with_codes(self) -> int:
        """How many of them held at least one code."""
        return self._counters.frames_with_codes

    @property
    def zbar_runs(self) -> int:
        """How many times zbar was asked."""
        return self._counters.zbar_runs

    def decode(self, frame: Frame) -> list[DecodedCode]:
        """Every code in ``frame`` (zxing-cpp, plus zbar on the scheduled empty frames)."""
        counters = self._counters
        counters.frames += 1
        pixel_format = self._pixel_format or guess_pixel_format(frame)
        rotating = bool(self._rotate_every) and counters.frames % self._rotate_every == 0
        zxing = self._zxing_rotating if rotating else self._zxing_upright
        codes = zxing.read(_zxing_input(frame, pixel_format))
        if codes:
            counters.empty_streak = 0
        else:
            counters.empty_streak += 1
            if self._zbar_every and counters.empty_streak % self._zbar_every == 0:
                counters.zbar_runs += 1
                codes = merge_codes(self._zbar.read(to_grey_frame(frame, pixel_format)))
        if codes:
            counters.frames_with_codes += 1
        return codes

    def process(self, frame: Frame, timestamp_ms: float) -> FrameResult:
        """Decode ``frame`` and tell which of its codes are new (not reported within ``repeat_ms``)."""
        codes = self.decode(frame)
        last_reported = self._counters.last_reported
        new_codes: list[DecodedCode] = []
        for code in codes:
            key = code.dedupe_key
            previous = last_reported.get(key)
            if previous is None or timestamp_ms - previous > self._repeat_ms:
                new_codes.append(code)
            last_reported[key] = timestamp_ms
        # Forget codes long out of sight, so the table does not grow over a day's scanning.
        for key in [k for k, seen in last_reported.items() if timestamp_ms - seen > 10 * self._repeat_ms]:
            del last_reported[key]
        return FrameResult(self._counters.frames - 1, tuple(codes), tuple(new_codes), timestamp_ms)

    def run(
        self, source: FrameSource, *, frame_interval_ms: float = 1000.0 / 30, max_frames: int | None = None
    ) -> Iterator[FrameResult]:
        """Decode frames from ``source`` until it ends (or ``max_frames``), timing them ``frame_interval_ms`` apart.

        For recorded frames; a live camera calls :meth:`process` with the frames' own timestamps.
        """
        count = 0
        while max_frames is None or count < max_frames:
            frame = source.read()
            if frame is None:
                return
            yield self.process(frame, count * frame_interval_ms)
            count += 1


def decode_frame(frame: Frame, *, pixel_format: PixelFormat | None = None) -> list[DecodedCode]:
    """Every code in one camera frame: fast zxing-cpp pass, then zbar if zxing-cpp found nothing."""
    return FrameDecoder(pixel_format=pixel_format, rotate_every=1, zbar_every=1).decode(frame)


def guess_pixel_format(frame: Frame) -> PixelFormat:
    """The likely pixel format: grey for H×W (or H×W×1), bgr for 3 channels, bgra for 4 (OpenCV's, Qt's)."""
    if frame.ndim == 2 or (frame.ndim == 3 and frame.shape[2] == 1):
        return "grey"
    if frame.ndim == 3 and frame.shape[2] == 3:
        return "bgr"
    if frame.ndim == 3 and frame.shape[2] == 4:
        return "bgra"
    raise ValueError(f"a frame must be H×W, H×W×3 or H×W×4, got shape {frame.shape}")


def _zxing_input(frame: Frame, pixel_format: PixelFormat) -> npt.NDArray[numpy.uint8] | zxingcpp.ImageView:
    _check(frame)
    if pixel_format == "grey":
        return frame.reshape(frame.shape[0], frame.shape[1])
    channels = len(pixel_format)
    if frame.ndim != 3 or frame.shape[2] != channels:
        raise ValueError(f"a {pixel_format} frame needs {channels} channels, got shape {frame.shape}")
    # An ImageView lets zxing-cpp compute luminance itself, straight from the camera's buffer (no copy).
    contiguous = numpy.ascontiguousarray(frame)
    height, width = contiguous.shape[:2]
    return zxingcpp.ImageView(contiguous, width, height, _ZXING_IMAGE_FORMATS[pixel_format])


def to_grey_frame(frame: Frame, pixel_format: PixelFormat | None = None) -> npt.NDArray[numpy.uint8]:
    """The luminance of ``frame`` as an H×W uint8 array (the frame itself if already greyscale)."""
    _check(frame)
    pixel_format = pixel_format or guess_pixel_format(frame)
    if pixel_format == "grey":
        return frame.reshape(frame.shape[0], frame.shape[1])
    weights = _LUMA_WEIGHTS[pixel_format]
    luma = (
        frame[:, :, 0].astype(numpy.uint16) * weights[0]
        + frame[:, :, 1].astype(numpy.uint16) * weights[1]
        + frame[:, :, 2].astype(numpy.uint16) * weights[2]
    ) >> 8
    grey: npt.NDArray[numpy.uint8] = luma.astype(numpy.uint8)
    return grey


def _check(frame: Frame) -> None:
    if not isinstance(frame, numpy.ndarray) or frame.dtype != numpy.uint8:
        raise ValueError("a frame must be a uint8 numpy array")
    if frame.ndim not in (2, 3) or frame.shape[0] == 0 or frame.shape[1] == 0:
        raise ValueError(f"a frame must be a non-empty H×W or H×W×C array, got shape {frame.shape}")
