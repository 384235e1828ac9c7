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


class SealedRecordError(InspectorError):
    """A sealed field record was asked to change. Sealed records are never edited: correct them by amendment."""

    def __init__(self, record_id: str) -> None:
        super().__init__(
            f"记录 {record_id} 已签章封存，不能修改；如需更正，请新建更正记录",
            f"Record {record_id} is sealed and cannot be changed; make an amendment to correct it",
        )
        self.record_id = record_id


class AttachmentError(InspectorError):
    """An attachment file cannot be stored or read back intact. ``reason`` is machine-readable (``"missing"``,
    ``"corrupt"``, ``"empty"``, ``"too_large"``, ``"bad_hash"``, ``"bad_media_type"``, ``"bad_role"``,
    ``"unwritable"``); ``sha256`` names the file."""

    def __init__(self, reason: str, message_zh: str, message_en: str, sha256: str = "") -> None:
        super().__init__(message_zh, message_en)
        self.reason = reason
        self.sha256 = sha256


class WorkflowError(InspectorError):
    """A spot-check step was asked for at the wrong moment or with what the procedure does not allow (sealing
    without both signatures, results for a failed sampling, a certificate before results...). ``problems`` lists
    every reason as (中文, English) pairs; ``reason`` is a machine-readable cause of the first."""

    def __init__(self, reason: str, problems: list[tuple[str, str]]) -> None:
        super().__init__("；".join(zh for zh, _ in problems), "; ".join(en for _, en in problems))
        self.reason = reason
        self.problems = problems


class KeyFileError(InspectorError):
    """A key file cannot be used: the device's private key file is damaged or unreadable, or a public key file to
    import is not one. ``reason`` is machine-readable (``"damaged"``, ``"wrong_kind"``, ``"unreadable"``,
    ``"missing"``, ``"not_a_key"``, ``"key_id_mismatch"``, ``"too_large"``, ``"not_utf8"``); ``path`` is the file
    concerned. A damaged device key is never replaced automatically: records signed with it must stay verifiable.
    """

    def __init__(self, reason: str, message_zh: str, message_en: str, path: str = "") -> None:
        super().__init__(message_zh, message_en)
        self.reason = reason
        self.path = path


class KeyTrustError(InspectorError):
    """A change to the trusted keys was refused (revoking this workstation's own key, re-importing a revoked key);
    ``reason`` is machine-readable (``"own_key"``, ``"revoked"``)."""

    def __init__(self, reason: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.reason = reason


class InspectorProfileError(InspectorError):
    """An inspector profile or password was refused; ``field`` names what is wrong (``"name"``,
    ``"badge_number"``, ``"unit"``, ``"role"``, ``"password"``)."""

    def __init__(self, field: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.field = field


class AuthenticationError(InspectorError):
    """A login or a second inspector's confirmation failed. The message never tells whether the badge exists."""


class AccountLockedError(AuthenticationError):
    """Too many wrong passwords in a row: no login with this badge for ``retry_after_seconds`` more seconds."""

    def __init__(self, retry_after_seconds: int, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.retry_after_seconds = retry_after_seconds


class SameInspectorError(InspectorError):
    """The second inspector confirming a spot check is the first one again: two distinct inspectors are required."""


class UnknownCalendarYearError(InspectorError):
    """A working-day count needs a year whose official holiday schedule is not known, so it is not computed.

    Working days skip public holidays and count the weekend days worked in exchange (调休), which the State
    Council publishes year by year; guessing them would give a wrong legal deadline. ``year`` is the missing one.
    """

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year} 年节假日安排未知，无法计算截止日期",
            f"The {year} public-holiday schedule is not known, so the deadline cannot be computed",
        )
        self.year = year


class SyncError(InspectorError):
    """Talking to headquarters failed, or HQ refused what was sent. ``reason`` is machine-readable
    (``"unreachable"``, ``"timeout"``, ``"unauthorized"``, ``"revoked"``, ``"bad_code"``, ``"not_enrolled"``,
    ``"refused"``, ``"server_error"``, ``"bad_response"``, ``"digest_mismatch"``, ``"reference_gap"``);
    ``status`` is the HTTP status when there was one; ``retryable`` says whether trying again later may help."""

    def __init__(
        self, reason: str, message_zh: str, message_en: str, *, status: int | None = None, retryable: bool = False
    ) -> None:
        super().__init__(message_zh, message_en)
        self.reason = reason
        self.status = status
        self.retryable = retryable


class UpdateRequiredError(SyncError):
    """HQ speaks a newer sync protocol than this workstation: the workstation must be updated. Nothing was lost:
    every unsent record stays in the outbox until an updated workstation sends it."""

    def __init__(
        self, client_version: int, server_versions: str = "", message_zh: str = "", message_en: str = ""
    ) -> None:
        super().__init__(
            "update_required",
            message_zh or "总部服务器要求更新工作站软件后才能同步。未上传的记录仍安全保存在本机，更新后会自动上传。",
            message_en
            or "Headquarters requires an updated workstation before it can sync. Unsent records stay safe on this "
            "workstation and go up automatically after the update.",
            status=426,
        )
        self.client_version = client_version
        self.server_versions = server_versions


class BundleError(InspectorError):
    """A USB bundle file was refused as a whole; nothing from it was used. ``reason`` is machine-readable
    (``"unreadable"``, ``"truncated"``, ``"not_a_bundle"``, ``"wrong_kind"``, ``"unsupported_version"``,
    ``"unknown_signer"``, ``"bad_signature"``, ``"tampered"``, ``"too_large"``, ``"reference_gap"``,
    ``"unwritable"``); ``path`` is the file concerned."""

    def __init__(self, reason: str, message_zh: str, message_en: str, path: str = "") -> None:
        super().__init__(message_zh, message_en)
        self.reason = reason
        self.path = path


class FontMissingError(InspectorError):
    """The CJK font that every PDF embeds is missing from the installation, so no document can be made."""


class DocumentReadError(InspectorError):
    """A document given to read (a certificate PDF or an image of its QR code) could not be read.

    ``reason`` is machine-readable (``"missing"``, ``"unreadable"``, ``"not_a_pdf"``, ``"not_an_image"``,
    ``"too_large"``); ``path`` is the file concerned, empty for bytes.
    """

    def __init__(self, reason: str, message_zh: str, message_en: str, path: str = "") -> None:
        super().__init__(message_zh, message_en)
        self.reason = reason
        self.path = path
