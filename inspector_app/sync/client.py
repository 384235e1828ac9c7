"""The workstation's HTTP client of HQ (the sync protocol, see :mod:`inspector_app.sync.protocol`).

Every call is bounded: each request has connect/read/write timeouts, and a call that meets a connection error, a
timeout, a 5xx or an answer that does not belong to the question is tried again after an exponential backoff with
full jitter, a limited number of times within a time budget. Only idempotent exchanges are retried, which in this
protocol is all of them: records are keyed by id and hash at HQ, attachment chunks carry their offset (HQ refuses a
chunk at the wrong offset and says where it stands), reference pages are read-only.

An answer is checked against its question before it is believed (record results name the records sent, an
attachment status names its hash, a page holds only changes after its cursor). A mismatch means the connection
carried a stale or foreign answer (a proxy that duplicated a response, say); the client then drops every pooled
connection and asks again on a fresh one.

Errors come out as :class:`~inspector_app.domain.errors.SyncError` with a message in Chinese and English that an
inspector can act on; HTTP 426 becomes :class:`~inspector_app.domain.errors.UpdateRequiredError`.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from inspector_app import __version__
from inspector_app.domain.errors import SyncError, UpdateRequiredError
from inspector_app.security.signing import key_id_for
from inspector_app.sync.protocol import (
    MAX_ATTACHMENT_CHUNK_BYTES,
    MAX_BATCH_BYTES,
    MAX_BATCH_RECORDS,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    UPLOAD_LENGTH_HEADER,
    UPLOAD_OFFSET_HEADER,
    AttachmentStatus,
    EnrollmentRequest,
    EnrollmentResponse,
    ErrorBody,
    HealthStatus,
    RecordBatchResult,
    RecordEnvelope,
    ReferenceDigest,
    ServerTime,
    UpdateRequiredBody,
    VersionInfo,
    b64decode_strict,
)
from inspector_app.sync.reference_apply import TypedReferencePage, parse_reference_page

logger = logging.getLogger(__name__)

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

#: Bytes of an attachment sent in one PUT (HQ accepts up to ``MAX_ATTACHMENT_CHUNK_BYTES``).
ATTACHMENT_CHUNK_BYTES = min(4 * 1024 * 1024, MAX_ATTACHMENT_CHUNK_BYTES)
# Room left in a batch body for the wrapper, the separators and the batch signature.
_BATCH_OVERHEAD = 512
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently a call is tried: ``attempts`` in all, the n-th wait drawn uniformly from
    ``[0, min(max_delay, base_delay * 2**n)]`` (full jitter), and no new attempt after ``budget`` seconds."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0
    budget: float = 90.0

    def delay(self, retry: int, unit: float) -> float:
        """The wait before retry number ``retry`` (0-based) for a random ``unit`` in [0, 1)."""
        return unit * min(self.max_delay, self.base_delay * float(2**retry))


@dataclass(frozen=True, slots=True)
class ClientTimeouts:
    """Seconds allowed to connect, and between bytes while reading or writing."""

    connect: float = 5.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 5.0


class _BadAnswerError(Exception):
    """An answer that does not fit its question: retried on a fresh connection."""


class _RetryableError(Exception):
    """A failure worth another attempt; carries the SyncError to raise when attempts run out."""

    def __init__(self, error: SyncError) -> None:
        super().__init__(str(error))
        self.error = error


class HqClient:
    """Talks to one HQ at ``base_url``. Not thread-safe: one client per thread (the sync runs on one)."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        retry: RetryPolicy | None = None,
        timeouts: ClientTimeouts | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        random_unit: Callable[[], float] = random.random,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = normalise_hq_url(base_url)
        self._token = token
        self._retry = retry or RetryPolicy()
        t = timeouts or ClientTimeouts()
        self._timeout = httpx.Timeout(connect=t.connect, read=t.read, write=t.write, pool=t.pool)
        self._transport = transport
        self._sleep = sleep
        self._random_unit = random_unit
        self._monotonic = monotonic
        self._client = self._new_client()
        self.retries_used = 0

    def _new_client(self) -> httpx.Client:
        headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), "User-Agent": f"inspector-app/{__version__}"}
        return httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=self._timeout,
            transport=self._transport,
            follow_redirects=False,
            trust_env=False,
        )

    def close(self) -> None:
        """Release the connections."""
        self._client.close()

    def __enter__(self) -> HqClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def token(self) -> str | None:
        """The device token in use (``None`` before enrolment)."""
        return self._token

    # ------------------------------------------------------------------------------------------- endpoints
    def health(self) -> HealthStatus:
        """``GET /health`` (no token)."""
        return self._call("GET", "/health", parse=_model(HealthStatus), auth=False)

    def version(self) -> VersionInfo:
        """``GET /version`` (no token)."""
        return self._call("GET", "/version", parse=_model(VersionInfo), auth=False)

    def server_time(self) -> ServerTime:
        """``GET /v1/time``: HQ's clock."""
        return self._call("GET", "/v1/time", parse=_model(ServerTime))

    def enroll(self, code: str, public_key_b64: str, device_label: str) -> EnrollmentResponse:
        """``POST /v1/enroll`` with a one-time code; the answer's token is kept for later calls."""
        body = EnrollmentRequest(code=code, public_key=public_key_b64, device_label=device_label)
        expected_id = key_id_for(b64decode_strict(public_key_b64))

        def parse(response: httpx.Response) -> EnrollmentResponse:
            answer = _model(EnrollmentResponse)(response)
            if answer.device_id != expected_id or answer.certificate.device_key_id != expected_id:
                raise _BadAnswerError(f"enrolment answer for device {answer.device_id}, expected {expected_id}")
            return answer

        answer = self._call("POST", "/v1/enroll", parse=parse, auth=False, content=_json_bytes(body))
        self._token = answer.token
        return answer

    def upload_records(
        self, envelopes: Sequence[RecordEnvelope], batch_signature: str | None = None
    ) -> RecordBatchResult:
        """``POST /v1/records`` with one batch (1..1000 envelopes, at most 5 MB; see :func:`split_batches`).
        ``batch_signature`` covers the envelopes without a signature of their own."""
        if not envelopes:
            raise ValueError("an empty batch")
        parts = [_json_bytes(envelope) for envelope in envelopes]
        return self.upload_encoded_records([envelope.id for envelope in envelopes], parts, batch_signature)

    def upload_encoded_records(
        self, record_ids: Sequence[str], encoded: Sequence[bytes], batch_signature: str | None = None
    ) -> RecordBatchResult:
        """Like :meth:`upload_records` with envelopes already serialised (each ``encoded`` item one JSON object)."""
        body = b'{"records":[' + b",".join(encoded) + b"]"
        if batch_signature is not None:
            body += b',"batch_signature":' + json.dumps(batch_signature).encode("ascii")
        body += b"}"
        expected = list(record_ids)

        def parse(response: httpx.Response) -> RecordBatchResult:
            answer = _model(RecordBatchResult)(response)
            if [result.id for result in answer.results] != expected:
                raise _BadAnswerError("the record results do not name the records sent")
            return answer

        return self._call("POST", "/v1/records", parse=parse, content=body)

    def attachment_status(self, sha256: str) -> AttachmentStatus:
        """``GET /v1/attachments/{sha256}``: how much of the file HQ holds."""
        return self._call("GET", f"/v1/attachments/{sha256}", parse=_attachment_parser(sha256))

    def upload_attachment(
        self,
        sha256: str,
        path: Path,
        size: int,
        progress: Callable[[int], None] | None = None,
    ) -> AttachmentStatus:
        """Send the file at ``path`` (``size`` bytes, hash ``sha256``) so that HQ holds it completely.

        Resumable: HQ is asked how much it has and only the rest is sent, in chunks; a chunk whose answer was lost
        is recognised by HQ's offset (409) and not sent twice. ``progress(bytes_at_hq)`` is called after each
        chunk. A file HQ finds corrupt (hash mismatch) is sent again from the start once.
        """
        status = self.attachment_status(sha256)
        restarts = 0
        offset = status.bytes_received
        if progress is not None:
            progress(offset)
        guard = 0
        while not status.complete:
            guard += 1
            if guard > 4 * (size // ATTACHMENT_CHUNK_BYTES + 2) + 8:
                raise SyncError(
                    "bad_response",
                    f"附件 {sha256[:12]}… 上传没有进展，已停止。下次同步会继续。",
                    f"The upload of attachment {sha256[:12]}… made no progress and was stopped; the next sync resumes "
                    "it.",
                    retryable=True,
                )
            if offset > size:
                offset = 0
            chunk = _read_chunk(path, offset, ATTACHMENT_CHUNK_BYTES)
            try:
                status = self._put_chunk(sha256, chunk, offset, size)
            except _OffsetMismatchError as mismatch:
                offset = (
                    mismatch.offset if mismatch.offset is not None else self.attachment_status(sha256).bytes_received
                )
                continue
            except _HashMismatchError:
                restarts += 1
                if restarts > 1:
                    raise SyncError(
                        "refused",
                        f"总部两次校验附件 {sha256[:12]}… 都不一致，已停止上传。请检查本机文件是否完好。",
                        f"HQ found attachment {sha256[:12]}… corrupt twice; the upload stopped. Check that the file "
                        "on this workstation is intact.",
                    ) from None
                offset = 0
                continue
            offset = status.bytes_received
            if progress is not None:
                progress(offset)
        return status

    def reference_changes(self, since: int, limit: int) -> TypedReferencePage:
        """``GET /v1/reference/changes``: the changes after ``since``, at most ``limit``, rows already validated
        into their models (:func:`~inspector_app.sync.reference_apply.parse_reference_page`)."""

        def parse(response: httpx.Response) -> TypedReferencePage:
            page = parse_reference_page(response.content)
            previous = since
            for change in page.changes:
                if change.seq <= previous:
                    raise _BadAnswerError(f"reference change {change.seq} is not after {previous}")
                previous = change.seq
            if len(page.changes) > limit or page.next_cursor < previous:
                raise _BadAnswerError("the reference page does not fit its question")
            return page

        return self._call(
            "GET", "/v1/reference/changes", parse=parse, params={"since": str(since), "limit": str(limit)}
        )

    def reference_digest(self) -> ReferenceDigest:
        """``GET /v1/reference/digest``."""
        return self._call("GET", "/v1/reference/digest", parse=_model(ReferenceDigest))

    # ---------------------------------------------------------------------------------------------- plumbing
    def _put_chunk(self, sha256: str, chunk: bytes, offset: int, size: int) -> AttachmentStatus:
        headers = {
            "Content-Type": "application/octet-stream",
            UPLOAD_OFFSET_HEADER: str(offset),
            UPLOAD_LENGTH_HEADER: str(size),
        }
        return self._call(
            "PUT", f"/v1/attachments/{sha256}", parse=_attachment_parser(sha256), content=chunk, headers=headers
        )

    def _call(
        self,
        method: str,
        path: str,
        *,
        parse: Callable[[httpx.Response], T],
        auth: bool = True,
        content: bytes | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> T:
        """One exchange, retried as the policy allows; returns ``parse(response)`` of a 2xx answer."""
        request_headers = dict(headers or {})
        if content is not None and "Content-Type" not in request_headers:
            request_headers["Content-Type"] = "application/json"
        if auth:
            if not self._token:
                raise SyncError(
                    "not_enrolled",
                    "本机尚未在总部登记，无法同步。请先用一次性登记码登记。",
                    "This workstation is not enrolled with headquarters, so it cannot sync. Enrol it first with a "
                    "one-time code.",
                )
            request_headers["Authorization"] = f"Bearer {self._token}"
        started = self._monotonic()
        retry = 0
        while True:
            try:
                return self._attempt(
                    method, path=path, parse=parse, content=content, params=params, headers=request_headers
                )
            except _RetryableError as failure:
                elapsed = self._monotonic() - started
                if retry + 1 >= self._retry.attempts or elapsed >= self._retry.budget:
                    logger.warning("%s %s failed after %d attempt(s): %s", method, path, retry + 1, failure.error)
                    raise failure.error from failure
                wait = self._retry.delay(retry, self._random_unit())
                logger.info("%s %s: %s; retrying in %.2f s", method, path, failure.error.message_en, wait)
                self._sleep(wait)
                retry += 1
                self.retries_used += 1

    def _attempt(
        self,
        method: str,
        *,
        path: str,
        parse: Callable[[httpx.Response], T],
        content: bytes | None,
        params: dict[str, str] | None,
        headers: dict[str, str],
    ) -> T:
        try:
            response = self._client.request(method, path, content=content, params=params, headers=headers)
        except httpx.TimeoutException as exc:
            self._reset()
            raise _RetryableError(_timeout_error(self.base_url)) from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            # Connection refused or reset, a response cut off, garbage instead of HTTP.
            self._reset()
            raise _RetryableError(_unreachable_error(self.base_url, exc)) from exc
        status = response.status_code
        if 200 <= status < 300:
            try:
                return parse(response)
            except (_BadAnswerError, ValidationError, ValueError) as exc:
                self._reset()
                logger.warning("%s %s: unusable answer (%s)", method, path, exc)
                raise _RetryableError(_bad_answer_error(self.base_url)) from exc
        if status == 426:
            raise _update_required(response)
        if status in _RETRY_STATUSES:
            self._reset()
            raise _RetryableError(_server_error(self.base_url, response))
        raise _client_error(response)

    def _reset(self) -> None:
        # A connection that carried a broken or foreign answer must never serve another request.
        self._client.close()
        self._client = self._new_client()


class _OffsetMismatchError(SyncError):
    def __init__(self, offset: int | None) -> None:
        super().__init__("offset_mismatch", "附件偏移不一致", "Attachment offset mismatch", status=409)
        self.offset = offset


class _HashMismatchError(SyncError):
    def __init__(self) -> None:
        super().__init__("hash_mismatch", "附件校验不一致", "Attachment hash mismatch", status=422)


def normalise_hq_url(url: str) -> str:
    """``url`` without trailing slash; ``SyncError`` (``bad_url``) unless it is an http(s) URL with a host."""
    text = url.strip()
    parsed = httpx.URL(text) if text else None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise SyncError(
            "bad_url",
            f"总部地址无效：{url!r}。应为 http:// 或 https:// 开头的网址，例如 https://hq.example.cn",
            f"Not a headquarters address: {url!r}. It must start with http:// or https://, e.g. https://hq.example.cn",
        )
    return text.rstrip("/")


def split_batches(encoded: Sequence[bytes], max_records: int = MAX_BATCH_RECORDS) -> list[tuple[int, int]]:
    """Split serialised envelopes into ``(start, stop)`` slices that each fit one batch (records and bytes).

    An envelope too large to travel even alone gets a slice of its own; HQ will refuse it with 413 and the caller
    reports it.
    """
    limit = MAX_BATCH_BYTES - _BATCH_OVERHEAD
    slices: list[tuple[int, int]] = []
    start = 0
    size = 0
    for index, part in enumerate(encoded):
        extra = len(part) + 1
        if index > start and (index - start >= max_records or size + extra > limit):
            slices.append((start, index))
            start, size = index, 0
        size += extra
    if start < len(encoded):
        slices.append((start, len(encoded)))
    return slices


def encode_envelope(envelope: RecordEnvelope) -> bytes:
    """The JSON bytes of one envelope as it goes into a batch body."""
    return _json_bytes(envelope)


def _json_bytes(model: BaseModel) -> bytes:
    return model.model_dump_json().encode("utf-8")


def _model(model: type[M]) -> Callable[[httpx.Response], M]:
    def parse(response: httpx.Response) -> M:
        return model.model_validate_json(response.content)

    return parse


def _attachment_parser(sha256: str) -> Callable[[httpx.Response], AttachmentStatus]:
    def parse(response: httpx.Response) -> AttachmentStatus:
        status = AttachmentStatus.model_validate_json(response.content)
        if status.sha256 != sha256:
            raise _BadAnswerError(f"attachment status for {status.sha256}, expected {sha256}")
        return status

    return parse


def _read_chunk(path: Path, offset: int, length: int) -> bytes:
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            return stream.read(length)
    except OSError as exc:
        raise SyncError(
            "attachment_unreadable",
            f"无法读取要上传的附件文件 {path}：{exc.strerror or exc}",
            f"Cannot read the attachment file to upload, {path}: {exc.strerror or exc}",
        ) from exc


def _error_body(response: httpx.Response) -> ErrorBody | None:
    try:
        return ErrorBody.model_validate_json(response.content)
    except (ValidationError, ValueError):
        return None


def _update_required(response: httpx.Response) -> UpdateRequiredError:
    try:
        body = UpdateRequiredBody.model_validate_json(response.content)
        versions = f"{body.min_protocol_version}..{body.protocol_version}"
    except (ValidationError, ValueError):
        body = None
        versions = ""
    logger.warning("HQ requires a newer protocol (%s); this workstation speaks %d", versions, PROTOCOL_VERSION)
    return UpdateRequiredError(
        PROTOCOL_VERSION,
        versions,
        "总部服务器要求更新工作站软件后才能同步"
        + (f"（总部：{body.message_zh}）" if body and body.message_zh else "")
        + "。未上传的记录仍安全保存在本机，更新后会自动上传。",
        "Headquarters requires an updated workstation before it can sync"
        + (f" (HQ: {body.message_en})" if body and body.message_en else "")
        + ". Unsent records stay safe on this workstation and go up automatically after the update.",
    )


def _client_error(response: httpx.Response) -> SyncError:
    body = _error_body(response)
    status = response.status_code
    code = body.code if body else ""
    hq_zh = body.message_zh if body else ""
    hq_en = body.message_en if body else ""
    if status == 409 and code == "offset_mismatch":
        header = response.headers.get(UPLOAD_OFFSET_HEADER)
        return _OffsetMismatchError(int(header) if header and header.isdigit() else None)
    if code == "hash_mismatch":
        return _HashMismatchError()
    if code == "device_revoked":
        return SyncError(
            "revoked",
            "本机已被总部停用，不能再同步。请联系总部管理员；未上传的记录仍保存在本机，可用 U 盘数据包交付。",
            "Headquarters has revoked this workstation, so it can no longer sync. Contact the HQ administrator; "
            "unsent records stay on this workstation and can be delivered by USB bundle.",
            status=status,
        )
    if status == 401:
        return SyncError(
            "unauthorized",
            "总部不认可本机的同步凭证。请用新的一次性登记码重新登记本机。",
            "Headquarters does not accept this workstation's sync token. Enrol the workstation again with a new "
            "one-time code.",
            status=status,
        )
    if code == "invalid_code":
        return SyncError(
            "bad_code",
            "登记码无效、已过期或已被使用。请向总部管理员索取新的登记码。" + (f"（总部：{hq_zh}）" if hq_zh else ""),
            "The enrolment code is invalid, expired or already used. Ask the HQ administrator for a new code."
            + (f" (HQ: {hq_en})" if hq_en else ""),
            status=status,
        )
    if code == "hq_too_old":
        return SyncError(
            "hq_too_old",
            "总部服务器版本低于本工作站，暂时无法同步。请通知总部管理员升级服务器。",
            "The headquarters server is older than this workstation and cannot sync with it yet. Ask the HQ "
            "administrator to update the server.",
            status=status,
        )
    return SyncError(
        "refused",
        f"总部拒绝了请求（HTTP {status}）：{hq_zh or response.reason_phrase}",
        f"Headquarters refused the request (HTTP {status}): {hq_en or response.reason_phrase}",
        status=status,
    )


def _unreachable_error(url: str, exc: Exception) -> SyncError:
    error = SyncError(
        "unreachable",
        f"无法连接总部服务器（{url}）。请检查网络连接；记录已安全保存在本机，网络恢复后会自动上传。",
        f"Cannot reach headquarters ({url}). Check the network connection; records are safe on this workstation "
        "and go up automatically once the network is back.",
        retryable=True,
    )
    error.add_note(f"{type(exc).__name__}: {exc}")
    return error


def _timeout_error(url: str) -> SyncError:
    return SyncError(
        "timeout",
        f"总部服务器（{url}）响应超时。网络可能很慢或不稳定；稍后会自动重试，已发送的记录不会重复。",
        f"Headquarters ({url}) did not answer in time. The network may be slow or unstable; the workstation tries "
        "again later, and nothing already sent is duplicated.",
        retryable=True,
    )


def _server_error(url: str, response: httpx.Response) -> SyncError:
    status = response.status_code
    return SyncError(
        "server_error",
        f"总部服务器暂时出错（HTTP {status}）。稍后会自动重试；记录已安全保存在本机。",
        f"Headquarters had a temporary problem (HTTP {status}). The workstation tries again later; records are "
        f"safe on it. ({url})",
        status=status,
        retryable=True,
    )


def _bad_answer_error(url: str) -> SyncError:
    return SyncError(
        "bad_response",
        f"总部服务器（{url}）的答复不完整或无法识别。稍后会自动重试。",
        f"The answer from headquarters ({url}) was incomplete or not understood. The workstation tries again later.",
        retryable=True,
    )
