"""The home page over the demo store: who is logged in, the deadlines due soon with their legal source and record,
opening one, the quick actions, lock and log out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from records_support import DemoStore, RecordingOpener

from inspector_app.gui.models.due_item_table_model import DueItemTableModel
from inspector_app.gui.page_context import PageContext
from inspector_app.gui.pages.home_page import DUE_WITHIN_DAYS, HomePage
from inspector_app.services.identity_service import DEMO_PASSWORD, InspectorSession

LogIn = Callable[[PageContext, str, str], InspectorSession]


@pytest.fixture
def home(
    qtbot: QtBot, demo_context: PageContext, demo_store: DemoStore, log_in_as: LogIn, opener: RecordingOpener
) -> Iterator[HomePage]:
    log_in_as(demo_context, demo_store.badges[0], DEMO_PASSWORD)
    page = HomePage(demo_context, opener=opener)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    assert demo_context.runner.wait_until_idle()
    yield page
    demo_context.runner.wait_until_idle()


def _button(page: HomePage, name: str) -> QPushButton:
    button = page.findChild(QPushButton, name)
    assert button is not None
    return button


def test_who_is_logged_in(home: HomePage, demo_context: PageContext) -> None:
    session = demo_context.sessions.session
    assert session is not None
    assert home.who_text() == f"当前执法人员：{session.name}（执法证号 {session.badge_number}）"
    assert all(_button(home, name).isEnabled() for name in ("lockButton", "logoutButton", "newSpotCheckButton"))


def test_deadlines_due_soon_with_legal_source_and_record(
    home: HomePage, demo_store: DemoStore, qtmodeltester: ModelTester
) -> None:
    expected = demo_store.spot_checks.due_soon(DUE_WITHIN_DAYS)
    assert expected, "the demo data has open deadlines"
    assert home.model.rows == expected
    qtmodeltester.check(home.model)
    proxy = home.table.model()
    first = expected[0]
    assert proxy.index(0, DueItemTableModel.COLUMN_DEADLINE).data() == first.deadline.name_zh
    assert proxy.index(0, DueItemTableModel.COLUMN_SOURCE).data() == first.deadline.legal_source
    assert proxy.index(0, DueItemTableModel.COLUMN_NUMBER).data() == first.number
    assert proxy.index(0, DueItemTableModel.COLUMN_DUE).data() == str(first.due)
    assert "《" in first.deadline.legal_source
    assert home.empty_text() == f"{len(expected)} 项期限即将到期或已逾期"


def test_open_a_deadline_s_spot_check(qtbot: QtBot, home: HomePage, opener: RecordingOpener) -> None:
    item = home.model.rows[0]
    index = home.table.model().index(0, 0)
    rect = home.table.visualRect(index)
    qtbot.mouseClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert home.selected_item() == item and _button(home, "openButton").isEnabled()
    qtbot.mouseDClick(home.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [record_id for record_id, _session in opener.opened] == [item.spot_check_id]
    qtbot.mouseClick(_button(home, "openButton"), Qt.MouseButton.LeftButton)
    assert len(opener.opened) == 2


def test_quick_actions(qtbot: QtBot, home: HomePage, opener: RecordingOpener, demo_store: DemoStore) -> None:
    with qtbot.waitSignal(home.navigation_requested) as navigated:
        qtbot.mouseClick(_button(home, "recordsButton"), Qt.MouseButton.LeftButton)
    assert navigated.args == ["records"]
    with qtbot.waitSignal(home.navigation_requested) as navigated:
        qtbot.mouseClick(_button(home, "scanButton"), Qt.MouseButton.LeftButton)
    assert navigated.args == ["scan"]
    with qtbot.waitSignal(home.launcher.draft_started, timeout=10_000) as started:
        qtbot.mouseClick(_button(home, "newSpotCheckButton"), Qt.MouseButton.LeftButton)
    draft = started.args[0]
    assert opener.opened[-1][0] == draft.id and draft.status == "draft"


def test_lock_and_log_out(
    qtbot: QtBot, home: HomePage, demo_context: PageContext, recorded_prompts: Any, demo_store: DemoStore
) -> None:
    with qtbot.waitSignal(demo_context.sessions.locked):
        qtbot.mouseClick(_button(home, "lockButton"), Qt.MouseButton.LeftButton)
    assert demo_context.sessions.is_locked
    dialog = demo_context.sessions.login_dialog
    assert dialog is not None
    dialog.close()  # the lock dialog cannot be cancelled; closing it here only tidies up before logging out
    with qtbot.waitSignal(demo_context.sessions.session_changed):
        demo_context.sessions.log_out()
    assert home.who_text() == "未登录"
    assert not _button(home, "newSpotCheckButton").isEnabled()
    assert recorded_prompts.calls == []
