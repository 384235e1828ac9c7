"""The camera preview: the latest frame, scaled to fit, with every code found in it outlined."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

logger = logging.getLogger(__name__)

Outline = Sequence[tuple[int, int]]

_OUTLINE_COLOUR = QColor("#00e676")


class CameraPreview(QWidget):
    """Paints a ``QImage`` keeping its aspect ratio, and the outlines (in image pixels) of the codes found."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CameraPreview")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._image = QImage()
        self._outlines: list[Outline] = []
        self._outline_size = QSize()

    @property
    def outlines(self) -> list[Outline]:
        """The outlines drawn, in the coordinates of the frame they were found in."""
        return list(self._outlines)

    def image(self) -> QImage:
        """The frame shown."""
        return self._image

    def set_image(self, image: QImage) -> None:
        """Show ``image`` (the outlines stay until the next decoded frame replaces them)."""
        self._image = image
        self.update()

    def set_outlines(self, outlines: Sequence[Outline], frame_size: QSize) -> None:
        """Outline these polygons, given in the pixels of a frame of ``frame_size``."""
        self._outlines = [tuple(points) for points in outlines if len(points) >= 2]
        self._outline_size = frame_size
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        if self._image.isNull():
            return
        target = self._target_rect(self._image.size())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self._image)
        if not self._outlines or self._outline_size.isEmpty():
            return
        scale_x = target.width() / self._outline_size.width()
        scale_y = target.height() / self._outline_size.height()
        pen = QPen(_OUTLINE_COLOUR, 3)
        painter.setPen(pen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for points in self._outlines:
            polygon = QPolygonF([QPointF(target.x() + x * scale_x, target.y() + y * scale_y) for x, y in points])
            painter.drawPolygon(polygon)

    def _target_rect(self, size: QSize) -> QRectF:
        scaled = size.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - scaled.width()) / 2
        y = (self.height() - scaled.height()) / 2
        return QRectF(x, y, scaled.width(), scaled.height())
