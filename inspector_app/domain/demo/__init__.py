"""Deterministic demo data: believable enterprises, licences, trade items, alerts, tasks and inspectors.

Pure (stdlib and python-stdnum): the generator is handed the catalogue's product kinds and the region table and
yields rows; the service writes them.
"""

from inspector_app.domain.demo.demo_generator import (
    DEFAULT_REFERENCE_DATE,
    DEFAULT_SEED,
    ENTERPRISES_PER_BLOCK,
    INSPECTORS_PER_BLOCK,
    MAX_SCALE,
    RISK_ALERTS_PER_BLOCK,
    TASKS_PER_BLOCK,
    TRADE_ITEMS_PER_BLOCK,
    DemoConfig,
    DemoGenerator,
    DemoPlan,
)
from inspector_app.domain.demo.demo_rows import (
    DemoBlacklistEntry,
    DemoBlock,
    DemoEnterprise,
    DemoInspector,
    DemoLicence,
    DemoProductKind,
    DemoRiskAlert,
    DemoTask,
    DemoTaskInspector,
    DemoTaskProductKind,
    DemoTradeItem,
)

__all__ = [
    "DEFAULT_REFERENCE_DATE",
    "DEFAULT_SEED",
    "ENTERPRISES_PER_BLOCK",
    "INSPECTORS_PER_BLOCK",
    "MAX_SCALE",
    "RISK_ALERTS_PER_BLOCK",
    "TASKS_PER_BLOCK",
    "TRADE_ITEMS_PER_BLOCK",
    "DemoBlacklistEntry",
    "DemoBlock",
    "DemoConfig",
    "DemoEnterprise",
    "DemoGenerator",
    "DemoInspector",
    "DemoLicence",
    "DemoPlan",
    "DemoProductKind",
    "DemoRiskAlert",
    "DemoTask",
    "DemoTaskInspector",
    "DemoTaskProductKind",
    "DemoTradeItem",
]
