"""Camera frames to barcodes, off the GUI thread, never falling behind.

The camera delivers 25–30 frames a second and a frame takes 10–100 ms to decode. One frame is decoded at a
time on a worker thread; frames arriving meanwhile are dropped rather than queued, so the preview never lags
behind a backlog. After a hit the pipeline can be paused, so one code held in front of the lens is not read
again and again.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QElapsedTimer, QObject, QRunnable, QThreadPool, Signal

from inspector_app.services.scan_service import Frame

logger = logging.getLogger(__name__)


class _DecodeJob(QRunnable):
    """Decodes one frame on the pool thread and reports through the pipeline's signals."""

    def __init__(self, pipeline: FramePipeline, decoder: Any, frame: Frame, timestamp_ms: float) -> None:
        super().__init__()
        self._pipeline = pipeline
        self._decoder = decoder
        self._frame = frame
        self._timestamp_ms = timestamp_ms
        self._closed = pipeline.closed_flag

    def run(self) -> None:
        try:
            result = self._decoder.process(self._frame, self._timestamp_ms)
        except Exception as exc:  # a decoder failure on one frame must not stop the camera
            if not self._closed.is_set():
                self._pipeline.job_failed.emit(exc)
            return
        if not self._closed.is_set():
            self._pipeline.job_done.emit(result)


class FramePipeline(QObject):
    """Feeds frames to a ``FrameDecoder`` (see ``ScanService.new_frame_decoder``) one at a time.

    Signals:
        frame_decoded(FrameResult): a frame was decoded; ``new_codes`` holds the codes not reported lately.
        job_done(object), job_failed(object): internal, emitted from the worker thread.
    """

    frame_decoded = Signal(object)
    job_done = Signal(object)
    job_failed = Signal(object)

    def __init__(self, decoder: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._decoder = decoder
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the thread: one is needed for every frame while the camera runs
        self._busy = False
        self._clock = QElapsedTimer()
        self._clock.start()
        self._paused_until_ms = 0
        self.closed_flag = threading.Event()
        self.frames_submitted = 0
        self.frames_dropped = 0
        self.frames_decoded = 0
        self.job_done.connect(self._on_job_done)
        self.job_failed.connect(self._on_job_failed)

    @property
    def busy(self) -> bool:
        """A frame is being decoded."""
        return self._busy

    @property
    def paused(self) -> bool:
        """Frames are being ignored after a hit."""
        return self._clock.elapsed() < self._paused_until_ms

    def elapsed_ms(self) -> float:
        """Milliseconds since the pipeline started (the clock frames are stamped with)."""
        return float(self._clock.elapsed())

    def wants_frame(self) -> bool:
        """Whether :meth:`submit` would take a frame now (saves converting frames that would be dropped)."""
        return not self._busy and not self.paused and not self.closed_flag.is_set()

    def submit(self, frame: Frame) -> bool:
        """Decode ``frame`` in the background unless busy or paused; False when the frame was dropped."""
        self.frames_submitted += 1
        if not self.wants_frame():
            self.frames_dropped += 1
            return False
        self._busy = True
        self._pool.start(_DecodeJob(self, self._decoder, frame, self.elapsed_ms()))
        return True

    def pause(self, milliseconds: int) -> None:
        """Ignore frames for ``milliseconds`` (after a hit)."""
        self._paused_until_ms = self._clock.elapsed() + milliseconds

    def resume(self) -> None:
        """Take frames again at once."""
        self._paused_until_ms = 0

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop taking frames and wait for the frame being decoded."""
        self.closed_flag.set()
        if not self._pool.waitForDone(timeout_ms):
            logger.error("frame decoding did not finish within %d ms", timeout_ms)

    def _on_job_done(self, result: Any) -> None:
        self._busy = False
        self.frames_decoded += 1
        self.frame_decoded.emit(result)

    def _on_job_failed(self, error: BaseException) -> None:
        self._busy = False
        logger.error("decoding a camera frame failed", exc_info=(type(error), error, error.__traceback__))
