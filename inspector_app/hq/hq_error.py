"""The expected failures of HQ requests and admin commands, each with its HTTP status and machine-readable code."""

from __future__ import annotations

from inspector_app.domain.errors import InspectorError
from inspector_app.sync.protocol import ErrorBody, ErrorCode


class HqError(InspectorError):
    """A refusal HQ explains: ``status`` is the HTTP status, ``code`` an :class:`ErrorCode` value."""

    def __init__(self, status: int, code: ErrorCode | str, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.status = status
        self.code = str(code)

    def body(self) -> ErrorBody:
        """The error body sent to the client."""
        return ErrorBody(code=self.code, message_zh=self.message_zh, message_en=self.message_en)
