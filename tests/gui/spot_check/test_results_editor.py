"""Results per inspection item, judged live with their reasoning; one failing item makes the sample 不合格, and the
deadlines it sets are listed with their legal source — or with why they cannot be computed."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from spot_check_data import OIL_CODE, sealed_through_service
from spot_check_world import Context, World

from inspector_app.domain.spot_check import SamplingOutcome
from inspector_app.gui.spot_check.result_line_table_model import ResultLineTableModel
from inspector_app.gui.spot_check.results_editor import ResultsEditor
from inspector_app.services.spot_check_service import SpotCheckView

STATUS = ResultLineTableModel.COLUMN_STATUS
REASON = ResultLineTableModel.COLUMN_REASON


@pytest.fixture
def sealed(world: World) -> SpotCheckView:
    return sealed_through_service(world.service, world.first, world.second)


def _open(qtbot: QtBot, context: Context, world: World, spot_check_id: str) -> ResultsEditor:
    editor = ResultsEditor(context, world.first)
    editor.resize(1200, 800)
    qtbot.addWidget(editor)
    editor.show()
    with qtbot.waitSignal(editor.loaded):
        editor.load(spot_check_id)
    return editor


def _cell(editor: ResultsEditor, row: int, column: int) -> str:
    return str(editor.model.index(row, column).data())


def test_lines_are_judged_as_they_are_typed_and_one_failure_makes_the_sample_fail(
    qtbot: QtBot, context: Context, world: World, sealed: SpotCheckView
) -> None:
    editor = _open(qtbot, context, world, sealed.id)
    assert editor.is_editable()
    assert [_cell(editor, row, 0) for row in range(2)] == ["总养分", "pH 值"]
    assert [_cell(editor, row, ResultLineTableModel.COLUMN_LIMIT) for row in range(2)] == ["≥ 35 %", "5.5～8.5"]
    assert [_cell(editor, row, STATUS) for row in range(2)] == ["未录入", "未录入"]

    # Typed in the table as a person would: select the cell, type, Enter.
    table = editor.table
    index = editor.model.index(0, ResultLineTableModel.COLUMN_VALUE)
    table.setCurrentIndex(index)
    table.edit(index)
    cell_editor = table.viewport().focusWidget()
    assert isinstance(cell_editor, QLineEdit)
    qtbot.keyClicks(cell_editor, "32.5")
    with qtbot.waitSignal(editor.model.lines_changed):  # the table commits the typed value just after Enter
        qtbot.keyClick(cell_editor, Qt.Key.Key_Return)
    assert _cell(editor, 0, STATUS) == "不合格"
    assert "32.5" in _cell(editor, 0, REASON) and "35" in _cell(editor, 0, REASON)
    assert editor.preview_text().startswith("当前判定：不合格")
    editor.set_value("I02", "6.8")
    assert _cell(editor, 1, STATUS) == "合格"

    editor.set_header("BJ-2026-0456", "北京市产品质量监督检验院", dt.date(2026, 11, 20))
    save = editor.findChild(QPushButton, "saveResultsButton")
    assert save is not None
    with qtbot.waitSignal(editor.results_entered) as entered:
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert entered.args[0].verdict == "nonconforming"
    assert editor.verdict_text() == "不合格"
    assert "总养分" in editor.verdict_reason()
    assert not editor.is_editable() and editor.model.is_read_only()
    assert not editor.model.setData(editor.model.index(1, ResultLineTableModel.COLUMN_VALUE), "9.9")

    # The deadlines: objection (15 calendar days from the report), correction (60), re-check (75), each with its law.
    view = editor.deadlines_view
    due = {deadline.code: deadline.due for deadline in view.deadlines()}
    assert due == {
        "objection_industrial": dt.date(2026, 12, 5),
        "after_failure_correction": dt.date(2027, 1, 19),
        "after_failure_recheck": dt.date(2027, 2, 3),
    }
    model = view.model
    assert model.index(0, model.COLUMN_DUE).data() == "2026-12-05 前"
    assert all("产品质量法" in str(model.index(row, model.COLUMN_SOURCE).data()) for row in range(model.rowCount()))
    assert view.note_text() == ""

    # Kept, sealed: the spot check says so, and opening it again shows the same, read-only.
    overview = world.service.overview(sealed.id)
    assert overview.verdict == "nonconforming" and overview.judgement is not None
    again = _open(qtbot, context, world, sealed.id)
    assert not again.is_editable() and again.verdict_text() == "不合格"
    assert [line.value for line in again.model.lines] == ["32.5", "6.8"]
    assert "已签章封存" in again.notice_text()


def test_incomplete_results_are_not_sealed(qtbot: QtBot, context: Context, world: World, sealed: SpotCheckView) -> None:
    editor = _open(qtbot, context, world, sealed.id)
    editor.set_value("I01", "36")
    editor.set_header("BJ-1", "实验室", dt.date(2026, 11, 20))
    with qtbot.waitSignal(editor.refused) as refused:
        editor.save()
    assert "pH 值" in refused.args[0] and "不能修改" in refused.args[0]
    assert editor.message_text() == refused.args[0]
    assert world.service.overview(sealed.id).judgement is None

    editor.set_value("I02", "7")
    editor.set_header("", "实验室", dt.date(2026, 11, 20))
    with qtbot.waitSignal(editor.refused) as refused:
        editor.save()
    assert "检验报告编号" in refused.args[0]

    editor.set_header("BJ-1", "实验室", dt.date(2026, 11, 20))
    with qtbot.waitSignal(editor.results_entered):
        editor.save()
    assert editor.verdict_text() == "合格" and editor.message_text() == ""
    # Conforming: the objection window still runs, but there is nothing to correct or re-check.
    assert [deadline.code for deadline in editor.deadlines_view.deadlines()] == ["objection_industrial"]


def test_a_deadline_in_an_unknown_holiday_year_says_so(qtbot: QtBot, context: Context, world: World) -> None:
    sealed = sealed_through_service(world.service, world.first, world.second, OIL_CODE)
    editor = _open(qtbot, context, world, sealed.id)
    assert [line.item_name for line in editor.model.lines] == ["酸价", "过氧化值", "苯并[a]芘"]
    editor.set_value("I01", "3.5")
    editor.set_value("I02", "0.1")
    editor.set_value("I03", "未检出")
    # Seven working days from 28 December 2026 run into 2027, whose holidays are not known here.
    editor.set_header("BJ-OIL-1", "食品检验所", dt.date(2026, 12, 28))
    with qtbot.waitSignal(editor.results_entered):
        editor.save()
    assert editor.verdict_text() == "不合格"
    view = editor.deadlines_view
    objection = next(d for d in view.deadlines() if d.code == "objection_food")
    assert objection.due is None
    row = view.deadlines().index(objection)
    assert view.model.index(row, view.model.COLUMN_DUE).data() == "无法计算"
    assert "2027 年节假日安排未知" in str(view.model.index(row, view.model.COLUMN_NOTE).data())
    assert "尚未公布" in view.note_text()


def test_no_results_before_the_seal_or_after_a_failed_sampling(qtbot: QtBot, context: Context, world: World) -> None:
    draft = world.service.start_from_scratch(world.first)
    editor = _open(qtbot, context, world, draft.id)
    assert not editor.is_editable() and "签章封存后才能录入" in editor.notice_text()
    assert editor.model.rowCount() == 0

    failed = sealed_through_service(
        world.service, world.first, world.second, outcome=SamplingOutcome.SAMPLING_FAILED, failure_reason="无货"
    )
    editor = _open(qtbot, context, world, failed.id)
    assert not editor.is_editable() and "抽样未果" in editor.notice_text()
    assert editor.model.rowCount() == 0
