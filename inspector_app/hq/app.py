"""The HQ web application: ``create_app(settings) -> FastAPI`` (protocol: ``inspector_app/sync/protocol.py``).

Stateless between requests: everything lives in the database (records, attachment bytes, tokens, the change log
and its sequence), so any number of HQ processes can serve one PostgreSQL database behind a load balancer. The only
file a process needs is HQ's private key in its data dir (the same key file for all of them).

Every answer carries ``X-Inspector-Protocol``; every error answer is an ``ErrorBody``. Bodies are limited before
they are parsed (413), malformed or ill-fitting bodies are 422 with the fields at fault, and nothing a client
sends can make HQ answer 5xx: only an unreachable database gives 503.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from importlib import metadata
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from inspector_app.documents.certificate_payload import verify_certificate
from inspector_app.hq.attachment_store import OffsetMismatchError
from inspector_app.hq.device_registry import AuthenticatedDevice
from inspector_app.hq.hq_error import HqError
from inspector_app.hq.hq_services import HqServices, open_services
from inspector_app.hq.hq_settings import HqSettings
from inspector_app.hq.record_store import SOURCE_NETWORK
from inspector_app.hq.storage.database import HqStorageError
from inspector_app.sync.protocol import (
    ATTACHMENT_COMPLETE_HEADER,
    DEFAULT_PAGE_LIMIT,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENT_CHUNK_BYTES,
    MAX_BATCH_BYTES,
    MAX_PAGE_LIMIT,
    MAX_SMALL_BODY_BYTES,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SHA256_PATTERN,
    UPLOAD_LENGTH_HEADER,
    UPLOAD_OFFSET_HEADER,
    AttachmentStatus,
    CertificateVerifyRequest,
    CertificateVerifyResult,
    EnrollmentRequest,
    EnrollmentResponse,
    ErrorBody,
    ErrorCode,
    FieldError,
    HealthStatus,
    RecordBatch,
    RecordBatchResult,
    ReferenceChangePage,
    ReferenceDigest,
    ServerTime,
    UpdateRequiredBody,
    VersionInfo,
)

logger = logging.getLogger(__name__)

__all__ = ["HqServices", "create_app", "create_app_from_environment", "open_services"]

SERVER_NAME = "inspector-hq"
#: The largest cursor or offset accepted: far beyond any real value, and inside PostgreSQL's BIGINT.
MAX_INTEGER = 2**62

_Scope = MutableMapping[str, Any]
_Message = MutableMapping[str, Any]
_Receive = Callable[[], Awaitable[_Message]]
_Send = Callable[[_Message], Awaitable[None]]
_Asgi = Callable[[_Scope, _Receive, _Send], Awaitable[None]]


def server_version() -> str:
    """The installed package's version."""
    try:
        return metadata.version("inspector-app")
    except metadata.PackageNotFoundError:
        return "0.0.0"


# --- body limits and the protocol header on every answer --------------------------------------------------


def _body_limit(method: str, path: str) -> int:
    if method == "POST" and path == "/v1/records":
        return MAX_BATCH_BYTES
    if method == "PUT" and path.startswith("/v1/attachments/"):
        return MAX_ATTACHMENT_CHUNK_BYTES
    return MAX_SMALL_BODY_BYTES


