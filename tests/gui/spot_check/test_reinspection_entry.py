"""The re-inspection's results (复检) entered from the spot-check window: offered only while a sealed objection awaits
them, taken in the results tab's own form, refused in place when the service says no (Chinese, or English under
the English translation) with everything typed kept; once sealed, the re-inspection's verdict is the final one."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from spot_check_data import OIL_CODE, sealed_through_service, type_chinese
from spot_check_world import Context, World

from inspector_app.gui.spot_check.result_line_table_model import ResultLineTableModel
from inspector_app.gui.spot_check.spot_check_window import SpotCheckWindow
from inspector_app.gui.translations import Translations
from inspector_app.services.spot_check_service import SealedRecordView, SpotCheckView

MAKER = "北京丰收化肥有限公司"
FIRST_LAB = "北京市产品质量监督检验院"
FOOD_LAB = "北京市食品检验所"
GROUNDS = "对总养分检验结果有异议，申请复检"
OBJECTION, CORRECTION, RECHECK = "objection_industrial", "after_failure_correction", "after_failure_recheck"

W = TypeVar("W", bound=QWidget)


def _child(parent: QWidget, kind: type[W], name: str) -> W:
    widget = parent.findChild(kind, name)
    assert widget is not None, name
    return widget


def _first_results(world: World, spot: SpotCheckView, values: dict[str, str], lab: str = FIRST_LAB) -> None:
    lines = world.service.result_template(spot.id)
    filled = [dataclasses.replace(line, value=values[line.item_code]) for line in lines]
    world.service.enter_results(spot.id, filled, "BJ-2026-0456", lab, dt.date(2026, 11, 20))


def _objection(world: World, spot: SpotCheckView, by: str = MAKER) -> SealedRecordView:
    return world.service.file_objection(spot.id, dt.date(2026, 11, 25), by, GROUNDS, recorded_by=world.first)


def _window(qtbot: QtBot, context: Context, world: World, record_id: str) -> SpotCheckWindow:
    window = SpotCheckWindow(context, world.first, camera_devices=list)
    window.resize(1300, 900)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded):
        window.load(record_id)
    assert context.runner.wait_until_idle()  # the results tab has loaded too
    return window


def _save(window: SpotCheckWindow) -> QPushButton:
    return _child(window.results_editor, QPushButton, "saveResultsButton")


def _buttons(window: SpotCheckWindow) -> tuple[bool, bool, bool]:
    """Enabled: objection, re-inspection, follow-up."""
    return (
        _child(window, QPushButton, "objectionButton").isEnabled(),
        _child(window, QPushButton, "reinspectionButton").isEnabled(),
        _child(window, QPushButton, "followUpButton").isEnabled(),
    )


def _saved_and_reloaded(qtbot: QtBot, context: Context, window: SpotCheckWindow) -> None:
    with qtbot.waitSignal(window.loaded, timeout=10_000), qtbot.waitSignal(window.results_editor.results_entered):
        qtbot.mouseClick(_save(window), Qt.MouseButton.LeftButton)
    assert context.runner.wait_until_idle()


def _reinspections(world: World, spot: SpotCheckView) -> list[SealedRecordView]:
    return [r for r in world.service.overview(spot.id).records if r.record_type == "re_inspection"]


@pytest.fixture
def failed(world: World) -> SpotCheckView:
    """Fertiliser whose first results failed (总养分 32.5 % < 35 %)."""
    spot = sealed_through_service(world.service, world.first, world.second)
    _first_results(world, spot, {"I01": "32.5", "I02": "6.8"})
    return spot


def test_a_conforming_reinspection_replaces_the_verdict_for_good(
    qtbot: QtBot, context: Context, world: World, failed: SpotCheckView
) -> None:
    objection = _objection(world, failed)
    window = _window(qtbot, context, world, failed.id)
    editor = window.results_editor
    assert window.verdict_text() == "不合格"
    assert _buttons(window) == (True, True, True)
    assert "待录入复检结果" in editor.notice_text()

    # The header's button opens the results tab on the re-inspection's form: same items and limits, nothing typed.
    with qtbot.waitSignal(editor.reinspection_started) as started:
        qtbot.mouseClick(_child(window, QPushButton, "reinspectionButton"), Qt.MouseButton.LeftButton)
    assert started.args[0].id == objection.id
    assert window.tabs.currentIndex() == window.TAB_RESULTS
    assert editor.is_reinspection() and editor.is_editable() and editor.verdict_text() == ""
    assert editor.objection_text().splitlines() == [
        f"答复异议：{MAKER} 于 2026-11-25 提出 — {GROUNDS}",
        f"初检：报告 BJ-2026-0456，{FIRST_LAB}，结论：不合格。",
    ]
    assert "最终结论" in editor.notice_text() and "不得为初检机构" not in editor.notice_text()
    assert [line.item_name for line in editor.model.lines] == ["总养分", "pH 值"]
    assert [line.value for line in editor.model.lines] == ["", ""]
    assert editor.model.index(0, ResultLineTableModel.COLUMN_LIMIT).data() == "≥ 35 %"
    assert editor.report_number() == "" and editor.lab() == ""
    assert _save(window).text() == "保存复检结果"

    # Typed as a person does: the value in the table, the report's number and lab in their fields.
    table = editor.table
    index = editor.model.index(0, ResultLineTableModel.COLUMN_VALUE)
    table.setCurrentIndex(index)
    table.edit(index)
    cell_editor = table.viewport().focusWidget()
    assert isinstance(cell_editor, QLineEdit)
    qtbot.keyClicks(cell_editor, "36.2")
    with qtbot.waitSignal(editor.model.lines_changed):
        qtbot.keyClick(cell_editor, Qt.Key.Key_Return)
    editor.set_value("I02", "6.9")
    assert editor.preview_text().startswith("当前判定：合格")
    qtbot.keyClicks(_child(editor, QLineEdit, "reportNumberEdit"), "FJ-2026-0789")
    with qtbot.waitSignal(editor.refused) as refused:  # the lab is asked for, not taken from the first report
        qtbot.mouseClick(_save(window), Qt.MouseButton.LeftButton)
    assert refused.args[0] == "请填写复检机构。" and _reinspections(world, failed) == []
    type_chinese(_child(editor, QLineEdit, "labEdit"), "国家化肥质量检验检测中心")
    editor.set_header("FJ-2026-0789", "国家化肥质量检验检测中心", dt.date(2026, 12, 1))
    _saved_and_reloaded(qtbot, context, window)

    (record,) = _reinspections(world, failed)
    assert record.body["objection_id"] == objection.id and record.verdict == "conforming"
    assert record.body["lab"] == "国家化肥质量检验检测中心" and record.body["reported_on"] == "2026-12-01"
    assert [line["value"] for line in record.body["lines"]] == ["36.2", "6.9"]
    assert world.service.verify_seal(record.id).intact
    # The window shows the re-inspection's verdict, final: no objection, nothing to correct, nothing left to enter.
    assert window.verdict_text() == "合格（复检）"
    assert _buttons(window) == (False, False, False)
    assert "最终结论" in _child(window, QPushButton, "objectionButton").toolTip()
    assert editor.verdict_text() == "合格" and not editor.is_editable() and not editor.is_reinspection()
    assert editor.notice_text() == "复检结果已签章封存，为最终结论，不能修改。"
    assert editor.deadlines_view.deadlines() == []
    assert not editor.can_start_reinspection() and not window.start_reinspection()
    kinds = [window.records_model.type_text(row) for row in window.records_model.rows]
    assert kinds == ["检验结果", "异议", "复检结果"]
    content = window.records_model.index(2, window.records_model.COLUMN_CONTENT).data()
    assert content == "国家化肥质量检验检测中心，报告日期 2026-12-01：合格"


def test_a_food_reinspection_by_the_first_lab_is_refused_in_place_and_keeps_the_input(
    qtbot: QtBot, context: Context, world: World, translations: Translations
) -> None:
    oil = sealed_through_service(world.service, world.first, world.second, OIL_CODE)
    _first_results(world, oil, {"I01": "3.5", "I02": "0.1", "I03": "未检出"}, lab=FOOD_LAB)
    _objection(world, oil, by="海淀农资经营部")
    window = _window(qtbot, context, world, oil.id)
    editor = window.results_editor
    window.tabs.setCurrentIndex(window.TAB_RESULTS)
    start = _child(editor, QPushButton, "startReinspectionButton")
    assert start.isVisible()
    with qtbot.waitSignal(editor.reinspection_started):
        qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert not start.isVisible() and _child(editor, QPushButton, "cancelReinspectionButton").isVisible()
    # Said up front, and the lab not filled in with the first one.
    assert f"食品复检机构不得为初检机构（初检：{FOOD_LAB}）" in editor.notice_text()
    assert editor.lab() == "" and _child(editor, QLabel, "reinspectionObjectionLabel").isVisible()

    for code, value in {"I01": "2.1", "I02": "0.12", "I03": "未检出"}.items():
        editor.set_value(code, value)
    editor.set_header("FJ-OIL-2", f" {FOOD_LAB} ", dt.date(2026, 12, 2))
    with qtbot.waitSignal(editor.refused) as refused:
        qtbot.mouseClick(_save(window), Qt.MouseButton.LeftButton)
    assert refused.args[0] == "食品复检机构不得为初检机构"
    assert editor.message_text() == "未能保存复检结果：食品复检机构不得为初检机构"
    assert _reinspections(world, oil) == []

    def kept() -> None:
        assert editor.is_reinspection() and editor.is_editable()
        assert [line.value for line in editor.model.lines] == ["2.1", "0.12", "未检出"]
        assert (editor.report_number(), editor.lab(), editor.reported_on()) == (
            "FJ-OIL-2",
            f" {FOOD_LAB} ",
            dt.date(2026, 12, 2),
        )

    kept()
    # A reload (another record of the spot check was sealed meanwhile) keeps what is being typed.
    with qtbot.waitSignal(window.loaded):
        window.load(oil.id)
    assert context.runner.wait_until_idle()
    kept()

    # Under the English translation the refusal comes in English, in the same place.
    assert translations.install("en")
    with qtbot.waitSignal(editor.refused) as refused:
        qtbot.mouseClick(_save(window), Qt.MouseButton.LeftButton)
    reason = "For food, the re-inspection laboratory may not be the one that made the first test"
    assert refused.args[0] == reason
    assert editor.message_text() == f"The re-inspection results were not saved: {reason}"
    assert _save(window).text() == "Save the re-inspection results"
    kept()
    assert translations.install("zh")

    lab = _child(editor, QLineEdit, "labEdit")
    lab.clear()
    type_chinese(lab, "天津市食品安全检测中心")
    _saved_and_reloaded(qtbot, context, window)
    (record,) = _reinspections(world, oil)
    assert record.body["lab"] == "天津市食品安全检测中心" and record.verdict == "conforming"
    assert window.verdict_text() == "合格（复检）" and editor.message_text() == ""


def test_a_nonconforming_reinspection_brings_the_correction_and_re_check_deadlines(
    qtbot: QtBot, context: Context, world: World
) -> None:
    spot = sealed_through_service(world.service, world.first, world.second)
    _first_results(world, spot, {"I01": "36", "I02": "6.8"})  # conforming: only the objection window runs
    _objection(world, spot)
    window = _window(qtbot, context, world, spot.id)
    editor = window.results_editor
    assert [deadline.code for deadline in editor.deadlines_view.deadlines()] == [OBJECTION]
    assert _buttons(window) == (True, True, False)

    assert window.start_reinspection()
    editor.set_value("I01", "33.0")
    editor.set_value("I02", "6.8")
    editor.set_header("FJ-2026-0790", "国家化肥质量检验检测中心", dt.date(2026, 12, 1))
    assert editor.preview_text().startswith("当前判定：不合格")
    _saved_and_reloaded(qtbot, context, window)

    assert window.verdict_text() == "不合格（复检）" and editor.verdict_text() == "不合格"
    assert "总养分" in editor.verdict_reason()
    # Counted from the re-inspection's report; no objection window: its result is final.
    due = {deadline.code: deadline.due for deadline in editor.deadlines_view.deadlines()}
    assert due == {CORRECTION: dt.date(2027, 1, 30), RECHECK: dt.date(2027, 2, 14)}
    assert _buttons(window) == (False, False, True)
    codes = [item.deadline.code for item in world.service.due_soon(within_days=120) if item.spot_check_id == spot.id]
    assert codes == [CORRECTION, RECHECK]


def test_the_entry_is_offered_only_while_an_objection_awaits_it(
    qtbot: QtBot, context: Context, world: World, failed: SpotCheckView
) -> None:
    window = _window(qtbot, context, world, failed.id)
    editor = window.results_editor
    start = _child(editor, QPushButton, "startReinspectionButton")
    # Results, but no objection: nothing to re-inspect.
    assert _buttons(window) == (True, False, True)
    assert "登记异议后" in _child(window, QPushButton, "reinspectionButton").toolTip()
    assert not start.isVisibleTo(editor) and not editor.can_start_reinspection()
    assert not window.start_reinspection() and not editor.start_reinspection()
    assert not editor.is_reinspection() and editor.verdict_text() == "不合格"

    # Sealed but without results: neither.
    bare = sealed_through_service(world.service, world.first, world.second)
    other = _window(qtbot, context, world, bare.id)
    assert _buttons(other) == (False, False, False) and not other.start_reinspection()

    # With an objection it is offered; leaving the form keeps nothing and shows the first results again.
    _objection(world, failed)
    with qtbot.waitSignal(window.loaded):
        window.load(failed.id)
    assert context.runner.wait_until_idle()
    assert start.isVisibleTo(editor) and _buttons(window) == (True, True, True)
    assert editor.start_reinspection()
    editor.set_value("I01", "40")
    qtbot.mouseClick(_child(editor, QPushButton, "cancelReinspectionButton"), Qt.MouseButton.LeftButton)
    assert not editor.is_reinspection() and not editor.is_editable()
    assert [line.value for line in editor.model.lines] == ["32.5", "6.8"]
    assert editor.verdict_text() == "不合格" and editor.lab() == FIRST_LAB
    assert start.isVisibleTo(editor) and _reinspections(world, failed) == []
