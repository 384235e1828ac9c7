"""After the verdict: an objection filed through its dialog (on time, late, incomplete, in English), the correction
order and the re-check through theirs, each closing its deadline; the window's buttons follow the state, a deadline
double-clicked opens what answers it, and the home page's "due soon" list deals with a deadline in place."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from spot_check_data import (
    BEIJING,
    FERTILISER_CODE,
    FIRST_BADGE,
    FIRST_PASSWORD,
    sealed_through_service,
    type_chinese,
)
from spot_check_world import Context, World

from inspector_app.gui.page_context import GuiServices, PageContext
from inspector_app.gui.pages.home_page import HomePage
from inspector_app.gui.scan_session import ScanSession
from inspector_app.gui.session_controller import SessionController
from inspector_app.gui.spot_check.deadline_table_model import DeadlineTableModel
from inspector_app.gui.spot_check.follow_up_dialog import FollowUpDialog
from inspector_app.gui.spot_check.objection_dialog import ObjectionDialog
from inspector_app.gui.spot_check.spot_check_window import SpotCheckWindow
from inspector_app.gui.translations import Translations
from inspector_app.services.certificate_service import CertificateService
from inspector_app.services.records_service import RecordsService
from inspector_app.services.scan_service import ScanService
from inspector_app.services.settings_service import SettingsService
from inspector_app.services.spot_check_service import DueItem, SpotCheckService, SpotCheckView
from inspector_app.services.status_service import StatusService
from inspector_app.services.sync_service import SyncService
from inspector_app.services.task_service import TaskService
from inspector_app.services.trust_service import TrustService

REPORTED = dt.date(2026, 11, 20)  # the results reach the maker this day: the objection window ends 2026-12-05
WINDOW_END = dt.date(2026, 12, 5)
MAKER = "北京丰收化肥有限公司"
OBJECTION, CORRECTION, RECHECK = "objection_industrial", "after_failure_correction", "after_failure_recheck"

W = TypeVar("W", bound=QWidget)


def _results(world: World, spot: SpotCheckView, total_nutrient: str, *, report: str = "BJ-2026-0456") -> None:
    """Results through the service: 总养分 below 35 % fails the sample."""
    lines = world.service.result_template(spot.id)
    values = {"I01": total_nutrient, "I02": "6.8"}
    filled = [dataclasses.replace(line, value=values[line.item_code]) for line in lines]
    world.service.enter_results(spot.id, filled, report, "北京市产品质量监督检验院", REPORTED)


@pytest.fixture
def failed(world: World) -> SpotCheckView:
    """A sealed spot check whose results failed."""
    spot = sealed_through_service(world.service, world.first, world.second)
    _results(world, spot, "32.5")
    return spot


def _window(qtbot: QtBot, context: Context, world: World, record_id: str) -> SpotCheckWindow:
    window = SpotCheckWindow(context, world.first, camera_devices=list)
    window.resize(1300, 900)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded):
        window.load(record_id)
    assert context.runner.wait_until_idle()  # the results tab has loaded too
    return window


def _child(parent: QWidget, kind: type[W], name: str) -> W:
    widget = parent.findChild(kind, name)
    assert widget is not None, name
    return widget


def _ok(dialog: QWidget) -> QPushButton:
    return _child(dialog, QDialogButtonBox, "buttons").button(QDialogButtonBox.StandardButton.Ok)


def _open_objection(qtbot: QtBot, window: SpotCheckWindow) -> ObjectionDialog:
    with qtbot.waitSignal(window.objection_dialog_opened) as opened:
        qtbot.mouseClick(_child(window, QPushButton, "objectionButton"), Qt.MouseButton.LeftButton)
    dialog: ObjectionDialog = opened.args[0]
    assert dialog.isVisible() and _ok(dialog).isEnabled()
    return dialog


def _open_follow_up(qtbot: QtBot, window: SpotCheckWindow) -> FollowUpDialog:
    with qtbot.waitSignal(window.follow_up_dialog_opened) as opened:
        qtbot.mouseClick(_child(window, QPushButton, "followUpButton"), Qt.MouseButton.LeftButton)
    dialog: FollowUpDialog = opened.args[0]
    assert dialog.isVisible() and _ok(dialog).isEnabled()
    return dialog


def _records(world: World, spot: SpotCheckView, record_type: str) -> list[dict[str, object]]:
    return [record.body for record in world.service.overview(spot.id).records if record.record_type == record_type]


def _open_codes(service: SpotCheckService, spot: SpotCheckView) -> list[str]:
    """The deadlines of ``spot`` still open in the "due soon" list (looking far enough ahead to see them all)."""
    return [item.deadline.code for item in service.due_soon(within_days=120) if item.spot_check_id == spot.id]


def _status(window: SpotCheckWindow, code: str) -> str:
    return window.results_editor.deadlines_view.status_text(code)


def test_an_objection_filed_in_the_dialog_is_sealed_and_shown_in_the_history(
    qtbot: QtBot, context: Context, world: World, failed: SpotCheckView
) -> None:
    window = _window(qtbot, context, world, failed.id)
    assert _open_codes(world.service, failed) == [OBJECTION, CORRECTION, RECHECK]
    dialog = _open_objection(qtbot, window)
    assert "2026-12-05 前" in dialog.window_text() and "产品质量法" in dialog.window_text()
    assert "BJ-2026-0456" in _child(dialog, QLabel, "resultsLabel").text()
    assert dialog.filed_on() == dt.date.today()  # today unless told otherwise

    dialog.set_filed_on(dt.date(2026, 11, 25))
    assert dialog.late_text() == ""
    type_chinese(_child(dialog, QLineEdit, "byEdit"), MAKER)
    type_chinese(_child(dialog, QPlainTextEdit, "reasonEdit"), "对总养分检验结果有异议，申请复检")
    with qtbot.waitSignal(window.loaded, timeout=10_000), qtbot.waitSignal(dialog.objection_filed) as filed:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert context.runner.wait_until_idle()

    record = filed.args[0]
    assert record.record_type == "objection" and record.body["within_window"] is True
    assert record.body["by"] == MAKER and record.body["filed_on"] == "2026-11-25"
    assert world.service.verify_seal(record.id).intact
    # The history lists it with the other sealed records; the objection window shows as dealt with.
    rows = window.records_model.rows
    assert [row.record_type for row in rows] == ["test_results", "objection"]
    objection_row = window.records_model.find_row(lambda row: row.id == record.id)
    assert window.records_model.index(objection_row, 0).data() == "异议"
    content = window.records_model.index(objection_row, window.records_model.COLUMN_CONTENT).data()
    assert content == f"{MAKER} 于 2026-11-25 提出：对总养分检验结果有异议，申请复检"
    assert _status(window, OBJECTION) == "已提出异议（2026-11-25）"
    assert _status(window, CORRECTION) == ""  # an objection does not suspend correction
    assert _open_codes(world.service, failed) == [CORRECTION, RECHECK]


def test_a_late_objection_is_flagged_and_still_recorded(
    qtbot: QtBot, context: Context, world: World, failed: SpotCheckView
) -> None:
    window = _window(qtbot, context, world, failed.id)
    dialog = _open_objection(qtbot, window)
    dialog.set_filed_on(WINDOW_END)  # the last day is still on time
    assert not dialog.is_late() and dialog.late_text() == ""
    dialog.set_filed_on(dt.date(2026, 12, 21))
    assert dialog.is_late()
    assert dialog.late_text() == (
        "提出日期 2026-12-21 已超过异议期限（2026-12-05 前）。逾期提出的异议仍予登记，记录中注明逾期。"
    )
    assert _ok(dialog).isEnabled()  # late is not refused
    type_chinese(_child(dialog, QLineEdit, "byEdit"), MAKER)
    type_chinese(_child(dialog, QPlainTextEdit, "reasonEdit"), "对pH值结果有异议")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert context.runner.wait_until_idle()

    (body,) = _records(world, failed, "objection")
    assert body["within_window"] is False and body["filed_on"] == "2026-12-21"
    assert _status(window, OBJECTION) == "已提出异议（2026-12-21，逾期）"
    row = window.records_model.find_row(lambda record: record.record_type == "objection")
    assert window.records_model.index(row, window.records_model.COLUMN_CONTENT).data().endswith("（逾期）")


def test_an_incomplete_objection_says_what_is_missing_and_keeps_what_was_typed(
    qtbot: QtBot, context: Context, world: World, failed: SpotCheckView, translations: Translations
) -> None:
    window = _window(qtbot, context, world, failed.id)
    dialog = _open_objection(qtbot, window)
    dialog.set_filed_on(dt.date(2026, 11, 26))
    reason = _child(dialog, QPlainTextEdit, "reasonEdit")
    type_chinese(reason, "检验方法不当")
    with qtbot.waitSignal(dialog.refused) as refused:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert refused.args[0] == ["未能登记异议：", "须写明异议申请人"]
    assert _child(dialog, QLabel, "problemsLabel").isVisible()
    assert dialog.isVisible() and reason.toPlainText() == "检验方法不当"
    assert dialog.filed_on() == dt.date(2026, 11, 26)
    assert _records(world, failed, "objection") == []

    # Under the English translation the service's reasons come in English, and the form still keeps its input.
    assert translations.install("en")
    reason.clear()
    with qtbot.waitSignal(dialog.refused) as refused:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert refused.args[0] == [
        "The objection could not be recorded:",
        "Who objects must be given",
        "The objection's grounds must be given",
    ]
    assert dialog.windowTitle() == "Record an objection (re-inspection request)"
    assert dialog.filed_on() == dt.date(2026, 11, 26)
    assert translations.install("zh")

    type_chinese(_child(dialog, QLineEdit, "byEdit"), "海淀农资经营部")
    type_chinese(reason, "检验方法不当")
    with qtbot.waitSignal(dialog.objection_filed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert [body["by"] for body in _records(world, failed, "objection")] == ["海淀农资经营部"]


def test_correction_order_and_re_check_close_their_deadlines(
    qtbot: QtBot, context: Context, world: World, failed: SpotCheckView
) -> None:
    window = _window(qtbot, context, world, failed.id)
    assert _child(window, QPushButton, "followUpButton").isEnabled()

    # The correction order comes first; it needs the order's number.
    dialog = _open_follow_up(qtbot, window)
    assert dialog.kind() == "correction_order"
    assert "2027-01-19 前" in dialog.deadline_text()
    document = _child(dialog, QLineEdit, "documentNumberEdit")
    outcome = _child(dialog, QComboBox, "outcomeCombo")
    assert document.isVisible() and not outcome.isVisible()
    dialog.set_done_on(dt.date(2026, 11, 27))
    type_chinese(_child(dialog, QPlainTextEdit, "noteEdit"), "已送达责令整改通知书")
    with qtbot.waitSignal(dialog.refused) as refused:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert refused.args[0] == ["未能登记后续处理：", "请填写责令整改通知书文号。"]
    assert _records(world, failed, "follow_up") == []
    type_chinese(document, "海市监责改〔2026〕12号")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert context.runner.wait_until_idle()
    (order,) = _records(world, failed, "follow_up")
    assert order["kind"] == "correction_order" and order["document_number"] == "海市监责改〔2026〕12号"
    assert order["done_on"] == "2026-11-27" and order["note"] == "已送达责令整改通知书"
    assert _status(window, CORRECTION) == "已责令整改（2026-11-27，海市监责改〔2026〕12号）"
    assert _open_codes(world.service, failed) == [OBJECTION, RECHECK]

    # Then the re-check: the service wants its outcome, and says so; the note typed stays.
    dialog = _open_follow_up(qtbot, window)
    assert dialog.kind() == "re_check" and "2027-02-03 前" in dialog.deadline_text()
    outcome = _child(dialog, QComboBox, "outcomeCombo")
    assert outcome.isVisible() and not _child(dialog, QLineEdit, "documentNumberEdit").isVisible()
    dialog.set_done_on(dt.date(2027, 1, 20))
    note = _child(dialog, QPlainTextEdit, "noteEdit")
    type_chinese(note, "现场复查，已整改")
    with qtbot.waitSignal(dialog.refused) as refused:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert refused.args[0] == ["未能登记后续处理：", "复查须记录结论（合格或不合格）"]
    assert note.toPlainText() == "现场复查，已整改" and dialog.done_on() == dt.date(2027, 1, 20)
    outcome.setCurrentIndex(outcome.findData("conforming"))
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert context.runner.wait_until_idle()
    assert [body["kind"] for body in _records(world, failed, "follow_up")] == ["correction_order", "re_check"]
    assert _status(window, RECHECK) == "已复查（2027-01-20）：合格"
    assert _open_codes(world.service, failed) == [OBJECTION]
    kinds = [window.records_model.type_text(row) for row in window.records_model.rows]
    assert kinds == ["检验结果", "责令整改", "复查"]


def test_a_step_after_its_deadline_is_flagged_and_recorded(
    qtbot: QtBot, context: Context, world: World, failed: SpotCheckView
) -> None:
    window = _window(qtbot, context, world, failed.id)
    dialog = window.open_follow_up_dialog("re_check")
    assert dialog is not None
    dialog.set_done_on(dt.date(2027, 2, 3))
    assert dialog.late_text() == ""
    dialog.set_done_on(dt.date(2027, 2, 10))
    assert dialog.late_text().startswith("日期 2027-02-10 已超过期限（2027-02-03 前）")
    dialog.set_outcome("nonconforming")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert context.runner.wait_until_idle()
    (body,) = _records(world, failed, "follow_up")
    assert (body["kind"], body["outcome"], body["done_on"]) == ("re_check", "nonconforming", "2027-02-10")
    assert _status(window, RECHECK) == "已复查（2027-02-10）：不合格"


def test_the_buttons_follow_what_the_procedure_allows(qtbot: QtBot, context: Context, world: World) -> None:
    def buttons(window: SpotCheckWindow) -> tuple[bool, bool]:
        return (
            _child(window, QPushButton, "objectionButton").isEnabled(),
            _child(window, QPushButton, "followUpButton").isEnabled(),
        )

    service = world.service
    draft = service.start_from_scan(FERTILISER_CODE, world.first)
    window = _window(qtbot, context, world, draft.id)
    assert buttons(window) == (False, False)
    assert window.open_objection_dialog() is None and window.open_follow_up_dialog() is None

    spot = sealed_through_service(service, world.first, world.second, draft=draft)
    window = _window(qtbot, context, world, spot.id)
    assert buttons(window) == (False, False)  # no results yet
    assert "有检验结果后" in _child(window, QPushButton, "objectionButton").toolTip()

    _results(world, spot, "36")  # conforming: open to objection, nothing to correct
    window = _window(qtbot, context, world, spot.id)
    assert buttons(window) == (True, False)
    assert window.open_follow_up_dialog() is None

    # An objection, then a re-inspection that fails: its result is final, correction follows.
    objection = service.file_objection(spot.id, dt.date(2026, 11, 25), MAKER, "对结果有异议")
    lines = service.result_template(spot.id)
    failing = [dataclasses.replace(line, value={"I01": "32.5", "I02": "6.8"}[line.item_code]) for line in lines]
    service.record_reinspection(spot.id, objection.id, failing, "BJ-2", "另一检验院", dt.date(2026, 12, 1))
    window = _window(qtbot, context, world, spot.id)
    assert buttons(window) == (False, True)
    assert "最终结论" in _child(window, QPushButton, "objectionButton").toolTip()
    assert window.open_objection_dialog() is None
    assert [window.records_model.type_text(row) for row in window.records_model.rows] == [
        "检验结果",
        "异议",
        "复检结果",
    ]


def test_an_objection_dialog_for_final_results_refuses_at_once(
    qtbot: QtBot, context: Context, world: World, failed: SpotCheckView
) -> None:
    service = world.service
    objection = service.file_objection(failed.id, dt.date(2026, 11, 25), MAKER, "对结果有异议")
    lines = service.result_template(failed.id)
    passing = [dataclasses.replace(line, value={"I01": "36", "I02": "6.8"}[line.item_code]) for line in lines]
    service.record_reinspection(failed.id, objection.id, passing, "BJ-2", "另一检验院", dt.date(2026, 12, 1))
    dialog = ObjectionDialog(context, world.first, failed.id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded):
        dialog.show()
    assert not _ok(dialog).isEnabled()
    assert dialog.problems() == ["复检结论为最终结论，不能再提出异议。"]
    follow_up = FollowUpDialog(context, world.first, failed.id)
    qtbot.addWidget(follow_up)
    with qtbot.waitSignal(follow_up.loaded):
        follow_up.show()
    assert not _ok(follow_up).isEnabled()
    assert follow_up.problems() == ["只有检验结论为不合格的样品才有责令整改和复查。"]


def test_double_clicking_a_deadline_opens_what_answers_it(
    qtbot: QtBot, context: Context, world: World, failed: SpotCheckView
) -> None:
    window = _window(qtbot, context, world, failed.id)
    window.tabs.setCurrentIndex(window.TAB_RESULTS)
    view = window.results_editor.deadlines_view
    model = view.model
    table = view.table

    def double_click(code: str) -> None:
        row = model.find_row(lambda deadline: deadline.code == code)
        rect = table.visualRect(model.index(row, DeadlineTableModel.COLUMN_NAME))
        # Select the row, then double-click it, as a person does.
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    with qtbot.waitSignal(window.follow_up_dialog_opened) as opened:
        double_click(RECHECK)
    follow_up: FollowUpDialog = opened.args[0]
    assert follow_up.kind() == "re_check"
    follow_up.reject()
    with qtbot.waitSignal(window.objection_dialog_opened) as opened:
        double_click(OBJECTION)
    assert isinstance(opened.args[0], ObjectionDialog)
    opened.args[0].reject()


# --- the home page -------------------------------------------------------------------------------------------------

HomeFactory = Callable[[dt.datetime], tuple[HomePage, PageContext]]


@pytest.fixture
def home_page(qtbot: QtBot, context: Context, world: World) -> Iterator[HomeFactory]:
    """``home_page(now)``: the home page over the world's store, its deadlines counted at ``now``, with the first
    inspector logged in through the login dialog."""
    controllers: list[SessionController] = []

    def make(now: dt.datetime) -> tuple[HomePage, PageContext]:
        database = world.workspace.database
        services = GuiServices(
            catalogue_browser=context.services.catalogue_browser,
            settings=SettingsService(database),
            status=StatusService(world.workspace, is_demo=False),
            scan=ScanService(database, device_id="test-device"),
            identity=world.identity,
            spot_check=SpotCheckService(world.workspace, world.keys, lambda: now),
            records=RecordsService(database),
            certificates=CertificateService(TrustService(database, world.keys)),
            tasks=TaskService(database),
            sync=SyncService(world.workspace, world.keys),
        )
        sessions = SessionController(services.identity, services.settings, context.runner)
        controllers.append(sessions)
        scan_session = ScanSession(services.scan, context.runner, context.translations)
        page_context = PageContext(
            services, context.runner, context.change_bus, context.translations, scan_session, sessions
        )
        sessions.start(None)
        login = sessions.login_dialog
        assert login is not None
        qtbot.keyClicks(_child(login, QLineEdit, "badgeEdit"), FIRST_BADGE)
        password = _child(login, QLineEdit, "passwordEdit")
        qtbot.keyClicks(password, FIRST_PASSWORD)
        with qtbot.waitSignal(sessions.session_changed, timeout=10_000):
            qtbot.keyClick(password, Qt.Key.Key_Return)
        page = HomePage(page_context)
        qtbot.addWidget(page)
        page.resize(1200, 700)
        with qtbot.waitSignal(page.loaded):
            page.show()
        assert context.runner.wait_until_idle()
        return page, page_context

    yield make
    context.runner.wait_until_idle()
    for sessions in controllers:
        sessions.shutdown()


def _row_of(page: HomePage, code: str) -> tuple[int, DueItem]:
    row = page.model.find_row(lambda item: item.deadline.code == code)
    assert row >= 0, [item.deadline.code for item in page.model.rows]
    return row, page.model.rows[row]


def test_the_home_page_records_an_objection_from_the_row_s_menu(
    qtbot: QtBot, home_page: HomeFactory, failed: SpotCheckView
) -> None:
    page, _page_context = home_page(dt.datetime(2026, 11, 25, 9, 0, tzinfo=BEIJING))
    assert [item.deadline.code for item in page.model.rows] == [OBJECTION]
    _row, item = _row_of(page, OBJECTION)
    menu = page.row_menu(item)
    assert [action.text() for action in menu.actions()] == ["打开抽查", "登记异议…"]
    with qtbot.waitSignal(page.after_verdict_dialog_opened) as opened:
        menu.actions()[1].trigger()
    menu.close()
    dialog: ObjectionDialog = opened.args[0]
    if dialog.after_verdict is None:
        qtbot.waitSignal(dialog.loaded).wait()
    assert dialog.spot_check_id == failed.id and "2026-12-05 前" in dialog.window_text()
    dialog.set_filed_on(dt.date(2026, 11, 25))
    type_chinese(_child(dialog, QLineEdit, "byEdit"), MAKER)
    type_chinese(_child(dialog, QPlainTextEdit, "reasonEdit"), "申请复检")
    with qtbot.waitSignal(page.loaded, timeout=10_000) as reloaded:
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert reloaded.args == [0] and page.model.rows == []


def test_the_home_page_records_a_correction_order_for_the_selected_deadline(
    qtbot: QtBot, home_page: HomeFactory, failed: SpotCheckView
) -> None:
    page, page_context = home_page(dt.datetime(2027, 1, 10, 9, 0, tzinfo=BEIJING))
    act = _child(page, QPushButton, "actButton")
    assert not act.isEnabled()
    row, item = _row_of(page, CORRECTION)
    assert [entry.deadline.code for entry in page.model.rows] == [CORRECTION]  # the re-check is further off
    rect = page.table.visualRect(page.table.model().index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected_item() == item and act.isEnabled() and act.toolTip() == "登记责令整改…"
    with qtbot.waitSignal(page.after_verdict_dialog_opened) as opened:
        qtbot.mouseClick(act, Qt.MouseButton.LeftButton)
    dialog: FollowUpDialog = opened.args[0]
    assert dialog.kind() == "correction_order"
    if dialog.after_verdict is None:
        qtbot.waitSignal(dialog.loaded).wait()
    dialog.set_done_on(dt.date(2027, 1, 8))
    type_chinese(_child(dialog, QLineEdit, "documentNumberEdit"), "海市监责改〔2027〕3号")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert page.model.rows == []
    recorded = page_context.services.spot_check.overview(failed.id).records[-1]
    assert recorded.record_type == "follow_up" and recorded.body["kind"] == "correction_order"
    assert recorded.body["document_number"] == "海市监责改〔2027〕3号"
