"""Every Qt model of the spot-check GUI passes QAbstractItemModelTester, empty and filled, and reads its rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from inspector_app.domain.deadlines import DayType, Deadline
from inspector_app.domain.limits import Limit, LimitOp
from inspector_app.domain.results import ResultLine
from inspector_app.domain.spot_check import Basics, SamplingRecord
from inspector_app.domain.spot_check_validation import IssueLevel, ValidationIssue
from inspector_app.gui.spot_check.deadline_table_model import DeadlineTableModel
from inspector_app.gui.spot_check.history_table_model import HistoryTableModel
from inspector_app.gui.spot_check.result_line_table_model import ResultLineTableModel
from inspector_app.gui.spot_check.sealed_record_table_model import SealedRecordTableModel
from inspector_app.gui.spot_check.validation_issue_table_model import ValidationIssueTableModel
from inspector_app.services.spot_check_service import FieldChange, HistoryEntry, SealedRecordView, SpotCheckView

BEIJING = dt.timezone(dt.timedelta(hours=8))

LINES = [
    ResultLine("I01", "酸价", "", "mg/g", Limit(LimitOp.LE, value=Decimal("3"), unit="mg/g")),
    ResultLine("I02", "甲胺磷", "", "", Limit(LimitOp.NOT_DETECTED)),
    ResultLine("I03", "检验日期", "", "", Limit(LimitOp.INFO)),
]


def test_result_line_model(qtmodeltester: ModelTester) -> None:
    model = ResultLineTableModel()
    qtmodeltester.check(model)
    model.set_lines(LINES)
    qtmodeltester.check(model)
    value = model.index(0, model.COLUMN_VALUE)
    assert model.flags(value) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, model.COLUMN_LIMIT)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(value, " 3.2 ")
    assert model.lines[0].value == "3.2"  # trimmed, as typed
    assert model.index(0, model.COLUMN_STATUS).data() == "不合格"
    assert model.index(2, model.COLUMN_STATUS).data() == "仅记录"
    assert not model.setData(value, "3.2")  # nothing changed
    rapid = model.index(1, model.COLUMN_RAPID)
    assert model.flags(rapid) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(rapid, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.lines[1].rapid_test and rapid.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    model.setData(model.index(1, model.COLUMN_VALUE), "未检出")
    assert model.judgement().verdict.value == "nonconforming"
    qtmodeltester.check(model)
    model.set_lines(model.lines, read_only=True)
    qtmodeltester.check(model)
    assert not model.flags(value) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(value, "1")


def test_deadline_model(qtmodeltester: ModelTester) -> None:
    model = DeadlineTableModel()
    qtmodeltester.check(model)
    model.set_rows(
        [
            Deadline("objection_farm_rapid_test", "异议期限", "Objection window",
                     dt.datetime(2026, 11, 20, 14, 30, tzinfo=BEIJING), "食品安全法第八十八条", DayType.HOURS, "", ""),
            Deadline("objection_food", "食品异议期限", "Objection window, food", None, "食品安全法",
                     DayType.WORKING_DAYS, "2027 年节假日安排未知，无法计算截止日期", "The 2027 schedule is not known"),
        ]
    )  # fmt: skip
    qtmodeltester.check(model)
    assert model.index(0, model.COLUMN_DUE).data() == "2026-11-20 14:30 前"
    assert model.index(1, model.COLUMN_DUE).data() == "无法计算"
    assert model.index(1, model.COLUMN_DUE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, model.COLUMN_NOTE).data().startswith("2027 年节假日安排未知")
    assert model.index(0, model.COLUMN_STATUS).data() == ""
    model.set_closing({"objection_farm_rapid_test": _sealed("objection", filed_on="2026-11-20", within_window=False)})
    qtmodeltester.check(model)
    assert model.index(0, model.COLUMN_STATUS).data() == "已提出异议（2026-11-20，逾期）"
    assert model.index(0, model.COLUMN_STATUS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, model.COLUMN_STATUS).data() == ""


def test_validation_issue_model(qtmodeltester: ModelTester) -> None:
    model = ValidationIssueTableModel()
    qtmodeltester.check(model)
    model.set_rows(
        [
            ValidationIssue(IssueLevel.ERROR, "sealing.seal_numbers[1]", "封条编号为空", "A seal number is blank", "x"),
            ValidationIssue(IssueLevel.WARNING, "inspectors[1].inspector_id", "未确认", "not confirmed", "y"),
        ]
    )
    qtmodeltester.check(model)
    assert (model.error_count, model.warning_count) == (1, 1)
    assert model.index(0, 1).data() == "封条编号（第 2 个）"
    assert model.index(1, 1).data() == "第 2 名抽样人员"
    assert model.index(1, 0).data() == "提醒" and model.index(0, 0).data() == "错误"


def _view(record_type: str, reason: str = "") -> SpotCheckView:
    return SpotCheckView(
        id=f"id-{record_type}-{reason}", record_type=record_type, status="sealed",
        record=SamplingRecord(basics=Basics(form_number="CY-1")), number="CY-1",
        created_at=dt.datetime(2026, 11, 20, 9, tzinfo=BEIJING),
        sealed_at=dt.datetime(2026, 11, 20, 10, tzinfo=BEIJING),
        content_hash="0" * 64, signer_key_id="k", attachments=(), spot_check_id="id-spot_check-", reason=reason,
    )  # fmt: skip


def test_history_model(qtmodeltester: ModelTester) -> None:
    model = HistoryTableModel()
    qtmodeltester.check(model)
    model.set_rows(
        [
            HistoryEntry(_view("spot_check"), ()),
            HistoryEntry(_view("amendment", "批号抄错"), (FieldChange("sample.batch", "LOT-A1", "LOT-A2"),)),
            HistoryEntry(
                _view("amendment", "补记"),
                (FieldChange("outcome", "sampled", "refused_to_sign"), FieldChange("sample.imported", False, True)),
            ),
        ]
    )
    qtmodeltester.check(model)
    assert [model.index(row, 0).data() for row in range(3)] == ["原始记录", "更正 1", "更正 2"]
    assert model.index(1, model.COLUMN_CHANGES).data() == "批号：LOT-A1 → LOT-A2"
    assert model.index(2, model.COLUMN_CHANGES).data() == "抽样结果：抽样 → 被抽样单位拒签；进口产品：✗ → ✓"
    assert model.index(1, model.COLUMN_REASON).data() == "批号抄错"


def _sealed(record_type: str, judged: str | None = None, number: str = "", **body: object) -> SealedRecordView:
    moment = dt.datetime(2026, 11, 20, 10, tzinfo=BEIJING)
    return SealedRecordView(
        id=f"id-{record_type}-{number}", record_type=record_type, spot_check_id="spot", number=number,
        verdict=judged, body=dict(body), created_at=moment, sealed_at=moment, content_hash="0" * 64,
        signer_key_id="k",
    )  # fmt: skip


def test_sealed_record_model(qtmodeltester: ModelTester) -> None:
    model = SealedRecordTableModel()
    qtmodeltester.check(model)
    model.set_rows(
        [
            _sealed("test_results", "nonconforming", "BJ-1", lab="检验院", reported_on="2026-11-20"),
            _sealed("certificate", "nonconforming", "IW-1", verdict="nonconforming"),
            _sealed("objection", by="某公司", filed_on="2026-12-21", reason="有异议", within_window=False),
            _sealed("follow_up", None, "整改〔2026〕1号", kind="correction_order", done_on="2026-12-01",
                    document_number="整改〔2026〕1号", note="已送达"),
            _sealed("follow_up", "conforming", kind="re_check", done_on="2027-01-20", outcome="conforming", note=""),
        ]
    )  # fmt: skip
    qtmodeltester.check(model)
    assert [model.index(row, model.COLUMN_TYPE).data() for row in range(5)] == [
        "检验结果",
        "证书",
        "异议",
        "责令整改",
        "复查",
    ]
    assert [model.index(row, model.COLUMN_CONTENT).data() for row in range(5)] == [
        "检验院，报告日期 2026-11-20：不合格",
        "结论：不合格",
        "某公司 于 2026-12-21 提出：有异议（逾期）",
        "2026-12-01 责令整改，文号 整改〔2026〕1号；已送达",
        "2027-01-20 复查：合格",
    ]
    assert model.index(1, model.COLUMN_NUMBER).data() == "IW-1"
    assert model.index(0, model.COLUMN_SEALED).data() == "2026-11-20 10:00"
