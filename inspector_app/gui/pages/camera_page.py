"""The camera page: scan with the laptop's camera, live preview with the codes outlined.

Frames come from the selected camera (Qt Multimedia: ``QCamera`` → ``QMediaCaptureSession`` → ``QVideoSink``) or,
when one is given, from a :class:`FrameSource` such as a recording — both go through the same pipeline: preview,
decoding off the GUI thread (frames dropped while the decoder is busy), and for each new code a beep, the scan
recorded through the session, and a pause so one code held in front of the lens is read once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy
from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QImage, QShowEvent
from PySide6.QtMultimedia import QCamera, QCameraDevice, QMediaCaptureSession, QMediaDevices, QVideoFrame, QVideoSink
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.beeper import Beeper
from inspector_app.gui.frame_pipeline import FramePipeline
from inspector_app.gui.scan_bar import visible_code
from inspector_app.gui.scan_session import ScanSession, ScanSource, SessionScan
from inspector_app.gui.widgets.camera_preview import CameraPreview
from inspector_app.gui.widgets.verdict_card import VerdictCardWidget
from inspector_app.services.scan_service import Frame, FrameSource

if TYPE_CHECKING:
    from inspector_app.gui.page_context import PageContext

logger = logging.getLogger(__name__)

#: After a hit, frames are ignored this long: the inspector takes the product away or reads the card.
HIT_PAUSE_MS = 1500
#: A code read once is read again only after it was out of sight this long (frames seen after the pause).
REPEAT_MS = 1500
#: A recorded source is replayed at the camera's usual rate.
FRAME_INTERVAL_MS = 33


def frame_to_image(frame: Frame) -> QImage:
    """A ``QImage`` copy of a numpy frame (grey, BGR or BGRA) for the preview."""
    height, width = frame.shape[:2]
    contiguous = numpy.ascontiguousarray(frame)
    if contiguous.ndim == 2 or contiguous.shape[2] == 1:
        image_format = QImage.Format.Format_Grayscale8
        bytes_per_line = width
    elif contiguous.shape[2] == 3:
        image_format = QImage.Format.Format_BGR888
        bytes_per_line = width * 3
    else:
        # BGRA in memory is what QImage calls ARGB32 on little-endian machines.
        image_format = QImage.Format.Format_ARGB32
        bytes_per_line = width * 4
    image = QImage(contiguous.data, width, height, bytes_per_line, image_format)
    return image.copy()  # the numpy buffer is not kept alive by the QImage


def image_to_grey_frame(image: QImage) -> Frame:
    """The luminance of ``image`` as an H×W uint8 array (what the decoders read)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    buffer = numpy.frombuffer(grey.constBits(), dtype=numpy.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, :width].copy()


