"""Where camera frames come from: a protocol the live camera implements, and a recorded replay.

The live camera lives in the GUI layer (Qt Multimedia); it hands frames over as numpy arrays so that this
layer never imports Qt. :class:`RecordedFrameSource` replays frames saved earlier, so that the decoding
pipeline can be tested and benchmarked without a camera.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy
import numpy.typing as npt
from numpy.lib.npyio import NpzFile

logger = logging.getLogger(__name__)

Frame = npt.NDArray[numpy.uint8]
"""A camera frame: H×W greyscale, or H×W×3 / H×W×4 colour, uint8."""


@runtime_checkable
class FrameSource(Protocol):
    """Anything that yields camera frames one at a time."""

    def read(self) -> Frame | None:
        """The next frame, or None when the source has ended (or been closed)."""

    def close(self) -> None:
        """Release the device or file; ``read`` returns None afterwards."""


class RecordedFrameSource:
    """Replays frames held in memory or saved with :meth:`save` (a ``.npz`` file), optionally in a loop."""

    def __init__(self, frames: Iterable[Frame], *, loop: bool = False) -> None:
        self._frames: list[Frame] = [_checked_frame(frame) for frame in frames]
        self._loop = loop and bool(self._frames)
        self._index = 0
        self._closed = False

    def __len__(self) -> int:
        return len(self._frames)

    def __iter__(self) -> Iterator[Frame]:
        while (frame := self.read()) is not None:
            yield frame

    @property
    def frames(self) -> Sequence[Frame]:
        """The recorded frames, in order."""
        return tuple(self._frames)

    def read(self) -> Frame | None:
        """The next recorded frame; at the end None, or the first frame again when looping."""
        if self._closed:
            return None
        if self._index >= len(self._frames):
            if not self._loop:
                return None
            self._index = 0
        frame = self._frames[self._index]
        self._index += 1
        return frame

    def rewind(self) -> None:
        """Start again from the first frame."""
        self._index = 0

    def close(self) -> None:
        """Stop replaying: ``read`` returns None from now on."""
        self._closed = True

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save the frames to a compressed ``.npz`` file that :meth:`load` reads back."""
        arrays = {f"frame_{index:06d}": frame for index, frame in enumerate(self._frames)}
        with Path(path).open("wb") as stream:
            numpy.savez_compressed(stream, **arrays)  # type: ignore[arg-type]
        logger.info("saved %d frames to %s", len(self._frames), path)

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, loop: bool = False) -> RecordedFrameSource:
        """Frames saved by :meth:`save`. Raises ``ValueError`` for a file that is not such a recording."""
        try:
            with Path(path).open("rb") as stream:
                archive = numpy.load(stream, allow_pickle=False)
                if not isinstance(archive, NpzFile):
                    raise ValueError("a single array, not a recording")
                with archive:
                    names = sorted(name for name in archive.files if name.startswith("frame_"))
                    frames = [archive[name] for name in names]
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            raise ValueError(f"not a frame recording: {path}: {exc}") from exc
        return cls(frames, loop=loop)


def _checked_frame(frame: Frame) -> Frame:
    if not isinstance(frame, numpy.ndarray) or frame.dtype != numpy.uint8:
        raise ValueError("a frame must be a uint8 numpy array")
    if frame.ndim == 2 or (frame.ndim == 3 and frame.shape[2] in (1, 3, 4)):
        return frame
    raise ValueError(f"a frame must be H×W, H×W×3 or H×W×4, got shape {frame.shape}")
