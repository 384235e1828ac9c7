"""Recording the follow-up of a nonconforming sample: the correction order (责令整改) and the re-check (复查).

After a failure the producer or seller is ordered to correct within 60 days and is re-checked within 75 (DOMAIN.md
§2; the days come from the rules table). The inspector picks which step was done and when; a correction order needs
the number of the order (责令整改通知书文号), a re-check its outcome (合格 / 不合格). ``SpotCheckService.
record_follow_up`` keeps it as a sealed ``follow_up`` record, which closes its deadline in the "due soon" list. The
dialog shows the deadline the step answers, says when the day entered is past it (the step is recorded all the same)
and mentions a step of the same kind recorded before.

What the service refuses is said inside the dialog in the interface language; everything typed stays.
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
    KIND_CORRECTION_ORDER,
    KIND_RE_CHECK,
    AfterVerdict,
    deadline_due_text,
    due_day,
    is_past,
    refusal_lines,
)
from inspector_app.gui.spot_check.objection_dialog import to_date, to_qdate
from inspector_app.gui.spot_check.problem_list import PROBLEM_COLOUR, ProblemList
from inspector_app.gui.spot_check.spot_check_context import RECORD_CHANGES, SpotCheckContext
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.spot_check_service import SealedRecordView, SpotCheckOverview, SpotCheckService

logger = logging.getLogger(__name__)

_NOTE_HEIGHT = 80


def _record(
    service: SpotCheckService,
    spot_check_id: str,
    kind: str,
    done_on: dt.date,
    *,
    note: str,
    outcome: str,
    document_number: str,
    session: InspectorSession,
) -> SealedRecordView | InspectorError:
    """``record_follow_up``; a refusal is returned, not raised, so the dialog explains it. Runs on the worker."""
    try:
        return service.record_follow_up(
            spot_check_id,
            kind,
            done_on,
            note,
            outcome=outcome,
            document_number=document_number,
            recorded_by=session,
        )
    except InspectorError as error:
        return error


class FollowUpDialog(QDialog):
    """Kind (correction order or re-check), date, the order's number or the re-check's outcome, and a note.

    Build it with the spot check's ``overview`` when the caller has it, or without (it then reads it in the
    background); ``kind`` preselects the step (by default the first not yet recorded). Open it with ``open()``; it
    closes (accepted) once the step is sealed.

    Signals:
        loaded(): the results and their deadlines are shown.
        follow_up_recorded(SealedRecordView): the step was recorded and sealed.
        refused(list): the step was refused (by the dialog or the service); the reasons shown.
    """

    loaded = Signal()
    follow_up_recorded = Signal(object)
    refused = Signal(list)

    def __init__(
        self,
        context: SpotCheckContext,
        session: InspectorSession,
        spot_check_id: str,
        overview: SpotCheckOverview | None = None,
        *,
        kind: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("FollowUpDialog")
        self._context = context
        self._service = context.services.spot_check
        self._session = session
        self._spot_check_id = spot_check_id
        self._after: AfterVerdict | None = None
        self._kind_chosen = kind is not None
        self._busy = False

        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self._results_label = QLabel(self)
        self._results_label.setObjectName("resultsLabel")
        self._results_label.setWordWrap(True)

        self._kind_combo = QComboBox(self)
        self._kind_combo.setObjectName("kindCombo")
        for value in (KIND_CORRECTION_ORDER, KIND_RE_CHECK):
            self._kind_combo.addItem("", value)
        self._done_on_edit = QDateEdit(self)
        self._done_on_edit.setObjectName("doneOnEdit")
        self._done_on_edit.setCalendarPopup(True)
        self._done_on_edit.setDisplayFormat("yyyy-MM-dd")
        self._done_on_edit.setDate(QDate.currentDate())
        self._document_edit = QLineEdit(self)
        self._document_edit.setObjectName("documentNumberEdit")
        self._document_edit.setMaxLength(100)
        self._outcome_combo = QComboBox(self)
        self._outcome_combo.setObjectName("outcomeCombo")
        for value in ("", SampleVerdict.CONFORMING.value, SampleVerdict.NONCONFORMING.value):
            self._outcome_combo.addItem("", value)
        self._note_edit = QPlainTextEdit(self)
        self._note_edit.setObjectName("noteEdit")
        self._note_edit.setTabChangesFocus(True)
        self._note_edit.setFixedHeight(_NOTE_HEIGHT)
        self._kind_label, self._done_on_label, self._document_label = QLabel(self), QLabel(self), QLabel(self)
        self._outcome_label, self._note_label = QLabel(self), QLabel(self)
        self._form = QFormLayout()
        self._form.addRow(self._kind_label, self._kind_combo)
        self._form.addRow(self._done_on_label, self._done_on_edit)
        self._form.addRow(self._document_label, self._document_edit)
        self._form.addRow(self._outcome_label, self._outcome_combo)
        self._form.addRow(self._note_label, self._note_edit)

        self._deadline_label = QLabel(self)
        self._deadline_label.setObjectName("deadlineLabel")
        self._deadline_label.setWordWrap(True)
        self._earlier_label = QLabel(self)
        self._earlier_label.setObjectName("earlierLabel")
        self._earlier_label.setWordWrap(True)
        self._earlier_label.hide()
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
        layout.addLayout(self._form)
        layout.addWidget(self._deadline_label)
        layout.addWidget(self._earlier_label)
        layout.addWidget(self._late_label)
        layout.addWidget(self._problems)
        layout.addWidget(self._status)
        layout.addWidget(self._buttons)

        if kind is not None:
            self.set_kind(kind)
        self._buttons.accepted.connect(self.record)
        self._buttons.rejected.connect(self.reject)
        self._kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self._done_on_edit.dateChanged.connect(self._update_deadline)
        self._retranslate()
        self._show_kind_fields()
        self._update_buttons()
        self.resize(560, self.sizeHint().height())
        if overview is not None:
            self._show_overview(overview)
        else:
            context.runner.run_query(functools.partial(self._service.overview, spot_check_id), self._show_overview)

    # --- public ------------------------------------------------------------------------------------------

    @property
    def spot_check_id(self) -> str:
        """The spot check followed up."""
        return self._spot_check_id

    @property
    def after_verdict(self) -> AfterVerdict | None:
        """The results and their deadlines, once read."""
        return self._after

    def kind(self) -> str:
        """``correction_order`` or ``re_check``, as chosen."""
        return str(self._kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        """Choose the step: ``correction_order`` or ``re_check``."""
        index = self._kind_combo.findData(kind)
        if index < 0:
            raise ValueError(f"unknown follow-up kind {kind!r}")
        self._kind_chosen = True
        self._kind_combo.setCurrentIndex(index)

    def done_on(self) -> dt.date:
        """The day the step was done, as entered."""
        return to_date(self._done_on_edit.date())

    def set_done_on(self, day: dt.date) -> None:
        """Enter ``day`` as the day the step was done."""
        self._done_on_edit.setDate(to_qdate(day))

    def set_outcome(self, outcome: str) -> None:
        """Choose the re-check's outcome: ``conforming``, ``nonconforming`` or "" (none yet)."""
        index = self._outcome_combo.findData(outcome)
        if index < 0:
            raise ValueError(f"unknown outcome {outcome!r}")
        self._outcome_combo.setCurrentIndex(index)

    def deadline_text(self) -> str:
        """What the dialog says about the deadline of the chosen step."""
        return self._deadline_label.text()

    def late_text(self) -> str:
        """The warning that the day is past the deadline, or ""."""
        return self._late_label.text() if not self._late_label.isHidden() else ""

    def problems(self) -> list[str]:
        """What stands in the way, as last shown."""
        return self._problems.problems()

    def is_busy(self) -> bool:
        """Whether the step is being recorded."""
        return self._busy

    def record(self) -> None:
        """Check what the dialog can check itself, then record the step (in the background)."""
        if self._busy or self._after is None:
            return
        kind = self.kind()
        document_number = self._document_edit.text().strip() if kind == KIND_CORRECTION_ORDER else ""
        outcome = str(self._outcome_combo.currentData() or "") if kind == KIND_RE_CHECK else ""
        if kind == KIND_CORRECTION_ORDER and not document_number:
            # The order is a written decision: its number is how the record refers to it.
            self._problems.show_problems([self.tr("请填写责令整改通知书文号。")], header=self.tr("未能登记后续处理："))
            self.refused.emit(self.problems())
            return
        self._set_busy(True)
        self._problems.show_problems([])
        logger.info("recording a %s for %s", kind, self._spot_check_id)
        self._context.runner.run_command(
            functools.partial(
                _record,
                self._service,
                self._spot_check_id,
                kind,
                self.done_on(),
                note=self._note_edit.toPlainText(),
                outcome=outcome,
                document_number=document_number,
                session=self._session,
            ),
            self._on_recorded,
            changes=RECORD_CHANGES,
            on_error=self._on_failed,
        )

    # --- results -----------------------------------------------------------------------------------------

    def _show_overview(self, overview: SpotCheckOverview) -> None:
        self._after = AfterVerdict.of(overview)
        if not self._kind_chosen:
            self._kind_combo.setCurrentIndex(self._kind_combo.findData(self._after.next_follow_up_kind()))
        self._show_results()
        self._update_deadline()
        self._update_buttons()
        if not self._after.can_follow_up:
            self._problems.show_problems([self.tr("只有检验结论为不合格的样品才有责令整改和复查。")])
        self.loaded.emit()

    def _on_recorded(self, result: SealedRecordView | InspectorError) -> None:
        self._set_busy(False)
        if isinstance(result, SealedRecordView):
            logger.info("follow-up %s recorded for %s", result.id, self._spot_check_id)
            self.follow_up_recorded.emit(result)
            self.accept()
            return
        lines = refusal_lines(result, interface_language())
        logger.info("follow-up of %s refused: %s", self._spot_check_id, result)
        self._problems.show_problems(lines, header=self.tr("未能登记后续处理："))
        self.refused.emit(self.problems())

    def _on_failed(self, _error: BaseException) -> None:
        self._set_busy(False)

    def _on_kind_changed(self, _index: int) -> None:
        self._show_kind_fields()
        self._update_deadline()

    # --- looks -------------------------------------------------------------------------------------------

    def _show_kind_fields(self) -> None:
        correction = self.kind() == KIND_CORRECTION_ORDER
        self._form.setRowVisible(self._document_edit, correction)
        self._form.setRowVisible(self._outcome_combo, not correction)
        self._done_on_label.setText(self.tr("责令整改日期") if correction else self.tr("复查日期"))

    def _show_results(self) -> None:
        after = self._after
        if after is None:
            self._results_label.setText(self.tr("正在读取检验结果…"))
        elif after.results is None:
            self._results_label.setText(self.tr("尚无检验结果。"))
        else:
            words = {
                SampleVerdict.CONFORMING.value: self.tr("合格"),
                SampleVerdict.NONCONFORMING.value: self.tr("不合格"),
                SampleVerdict.INCOMPLETE.value: self.tr("结果不完整"),
            }
            word = words.get(after.results.verdict or "", after.results.verdict or "")
            self._results_label.setText(
                self.tr("检验报告 {report}，结论：{verdict}。").format(
                    report=after.results.number or self.tr("（无编号）"), verdict=word
                )
            )

    def _update_deadline(self) -> None:
        after = self._after
        kind = self.kind()
        deadline = after.follow_up_deadline(kind) if after is not None else None
        language = interface_language()
        if after is None or after.results is None:
            self._deadline_label.setText("")
        elif deadline is None:
            self._deadline_label.setText(self.tr("此检验结果没有相应的法定期限。"))
        elif deadline.due is None:
            note = deadline.note_en if language == "en" else deadline.note_zh
            self._deadline_label.setText(self.tr("期限无法计算：{note}").format(note=note))
        else:
            name = deadline.name_en if language == "en" else deadline.name_zh
            self._deadline_label.setText(
                self.tr("{name}：{due} 前（{source}）").format(
                    name=name, due=deadline_due_text(deadline), source=deadline.legal_source
                )
            )
        earlier = after.follow_ups_of(kind) if after is not None else ()
        if earlier:
            body = earlier[-1].body
            if kind == KIND_CORRECTION_ORDER:
                text = self.tr("已登记过责令整改（{day}，{number}）；再次登记将另存一条记录。").format(
                    day=body.get("done_on", ""), number=body.get("document_number", "")
                )
            else:
                text = self.tr("已登记过复查（{day}）；再次登记将另存一条记录。").format(day=body.get("done_on", ""))
            self._earlier_label.setText(text)
        self._earlier_label.setVisible(bool(earlier))
        last = due_day(deadline)
        late = is_past(deadline, self.done_on())
        if late and last is not None:
            self._late_label.setText(
                self.tr("日期 {day} 已超过期限（{due} 前）。仍予登记，记录保留实际日期。").format(
                    day=self.done_on().isoformat(), due=last.isoformat()
                )
            )
        self._late_label.setVisible(late)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._status.setText(self.tr("正在登记…") if busy else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self._after is not None and self._after.can_follow_up and not self._busy
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("登记责令整改或复查"))
        self._intro.setText(
            self.tr(
                "不合格样品的后续处理：责令整改（填写责令整改通知书文号）和复查（填写复查结论）。"
                "登记后即签章封存，不能修改；登记后相应期限即从“即将到期”中移除。"
            )
        )
        self._kind_label.setText(self.tr("处理类型"))
        self._kind_combo.setItemText(0, self.tr("责令整改"))
        self._kind_combo.setItemText(1, self.tr("复查"))
        self._document_label.setText(self.tr("责令整改通知书文号"))
        self._outcome_label.setText(self.tr("复查结论"))
        self._outcome_combo.setItemText(0, self.tr("请选择"))
        self._outcome_combo.setItemText(1, self.tr("合格"))
        self._outcome_combo.setItemText(2, self.tr("不合格"))
        self._note_label.setText(self.tr("说明"))
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self._show_kind_fields()
        self._show_results()
        self._update_deadline()
