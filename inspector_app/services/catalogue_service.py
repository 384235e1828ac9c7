"""Installing and importing the key-product catalogue, and summarising what is installed.

An import reads the whole file, validates all of it with the domain parser, and only then writes it in one
transaction: a file with a single bad line imports nothing, and the caller gets every bad line at once.
How an edition already installed is replaced is described in ``storage/catalogue_repository.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from inspector_app.domain.catalogue import CatalogueSpec, parse_catalogue
from inspector_app.domain.errors import FileReadError, ImportFileError, NotFoundError
from inspector_app.resources import resource_path
from inspector_app.storage.catalogue_repository import (
    CatalogueRepository,
    CatalogueWriteResult,
    CategorySummary,
    ChangeCounts,
    DomainCounts,
    EditionSummary,
    KeptRow,
    ProductKindSummary,
)
from inspector_app.storage.database import Database

__all__ = [
    "MAX_IMPORT_BYTES",
    "CatalogueService",
    "CategorySummary",
    "ChangeCounts",
    "DomainCounts",
    "EditionSummary",
    "ImportReport",
    "KeptRow",
    "ProductKindSummary",
    "ensure_catalogue_installed",
    "read_import_file",
    "shipped_catalogue_path",
]

logger = logging.getLogger(__name__)

#: Catalogue files are a few megabytes at most; anything far larger is the wrong file, refused before reading.
MAX_IMPORT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportReport(CatalogueWriteResult):
    """What one import did: the edition, and per level what was added, updated, unchanged, removed or kept.

    ``kept`` lists rows the file no longer has that were kept because other records (trade items, licences,
    alerts, tasks) refer to them; ``source`` names the file (or the shipped catalogue) it came from.
    """

    source: str = ""

    @classmethod
    def from_result(cls, source: str, result: CatalogueWriteResult) -> ImportReport:
        """The report of a storage write result."""
        values = {field.name: getattr(result, field.name) for field in dataclasses.fields(result)}
        return cls(**values, source=source)


def shipped_catalogue_path() -> Path:
    """The catalogue file shipped with the application."""
    return resource_path("catalogue", "catalogue.json")


def read_import_file(path: str | os.PathLike[str]) -> str:
    """The text of an import file (UTF-8, with or without BOM); ``FileReadError`` says why it cannot be read."""
    file = Path(path)
    shown = str(file)
    try:
        if file.is_dir():
            raise FileReadError(
                "directory", f"“{shown}”是文件夹，不是文件", f"'{shown}' is a folder, not a file", shown
            )
        size = file.stat().st_size
        if size > MAX_IMPORT_BYTES:
            limit_mb = MAX_IMPORT_BYTES // (1024 * 1024)
            raise FileReadError(
                "too_large",
                f"文件“{shown}”过大（{size} 字节，上限 {limit_mb} MB），不是目录文件",
                f"'{shown}' is too large ({size} bytes, limit {limit_mb} MB) to be a catalogue file",
                shown,
            )
        data = file.read_bytes()
    except FileNotFoundError as exc:
        raise FileReadError("missing", f"文件不存在：{shown}", f"File not found: {shown}", shown) from exc
    except OSError as exc:
        raise FileReadError(
            "unreadable",
            f"无法读取文件“{shown}”：{exc.strerror or exc}",
            f"Cannot read '{shown}': {exc.strerror or exc}",
            shown,
        ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileReadError(
            "not_utf8",
            f"文件“{shown}”不是 UTF-8 编码（第 {line} 行，第 {exc.start + 1} 字节）；请另存为 UTF-8 后重试",
            f"'{shown}' is not UTF-8 (line {line}, byte {exc.start + 1}); save it as UTF-8 and try again",
            shown,
        ) from exc


class CatalogueService:
    """Catalogue use cases on one local store. Every call opens its own session (thread-safe to call)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def import_file(self, path: str | os.PathLike[str]) -> ImportReport:
        """Validate the whole file (``.json`` or ``.csv``), then install or replace its edition.

        Raises ``FileReadError`` when the file cannot be read, ``ImportFileError`` listing every bad line
        (with ``path`` set) when it is invalid — nothing is written in either case — and ``StorageError``
        when the store cannot be written (the transaction is rolled back).
        """
        text = read_import_file(path)
        try:
            spec = parse_catalogue(text, Path(path).name)
        except ImportFileError as exc:
            logger.info("catalogue file %s refused: %d bad line(s)", path, len(exc.errors))
            raise ImportFileError(exc.errors, str(path)) from exc
        return self.install(spec, source=str(path))

    def install(self, spec: CatalogueSpec, *, source: str = "") -> ImportReport:
        """Write an already validated catalogue in one transaction."""
        started = time.monotonic()
        logger.info("installing catalogue edition %s from %s", spec.edition.code, source or "(memory)")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        result = self._database.run(lambda session: CatalogueRepository(session).write(spec, imported_at=now))
        logger.info(
            "catalogue edition %s installed in %.2f s (changed: %s)",
            result.edition_code,
            time.monotonic() - started,
            result.changed,
        )
        return ImportReport.from_result(source, result)

    def installed(self) -> list[EditionSummary]:
        """Installed editions by code, with their categories, product kinds and inspection items per domain."""
        return self._database.run(lambda session: CatalogueRepository(session).editions())

    def categories(self, edition_code: str) -> list[CategorySummary]:
        """The categories of an installed edition, in catalogue order; ``NotFoundError`` if it is not installed."""
        return self._database.run(
            lambda session: self._checked(CatalogueRepository(session), edition_code).categories(edition_code)
        )

    def product_kinds(self, edition_code: str, category_code: str | None = None) -> list[ProductKindSummary]:
        """The product kinds of an installed edition (or of one of its categories), in catalogue order."""
        return self._database.run(
            lambda session: self._checked(CatalogueRepository(session), edition_code).product_kinds(
                edition_code, category_code
            )
        )

    @staticmethod
    def _checked(repository: CatalogueRepository, edition_code: str) -> CatalogueRepository:
        if not repository.edition_exists(edition_code):
            raise NotFoundError(
                f"未安装目录版本“{edition_code}”", f"Catalogue edition '{edition_code}' is not installed"
            )
        return repository


def ensure_catalogue_installed(database: Database) -> ImportReport | None:
    """Install the shipped catalogue when no edition is installed yet; otherwise do nothing (one query).

    Returns the import report when it installed something, else ``None``. A broken shipped file raises
    ``ImportFileError`` / ``FileReadError`` like any other import.
    """
    if database.run(lambda session: CatalogueRepository(session).has_edition()):
        return None
    path = shipped_catalogue_path()
    logger.info("no catalogue installed; installing the shipped one from %s", path)
    return CatalogueService(database).import_file(path)
