"""The versions of a sampling record — the original and each sealed amendment — with what each one changed."""

from __future__ import annotations

import json
import logging
from typing import Any

from inspector_app.gui.models.row_table_model import Column, RowTableModel
from inspector_app.gui.spot_check.sampling_fields import choice_label, field_label
from inspector_app.services.spot_check_service import FieldChange, HistoryEntry

logger = logging.getLogger(__name__)

_SHOWN_LENGTH = 40


def _shown(path: str, value: Any) -> str:
    if value is None or value in ("", []):
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list):
        text = "、".join(
            str(item) if not isinstance(item, dict) else json.dumps(item, ensure_ascii=False) for item in value
        )
    elif isinstance(value, str):
        text = choice_label(path, value)
    else:
        text = str(value)
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


def change_text(change: FieldChange) -> str:
    """One change in words: "批号：LOT-A1 → LOT-A2"."""
    return f"{field_label(change.path)}：{_shown(change.path, change.before)} → {_shown(change.path, change.after)}"


class HistoryTableModel(RowTableModel[HistoryEntry]):
    """Columns: version (原始记录 / 更正 n), form number, sealed at, reason, what changed."""

    COLUMN_VERSION, COLUMN_NUMBER, COLUMN_SEALED, COLUMN_REASON, COLUMN_CHANGES = range(5)

    def __init__(self, parent: Any = None) -> None:
        columns: list[Column[HistoryEntry]] = [
            Column(lambda: self.tr("版本"), self.version_text),
            Column(lambda: self.tr("抽样单编号"), lambda e: e.view.record.basics.form_number or e.view.number),
            Column(
                lambda: self.tr("签章封存时间"),
                lambda e: e.view.sealed_at.strftime("%Y-%m-%d %H:%M") if e.view.sealed_at is not None else "",
                sort_key=lambda e: e.view.sealed_at.isoformat() if e.view.sealed_at is not None else "",
            ),
            Column(lambda: self.tr("更正原因"), lambda e: e.view.reason, tooltip=lambda e: e.view.reason),
            Column(lambda: self.tr("更改内容"), self.changes_text, tooltip=self.changes_tooltip),
        ]
        super().__init__(columns, parent)

    def version_text(self, entry: HistoryEntry) -> str:
        """原始记录 for the original, 更正 n for the n-th amendment."""
        if entry.view.record_type != "amendment":
            return self.tr("原始记录")
        number = 1 + sum(1 for row in self._rows[: self._rows.index(entry)] if row.view.record_type == "amendment")
        return self.tr("更正 {number}").format(number=number)

    def changes_text(self, entry: HistoryEntry) -> str:
        """What the version changed, on one line."""
        if entry.view.record_type != "amendment":
            return ""
        if not entry.changes:
            return self.tr("（内容未变）")
        return "；".join(change_text(change) for change in entry.changes)

    def changes_tooltip(self, entry: HistoryEntry) -> str:
        """What the version changed, one change a line."""
        return "\n".join(change_text(change) for change in entry.changes)