class _LimitsMiddleware:
    """Refuses bodies over the limit of their endpoint with 413 before anything parses them (whether or not a
    Content-Length was sent), and adds HQ's protocol version to every answer."""

    def __init__(self, app: _Asgi) -> None:
        self._app = app

    async def __call__(self, scope: _Scope, receive: _Receive, send: _Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def send_with_version(message: _Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    *message.get("headers", []),
                    (PROTOCOL_HEADER.lower().encode(), str(PROTOCOL_VERSION).encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        limit = _body_limit(scope["method"], scope["path"])
        declared = next((value for name, value in scope["headers"] if name == b"content-length"), None)
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send_with_version, limit)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.extend(message.get("body", b""))
            if len(body) > limit:
                await _too_large(send_with_version, limit)
                return
            if not message.get("more_body", False):
                break
        delivered = False

        async def replay() -> _Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self._app(scope, replay, send_with_version)


async def _too_large(send: _Send, limit: int) -> None:
    body = (
        ErrorBody(
            code=ErrorCode.TOO_LARGE,
            message_zh=f"请求内容过大：上限为 {limit} 字节",
            message_en=f"The request body is too large: the limit is {limit} bytes",
        )
        .model_dump_json()
        .encode()
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


# --- error answers ---------------------------------------------------------------------------------------


def _error_response(status: int, body: ErrorBody, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"), headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    async def hq_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HqError)
        headers: dict[str, str] = {}
        if isinstance(exc, OffsetMismatchError):
            headers[UPLOAD_OFFSET_HEADER] = str(exc.offset)
        if exc.status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        if exc.status == 426:
            body: ErrorBody = UpdateRequiredBody(code=exc.code, message_zh=exc.message_zh, message_en=exc.message_en)
            headers["Upgrade"] = f"{SERVER_NAME}-protocol/{PROTOCOL_VERSION}"
        else:
            body = exc.body()
        return _error_response(exc.status, body, headers)

    async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            FieldError(location=".".join(str(part) for part in error.get("loc", ())), message=str(error.get("msg", "")))
            for error in exc.errors()[:50]
        ]
        summary = "; ".join(f"{error.location}: {error.message}" for error in errors[:5])
        body = ErrorBody(
            code=ErrorCode.INVALID_REQUEST,
            message_zh=f"请求格式不正确：{summary}",
            message_en=f"The request is malformed: {summary}",
            errors=errors,
        )
        return _error_response(422, body)

    async def http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        codes = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED, 413: ErrorCode.TOO_LARGE}
        code = codes.get(exc.status_code, ErrorCode.INVALID_REQUEST)
        detail = str(exc.detail)
        body = ErrorBody(
            code=code, message_zh=f"请求无法处理：{detail}", message_en=f"Cannot handle the request: {detail}"
        )
        return _error_response(exc.status_code, body, dict(exc.headers or {}))

    async def database_error(_request: Request, exc: Exception) -> JSONResponse:
        logger.error("database unavailable: %s", exc)
        body = ErrorBody(
            code=ErrorCode.UNAVAILABLE,
            message_zh="总部数据库暂时不可用，请稍后重试；已发送的数据未丢失",
            message_en="The HQ database is unavailable for the moment; try again later. Nothing sent was lost",
        )
        return _error_response(503, body, {"Retry-After": "5"})

    app.add_exception_handler(HqError, hq_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(OperationalError, database_error)
    app.add_exception_handler(DBAPIError, database_error)
    app.add_exception_handler(HqStorageError, database_error)


# --- the application -------------------------------------------------------------------------------------

_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": "body too large"},
    422: {"model": ErrorBody, "description": "malformed request"},
    426: {"model": UpdateRequiredBody, "description": "protocol too old: update the workstation"},
}
_AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    **_ERROR_RESPONSES,
    400: {"model": ErrorBody, "description": "the client speaks a newer protocol than HQ"},
    401: {"model": ErrorBody, "description": "missing, unknown or revoked token"},
}


def require_protocol(
    version: Annotated[
        str | None,
        Header(
            alias=PROTOCOL_HEADER,
            description=f"the sync protocol version the client speaks (this HQ: {PROTOCOL_VERSION})",
        ),
    ] = None,
) -> int:
    """The client's protocol version; 426 when it is missing or too old, 400 when newer than HQ's."""
    number = int(version) if version is not None and version.strip().isdigit() else None
    if number is None or number < MIN_PROTOCOL_VERSION:
        raise HqError(
            426,
            ErrorCode.UPDATE_REQUIRED,
            "工作站软件版本过旧，总部已不再支持其同步协议，请更新工作站软件；本地数据未受影响，更新后再同步即可",
            "This workstation's software is too old for HQ's sync protocol: please update it. Nothing on the "
            "workstation was lost; sync again after updating",
        )
    if number > PROTOCOL_VERSION:
        raise HqError(
            400,
            ErrorCode.HQ_TOO_OLD,
            f"总部服务器版本较旧（协议 {PROTOCOL_VERSION}），不支持本工作站的协议 {number}，请联系总部管理员更新",
            f"HQ runs an older protocol ({PROTOCOL_VERSION}) than this workstation ({number}); ask the HQ "
            "administrator to update",
        )
    return number


_bearer = HTTPBearer(auto_error=False, description="the device token handed out at enrollment")


def current_device(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> AuthenticatedDevice:
    """The device whose token the request carries (401 otherwise)."""
    services: HqServices = request.app.state.hq
    return services.registry.authenticate(credentials.credentials if credentials is not None else None)


Device = Annotated[AuthenticatedDevice, Depends(current_device)]
Sha = Annotated[str, Path(pattern=SHA256_PATTERN, description="SHA-256 of the file, lower-case hex")]


def create_app(settings: HqSettings, services: HqServices | None = None) -> FastAPI:
    """The HQ application for ``settings`` (opens and migrates the database and loads HQ's key, unless
    ``services`` are handed over)."""
    hq = services or open_services(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        hq.close()

    app = FastAPI(
        title="Inspector HQ",
        summary="质量安全监管检查总部服务 — headquarters of the inspector workstations",
        description=(
            "The sync protocol (version 2, named by the X-Inspector-Protocol header) between inspector workstations "
            "and HQ: enrollment, sealed records up, resumable attachments, reference data down. Every `/v1` "
            "endpoint needs the `X-Inspector-Protocol` header; all but enrollment and certificate verification need "
            "a device token (`Authorization: Bearer`)."
        ),
        version=server_version(),
        lifespan=lifespan,
    )
    app.state.hq = hq
    app.add_middleware(_LimitsMiddleware)
    _install_error_handlers(app)

    @app.get("/health", response_model=HealthStatus, responses={503: {"model": ErrorBody}}, tags=["service"])
    def health() -> HealthStatus:
        """Whether HQ can reach its database."""
        hq.database.ping()
        return HealthStatus(status="ok", database="ok")

    @app.get("/version", response_model=VersionInfo, tags=["service"])
    def version() -> VersionInfo:
        """What HQ is, which protocol versions it speaks, and its key id."""
        return VersionInfo(
            server=SERVER_NAME,
            version=server_version(),
            protocol_version=PROTOCOL_VERSION,
            min_protocol_version=MIN_PROTOCOL_VERSION,
            hq_key_id=hq.identity.key_id,
        )

    v1 = APIRouter(prefix="/v1", dependencies=[Depends(require_protocol)], responses=_ERROR_RESPONSES)
    authed = APIRouter(
        prefix="/v1", dependencies=[Depends(require_protocol)], responses=_AUTH_RESPONSES, tags=["device"]
    )

    @v1.post(
        "/enroll",
        response_model=EnrollmentResponse,
        responses={403: {"model": ErrorBody, "description": "code not valid, or device revoked"}},
        tags=["enrollment"],
    )
    def enroll(request: EnrollmentRequest) -> EnrollmentResponse:
        """Register a device key with a one-time code; answers its token and HQ's certificate of its key."""
        return hq.registry.enroll(request)

    @authed.post(
        "/records",
        response_model=RecordBatchResult,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RecordBatch"}}},
            }
        },
    )
    async def upload_records(request: Request, device: Device) -> Response:
        """Store sealed records (idempotent by id and hash; conflicts kept for review)."""
        # Parsed and answered by pydantic's own JSON code: a batch of 1,000 records is several MB of JSON, and
        # the generic path (json.loads, then validation, then validating the answer again) costs more than storing.
        body = await request.body()
        try:
            batch = RecordBatch.model_validate_json(body)
        except ValidationError as exc:
            raise RequestValidationError(_body_errors(exc)) from exc
        result = await run_in_threadpool(
            hq.records.receive, device, batch.records, SOURCE_NETWORK, batch.batch_signature
        )
        return Response(content=result.model_dump_json(), media_type="application/json")

    @authed.head("/attachments/{sha256}", response_class=Response)
    def attachment_head(sha256: Sha, _device: Device) -> Response:
        """How much of an attachment HQ holds, in headers."""
        status = hq.attachments.status(sha256)
        return Response(status_code=200, headers=_attachment_headers(status))

    @authed.get("/attachments/{sha256}", response_model=AttachmentStatus)
    def attachment_status(sha256: Sha, _device: Device) -> JSONResponse:
        """How much of an attachment HQ holds."""
        status = hq.attachments.status(sha256)
        return JSONResponse(status.model_dump(mode="json"), headers=_attachment_headers(status))

    @authed.put(
        "/attachments/{sha256}",
        response_model=AttachmentStatus,
        responses={409: {"model": ErrorBody, "description": "offset or size mismatch (see Upload-Offset)"}},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    )
    async def attachment_put(
        sha256: Sha,
        request: Request,
        _device: Device,
        upload_length: Annotated[
            int, Header(alias=UPLOAD_LENGTH_HEADER, ge=1, le=MAX_ATTACHMENT_BYTES, description="file size")
        ],
        upload_offset: Annotated[
            int, Header(alias=UPLOAD_OFFSET_HEADER, ge=0, le=MAX_INTEGER, description="where this body starts")
        ] = 0,
    ) -> JSONResponse:
        """Append raw bytes at ``Upload-Offset``; the file is checked against its hash when complete."""
        data = await request.body()
        status = await _run_sync(hq.attachments.append, sha256, upload_offset, upload_length, data)
        return JSONResponse(status.model_dump(mode="json"), headers=_attachment_headers(status))

    @authed.get("/reference/changes", response_model=ReferenceChangePage)
    def reference_changes(
        _device: Device,
        since: Annotated[int, Query(ge=0, le=MAX_INTEGER, description="the cursor: changes after this seq")] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT, description="changes per page")] = DEFAULT_PAGE_LIMIT,
    ) -> Response:
        """Reference changes after ``since`` in seq order (a page)."""
        page = hq.reference.changes(since, limit)
        return Response(content=page.to_json(), media_type="application/json")

    @authed.get("/reference/digest", response_model=ReferenceDigest)
    def reference_digest(_device: Device) -> ReferenceDigest:
        """Row counts and (key, seq) digests of every reference table."""
        return hq.reference.digest()

    @authed.get("/time", response_model=ServerTime)
    def server_time(_device: Device) -> ServerTime:
        """HQ's clock (UTC)."""
        return ServerTime(server_time=dt.datetime.now(dt.UTC))

    @app.post(
        "/v1/certificates/verify", response_model=CertificateVerifyResult, tags=["public"], responses=_ERROR_RESPONSES
    )
    def verify(request: CertificateVerifyRequest) -> CertificateVerifyResult:
        """Check a certificate's QR text against HQ's key and the enrolled devices' keys."""
        keys = hq.registry.device_keys()
        keys[hq.identity.key_id] = hq.identity.public_key_raw
        verdict = verify_certificate(request.text, keys)
        claims: dict[str, Any] | None = None
        if verdict.claims is not None:
            claims = json.loads(json.dumps(dataclasses.asdict(verdict.claims), default=_json_default))
        return CertificateVerifyResult(
            status=str(verdict.status),
            message_zh=verdict.message_zh,
            message_en=verdict.message_en,
            claims=claims,
            signer_key_id=verdict.signer_key_id or verdict.key_id or None,
        )

    app.include_router(v1)
    app.include_router(authed)
    _document_raw_bodies(app)
    return app


