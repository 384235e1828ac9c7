"""The scan history page's filters and the trace dialog, on scans recorded at known times and places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from scan_data import (
    BAD_USCC,
    BEIJING,
    CABLE_EAN,
    CABLE_GTIN,
    GREEN_GS1,
    OIL_EAN,
    OIL_GTIN,
    RECALLED_BATCH_PARTS,
    UNKNOWN_EAN,
)
from scan_window import focus, type_text

from inspector_app.gui.change_bus import ChangeBus
from inspector_app.gui.dialogs.trace_dialog import TraceDialog
from inspector_app.gui.models.scan_event_table_model import ScanEventTableModel
from inspector_app.gui.pages.scan_history_page import ScanHistoryPage
from inspector_app.gui.scan_session import ScanSession
from inspector_app.services.scan_service import ScanPlace, ScanService
from inspector_app.services.workspace import Workspace

MARKET = ScanPlace("朝阳区某农贸市场", "market")
SUPERMARKET = ScanPlace("海淀区某超市", "supermarket")


def record_at(workspace: Workspace, moment: dt.datetime, code: str, place: ScanPlace) -> None:
    ScanService(workspace.database, clock=lambda: moment).record_scan(code, place=place)


@pytest.fixture
def recorded(scan_workspace: Workspace) -> Workspace:
    """Six scans over three local days; the early-morning one is on 11-26 locally but 11-25 in UTC."""
    record_at(scan_workspace, dt.datetime(2026, 11, 20, 9, 0, tzinfo=BEIJING), CABLE_EAN, MARKET)
    record_at(scan_workspace, dt.datetime(2026, 11, 26, 7, 30, tzinfo=BEIJING), OIL_EAN, MARKET)
    record_at(scan_workspace, dt.datetime(2026, 11, 27, 10, 0, tzinfo=BEIJING), GREEN_GS1, SUPERMARKET)
    batch = "\x1d".join(RECALLED_BATCH_PARTS)
    record_at(scan_workspace, dt.datetime(2026, 11, 27, 10, 5, tzinfo=BEIJING), batch, SUPERMARKET)
    record_at(scan_workspace, dt.datetime(2026, 11, 27, 10, 10, tzinfo=BEIJING), CABLE_EAN, SUPERMARKET)
    record_at(scan_workspace, dt.datetime(2026, 11, 27, 10, 15, tzinfo=BEIJING), UNKNOWN_EAN, SUPERMARKET)
    return scan_workspace


@pytest.fixture
def history_page(
    qtbot: QtBot, recorded: Workspace, scan_session: ScanSession, change_bus: ChangeBus
) -> Iterator[ScanHistoryPage]:
    page = ScanHistoryPage(scan_session, change_bus)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.set_date_range(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    yield page
    scan_session.runner.wait_until_idle()


def codes(page: ScanHistoryPage) -> list[str]:
    return [row.raw_code for row in page.model.rows]


def test_all_scans_newest_first(history_page: ScanHistoryPage, qtmodeltester: Any) -> None:
    qtmodeltester.check(history_page.model)
    assert codes(history_page) == [
        UNKNOWN_EAN,
        CABLE_EAN,
        "\x1d".join(RECALLED_BATCH_PARTS),
        GREEN_GS1,
        OIL_EAN,
        CABLE_EAN,
    ]
    model = history_page.model
    assert model.data(model.index(0, ScanEventTableModel.COLUMN_TIME)) == "2026-11-27 10:15:00"
    assert model.data(model.index(1, ScanEventTableModel.COLUMN_OUTCOME)) == "红"
    assert model.data(model.index(1, ScanEventTableModel.COLUMN_OUTCOME), Qt.ItemDataRole.BackgroundRole).name() == (
        "#c62828"
    )
    assert model.data(model.index(2, ScanEventTableModel.COLUMN_CODE)) == "\u241d".join(RECALLED_BATCH_PARTS)


def test_outcome_filter(qtbot: QtBot, history_page: ScanHistoryPage) -> None:
    combo = history_page.findChild(QComboBox, "outcomeCombo")
    with qtbot.waitSignal(history_page.loaded, timeout=10_000):
        combo.setCurrentIndex(combo.findData("red"))
    assert codes(history_page) == [CABLE_EAN, "\x1d".join(RECALLED_BATCH_PARTS), CABLE_EAN]


def test_date_range_uses_local_days(qtbot: QtBot, history_page: ScanHistoryPage) -> None:
    with qtbot.waitSignal(history_page.loaded, timeout=10_000):
        history_page.set_date_range(dt.date(2026, 11, 26), dt.date(2026, 11, 26))
    assert codes(history_page) == [OIL_EAN]  # 07:30 in Beijing is the day before in UTC


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("placeEdit", "农贸", [OIL_EAN, CABLE_EAN]),
        ("gtinEdit", CABLE_EAN, [CABLE_EAN, CABLE_EAN]),
        ("makerEdit", "金禾", ["\x1d".join(RECALLED_BATCH_PARTS), GREEN_GS1, OIL_EAN]),
        ("makerEdit", BAD_USCC, [CABLE_EAN, CABLE_EAN]),
    ],
)
def test_text_filters_typed_in(
    qtbot: QtBot, history_page: ScanHistoryPage, field: str, text: str, expected: list[str]
) -> None:
    edit = history_page.findChild(QLineEdit, field)
    focus(qtbot, edit)
    with qtbot.waitSignal(history_page.loaded, timeout=10_000):
        type_text(qtbot, edit, text)
    qtbot.waitUntil(lambda: codes(history_page) == expected, timeout=5_000)


def test_new_scans_appear_by_themselves(qtbot: QtBot, history_page: ScanHistoryPage, scan_session: ScanSession) -> None:
    with qtbot.waitSignal(history_page.loaded, timeout=10_000):
        scan_session.submit(OIL_EAN)  # recorded at scan_data.NOW, 2026-11-27 10:30
    assert codes(history_page)[0] == OIL_EAN
    assert history_page.model.rowCount() == 7


def test_trace_of_the_selected_scan(qtbot: QtBot, history_page: ScanHistoryPage, qtmodeltester: Any) -> None:
    trace_button = history_page.findChild(QPushButton, "traceButton")
    assert not trace_button.isEnabled()
    history_page.table.selectRow(2)  # the recalled batch
    assert trace_button.isEnabled()
    with qtbot.waitSignal(history_page.trace_opened) as opened:
        qtbot.mouseClick(trace_button, Qt.MouseButton.LeftButton)
    dialog: TraceDialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.item_model.rowCount() == 3 and dialog.maker_model.rowCount() == 3)
    qtmodeltester.check(dialog.item_model)
    qtmodeltester.check(dialog.maker_model)
    assert {row.gtin for row in dialog.item_model.rows} == {OIL_GTIN}
    assert {row.enterprise_name for row in dialog.maker_model.rows} == {"北京金禾粮油有限公司"}
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.batch_only_check.setChecked(True)
    assert [row.batch for row in dialog.item_model.rows] == ["B2026A"]
    dialog.close()


def test_trace_dialog_of_a_maker_alone(qtbot: QtBot, recorded: Workspace, scan_session: ScanSession) -> None:
    dialog = TraceDialog(scan_session.service, scan_session.runner, uscc=BAD_USCC.lower(), title="长治市某电缆厂")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.open()
    assert [row.gtin for row in dialog.maker_model.rows] == [CABLE_GTIN, CABLE_GTIN]
    assert dialog.item_model.rowCount() == 0
    dialog.close()