class CameraPage(QWidget):
    """Camera selection, preview and the card of the last code read.

    ``frame_source`` replaces the camera (a recording, for tests and demonstrations); ``beep`` replaces the
    sound of a hit; ``camera_devices`` lists the cameras (``QMediaDevices.videoInputs`` by default).

    Signals:
        code_read(DecodedCode): a new code was read and handed to the session.
        source_finished(): the frame source ended.
    """

    code_read = Signal(object)
    source_finished = Signal()

    def __init__(
        self,
        session: ScanSession,
        *,
        frame_source: FrameSource | None = None,
        beep: Callable[[], None] | None = None,
        camera_devices: Callable[[], list[QCameraDevice]] | None = None,
        hit_pause_ms: int = HIT_PAUSE_MS,
        frame_interval_ms: int = FRAME_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CameraPage")
        self._session = session
        self._frame_source = frame_source
        self._beeper: Beeper | None = None
        self._beep = beep if beep is not None else self._default_beep
        self._camera_devices = camera_devices or QMediaDevices.videoInputs
        self._hit_pause_ms = hit_pause_ms
        # The pause hides the code from the decoder, so it counts as out of sight: the repeat window covers it.
        decoder = session.service.new_frame_decoder(repeat_ms=hit_pause_ms + REPEAT_MS)
        self._pipeline = FramePipeline(decoder, self)
        self._camera: QCamera | None = None
        self._capture: QMediaCaptureSession | None = None  # made with the first camera: it starts Qt Multimedia
        self._media_devices: QMediaDevices | None = None
        self._devices: list[QCameraDevice] = []
        self._running = False
        self._hits = 0
        self._last_hit_text = ""
        self._awaiting_card = 0

        self._pump = QTimer(self)
        self._pump.setInterval(frame_interval_ms)
        self._pump.setTimerType(Qt.TimerType.PreciseTimer)

        self._camera_combo = QComboBox(self)
        self._camera_combo.setObjectName("cameraCombo")
        self._start_button = QPushButton(self)
        self._start_button.setObjectName("startButton")
        self._start_button.setCheckable(True)
        self._refresh_button = QPushButton(self)
        self._refresh_button.setObjectName("refreshButton")
        self._no_camera_label = QLabel(self)
        self._no_camera_label.setObjectName("noCameraLabel")
        self._no_camera_label.setWordWrap(True)
        self._no_camera_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._preview = CameraPreview(self)
        self._status = QLabel(self)
        self._status.setObjectName("statusLabel")
        self._status.setWordWrap(True)
        self._card = VerdictCardWidget(self, language=session.language)

        controls = QHBoxLayout()
        self._camera_label = QLabel(self)
        controls.addWidget(self._camera_label)
        controls.addWidget(self._camera_combo)
        controls.addWidget(self._start_button)
        controls.addWidget(self._refresh_button)
        controls.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(controls)
        left_layout.addWidget(self._no_camera_label)
        left_layout.addWidget(self._preview, 1)
        left_layout.addWidget(self._status)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self._card)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._pump.timeout.connect(self._on_pump_timeout)
        self._pipeline.frame_decoded.connect(self._on_frame_decoded)
        self._start_button.toggled.connect(self._on_start_toggled)
        self._refresh_button.clicked.connect(self.refresh_cameras)
        self._camera_combo.activated.connect(self._on_camera_activated)
        session.scan_recorded.connect(self._on_scan_recorded)
        session.translations.language_changed.connect(self._card.set_language)

        self._retranslate()
        # Cameras are listed when the page is first shown: Qt Multimedia takes a moment to start, and a
        # workstation whose inspector never opens this page should not pay for it.
        self._listed = frame_source is not None
        self._set_has_source(frame_source is not None)

    @classmethod
    def from_context(cls, context: PageContext) -> CameraPage:
        """The page as the navigation builds it."""
        return cls(context.scan_session)

    # --- public ------------------------------------------------------------------------------------------

    @property
    def pipeline(self) -> FramePipeline:
        """The decoding pipeline (its counters tell how many frames were decoded or dropped)."""
        return self._pipeline

    @property
    def preview(self) -> CameraPreview:
        """The preview widget."""
        return self._preview

    @property
    def card(self) -> VerdictCardWidget:
        """The card of the last code read by the camera."""
        return self._card

    @property
    def hits(self) -> int:
        """How many codes the camera has read and handed to the session."""
        return self._hits

    @property
    def running(self) -> bool:
        """Frames are flowing (camera started or source being replayed)."""
        return self._running

    @property
    def has_camera(self) -> bool:
        """A camera (or a frame source) is there to scan with."""
        return self._frame_source is not None or bool(self._devices)

    def no_camera_text(self) -> str:
        """The message shown when there is no camera ("" when there is one, or before the page was shown)."""
        if not self._listed:
            return ""
        return self._no_camera_label.text() if self._no_camera_label.isVisibleTo(self) else ""

    def status_text(self) -> str:
        """The status line under the preview."""
        return self._status.text()

    def refresh_cameras(self) -> None:
        """List the cameras again (a camera plugged in after start)."""
        if self._frame_source is not None:
            return
        self._listed = True
        if self._media_devices is None:
            self._media_devices = QMediaDevices(self)
            self._media_devices.videoInputsChanged.connect(self.refresh_cameras)
        current = self._camera_combo.currentData()
        self._devices = list(self._camera_devices())
        self._camera_combo.blockSignals(True)
        self._camera_combo.clear()
        for device in self._devices:
            self._camera_combo.addItem(device.description(), bytes(device.id().data()))
        index = self._camera_combo.findData(current) if current is not None else -1
        if index < 0:
            default = QMediaDevices.defaultVideoInput()
            index = self._camera_combo.findData(bytes(default.id().data())) if not default.isNull() else 0
        self._camera_combo.setCurrentIndex(max(0, index) if self._devices else -1)
        self._camera_combo.blockSignals(False)
        logger.info("%d camera(s) found", len(self._devices))
        self._set_has_source(bool(self._devices))

    def start(self) -> None:
        """Start the camera (or the frame source)."""
        if self._running or not self.has_camera:
            return
        self._running = True
        self._pipeline.resume()
        if self._frame_source is not None:
            self._pump.start()
        else:
            self._start_camera()
        self._start_button.blockSignals(True)
        self._start_button.setChecked(True)
        self._start_button.blockSignals(False)
        self._retranslate()

    def stop(self) -> None:
        """Stop the camera (or the frame source); the last frame stays in the preview."""
        if not self._running:
            return
        self._running = False
        self._pump.stop()
        if self._camera is not None:
            self._camera.stop()
        self._start_button.blockSignals(True)
        self._start_button.setChecked(False)
        self._start_button.blockSignals(False)
        self._retranslate()

    def shutdown(self) -> None:
        """Stop and wait for the frame being decoded (before the window goes away)."""
        self.stop()
        self._pipeline.shutdown()

    # --- frames ------------------------------------------------------------------------------------------

    def _start_camera(self) -> None:
        if not self._devices:
            return
        wanted = self._camera_combo.currentData()
        device = next((d for d in self._devices if bytes(d.id().data()) == wanted), self._devices[0])
        if self._capture is None:
            self._capture = QMediaCaptureSession(self)
            sink = QVideoSink(self._capture)
            sink.videoFrameChanged.connect(self._on_video_frame)
            self._capture.setVideoSink(sink)
        if self._camera is None or self._camera.cameraDevice() != device:
            if self._camera is not None:
                self._camera.stop()
                self._camera.deleteLater()
            camera = QCamera(device, self)
            camera.errorOccurred.connect(self._on_camera_error)
            self._capture.setCamera(camera)
            self._camera = camera
        logger.info("starting camera %s", device.description())
        self._camera.start()

    def _on_pump_timeout(self) -> None:
        source = self._frame_source
        if source is None:
            return
        frame = source.read()
        if frame is None:
            logger.info("frame source ended")
            self.stop()
            self.source_finished.emit()
            return
        self._preview.set_image(frame_to_image(frame))
        self._pipeline.submit(frame)

    def _on_video_frame(self, video_frame: QVideoFrame) -> None:
        if not self._running or not video_frame.isValid():
            return
        image = video_frame.toImage()
        if image.isNull():
            return
        self._preview.set_image(image)
        # Converting costs a few milliseconds: only for frames the decoder will take.
        if self._pipeline.wants_frame():
            self._pipeline.submit(image_to_grey_frame(image))

    def _on_frame_decoded(self, result: Any) -> None:
        frame_size = self._preview.image().size()
        self._preview.set_outlines([code.position for code in result.codes], frame_size)
        if not self._running or not result.new_codes:
            return
        self._pipeline.pause(self._hit_pause_ms)
        self._beep()
        for code in result.new_codes:
            self._hits += 1
            self._awaiting_card += 1
            self._last_hit_text = visible_code(code.text)
            logger.info("camera read a %s code", code.symbology)
            self._session.submit(code.text, code.aim_id, ScanSource.CAMERA)
            self.code_read.emit(code)
        self._retranslate()

    def _on_scan_recorded(self, scan: SessionScan) -> None:
        if scan.source is ScanSource.CAMERA:
            self._awaiting_card = max(0, self._awaiting_card - 1)
            self._card.show_result(scan.result)

    def _on_camera_error(self, _error: QCamera.Error, message: str) -> None:
        logger.warning("camera error: %s", message)
        self._status.setText(self.tr("摄像头出错：%1").replace("%1", message))

    # --- controls ----------------------------------------------------------------------------------------

    def _on_start_toggled(self, checked: bool) -> None:
        if checked:
            self.start()
        else:
            self.stop()

    def _on_camera_activated(self, _index: int) -> None:
        if self._running and self._frame_source is None:
            self._start_camera()

    def _set_has_source(self, available: bool) -> None:
        self._no_camera_label.setVisible(not available)
        self._preview.setVisible(available)
        self._camera_combo.setVisible(self._frame_source is None and available)
        self._camera_label.setVisible(self._frame_source is None and available)
        self._start_button.setEnabled(available)
        if not available:
            self.stop()
        self._retranslate()

    def _default_beep(self) -> None:
        if self._beeper is None:
            self._beeper = Beeper(parent=self)
        self._beeper.beep()

    def _retranslate(self) -> None:
        self._camera_label.setText(self.tr("摄像头"))
        self._start_button.setText(self.tr("停止") if self._running else self.tr("开始扫描"))
        self._refresh_button.setText(self.tr("刷新"))
        self._refresh_button.setVisible(self._frame_source is None)
        self._no_camera_label.setText(
            self.tr("未检测到摄像头。请连接摄像头后点击“刷新”；也可以使用扫码枪、在扫描栏输入或打开图像文件。")
        )
        if self._hits:
            self._status.setText(
                self.tr("已读取 %n 个条码，最近一个：%1", "", self._hits).replace("%1", self._last_hit_text)
            )
        elif self._running:
            self._status.setText(self.tr("将条码对准摄像头…"))
        else:
            self._status.setText("")

    # --- Qt ----------------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._listed:
            self.refresh_cameras()
        if self._frame_source is None and self.has_camera:
            self.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # The camera's light goes off when the inspector leaves the page.
        if self._frame_source is None:
            self.stop()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(1000, 600)
