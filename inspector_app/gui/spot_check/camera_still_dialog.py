"""Take a photo of the site, the sample or its seals with the laptop's camera.

The frames come the way the camera page gets them: from the selected camera through Qt Multimedia (``QCamera`` →
``QMediaCaptureSession`` → ``QVideoSink``), or from a :class:`FrameSource` (a recording, for tests and
demonstrations) replayed at the camera's rate. The live picture is shown with the camera page's preview widget;
"take photo" keeps the frame on screen at that moment.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QCamera, QCameraDevice, QMediaCaptureSession, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector_app.gui.pages.camera_page import FRAME_INTERVAL_MS, frame_to_image
from inspector_app.gui.widgets.camera_preview import CameraPreview
from inspector_app.services.scan_service import FrameSource

logger = logging.getLogger(__name__)


class CameraStillDialog(QDialog):
    """A live picture and a "take photo" button; closes (accepted) with the photo taken.

    Give either ``devices`` (the cameras to choose from) or ``frame_source``. Open it with ``open()``; the camera
    stops when the dialog closes.

    Signals:
        captured(QImage): the photo taken, emitted just before the dialog closes.
        frame_shown(): a new frame reached the preview.
    """

    captured = Signal(QImage)
    frame_shown = Signal()

    def __init__(
        self,
        devices: list[QCameraDevice] | None = None,
        *,
        frame_source: FrameSource | None = None,
        frame_interval_ms: int = FRAME_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CameraStillDialog")
        self._devices = list(devices or [])
        self._frame_source = frame_source
        self._camera: QCamera | None = None
        self._capture: QMediaCaptureSession | None = None
        self._photo = QImage()

        self._camera_combo = QComboBox(self)
        self._camera_combo.setObjectName("cameraCombo")
        for device in self._devices:
            self._camera_combo.addItem(device.description())
        self._camera_combo.setVisible(len(self._devices) > 1)
        self._preview = CameraPreview(self)
        self._preview.setMinimumSize(480, 320)
        self._status = QLabel(self)
        self._status.setObjectName("statusLabel")
        self._status.setWordWrap(True)
        self._take_button = QPushButton(self)
        self._take_button.setObjectName("takePhotoButton")
        self._take_button.setEnabled(False)
        self._take_button.setDefault(True)
        self._cancel_button = QPushButton(self)
        self._cancel_button.setObjectName("cancelButton")

        buttons = QHBoxLayout()
        buttons.addWidget(self._status, 1)
        buttons.addWidget(self._take_button)
        buttons.addWidget(self._cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._camera_combo)
        layout.addWidget(self._preview, 1)
        layout.addLayout(buttons)

        self._pump = QTimer(self)
        self._pump.setInterval(frame_interval_ms)
        self._pump.setTimerType(Qt.TimerType.PreciseTimer)
        self._pump.timeout.connect(self._on_pump_timeout)
        self._take_button.clicked.connect(self.take_photo)
        self._cancel_button.clicked.connect(self.reject)
        self._camera_combo.activated.connect(self._on_camera_activated)
        self._retranslate()

    # --- public ------------------------------------------------------------------------------------------

    def photo(self) -> QImage:
        """The photo taken (a null image before)."""
        return self._photo

    def has_frame(self) -> bool:
        """Whether a frame is on screen to be taken."""
        return not self._preview.image().isNull()

    def start(self) -> None:
        """Start the camera (or the frame source); ``open()`` does this."""
        if self._frame_source is not None:
            self._pump.start()
        elif self._devices:
            self._start_camera(self._devices[max(0, self._camera_combo.currentIndex())])

    def stop(self) -> None:
        """Stop the camera (or the frame source)."""
        self._pump.stop()
        if self._camera is not None:
            self._camera.stop()

    def take_photo(self) -> None:
        """Keep the frame on screen and close."""
        if not self.has_frame():
            return
        self._photo = self._preview.image().copy()
        logger.info("photo taken: %dx%d", self._photo.width(), self._photo.height())
        self.stop()
        self.captured.emit(self._photo)
        self.accept()

    def open(self) -> None:
        self.start()
        super().open()

    def done(self, result: int) -> None:
        self.stop()
        super().done(result)

    # --- frames ------------------------------------------------------------------------------------------

    def _start_camera(self, device: QCameraDevice) -> None:
        if self._capture is None:
            self._capture = QMediaCaptureSession(self)
            sink = QVideoSink(self._capture)
            sink.videoFrameChanged.connect(self._on_video_frame)
            self._capture.setVideoSink(sink)
        if self._camera is not None:
            self._camera.stop()
            self._camera.deleteLater()
        camera = QCamera(device, self)
        camera.errorOccurred.connect(self._on_camera_error)
        self._capture.setCamera(camera)
        self._camera = camera
        logger.info("camera %s started for a photo", device.description())
        camera.start()

    def _on_camera_activated(self, index: int) -> None:
        if 0 <= index < len(self._devices):
            self._start_camera(self._devices[index])

    def _on_pump_timeout(self) -> None:
        source = self._frame_source
        frame = source.read() if source is not None else None
        if frame is None:
            self._pump.stop()
            return
        self._show(frame_to_image(frame))

    def _on_video_frame(self, video_frame: QVideoFrame) -> None:
        if not video_frame.isValid():
            return
        image = video_frame.toImage()
        if not image.isNull():
            self._show(image)

    def _show(self, image: QImage) -> None:
        self._preview.set_image(image)
        if not self._take_button.isEnabled():
            self._take_button.setEnabled(True)
            self._status.setText("")
        self.frame_shown.emit()

    def _on_camera_error(self, _error: QCamera.Error, message: str) -> None:
        logger.warning("camera error: %s", message)
        self._status.setText(self.tr("摄像头出错：{message}").format(message=message))

    # --- Qt ----------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("拍照"))
        self._take_button.setText(self.tr("拍照"))
        self._cancel_button.setText(self.tr("取消"))
        if not self.has_frame():
            self._status.setText(self.tr("正在打开摄像头…"))
