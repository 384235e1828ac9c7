"""Recording an objection (异议 / 复检申请) to a spot check's results.

The sampled party or the nominal producer may object to the results within the objection window (industrial
products 15 days, food 7 working days, a rapid test of farm produce 4 hours — DOMAIN.md §2). The inspector writes
down who objects, the day it was filed (today unless told otherwise) and the grounds; ``SpotCheckService.
file_objection`` keeps it as a sealed ``objection`` record, noting whether it came within the window. The dialog shows
the window as the rules table and the holiday calendar count it and says plainly when the filing day is past it: a
late objection is recorded all the same, because what happened is the record. An objection does not suspend
correction and re-check.

What the service refuses (no one named, no grounds, results that are final) is said inside the dialog in the
interface language; the form keeps everything typed so it can be completed and sent again.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import InspectorError
from inspector_app.domain.results import SampleVerdict
from inspector_app.gui.dialogs.login_dialog import interface_language
from inspector_app.gui.spot_check.after_verdict import (
    AfterVerdict,
    deadline_due_text,
    due_day,
    is_past,
    refusal_lines,
)
from inspector_app.gui.spot_check.problem_list import PROBLEM_COLOUR, ProblemList
from inspector_app.gui.spot_check.spot_check_context import RECORD_CHANGES, SpotCheckContext
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.spot_check_service import SealedRecordView, SpotCheckOverview, SpotCheckService

logger = logging.getLogger(__name__)

_REASON_HEIGHT = 110


def _file(
    service: SpotCheckService,
    spot_check_id: str,
    filed_on: dt.date,
    by: str,
    reason: str,
    *,
    session: InspectorSession,
) -> SealedRecordView | InspectorError:
    """``file_objection``; a refusal is returned, not raised, so the dialog explains it. Runs on the worker."""
    try:
        return service.file_objection(spot_check_id, filed_on, by, reason, recorded_by=session)
    except InspectorError as error:
        return error


def to_date(day: QDate) -> dt.date:
    """A ``QDate`` as a ``date``."""
    return dt.date(day.year(), day.month(), day.day())


def to_qdate(day: dt.date) -> QDate:
    """A ``date`` as a ``QDate``."""
    return QDate(day.year, day.month, day.day)


class ObjectionDialog(QDialog):
    """Who objects, the day filed, the grounds; the objection window and whether the day is past it.

    Build it with the spot check's ``overview`` when the caller has it (the spot-check window), or without (the home
    page): it then reads it in the background. Open it with ``open()``; it closes (accepted) once the objection is
    sealed.

    Signals:
        loaded(): the results and their objection window are shown.
        objection_filed(SealedRecordView): the objection was recorded and sealed.
        refused(list): the service refused; the reasons shown, in the interface language.
    """

    loaded = Signal()
    objection_filed = Signal(object)
    refused = Signal(list)

    def __init__(
        self,
        context: SpotCheckContext,
        session: InspectorSession,
        spot_check_id: str,
        overview: SpotCheckOverview | None = None,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ObjectionDialog")
        self._context = context
        self._service = context.services.spot_check
        self._session = session
        self._spot_check_id = spot_check_id
        self._overview: SpotCheckOverview | None = None
        self._after: AfterVerdict | None = None
        self._busy = False

        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self._results_label = QLabel(self)
        self._results_label.setObjectName("resultsLabel")
        self._results_label.setWordWrap(True)
        self._window_label = QLabel(self)
        self._window_label.setObjectName("windowLabel")
        self._window_label.setWordWrap(True)
        self._earlier_label = QLabel(self)
        self._earlier_label.setObjectName("earlierLabel")
        self._earlier_label.setWordWrap(True)
        self._earlier_label.hide()

        # Typed, or picked from the sampled party and the nominal producer on the form: the usual objectors.
        self._by_combo = QComboBox(self)
        self._by_combo.setObjectName("byCombo")
        self._by_combo.setEditable(True)
        self._by_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._by_edit = QLineEdit(self._by_combo)
        self._by_edit.setObjectName("byEdit")
        self._by_edit.setMaxLength(200)
        self._by_combo.setLineEdit(self._by_edit)
        # No inline completion: a partial name stays as typed (Qt takes a null completer; the stubs do not say so).
        self._by_combo.setCompleter(None)  # type: ignore[arg-type]
        self._filed_on_edit = QDateEdit(self)
        self._filed_on_edit.setObjectName("filedOnEdit")
        self._filed_on_edit.setCalendarPopup(True)
        self._filed_on_edit.setDisplayFormat("yyyy-MM-dd")
        self._filed_on_edit.setDate(QDate.currentDate())
        self._reason_edit = QPlainTextEdit(self)
        self._reason_edit.setObjectName("reasonEdit")
        self._reason_edit.setTabChangesFocus(True)
        self._reason_edit.setFixedHeight(_REASON_HEIGHT)
        self._by_label, self._filed_on_label, self._reason_label = QLabel(self), QLabel(self), QLabel(self)
        form = QFormLayout()
        form.addRow(self._by_label, self._by_combo)
        form.addRow(self._filed_on_label, self._filed_on_edit)
        form.addRow(self._reason_label, self._reason_edit)

        self._late_label = QLabel(self)
        self._late_label.setObjectName("lateWarning")
        self._late_label.setWordWrap(True)
        self._late_label.setStyleSheet(f"color: {PROBLEM_COLOUR}; font-weight: bold;")
        self._late_label.hide()
        self._problems = ProblemList(self)
        self._status = QLabel(self)
        self._status.setObjectName("statusLabel")
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self._buttons.setObjectName("buttons")

        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(self._results_label)
        layout.addWidget(self._window_label)
        layout.addWidget(self._earlier_label)
        layout.addLayout(form)
        layout.addWidget(self._late_label)
        layout.addWidget(self._problems)
        layout.addWidget(self._status)
        layout.addWidget(self._buttons)

        self._buttons.accepted.connect(self.file)
        self._buttons.rejected.connect(self.reject)
        self._filed_on_edit.dateChanged.connect(self._update_late_warning)
        self._retranslate()
        self._update_buttons()
        self.resize(560, self.sizeHint().height())
        if overview is not None:
            self._show_overview(overview)
        else:
            context.runner.run_query(functools.partial(self._service.overview, spot_check_id), self._show_overview)

    # --- public ------------------------------------------------------------------------------------------

    @property
    def spot_check_id(self) -> str:
        """The spot check objected to."""
        return self._spot_check_id

    @property
    def after_verdict(self) -> AfterVerdict | None:
        """The results and their deadlines, once read."""
        return self._after

    def filed_on(self) -> dt.date:
        """The filing day as entered."""
        return to_date(self._filed_on_edit.date())

    def set_filed_on(self, day: dt.date) -> None:
        """Enter ``day`` as the filing day."""
        self._filed_on_edit.setDate(to_qdate(day))

    def is_late(self) -> bool:
        """Whether the filing day is past the objection window (False while the window is unknown)."""
        return self._after is not None and is_past(self._after.objection_window, self.filed_on())

    def late_text(self) -> str:
        """The warning about a late filing, or "" when there is none."""
        return self._late_label.text() if not self._late_label.isHidden() else ""

    def window_text(self) -> str:
        """What the dialog says about the objection window."""
        return self._window_label.text()

    def problems(self) -> list[str]:
        """What stands in the way, as last shown."""
        return self._problems.problems()

    def is_busy(self) -> bool:
        """Whether the objection is being recorded."""
        return self._busy

    def file(self) -> None:
        """Record the objection as typed (in the background)."""
        if self._busy or self._after is None:
            return
        self._set_busy(True)
        self._problems.show_problems([])
        logger.info("filing an objection against %s", self._spot_check_id)
        self._context.runner.run_command(
            functools.partial(
                _file,
                self._service,
                self._spot_check_id,
                self.filed_on(),
                self._by_edit.text(),
                self._reason_edit.toPlainText(),
                session=self._session,
            ),
            self._on_filed,
            changes=RECORD_CHANGES,
            on_error=self._on_failed,
        )

    # --- results -----------------------------------------------------------------------------------------

    def _show_overview(self, overview: SpotCheckOverview) -> None:
        self._overview = overview
        self._after = AfterVerdict.of(overview)
        record = overview.spot_check.record
        names = [name for name in dict.fromkeys((record.sampled_site.name, record.producer.name)) if name]
        typed = self._by_edit.text()
        self._by_combo.clear()
        self._by_combo.addItems(names)
        # Offering names must not choose one: the field stays as the inspector left it.
        self._by_combo.setCurrentIndex(-1)
        self._by_combo.setEditText(typed)
        self._show_state()
        self._update_buttons()
        if self._after.results is not None and not self._after.can_object:
            self._problems.show_problems([self.tr("复检结论为最终结论，不能再提出异议。")])
        elif self._after.results is None:
            self._problems.show_problems([self.tr("尚无检验结果，无从提出异议。")])
        self.loaded.emit()

    def _on_filed(self, result: SealedRecordView | InspectorError) -> None:
        self._set_busy(False)
        if isinstance(result, SealedRecordView):
            logger.info("objection %s recorded for %s", result.id, self._spot_check_id)
            self.objection_filed.emit(result)
            self.accept()
            return
        lines = refusal_lines(result, interface_language())
        logger.info("objection to %s refused: %s", self._spot_check_id, result)
        self._problems.show_problems(lines, header=self.tr("未能登记异议："))
        self.refused.emit(self.problems())

    def _on_failed(self, _error: BaseException) -> None:
        self._set_busy(False)

    # --- looks -------------------------------------------------------------------------------------------

    def _show_state(self) -> None:
        after = self._after
        if after is None:
            self._results_label.setText(self.tr("正在读取检验结果…"))
            self._window_label.setText("")
            return
        results = after.results
        if results is None:
            self._results_label.setText(self.tr("尚无检验结果。"))
        else:
            self._results_label.setText(
                self.tr("异议针对检验报告 {report}，结论：{verdict}。").format(
                    report=results.number or self.tr("（无编号）"), verdict=self._verdict_word(results.verdict)
                )
            )
        window = after.objection_window
        if results is None:
            self._window_label.setText("")
        elif window is None:
            self._window_label.setText(self.tr("此检验结果没有异议期限。"))
        elif window.due is None:
            note = window.note_en if interface_language() == "en" else window.note_zh
            self._window_label.setText(self.tr("异议期限无法计算：{note}").format(note=note))
        else:
            name = window.name_en if interface_language() == "en" else window.name_zh
            self._window_label.setText(
                self.tr("{name}：{due} 前（{source}）").format(
                    name=name, due=deadline_due_text(window), source=window.legal_source
                )
            )
        if after.objections:
            last = after.objections[-1].body
            self._earlier_label.setText(
                self.tr("此前已登记 {count} 项异议（最近一项：{by}，{day}）。").format(
                    count=len(after.objections), by=last.get("by", ""), day=last.get("filed_on", "")
                )
            )
        self._earlier_label.setVisible(bool(after.objections))
        self._update_late_warning()

    def _update_late_warning(self) -> None:
        last = due_day(self._after.objection_window) if self._after is not None else None
        late = self.is_late()
        if late and last is not None:
            self._late_label.setText(
                self.tr("提出日期 {day} 已超过异议期限（{due} 前）。逾期提出的异议仍予登记，记录中注明逾期。").format(
                    day=self.filed_on().isoformat(), due=last.isoformat()
                )
            )
        self._late_label.setVisible(late)

    def _verdict_word(self, verdict: str | None) -> str:
        words = {
            SampleVerdict.CONFORMING.value: self.tr("合格"),
            SampleVerdict.NONCONFORMING.value: self.tr("不合格"),
            SampleVerdict.INCOMPLETE.value: self.tr("结果不完整"),
        }
        return words.get(verdict or "", verdict or "")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._status.setText(self.tr("正在登记异议…") if busy else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self._after is not None and self._after.can_object and not self._busy
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("登记异议（复检申请）"))
        self._intro.setText(
            self.tr(
                "记录被抽样单位或标称生产者对检验结果提出的异议。登记后即签章封存，不能修改。"
                "异议不停止执行：责令整改和复查期限照常计算。"
            )
        )
        self._by_label.setText(self.tr("异议申请人"))
        self._by_edit.setPlaceholderText(self.tr("被抽样单位或标称生产者名称"))
        self._filed_on_label.setText(self.tr("提出日期"))
        self._reason_label.setText(self.tr("异议理由"))
        self._reason_edit.setPlaceholderText(self.tr("对哪些检验项目、结果或判定有异议，理由是什么"))
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记异议"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self._show_state()
