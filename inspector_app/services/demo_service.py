"""Filling a store with demo data: believable reference data at any scale, the same every time for a seed.

``generate_demo_data`` installs the shipped catalogue and rules if the store lacks them, then streams the
generator's blocks into the store through the bulk loader in one transaction: a run lands whole or not at all.
It writes only into a store without enterprises, licences, trade items, alerts, tasks or inspectors, because the
demo rows carry their own primary keys and codes and must not mix with real ones.

``ensure_demo_data`` is what the application calls when it opens the demo workspace: the first time it fills it
at scale 1 (200 enterprises, 1,000 trade items), afterwards it does nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import exists, select

from inspector_app.domain.demo import (
    DEFAULT_REFERENCE_DATE,
    DEFAULT_SEED,
    DemoConfig,
    DemoGenerator,
    DemoProductKind,
)
from inspector_app.domain.errors import DemoDataError, FileReadError
from inspector_app.domain.regions import Regions
from inspector_app.resources import resource_path
from inspector_app.services.catalogue_service import ensure_catalogue_installed
from inspector_app.services.rules_service import ensure_default_rules
from inspector_app.services.workspace import DEMO_SUBDIR, Workspace
from inspector_app.storage.bulk_load import DEMO_TABLE_NAMES, bulk_loading, insert_demo_blocks
from inspector_app.storage.database import Database
from inspector_app.storage.models import Base, CatalogueCategory, CatalogueEdition, InspectionItem, ProductKind

logger = logging.getLogger(__name__)

#: Reference date of the demo data: licences expire and alerts run relative to it, not to today.
DEMO_REFERENCE_DATE = DEFAULT_REFERENCE_DATE
#: Scale of the data ``ensure_demo_data`` puts into a new demo workspace.
ENSURE_DEMO_SCALE = 1

STAGE_CATALOGUE = "catalogue"
STAGE_RULES = "rules"
STAGE_BLOCKS = "blocks"

#: ``progress(stage, done, total)``: stage is ``catalogue``, ``rules`` or ``blocks`` (done of total blocks).
Progress = Callable[[str, int, int], None]

# Tables that must be empty before demo data goes in (the association tables follow tasks).
_GUARDED_TABLES = tuple(name for name in DEMO_TABLE_NAMES if name not in ("task_product_kinds", "task_inspectors"))


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a run made, how long it took, and from what seed and reference date."""

    scale: int
    seed: int
    reference_date: dt.date
    enterprises: int
    licences: int
    blacklist_entries: int
    trade_items: int
    risk_alerts: int
    inspectors: int
    tasks: int
    task_product_kinds: int
    task_inspectors: int
    seconds: float

    @property
    def rows(self) -> int:
        """Rows written, all tables together."""
        return (
            self.enterprises
            + self.licences
            + self.blacklist_entries
            + self.trade_items
            + self.risk_alerts
            + self.inspectors
            + self.tasks
            + self.task_product_kinds
            + self.task_inspectors
        )

    @property
    def trade_items_per_second(self) -> float:
        """Trade items made and stored per second of the whole run."""
        return self.trade_items / self.seconds if self.seconds > 0 else 0.0


