"""Photos of the site, the sample and its seals (and scans of the signed papers), as a strip of thumbnails.

Photos come from image files (chosen through ``prompts`` or dropped on the strip) or from the camera
(:class:`CameraStillDialog`); each is stored with ``SpotCheckService.add_attachment`` under its role, where the
file is kept content-addressed (its SHA-256 is its name). Reading files, decoding them and storing them run off the
GUI thread; only the thumbnails come back. A sealed record's photos are shown, never changed.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QImageReader, QPixmap
from PySide6.QtMultimedia import QCameraDevice, QMediaDevices
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import InspectorError
from inspector_app.gui import prompts
from inspector_app.gui.dialogs.login_dialog import interface_language
from inspector_app.gui.image_drop_filter import ImageDropFilter
from inspector_app.gui.spot_check.camera_still_dialog import CameraStillDialog
from inspector_app.gui.spot_check.spot_check_context import RECORD_CHANGES
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.services.records_service import AttachmentInfo
from inspector_app.services.scan_service import FrameSource
from inspector_app.services.spot_check_service import PHOTO_ROLES, SpotCheckService

logger = logging.getLogger(__name__)

#: What the open-file dialog offers.
PHOTO_NAME_FILTER = "*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp"
THUMBNAIL_SIZE = 112
#: Camera photos are kept as JPEG at this quality: sharp enough to read a seal number.
JPEG_QUALITY = 90

#: Qt's image format names → the media type stored with the attachment.
_MEDIA_TYPES = {
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "bmp": "image/bmp",
    "tiff": "image/tiff",
    "tif": "image/tiff",
    "webp": "image/webp",
    "gif": "image/gif",
}


@dataclass(frozen=True, slots=True)
class _Added:
    info: AttachmentInfo
    thumbnail: QImage


@dataclass(frozen=True, slots=True)
class _Refused:
    name: str
    reason_zh: str
    reason_en: str


def _thumbnail(data: bytes) -> tuple[QImage, str] | None:
    """The thumbnail of an image and Qt's name of its format, or None when the bytes are not an image we read.

    Runs on the worker thread: QImage (unlike QPixmap) may be made there.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # phone photos are stored sideways with an EXIF orientation
    image_format = bytes(reader.format().data()).decode("ascii", "replace").lower()
    size = reader.size()
    if size.isValid() and (size.width() > THUMBNAIL_SIZE * 2 or size.height() > THUMBNAIL_SIZE * 2):
        # Decode at thumbnail size: a 12-megapixel photo need not be decoded in full.
        reader.setScaledSize(size.scaled(THUMBNAIL_SIZE * 2, THUMBNAIL_SIZE * 2, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull() or image_format not in _MEDIA_TYPES:
        return None
    return image.scaled(
        THUMBNAIL_SIZE, THUMBNAIL_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    ), image_format


def _add_file(service: SpotCheckService, record_id: str, role: str, path: Path) -> _Added | _Refused:
    try:
        data = path.read_bytes()
    except OSError as error:
        return _Refused(path.name, f"无法读取文件：{error.strerror or error}", f"Cannot read the file: {error}")
    return _add_bytes(service, record_id, role, data, path.name)


def _add_bytes(service: SpotCheckService, record_id: str, role: str, data: bytes, name: str) -> _Added | _Refused:
    found = _thumbnail(data)
    if found is None:
        return _Refused(name, "不是可识别的图像文件", "Not an image file that can be read")
    thumbnail, image_format = found
    info = service.add_attachment(record_id, role, data, _MEDIA_TYPES[image_format], name)
    return _Added(info, thumbnail)


def _load_thumbnails(service: SpotCheckService, infos: Sequence[AttachmentInfo]) -> list[tuple[AttachmentInfo, QImage]]:
    loaded = []
    for info in infos:
        try:
            found = _thumbnail(service.read_attachment(info.sha256))
        except InspectorError as error:  # a missing or damaged file still gets its place in the strip
            logger.warning("attachment %s cannot be shown: %s", info.sha256[:12], error)
            found = None
        loaded.append((info, found[0] if found is not None else QImage()))
    return loaded


def encode_jpeg(image: QImage, quality: int = JPEG_QUALITY) -> bytes:
    """``image`` as JPEG bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format as text at run time, whatever its type stubs say.
    if not image.convertToFormat(QImage.Format.Format_RGB32).save(buffer, "JPG", quality):  # type: ignore[call-overload]
        raise RuntimeError("Qt could not encode the photo as JPEG")
    buffer.close()
    return bytes(data.data())


class PhotoStrip(QWidget):
    """The photos of one sampling record: role to add under, "from file", "take photo", "remove", thumbnails.

    ``frame_source`` replaces the camera (a recording); ``camera_devices`` lists the cameras
    (``QMediaDevices.videoInputs`` by default). Without a camera "take photo" says so and points to the files.

    Signals:
        photo_added(AttachmentInfo): a photo was stored and shown.
        photo_removed(str): the photo with this SHA-256 was detached.
        camera_dialog_opened(CameraStillDialog): the camera opened to take a photo.
    """

    photo_added = Signal(object)
    photo_removed = Signal(str)
    camera_dialog_opened = Signal(object)

    def __init__(
        self,
        service: SpotCheckService,
        runner: TaskRunner,
        *,
        frame_source: FrameSource | None = None,
        camera_devices: Callable[[], list[QCameraDevice]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PhotoStrip")
        self._service = service
        self._runner = runner
        self._frame_source = frame_source
        self._camera_devices = camera_devices or QMediaDevices.videoInputs
        self._record_id: str | None = None
        self._read_only = True
        self._camera_dialog: CameraStillDialog | None = None

        self._role_label = QLabel(self)
        self._role_combo = QComboBox(self)
        self._role_combo.setObjectName("roleCombo")
        for role in PHOTO_ROLES:
            self._role_combo.addItem("", role)
        self._file_button = QPushButton(self)
        self._file_button.setObjectName("addFileButton")
        self._camera_button = QPushButton(self)
        self._camera_button.setObjectName("cameraButton")
        self._remove_button = QPushButton(self)
        self._remove_button.setObjectName("removeButton")
        self._remove_button.setEnabled(False)
        self._list = QListWidget(self)
        self._list.setObjectName("photoList")
        self._list.setViewMode(QListView.ViewMode.IconMode)
        self._list.setFlow(QListView.Flow.LeftToRight)
        self._list.setWrapping(False)
        self._list.setMovement(QListView.Movement.Static)
        self._list.setIconSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        self._list.setFixedHeight(THUMBNAIL_SIZE + 48)
        self._list.setSpacing(4)
        self._empty_label = QLabel(self)
        self._empty_label.setObjectName("emptyLabel")
        self._empty_label.setEnabled(False)

        controls = QHBoxLayout()
        controls.addWidget(self._role_label)
        controls.addWidget(self._role_combo)
        controls.addWidget(self._file_button)
        controls.addWidget(self._camera_button)
        controls.addWidget(self._remove_button)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self._list)
        layout.addWidget(self._empty_label)

        self._drop_filter = ImageDropFilter(self._list, self._on_files_dropped, self)
        self._file_button.clicked.connect(self.choose_files)
        self._camera_button.clicked.connect(self.take_photo)
        self._remove_button.clicked.connect(self.remove_selected)
        self._list.itemSelectionChanged.connect(self._update_buttons)
        self._retranslate()
        self.set_read_only(True)

    # --- public ------------------------------------------------------------------------------------------

    def set_record(self, record_id: str, attachments: Sequence[AttachmentInfo], *, read_only: bool) -> None:
        """Show the photos of ``record_id`` (its attachments in photo roles); ``read_only`` for a sealed record."""
        self._record_id = record_id
        self._list.clear()
        self.set_read_only(read_only)
        photos = [info for info in attachments if info.role in PHOTO_ROLES]
        self._update_empty()
        if photos:
            self._runner.run_query(
                functools.partial(_load_thumbnails, self._service, photos),
                functools.partial(self._on_thumbnails_loaded, record_id),
            )

    def set_read_only(self, read_only: bool) -> None:
        """A read-only strip shows its photos and takes no new ones."""
        self._read_only = read_only
        for widget in (self._role_label, self._role_combo, self._file_button, self._camera_button, self._remove_button):
            widget.setVisible(not read_only)
        self._update_buttons()
        self._update_empty()

    def is_read_only(self) -> bool:
        """Whether photos can be added or removed."""
        return self._read_only

    def photos(self) -> list[AttachmentInfo]:
        """The photos shown, in order."""
        return [self._list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self._list.count())]

    def thumbnail(self, row: int) -> QIcon:
        """The icon of the ``row``-th photo."""
        return self._list.item(row).icon()

    def current_role(self) -> str:
        """The role new photos are stored under."""
        return str(self._role_combo.currentData())

    def set_current_role(self, role: str) -> None:
        """Store new photos under ``role`` (one of ``PHOTO_ROLES``)."""
        index = self._role_combo.findData(role)
        if index < 0:
            raise ValueError(f"not a photo role: {role}")
        self._role_combo.setCurrentIndex(index)

    def choose_files(self) -> None:
        """Ask for image files and add them."""
        paths = prompts.choose_image_files(
            self, self.tr("选择照片"), self.tr("图像文件 (%1)").replace("%1", PHOTO_NAME_FILTER)
        )
        if paths:
            self.add_files(paths)

    def add_files(self, paths: Sequence[Path]) -> None:
        """Store image files under the current role (in the background) and show them."""
        if self._read_only or self._record_id is None:
            return
        role = self.current_role()
        for path in paths:
            self._runner.run_command(
                functools.partial(_add_file, self._service, self._record_id, role, Path(path)),
                functools.partial(self._on_added, self._record_id),
                changes=RECORD_CHANGES,
            )

    def add_image(self, image: QImage, name: str = "photo.jpg") -> None:
        """Store a photo (e.g. from the camera) as JPEG under the current role and show it."""
        if self._read_only or self._record_id is None or image.isNull():
            return
        data = encode_jpeg(image)
        self._runner.run_command(
            functools.partial(_add_bytes, self._service, self._record_id, self.current_role(), data, name),
            functools.partial(self._on_added, self._record_id),
            changes=RECORD_CHANGES,
        )

    def take_photo(self) -> None:
        """Open the camera to take a photo; without a camera, say so and point to the files instead."""
        if self._read_only or self._record_id is None:
            return
        if self._frame_source is not None:
            dialog = CameraStillDialog(frame_source=self._frame_source, parent=self)
        else:
            devices = list(self._camera_devices())
            if not devices:
                logger.info("no camera for a photo")
                prompts.show_information(
                    self,
                    self.tr("拍照"),
                    self.tr("未检测到摄像头，无法拍照。请连接摄像头后重试，或点击“从文件添加”选择已拍好的照片。"),
                )
                return
            dialog = CameraStillDialog(devices, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.captured.connect(self._on_captured)
        self._camera_dialog = dialog
        dialog.open()
        self.camera_dialog_opened.emit(dialog)

    def remove_selected(self) -> None:
        """Detach the selected photos from the record."""
        if self._read_only or self._record_id is None:
            return
        for item in self._list.selectedItems():
            info: AttachmentInfo = item.data(Qt.ItemDataRole.UserRole)
            self._runner.run_command(
                functools.partial(self._service.remove_attachment, self._record_id, info.role, info.sha256),
                functools.partial(self._on_removed, self._record_id, info),
                changes=RECORD_CHANGES,
            )

    # --- results -----------------------------------------------------------------------------------------

    def _on_files_dropped(self, paths: list[Path]) -> None:
        self.add_files(paths)

    def _on_captured(self, image: QImage) -> None:
        self.add_image(image, f"{self.current_role()}.jpg")

    def _on_thumbnails_loaded(self, record_id: str, loaded: list[tuple[AttachmentInfo, QImage]]) -> None:
        if record_id != self._record_id:
            return
        for info, thumbnail in loaded:
            self._append(info, thumbnail)

    def _on_added(self, record_id: str, outcome: _Added | _Refused) -> None:
        if isinstance(outcome, _Refused):
            reason = outcome.reason_en if interface_language() == "en" else outcome.reason_zh
            prompts.show_error(
                self, self.tr("无法添加照片"), self.tr("%1：%2").replace("%1", outcome.name).replace("%2", reason)
            )
            return
        if record_id != self._record_id:
            return
        known = {(info.role, info.sha256) for info in self.photos()}
        if (outcome.info.role, outcome.info.sha256) not in known:  # the same file twice is stored once
            self._append(outcome.info, outcome.thumbnail)
        self.photo_added.emit(outcome.info)

    def _on_removed(self, record_id: str, info: AttachmentInfo, _result: object) -> None:
        if record_id != self._record_id:
            return
        for row in range(self._list.count()):
            shown: AttachmentInfo = self._list.item(row).data(Qt.ItemDataRole.UserRole)
            if (shown.role, shown.sha256) == (info.role, info.sha256):
                self._list.takeItem(row)
                break
        self._update_empty()
        self.photo_removed.emit(info.sha256)

    def _append(self, info: AttachmentInfo, thumbnail: QImage) -> None:
        item = QListWidgetItem(self._role_name(info.role))
        if not thumbnail.isNull():
            item.setIcon(QIcon(QPixmap.fromImage(thumbnail)))
        item.setData(Qt.ItemDataRole.UserRole, info)
        item.setToolTip(f"{info.original_name}\n{info.size_bytes:,} B\nSHA-256 {info.sha256[:16]}…")
        self._list.addItem(item)
        self._update_empty()

    # --- looks -------------------------------------------------------------------------------------------

    def _role_name(self, role: str) -> str:
        names = {
            "photo_site": self.tr("现场照片"),
            "photo_sample": self.tr("样品照片"),
            "photo_seal": self.tr("封样照片"),
            "scan_form": self.tr("文书扫描件"),
        }
        return names.get(role, role)

    def _update_buttons(self) -> None:
        self._remove_button.setEnabled(not self._read_only and bool(self._list.selectedItems()))

    def _update_empty(self) -> None:
        empty = self._list.count() == 0
        if self._read_only:
            self._empty_label.setText(self.tr("没有照片。"))
        else:
            self._empty_label.setText(self.tr("还没有照片。可拖入图像文件或用摄像头拍照。"))
        self._empty_label.setVisible(empty)
        self._list.setVisible(not empty or not self._read_only)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._role_label.setText(self.tr("照片类别"))
        for index in range(self._role_combo.count()):
            self._role_combo.setItemText(index, self._role_name(str(self._role_combo.itemData(index))))
        self._file_button.setText(self.tr("从文件添加…"))
        self._camera_button.setText(self.tr("拍照…"))
        self._remove_button.setText(self.tr("移除"))
        self._update_empty()
        for row in range(self._list.count()):
            item = self._list.item(row)
            item.setText(self._role_name(item.data(Qt.ItemDataRole.UserRole).role))
