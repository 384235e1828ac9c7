"""Typed errors. Everything an inspector may see carries a message in Chinese and in English.

Bugs stay ordinary exceptions; these are the errors the application expects and explains:
bad input (identifiers, import files) and the environment (disk full, read-only, locked, corrupt).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class InspectorError(Exception):
    """Base of all expected errors. ``message_zh`` is shown by default, ``message_en`` in English."""

    def __init__(self, message_zh: str, message_en: str | None = None) -> None:
        super().__init__(message_en or message_zh)
        self.message_zh = message_zh
        self.message_en = message_en or message_zh

    def user_message(self, language: str = "zh") -> str:
        """The message fit to show, in ``language`` ("zh" or "en")."""
        return self.message_en if language.startswith("en") else self.message_zh

    def __str__(self) -> str:
        return f"{self.message_zh} / {self.message_en}" if self.message_en != self.message_zh else self.message_zh


class StorageProblem(enum.Enum):
    """What is wrong with the local store, as far as the inspector can act on it."""

    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    LOCKED = "locked"
    CORRUPT = "corrupt"
    TOO_NEW = "too_new"
    UNAVAILABLE = "unavailable"


class StorageError(InspectorError):
    """The local database cannot be used because of its environment, not because of a bug."""

    def __init__(self, problem: StorageProblem, message_zh: str, message_en: str, path: str = "") -> None:
        super().__init__(message_zh, message_en)
        self.problem = problem
        self.path = path


@dataclass(frozen=True, slots=True)
class LineError:
    """One bad line of an import file: its 1-based line number and why it was refused."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ImportFileError(InspectorError):
    """An import file was refused as a whole; ``errors`` lists every bad line. Nothing was imported."""

    def __init__(self, errors: list[LineError], path: str = "") -> None:
        count = len(errors)
        super().__init__(
            f"导入文件有 {count} 处错误，未导入任何数据",
            f"The import file has {count} error(s); nothing was imported",
        )
        self.errors = errors
        self.path = path


class NotFoundError(InspectorError):
    """A record asked for by id or code does not exist."""


class ImageReadError(InspectorError):
    """An image file or image bytes could not be read (missing, empty, too large, truncated, not an image).

    ``reason`` is a machine-readable cause (e.g. ``"missing"``, ``"too_large"``, ``"not_an_image"``);
    ``path`` is the file concerned, empty for bytes.
    """

    def __init__(self, reason: str, message_zh: str, message_en: str, path: str = "") -> None:
        super().__init__(message_zh, message_en)
        self.reason = reason
        self.path = path


class LimitFormatError(InspectorError):
    """A limit expression (catalogue data) is malformed; ``reasons`` lists each problem as "中文 / English"."""

    def __init__(self, reasons: list[str]) -> None:
        joined = "; ".join(reasons)
        super().__init__(f"限量表达式有误：{joined}", f"Invalid limit expression: {joined}")
        self.reasons = reasons


class InvalidResultError(InspectorError):
    """A test result cannot be read or cannot be judged against its limit (shown to the inspector)."""

    def __init__(self, value: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.value = value


class FileReadError(InspectorError):
    """A file to import could not be read at all (missing, a directory, not permitted, too large, not UTF-8).

    ``reason`` is a machine-readable cause (``"missing"``, ``"directory"``, ``"unreadable"``, ``"too_large"``,
    ``"not_utf8"``); ``path`` is the file concerned. Nothing was imported.
    """

    def __init__(self, reason: str, message_zh: str, message_en: str, path: str = "") -> None:
        super().__init__(message_zh, message_en)
        self.reason = reason
        self.path = path


class DemoDataError(InspectorError):
    """Demo data cannot be generated here: the store already holds data, the scale is out of range, or no catalogue
    is installed. ``reason`` is machine-readable (``"not_empty"``, ``"bad_scale"``, ``"no_catalogue"``,
    ``"not_demo_workspace"``)."""

    def __init__(self, reason: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.reason = reason
