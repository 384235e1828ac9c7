"""How catalogue codes read on screen, in the interface language.

Stored values are codes (``high``, ``critical``, ``not_detected``...); these functions turn them into the words
an inspector expects. They translate at call time, so a language switch only needs a repaint. Each call spells
out its context ("DisplayText") because lupdate only collects literal arguments.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from inspector_app.services.catalogue_browser import InspectionItemRow

logger = logging.getLogger(__name__)


def domain_name(domain: str) -> str:
    """工业产品 / 食品 / 食用农产品, or the code itself when unknown."""
    names = {
        "industrial": QCoreApplication.translate("DisplayText", "工业产品"),
        "food": QCoreApplication.translate("DisplayText", "食品"),
        "farm_produce": QCoreApplication.translate("DisplayText", "食用农产品"),
    }
    return names.get(domain, domain)


def risk_level_name(level: str) -> str:
    """高 / 中 / 低 risk, or the code itself when unknown."""
    names = {
        "high": QCoreApplication.translate("DisplayText", "高"),
        "medium": QCoreApplication.translate("DisplayText", "中"),
        "low": QCoreApplication.translate("DisplayText", "低"),
    }
    return names.get(level, level)


def criticality_name(criticality: str) -> str:
    """How serious a failure of the item is, or the code itself when unknown."""
    names = {
        "critical": QCoreApplication.translate("DisplayText", "关键"),
        "major": QCoreApplication.translate("DisplayText", "重要"),
        "minor": QCoreApplication.translate("DisplayText", "一般"),
    }
    return names.get(criticality, criticality)


def sampling_text(sample_quantity: int, backup_quantity: int, unit: str) -> str:
    """Sample plus backup quantity, e.g. "4 + 4 瓶"."""
    return f"{sample_quantity} + {backup_quantity} {unit}".strip()


def _with_unit(value: str | None, unit: str) -> str:
    return f"{value or '?'} {unit}".strip()


def limit_text(item: InspectionItemRow) -> str:
    """The item's limit as a report prints it: "≤ 3 mg/g", "5.5～8.5", "不得检出", or the expected wording.

    Same wording as ``inspector_app.domain.limits.Limit.describe``, but in the interface language.
    """
    op = item.limit_op
    symbols = {"le": "≤", "lt": "<", "ge": "≥", "gt": ">"}
    if op in symbols:
        return f"{symbols[op]} {_with_unit(item.limit_value, item.unit)}"
    if op == "range":
        return f"{item.limit_low or '?'}～{_with_unit(item.limit_high, item.unit)}"
    if op == "not_detected":
        return QCoreApplication.translate("DisplayText", "不得检出")
    if op == "text":
        return item.limit_text or ""
    if op == "info":
        if item.limit_text:
            return QCoreApplication.translate("DisplayText", "仅记录（{note}）").format(note=item.limit_text)
        return QCoreApplication.translate("DisplayText", "仅记录")
    logger.warning("unknown limit operator %r on inspection item %s", op, item.id)
    return op


def flag_text(flag: bool) -> str:
    """A tick for a set flag, nothing otherwise."""
    return "✓" if flag else ""
