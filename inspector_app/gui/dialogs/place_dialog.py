"""Where the inspector is scanning this session: name, kind of place, address and (optionally) GPS."""

from __future__ import annotations

import logging
import math
import re

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.services.scan_service import PLACE_TYPES, ScanPlace

logger = logging.getLogger(__name__)

# "39.9042, 116.4074", "39.9042，116.4074" (Chinese IME comma), "39.9042 116.4074": latitude first, as maps show.
_COORDINATES = re.compile(r"^\s*([-+]?\d+(?:\.\d+)?)\s*(?:[,，;；]\s*|\s+)([-+]?\d+(?:\.\d+)?)\s*$")


class CoordinatesError(ValueError):
    """The GPS text is not "latitude, longitude" within range; ``reason`` is ``"format"`` or ``"range"``."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """``(latitude, longitude)`` from text typed as "lat,lon"; None for blank text.

    Raises :class:`CoordinatesError` for anything else, including a latitude outside ±90 or a longitude outside
    ±180 (a swapped pair such as "116.4, 39.9" is caught by the latitude range).
    """
    if not text.strip():
        return None
    match = _COORDINATES.match(text)
    if match is None:
        raise CoordinatesError("format", text)
    latitude, longitude = float(match.group(1)), float(match.group(2))
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise CoordinatesError("format", text)
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise CoordinatesError("range", text)
    return latitude, longitude


def format_coordinates(latitude: float | None, longitude: float | None) -> str:
    """The text :func:`parse_coordinates` reads back, or "" when there are none."""
    if latitude is None or longitude is None:
        return ""
    return f"{latitude:.6f}, {longitude:.6f}"


def place_type_name(place_type: str) -> str:
    """The words for a place type code (农贸市场, 超市...), or the code itself when unknown."""
    names = {
        "market": QCoreApplication.translate("PlaceDialog", "农贸市场"),
        "supermarket": QCoreApplication.translate("PlaceDialog", "超市"),
        "wholesale_market": QCoreApplication.translate("PlaceDialog", "批发市场"),
        "checkpoint": QCoreApplication.translate("PlaceDialog", "检查站"),
        "warehouse": QCoreApplication.translate("PlaceDialog", "仓库"),
        "producer": QCoreApplication.translate("PlaceDialog", "生产企业"),
        "other": QCoreApplication.translate("PlaceDialog", "其他"),
    }
    return names.get(place_type, place_type)


class PlaceDialog(QDialog):
    """Asks for the session's place. OK stays disabled until the name is given and the GPS text (if any) is valid.

    Open it with ``open()`` and read :meth:`place` when ``accepted`` is emitted.

    Signals: those of ``QDialog`` (``accepted``, ``rejected``, ``finished``).
    """

    def __init__(self, place: ScanPlace | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlaceDialog")
        self._name_edit = QLineEdit(self)
        self._name_edit.setObjectName("nameEdit")
        self._name_edit.setMaxLength(200)
        self._type_combo = QComboBox(self)
        self._type_combo.setObjectName("typeCombo")
        for code in PLACE_TYPES:
            self._type_combo.addItem(place_type_name(code), code)
        self._address_edit = QLineEdit(self)
        self._address_edit.setObjectName("addressEdit")
        self._address_edit.setMaxLength(300)
        self._gps_edit = QLineEdit(self)
        self._gps_edit.setObjectName("gpsEdit")
        self._problem_label = QLabel(self)
        self._problem_label.setObjectName("problemLabel")
        self._problem_label.setWordWrap(True)
        self._problem_label.setStyleSheet("color: #c62828;")
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )

        self._form = QFormLayout()
        self._name_label = QLabel(self)
        self._type_label = QLabel(self)
        self._address_label = QLabel(self)
        self._gps_label = QLabel(self)
        self._form.addRow(self._name_label, self._name_edit)
        self._form.addRow(self._type_label, self._type_combo)
        self._form.addRow(self._address_label, self._address_edit)
        self._form.addRow(self._gps_label, self._gps_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self._problem_label)
        layout.addWidget(self._buttons)

        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self._name_edit.textChanged.connect(self._validate)
        self._gps_edit.textChanged.connect(self._validate)

        self._retranslate()
        self.set_place(place or ScanPlace())
        self.resize(460, self.sizeHint().height())

    # --- public ------------------------------------------------------------------------------------------

    def set_place(self, place: ScanPlace) -> None:
        """Fill the form from ``place``."""
        self._name_edit.setText(place.name)
        index = self._type_combo.findData(place.place_type or "market")
        self._type_combo.setCurrentIndex(max(0, index))
        self._address_edit.setText(place.address)
        self._gps_edit.setText(format_coordinates(place.latitude, place.longitude))
        self._validate()

    def place(self) -> ScanPlace:
        """The place as entered (call after the dialog was accepted)."""
        coordinates = self._coordinates()
        latitude, longitude = coordinates if coordinates is not None else (None, None)
        return ScanPlace(
            name=self._name_edit.text().strip(),
            place_type=str(self._type_combo.currentData() or ""),
            address=self._address_edit.text().strip(),
            latitude=latitude,
            longitude=longitude,
        )

    def is_valid(self) -> bool:
        """Whether OK is enabled."""
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    def accept(self) -> None:
        if not self.is_valid():
            return
        super().accept()

    # --- internals ---------------------------------------------------------------------------------------

    def _coordinates(self) -> tuple[float, float] | None:
        try:
            return parse_coordinates(self._gps_edit.text())
        except CoordinatesError:
            return None

    def _validate(self) -> None:
        problem = ""
        if not self._name_edit.text().strip():
            problem = self.tr("请填写检查地点名称。")
        try:
            parse_coordinates(self._gps_edit.text())
        except CoordinatesError as error:
            if error.reason == "range":
                problem = self.tr("GPS 坐标超出范围：纬度应在 -90 至 90 之间，经度应在 -180 至 180 之间。")
            else:
                problem = self.tr("GPS 坐标格式应为“纬度,经度”，例如 39.9042,116.4074。")
        self._problem_label.setText(problem)
        self._problem_label.setVisible(bool(problem))
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("检查地点"))
        self._name_label.setText(self.tr("地点名称"))
        self._type_label.setText(self.tr("地点类型"))
        self._address_label.setText(self.tr("地址"))
        self._gps_label.setText(self.tr("GPS（可选）"))
        self._gps_edit.setPlaceholderText(self.tr("纬度,经度  例如 39.9042,116.4074"))
        for index, code in enumerate(PLACE_TYPES):
            self._type_combo.setItemText(index, place_type_name(code))
        self._validate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
