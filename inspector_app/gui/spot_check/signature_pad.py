"""A signature pad: the inspectors and the sampled party sign the sampling form with a mouse, a pen or a finger.

Strokes are kept as points in widget coordinates with a width each (a pen's pressure makes the line thicker), so
the pad can be painted at any size and saved as a PNG cropped to the ink, on a white background, the way the
sampling form prints it. A pen (tablet events) and a finger (touch events) are handled directly and accepted, so Qt
does not also synthesise mouse events from them and a stroke is never drawn twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

logger = logging.getLogger(__name__)

#: Line widths in widget pixels: a mouse draws evenly; a pen between the two pressure widths; a finger is broad.
MOUSE_WIDTH = 2.5
PEN_MIN_WIDTH = 1.0
PEN_MAX_WIDTH = 4.5
TOUCH_WIDTH = 3.0
#: White space kept around the ink in the saved image, in widget pixels.
CROP_MARGIN = 8.0
#: The saved image has this many pixels per widget pixel: crisp when printed on the form.
PNG_SCALE = 2.0

_INK = QColor("#101010")
_PAPER = QColor("#ffffff")
_GUIDE = QColor("#bdbdbd")
_HINT = QColor("#9e9e9e")


@dataclass
class _Stroke:
    """One line drawn without lifting: its points and the width at each."""

    points: list[QPointF] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)

    def add(self, point: QPointF, width: float) -> None:
        self.points.append(QPointF(point))
        self.widths.append(width)

    def bounds(self) -> QRectF:
        xs = [point.x() for point in self.points]
        ys = [point.y() for point in self.points]
        half = max(self.widths) / 2
        return QRectF(min(xs) - half, min(ys) - half, max(xs) - min(xs) + 2 * half, max(ys) - min(ys) + 2 * half)


class SignaturePad(QWidget):
    """A white pad to sign on with the mouse, a pen or a finger.

    ``to_png()`` gives the signature cropped to the ink on a white background; ``clear()`` starts again. A
    read-only pad shows its strokes and takes no input.

    Signals:
        changed(): a stroke was finished or the pad was cleared.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignaturePad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumSize(240, 110)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: list[_Stroke] = []
        self._current: _Stroke | None = None
        self._read_only = False
        self._hint = ""

    # --- public ------------------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """Whether nothing has been drawn."""
        return not self._strokes and self._current is None

    @property
    def stroke_count(self) -> int:
        """How many strokes were finished."""
        return len(self._strokes)

    def clear(self) -> None:
        """Wipe the pad."""
        had_ink = not self.is_empty()
        self._strokes.clear()
        self._current = None
        self.update()
        if had_ink:
            self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        """A read-only pad takes no input (its strokes stay visible)."""
        self._read_only = read_only
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)

    def is_read_only(self) -> bool:
        """Whether the pad takes no input."""
        return self._read_only

    def set_hint(self, text: str) -> None:
        """The grey text shown on an empty pad (e.g. "请在此签名")."""
        self._hint = text
        self.update()

    def hint(self) -> str:
        """The grey text shown on an empty pad."""
        return self._hint

    def to_png(self, scale: float = PNG_SCALE) -> bytes:
        """The signature as PNG bytes: cropped to the ink with a small margin, white background.

        Raises ``ValueError`` when the pad is empty: an empty signature is never stored.
        """
        strokes = self._all_strokes()
        if not strokes:
            raise ValueError("the signature pad is empty")
        ink = strokes[0].bounds()
        for stroke in strokes[1:]:
            ink = ink.united(stroke.bounds())
        area = ink.adjusted(-CROP_MARGIN, -CROP_MARGIN, CROP_MARGIN, CROP_MARGIN)
        size = QSize(max(1, round(area.width() * scale)), max(1, round(area.height() * scale)))
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(_PAPER)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.scale(scale, scale)
            painter.translate(-area.topLeft())
            for stroke in strokes:
                _paint_stroke(painter, stroke)
        finally:
            painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6 takes the format as text at run time, whatever its type stubs say.
        if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
            raise RuntimeError("Qt could not encode the signature as PNG")
        buffer.close()
        logger.debug("signature saved: %d strokes, %dx%d px", len(strokes), size.width(), size.height())
        return bytes(data.data())

    # --- drawing -----------------------------------------------------------------------------------------

    def _all_strokes(self) -> list[_Stroke]:
        return [*self._strokes, *([self._current] if self._current is not None and self._current.points else [])]

    def _begin(self, point: QPointF, width: float) -> None:
        self._current = _Stroke()
        self._current.add(point, width)
        self.update()

    def _extend(self, point: QPointF, width: float) -> None:
        if self._current is None:
            return
        previous = self._current.points[-1]
        self._current.add(point, width)
        # Repaint only around the new segment: a signature is many small moves.
        reach = max(width, PEN_MAX_WIDTH) + 2
        self.update(QRectF(previous, point).normalized().adjusted(-reach, -reach, reach, reach).toAlignedRect())

    def _finish(self, point: QPointF | None, width: float) -> None:
        if self._current is None:
            return
        if point is not None and point != self._current.points[-1]:
            self._current.add(point, width)
        self._strokes.append(self._current)
        self._current = None
        self.update()
        self.changed.emit()

    # --- Qt input ----------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._read_only or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self._begin(event.position(), MOUSE_WIDTH)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._current is None:
            super().mouseMoveEvent(event)
            return
        self._extend(event.position(), MOUSE_WIDTH)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._current is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self._finish(event.position(), MOUSE_WIDTH)
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        if self._read_only:
            event.ignore()
            return
        width = PEN_MIN_WIDTH + (PEN_MAX_WIDTH - PEN_MIN_WIDTH) * max(0.0, min(1.0, event.pressure()))
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), width)
        elif kind == QEvent.Type.TabletRelease:
            self._finish(event.position(), width)
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            assert isinstance(event, QTouchEvent)
            self._on_touch(event)
            return True
        return super().event(event)

    def _on_touch(self, event: QTouchEvent) -> None:
        kind = event.type()
        if self._read_only:
            event.ignore()
            return
        event.accept()
        if kind == QEvent.Type.TouchCancel:
            self._current = None  # the system took the touch away (a gesture): drop the unfinished stroke
            self.update()
            return
        points = event.points()
        if not points:
            return
        # One finger signs; a second finger resting on the screen is ignored.
        position = points[0].position()
        if kind == QEvent.Type.TouchBegin:
            self._begin(position, TOUCH_WIDTH)
        elif kind == QEvent.Type.TouchUpdate:
            self._extend(position, TOUCH_WIDTH)
        else:
            self._finish(position, TOUCH_WIDTH)

    # --- Qt painting -------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(event.rect(), _PAPER)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            baseline = self.height() - 24
            painter.setPen(QPen(_GUIDE, 1, Qt.PenStyle.DashLine))
            painter.drawLine(12, baseline, self.width() - 12, baseline)
            if self.is_empty() and self._hint:
                painter.setPen(_HINT)
                painter.drawText(self.rect().adjusted(12, 8, -12, -28), Qt.AlignmentFlag.AlignCenter, self._hint)
            for stroke in self._all_strokes():
                _paint_stroke(painter, stroke)
            if self._read_only:
                painter.setPen(QPen(_GUIDE, 1))
                painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        finally:
            painter.end()

    def sizeHint(self) -> QSize:
        return QSize(420, 140)


def _paint_stroke(painter: QPainter, stroke: _Stroke) -> None:
    points = stroke.points
    if len(points) == 1:
        # A tap leaves a dot, as a pen on paper would.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_INK)
        radius = stroke.widths[0] / 2
        painter.drawEllipse(points[0], radius, radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return
    pen = QPen(_INK)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    for index in range(1, len(points)):
        pen.setWidthF((stroke.widths[index - 1] + stroke.widths[index]) / 2)
        painter.setPen(pen)
        painter.drawLine(points[index - 1], points[index])