def _body_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """pydantic's errors of a body parsed by hand, located as FastAPI locates body errors."""
    return [
        {"loc": ("body", *error.get("loc", ())), "msg": error.get("msg", ""), "type": error.get("type", "")}
        for error in exc.errors(include_url=False, include_input=False)
    ]


def _document_raw_bodies(app: FastAPI) -> None:
    """Put the models of the bodies parsed by hand (``RecordBatch``) into the OpenAPI components."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        extra = RecordBatch.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in extra.pop("$defs", {}).items():
            schemas.setdefault(name, definition)
        schemas.setdefault("RecordBatch", extra)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def _json_default(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def _attachment_headers(status: AttachmentStatus) -> dict[str, str]:
    headers = {
        UPLOAD_OFFSET_HEADER: str(status.bytes_received),
        ATTACHMENT_COMPLETE_HEADER: "true" if status.complete else "false",
        "Cache-Control": "no-store",
    }
    if status.size is not None:
        headers[UPLOAD_LENGTH_HEADER] = str(status.size)
    return headers


async def _run_sync(function: Callable[..., AttachmentStatus], *args: Any) -> AttachmentStatus:
    # The database work of an upload runs on the thread pool, like every synchronous endpoint.
    return await run_in_threadpool(function, *args)


def create_app_from_environment() -> FastAPI:
    """The application configured by ``INSPECTOR_HQ_*`` variables (for ``uvicorn --factory`` with workers)."""
    return create_app(HqSettings.from_environment())