class DemoService:
    """Generates demo data into one store."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def is_empty(self) -> bool:
        """Whether the store has none of the rows demo data would add (enterprises, trade items, tasks...)."""
        tables = Base.metadata.tables
        with self._database.session() as session:
            return not any(session.scalar(select(exists().select_from(tables[name]))) for name in _GUARDED_TABLES)

    def generate(
        self,
        scale: int,
        seed: int = DEFAULT_SEED,
        progress: Progress | None = None,
        *,
        reference_date: dt.date = DEMO_REFERENCE_DATE,
    ) -> DemoSummary:
        """Make ``scale`` blocks of demo data from ``seed`` and store them in one transaction.

        Raises ``DemoDataError`` when the scale is out of range or the store already holds such data.
        """
        started = time.perf_counter()
        config = DemoConfig(scale=scale, seed=seed, reference_date=reference_date)
        report = progress or _no_progress
        if not self.is_empty():
            raise DemoDataError(
                "not_empty",
                "数据库中已有企业、商品或任务等数据，演示数据只能写入空的工作区",
                "The store already holds enterprises, trade items or tasks; demo data goes only into an empty "
                "workspace",
            )
        report(STAGE_CATALOGUE, 0, 1)
        ensure_catalogue_installed(self._database)
        report(STAGE_CATALOGUE, 1, 1)
        report(STAGE_RULES, 0, 1)
        ensure_default_rules(self._database)
        report(STAGE_RULES, 1, 1)
        generator = DemoGenerator(config, self.product_kinds(), load_regions())
        logger.info("generating demo data: scale %d, seed %d, reference date %s", scale, seed, reference_date)
        counts: dict[str, int] = defaultdict(int)
        report(STAGE_BLOCKS, 0, scale)
        with bulk_loading(self._database.engine) as loader:
            for done, block in enumerate(insert_demo_blocks(loader, generator.blocks()), start=1):
                for name in DEMO_TABLE_NAMES:
                    counts[name] += len(getattr(block, name))
                report(STAGE_BLOCKS, done, scale)
        seconds = time.perf_counter() - started
        summary = DemoSummary(
            scale=scale,
            seed=seed,
            reference_date=reference_date,
            enterprises=counts["enterprises"],
            licences=counts["licences"],
            blacklist_entries=counts["blacklist_entries"],
            trade_items=counts["trade_items"],
            risk_alerts=counts["risk_alerts"],
            inspectors=counts["inspectors"],
            tasks=counts["tasks"],
            task_product_kinds=counts["task_product_kinds"],
            task_inspectors=counts["task_inspectors"],
            seconds=seconds,
        )
        logger.info("demo data stored: %d rows in %.1f s", summary.rows, seconds)
        return summary

    def product_kinds(self) -> list[DemoProductKind]:
        """Every installed product kind with its category and test items, in catalogue order."""
        with self._database.session() as session:
            items: dict[int, list[tuple[str, str]]] = defaultdict(list)
            for kind_id, name, op in session.execute(
                select(InspectionItem.product_kind_id, InspectionItem.name, InspectionItem.limit_op).order_by(
                    InspectionItem.product_kind_id, InspectionItem.sort_order, InspectionItem.id
                )
            ):
                items[kind_id].append((name, op))
            rows = session.execute(
                select(
                    ProductKind.id,
                    ProductKind.code,
                    ProductKind.name,
                    CatalogueCategory.domain,
                    CatalogueEdition.code,
                    CatalogueCategory.code,
                    CatalogueCategory.name,
                    CatalogueCategory.sort_order,
                    ProductKind.needs_sc,
                    ProductKind.needs_xk,
                    ProductKind.needs_ccc,
                    ProductKind.ccc_code,
                )
                .join(CatalogueCategory, ProductKind.category_id == CatalogueCategory.id)
                .join(CatalogueEdition, CatalogueCategory.edition_id == CatalogueEdition.id)
                .order_by(CatalogueEdition.code, CatalogueCategory.sort_order, CatalogueCategory.code, ProductKind.code)
            ).all()
        kinds = [
            DemoProductKind(
                id=kind_id,
                code=code,
                name=name,
                domain=domain,
                # Category codes are unique within an edition; several editions may be installed.
                category_code=f"{edition_code}:{category_code}",
                category_name=category_name,
                category_order=category_order,
                needs_sc=needs_sc,
                needs_xk=needs_xk,
                needs_ccc=needs_ccc,
                ccc_code=ccc_code,
                inspection_items=tuple(items.get(kind_id, ())),
            )
            for (
                kind_id,
                code,
                name,
                domain,
                edition_code,
                category_code,
                category_name,
                category_order,
                needs_sc,
                needs_xk,
                needs_ccc,
                ccc_code,
            ) in rows
        ]
        if not kinds:
            raise DemoDataError(
                "no_catalogue",
                "没有已安装的产品目录，无法生成演示数据",
                "No product catalogue is installed, so no demo data can be made",
            )
        return kinds


def generate_demo_data(
    database: Database,
    scale: int,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    *,
    reference_date: dt.date = DEMO_REFERENCE_DATE,
) -> DemoSummary:
    """Make ``scale`` blocks of demo data into an empty store (see ``DemoService.generate``)."""
    return DemoService(database).generate(scale, seed, progress, reference_date=reference_date)


def ensure_demo_data(workspace: Workspace) -> DemoSummary | None:
    """Fill a new demo workspace at scale 1; return ``None`` when it already has data.

    Only the demo workspace (the ``demo`` folder of the data directory) is filled: called on any other workspace
    this raises ``DemoDataError`` rather than mixing invented records with real ones.
    """
    if workspace.data_dir.name != DEMO_SUBDIR:
        raise DemoDataError(
            "not_demo_workspace",
            f"演示数据只写入演示工作区，{workspace.data_dir} 不是演示工作区",
            f"Demo data goes only into the demo workspace; {workspace.data_dir} is not one",
        )
    service = DemoService(workspace.database)
    if not service.is_empty():
        return None
    return service.generate(ENSURE_DEMO_SCALE)


def load_regions() -> Regions:
    """The shipped GB/T 2260 region table."""
    path = resource_path("regions", "gb2260.csv")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FileReadError(
            "missing", f"找不到行政区划代码表：{path}", f"Region table not found: {path}", str(path)
        ) from exc
    except OSError as exc:
        raise FileReadError(
            "unreadable", f"无法读取行政区划代码表：{path}", f"Cannot read the region table {path}: {exc}", str(path)
        ) from exc
    return Regions.parse(text)


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None
