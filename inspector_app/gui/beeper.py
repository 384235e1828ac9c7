"""A short beep for a camera hit, loud enough for a noisy market hall."""

from __future__ import annotations

import logging
import math
import struct
import tempfile
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
from PySide6.QtWidgets import QApplication

logger = logging.getLogger(__name__)

BEEP_FILENAME = "inspector-app-beep.wav"
_RATE = 22050
_FREQUENCY = 1760.0
_SECONDS = 0.12


def write_beep(path: Path) -> Path:
    """Write a 120 ms 1760 Hz tone (16-bit mono WAV, faded in and out so it does not click) to ``path``."""
    count = int(_RATE * _SECONDS)
    fade = int(_RATE * 0.01)
    frames = bytearray()
    for index in range(count):
        envelope = min(1.0, index / fade, (count - index) / fade)
        value = int(0.6 * 32767 * envelope * math.sin(2 * math.pi * _FREQUENCY * index / _RATE))
        frames += struct.pack("<h", value)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(_RATE)
        output.writeframes(bytes(frames))
    return path


class Beeper(QObject):
    """Plays the beep through the default audio output, or the system bell when there is none.

    The sound is set up on the first :meth:`beep`, so a workstation that never uses the camera never opens
    its audio device.
    """

    def __init__(self, directory: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._directory = directory or Path(tempfile.gettempdir())
        self._effect: QSoundEffect | None = None
        self._prepared = False

    def beep(self) -> None:
        """Beep once."""
        if not self._prepared:
            self._prepare()
        if self._effect is not None:
            self._effect.play()
        else:
            QApplication.beep()

    def _prepare(self) -> None:
        self._prepared = True
        if not QMediaDevices.audioOutputs():
            logger.info("no audio output: camera hits use the system bell")
            return
        try:
            path = write_beep(self._directory / BEEP_FILENAME)
        except OSError as error:
            logger.warning("cannot write the beep sound: %s", error)
            return
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effect.setVolume(1.0)
        self._effect = effect
