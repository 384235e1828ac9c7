"""Results and verdict of a sealed spot check: one line per inspection item of the product kind, judged live.

The lines come from ``SpotCheckService.result_template`` (the catalogue's items with their limits, units and
standards). The inspector types each value as the laboratory report (or the on-site rapid test) gives it; every line
is judged by the domain as it is typed, with its reasoning. "Save results" keeps them as a sealed test-results
record (``enter_results``) and shows the sample's verdict — 合格 or 不合格, one failing item is enough — and the legal
deadlines it sets, each with the objection or follow-up that has dealt with it. Results already kept are shown
read-only: sealed records never change.

Once an objection (异议) to first results is sealed, the editor offers "录入复检结果": the same table, on the same
items and limits with the values cleared, takes the re-inspection lab's report, and "保存复检结果" keeps it with
``record_reinspection`` as the answer to that objection. The objection (who, when, grounds) is shown above the
table. The lab is left empty on purpose: for food the re-inspection lab may never be the first one, and after a
rapid test of farm produce the re-test may not be a rapid method — both said up front and, when typed anyway,
refused by the service in place, with everything typed kept. The re-inspection's verdict replaces the first one and
is final.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.deadlines import Deadline
from inspector_app.domain.errors import InspectorError
from inspector_app.domain.results import ResultLine, SampleJudgement, SampleVerdict
from inspector_app.domain.spot_check import SamplingOutcome
from inspector_app.gui.dialogs.login_dialog import interface_language
from inspector_app.gui.display_text import domain_name
from inspector_app.gui.spot_check.after_verdict import AfterVerdict, refusal_lines
from inspector_app.gui.spot_check.deadlines_view import DeadlinesView
from inspector_app.gui.spot_check.result_line_table_model import ResultLineTableModel
from inspector_app.gui.spot_check.spot_check_context import RECORD_CHANGES, SpotCheckContext
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.spot_check_service import (
    ResultsEntry,
    SealedRecordView,
    SpotCheckOverview,
    SpotCheckService,
)

logger = logging.getLogger(__name__)

_RESULT_TYPES = ("test_results", "re_inspection")
_VERDICT_COLOURS = {
    SampleVerdict.CONFORMING: ("#2e7d32", "#ffffff"),
    SampleVerdict.NONCONFORMING: ("#c62828", "#ffffff"),
    SampleVerdict.INCOMPLETE: ("#e0e0e0", "#212121"),
}
_PROBLEM_STYLE = "color: #c62828;"


@dataclass(frozen=True, slots=True)
class _Kept:
    """Results already sealed for the spot check."""

    lines: tuple[ResultLine, ...]
    report_number: str
    lab: str
    reported_on: dt.date | None


@dataclass(frozen=True, slots=True)
class _State:
    overview: SpotCheckOverview
    template: tuple[ResultLine, ...]
    kept: _Kept | None


def _load_state(service: SpotCheckService, spot_check_id: str) -> _State:
    """The overview, and either the results kept or the empty template. Runs on the worker thread."""
    overview = service.overview(spot_check_id)
    results = [record for record in overview.records if record.record_type in _RESULT_TYPES]
    if results:
        body = results[-1].body
        reported = str(body.get("reported_on") or "")
        kept = _Kept(
            lines=tuple(ResultLine.from_dict(item) for item in body.get("lines", [])),
            report_number=str(body.get("report_number", "")),
            lab=str(body.get("lab", "")),
            reported_on=dt.date.fromisoformat(reported) if reported else None,
        )
        return _State(overview, (), kept)
    sealed = overview.spot_check.sealed
    failed = overview.spot_check.record.outcome is SamplingOutcome.SAMPLING_FAILED
    template = tuple(service.result_template(overview.original_id)) if sealed and not failed else ()
    return _State(overview, template, None)


def _reinspection_lines(first: Sequence[ResultLine]) -> tuple[ResultLine, ...]:
    """The first results' items, limits, units and standards, with what the first lab found cleared: the
    re-inspection tests the same items on the backup sample. Never a rapid test by default."""
    return tuple(
        replace(line, value="", detection_limit="", rapid_test=False, report_number="", lab="", note="")
        for line in first
    )


def _reinspect(
    service: SpotCheckService,
    spot_check_id: str,
    objection_id: str,
    *,
    lines: Sequence[ResultLine],
    report_number: str,
    lab: str,
    reported_on: dt.date,
    session: InspectorSession,
) -> ResultsEntry | InspectorError:
    """``record_reinspection``; a refusal is returned so that the editor explains it in place. Runs on the worker."""
    try:
        return service.record_reinspection(
            spot_check_id, objection_id, lines, report_number, lab, reported_on, entered_by=session
        )
    except InspectorError as error:
        return error


def _enter(
    service: SpotCheckService,
    spot_check_id: str,
    *,
    lines: Sequence[ResultLine],
    report_number: str,
    lab: str,
    reported_on: dt.date,
    session: InspectorSession,
    domain: str | None,
) -> ResultsEntry | InspectorError:
    """``enter_results``; a refusal is returned so that the editor explains it in place. Runs on the worker."""
    try:
        return service.enter_results(
            spot_check_id, lines, report_number, lab, reported_on, entered_by=session, domain=domain
        )
    except InspectorError as error:
        return error


class ResultsEditor(QWidget):
    """Report number, laboratory and date; the result lines, judged live; the verdict and its deadlines. After a
    sealed objection, the same form takes the re-inspection's results (:meth:`start_reinspection`).

    Signals:
        loaded(): the spot check's results (or its empty template) are shown.
        results_entered(ResultsEntry): results (first results or a re-inspection's) were sealed; the verdict and
            deadlines are shown.
        refused(str): saving was refused; the reason shown.
        reinspection_started(SealedRecordView): the form was opened for the re-inspection answering this objection.
    """

    loaded = Signal()
    results_entered = Signal(object)
    refused = Signal(str)
    reinspection_started = Signal(object)

    def __init__(self, context: SpotCheckContext, session: InspectorSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResultsEditor")
        self._context = context
        self._service = context.services.spot_check
        self._session = session
        self._spot_check_id: str | None = None
        self._state: _State | None = None
        self._judgement: SampleJudgement | None = None
        self._busy = False
        # The objection a re-inspection may answer now (from the last load), and the one whose re-inspection is being
        # typed (None while the form shows or takes first results).
        self._open_objection: SealedRecordView | None = None
        self._objection: SealedRecordView | None = None

        self._notice = QLabel(self)
        self._notice.setObjectName("noticeLabel")
        self._notice.setWordWrap(True)
        self._reinspect_button = QPushButton(self)
        self._reinspect_button.setObjectName("startReinspectionButton")
        self._reinspect_button.hide()
        self._objection_label = QLabel(self)
        self._objection_label.setObjectName("reinspectionObjectionLabel")
        self._objection_label.setWordWrap(True)
        self._objection_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._objection_label.setStyleSheet("background-color: #fff8e1; padding: 6px;")
        self._objection_label.hide()
        self._report_edit = QLineEdit(self)
        self._report_edit.setObjectName("reportNumberEdit")
        self._lab_edit = QLineEdit(self)
        self._lab_edit.setObjectName("labEdit")
        self._date_edit = QDateEdit(self)
        self._date_edit.setObjectName("reportDateEdit")
        self._date_edit.setCalendarPopup(True)
        self._date_edit.setDisplayFormat("yyyy-MM-dd")
        self._date_edit.setDate(QDate.currentDate())
        self._domain_combo = QComboBox(self)
        self._domain_combo.setObjectName("domainCombo")
        for value in ("", "industrial", "food", "farm_produce"):
            self._domain_combo.addItem("", value)
        self._report_label, self._lab_label = QLabel(self), QLabel(self)
        self._date_label, self._domain_label = QLabel(self), QLabel(self)
        header_form = QFormLayout()
        header_form.addRow(self._report_label, self._report_edit)
        header_form.addRow(self._lab_label, self._lab_edit)
        header_form.addRow(self._date_label, self._date_edit)
        header_form.addRow(self._domain_label, self._domain_combo)

        self._model = ResultLineTableModel(self)
        self._table = QTableView(self)
        self._table.setObjectName("resultTable")
        self._table.setModel(self._model)
        self._table.setWordWrap(True)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self._table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ResultLineTableModel.COLUMN_REASON, QHeaderView.ResizeMode.Stretch)

        self._preview = QLabel(self)
        self._preview.setObjectName("previewLabel")
        self._preview.setWordWrap(True)
        self._message = QLabel(self)
        self._message.setObjectName("messageLabel")
        self._message.setWordWrap(True)
        self._message.setStyleSheet(_PROBLEM_STYLE)
        self._message.hide()
        self._save_button = QPushButton(self)
        self._save_button.setObjectName("saveResultsButton")
        self._cancel_button = QPushButton(self)
        self._cancel_button.setObjectName("cancelReinspectionButton")
        self._cancel_button.hide()

        self._verdict = QLabel(self)
        self._verdict.setObjectName("verdictLabel")
        self._verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._verdict.setMinimumHeight(48)
        self._verdict_reason = QLabel(self)
        self._verdict_reason.setObjectName("verdictReasonLabel")
        self._verdict_reason.setWordWrap(True)
        self._deadlines = DeadlinesView(self)

        entry = QWidget(self)
        entry_layout = QVBoxLayout(entry)
        entry_layout.setContentsMargins(0, 0, 0, 0)
        entry_layout.addLayout(header_form)
        entry_layout.addWidget(self._table, 1)
        entry_layout.addWidget(self._preview)
        entry_layout.addWidget(self._message)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self._cancel_button)
        save_row.addWidget(self._save_button)
        entry_layout.addLayout(save_row)
        self._outcome_panel = QWidget(self)
        outcome_layout = QVBoxLayout(self._outcome_panel)
        outcome_layout.setContentsMargins(0, 0, 0, 0)
        outcome_layout.addWidget(self._verdict)
        outcome_layout.addWidget(self._verdict_reason)
        outcome_layout.addWidget(self._deadlines, 1)
        self._outcome_panel.hide()
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("resultsSplitter")
        splitter.addWidget(entry)
        splitter.addWidget(self._outcome_panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self._splitter = splitter
        notice_row = QHBoxLayout()
        notice_row.addWidget(self._notice, 1)
        notice_row.addWidget(self._reinspect_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(notice_row)
        layout.addWidget(self._objection_label)
        layout.addWidget(splitter, 1)

        self._model.lines_changed.connect(self._update_preview)
        self._save_button.clicked.connect(self.save)
        self._reinspect_button.clicked.connect(self.start_reinspection)
        self._cancel_button.clicked.connect(self.cancel_reinspection)
        self._retranslate()
        self._set_editable(False)

    # --- public ------------------------------------------------------------------------------------------

    @property
    def model(self) -> ResultLineTableModel:
        """The result lines."""
        return self._model

    @property
    def deadlines_view(self) -> DeadlinesView:
        """The deadlines of the verdict."""
        return self._deadlines

    @property
    def table(self) -> QTableView:
        """The table of result lines."""
        return self._table

    def verdict_text(self) -> str:
        """The verdict shown ("合格", "不合格"...), or "" before there is one."""
        return self._verdict.text() if self._outcome_panel.isVisibleTo(self) else ""

    def verdict_reason(self) -> str:
        """The reasoning of the verdict shown."""
        return self._verdict_reason.text()

    def preview_text(self) -> str:
        """The live verdict of the lines as typed."""
        return self._preview.text()

    def notice_text(self) -> str:
        """The notice above the form (why results cannot be entered, or that they are sealed)."""
        return self._notice.text()

    def message_text(self) -> str:
        """The problem shown under the table, or ""."""
        return self._message.text() if not self._message.isHidden() else ""

    def is_editable(self) -> bool:
        """Whether results can be entered now."""
        return not self._model.is_read_only() and self._save_button.isVisibleTo(self)

    def can_start_reinspection(self) -> bool:
        """Whether a sealed objection awaits its re-inspection's results (and they are not being typed already)."""
        return self._open_objection is not None and self._objection is None

    def is_reinspection(self) -> bool:
        """Whether the form is taking a re-inspection's results."""
        return self._objection is not None

    def objection_text(self) -> str:
        """What is said about the objection the re-inspection answers, or "" outside a re-inspection."""
        return self._objection_label.text() if self._objection is not None else ""

    def report_number(self) -> str:
        """The report number as entered."""
        return self._report_edit.text()

    def lab(self) -> str:
        """The laboratory as entered."""
        return self._lab_edit.text()

    def reported_on(self) -> dt.date:
        """The report's date as entered."""
        day = self._date_edit.date()
        return dt.date(day.year(), day.month(), day.day())

    def set_header(self, report_number: str, lab: str, reported_on: dt.date) -> None:
        """Fill in the report's number, laboratory and date."""
        self._report_edit.setText(report_number)
        self._lab_edit.setText(lab)
        self._date_edit.setDate(QDate(reported_on.year, reported_on.month, reported_on.day))

    def set_value(self, item_code: str, value: str) -> None:
        """Type ``value`` as the result of the item ``item_code`` (as the table's editor would)."""
        for row, line in enumerate(self._model.lines):
            if line.item_code == item_code:
                self._model.setData(self._model.index(row, ResultLineTableModel.COLUMN_VALUE), value)
                return
        raise KeyError(item_code)

    def load(self, spot_check_id: str) -> None:
        """Show the results of ``spot_check_id`` (read-only when kept), or its empty template (in the background)."""
        self._spot_check_id = spot_check_id
        self._context.runner.run_query(
            functools.partial(_load_state, self._service, spot_check_id),
            functools.partial(self._on_loaded, spot_check_id),
        )

    def start_reinspection(self) -> bool:
        """Open the form for the re-inspection answering the open objection: the first results' items with empty
        values, no report number, no lab. False (and nothing changes) while no objection awaits a re-inspection."""
        objection = self._open_objection
        if objection is None or self._objection is not None or self._busy or self._state is None:
            return False
        kept = self._state.kept
        if kept is None:
            return False
        self._objection = objection
        self._outcome_panel.hide()
        self._model.set_lines(_reinspection_lines(kept.lines), read_only=False)
        # Nothing of the first report carries over: the lab in particular must be typed (for food it may not be the
        # first one).
        self._report_edit.clear()
        self._lab_edit.clear()
        self._date_edit.setDate(QDate.currentDate())
        self._show_message("")
        self._set_editable(True)
        self._show_reinspection_context()
        self._table.resizeRowsToContents()
        self._update_preview()
        logger.info("re-inspection entry opened for objection %s", objection.id)
        self.reinspection_started.emit(objection)
        return True

    def cancel_reinspection(self) -> None:
        """Leave the re-inspection form without keeping anything and show the results kept."""
        if self._objection is None or self._busy or self._state is None:
            return
        self._objection = None
        self._show_state(self._state)

    def save(self) -> None:
        """Keep the results as a sealed record (in the background) and show the verdict and deadlines: first results
        with ``enter_results``, a re-inspection's with ``record_reinspection``."""
        if self._busy or self._spot_check_id is None or self._model.is_read_only():
            return
        lines = self._model.lines
        judgement = self._model.judgement()
        report_number = self._report_edit.text().strip()
        lab = self._lab_edit.text().strip()
        problem = ""
        if not lines:
            problem = self.tr("没有检验项目可录入。")
        elif judgement.verdict is SampleVerdict.INCOMPLETE:
            problem = self.tr(
                "还有检验项目没有有效结果（{reason}）。检验结果保存后即签章封存、不能修改，请先录入全部结果。"
            ).format(reason=self._judgement_reason(judgement))
        elif self._objection is not None and not report_number:
            problem = self.tr("请填写复检报告编号。")
        elif self._objection is not None and not lab:
            problem = self.tr("请填写复检机构。")
        elif not report_number and not all(line.rapid_test for line in lines):
            problem = self.tr("请填写检验报告编号（现场快检项目除外）。")
        if problem:
            self._show_message(problem)
            self.refused.emit(problem)
            return
        self._show_message("")
        self._busy = True
        self._save_button.setEnabled(False)
        self._cancel_button.setEnabled(False)
        if self._objection is not None:
            work = functools.partial(
                _reinspect,
                self._service,
                self._spot_check_id,
                self._objection.id,
                lines=lines,
                report_number=report_number,
                lab=lab,
                reported_on=self.reported_on(),
                session=self._session,
            )
        else:
            domain = str(self._domain_combo.currentData() or "") or None
            work = functools.partial(
                _enter,
                self._service,
                self._spot_check_id,
                lines=lines,
                report_number=report_number,
                lab=lab,
                reported_on=self.reported_on(),
                session=self._session,
                domain=domain,
            )
        self._context.runner.run_command(work, self._on_entered, changes=RECORD_CHANGES, on_error=self._on_enter_failed)

    # --- results -----------------------------------------------------------------------------------------

    def _on_loaded(self, spot_check_id: str, state: _State) -> None:
        if spot_check_id != self._spot_check_id:
            return
        self._state = state
        after = AfterVerdict.of(state.overview)
        self._open_objection = after.open_objection
        if self._objection is not None and self._open_objection is not None and state.kept is not None:
            # Reloaded while a re-inspection is being typed (another record of the spot check was sealed): what was
            # typed stays, answering the objection still open.
            self._objection = self._open_objection
            self._show_reinspection_context()
        else:
            self._objection = None
            self._show_state(state)
        self.loaded.emit()

    def _show_state(self, state: _State) -> None:
        """The results kept (read-only, with their verdict), or the template to fill in, or why there is none."""
        overview = state.overview
        record = overview.spot_check.record
        self._show_message("")
        self._objection_label.hide()
        if state.kept is not None:
            kept = state.kept
            self._model.set_lines(kept.lines, read_only=True)
            self._report_edit.setText(kept.report_number)
            self._lab_edit.setText(kept.lab)
            if kept.reported_on is not None:
                self.set_header(kept.report_number, kept.lab, kept.reported_on)
            self._set_editable(False)
            after = AfterVerdict.of(overview)
            if after.is_reinspection:
                self._notice.setText(self.tr("复检结果已签章封存，为最终结论，不能修改。"))
            elif self._open_objection is not None:
                self._notice.setText(self.tr("检验结果已签章封存，不能修改。已登记异议，待录入复检结果。"))
            else:
                self._notice.setText(self.tr("检验结果已签章封存，不能修改。"))
            if overview.judgement is not None:
                self._show_verdict(overview.judgement, overview.deadlines, after.closing_records())
        else:
            self._outcome_panel.hide()
            self._model.set_lines(state.template, read_only=False)
            self._lab_edit.setText(record.basics.lab)
            if not overview.spot_check.sealed:
                self._notice.setText(self.tr("抽样单签章封存后才能录入检验结果。"))
                self._set_editable(False)
            elif record.outcome is SamplingOutcome.SAMPLING_FAILED:
                self._notice.setText(self.tr("抽样未果，没有样品可检验。"))
                self._set_editable(False)
            elif not state.template:
                self._notice.setText(
                    self.tr(
                        "样品没有目录产品类别，或该类别没有检验项目，无法列出检验项目。请在抽样单中填写产品类别编码。"
                    )
                )
                self._set_editable(False)
            else:
                self._notice.setText(
                    self.tr("按检验报告或现场快检逐项录入结果；每项即时判定。保存后结果签章封存，不能修改。")
                )
                self._set_editable(True)
        self._table.resizeRowsToContents()
        self._update_preview()

    def _on_entered(self, result: ResultsEntry | InspectorError) -> None:
        self._busy = False
        self._save_button.setEnabled(True)
        self._cancel_button.setEnabled(True)
        reinspection = self._objection is not None
        if isinstance(result, InspectorError):
            language = interface_language()
            message = ("; " if language == "en" else "；").join(refusal_lines(result, language))
            if reinspection:
                self._show_message(self.tr("未能保存复检结果：{reason}").format(reason=message))
            else:
                self._show_message(self.tr("未能保存检验结果：{reason}").format(reason=message))
            self.refused.emit(message)
            return
        logger.info(
            "%s %s entered: %s", "re-inspection" if reinspection else "results", result.record_id, result.verdict
        )
        self._objection = None
        self._open_objection = None
        self._model.set_lines(self._model.lines, read_only=True)
        self._set_editable(False)
        self._objection_label.hide()
        if reinspection:
            self._notice.setText(self.tr("复检结果已签章封存，为最终结论，不能修改。"))
        else:
            self._notice.setText(self.tr("检验结果已签章封存，不能修改。"))
        self._show_verdict(result.judgement, result.deadlines)
        self.results_entered.emit(result)

    def _on_enter_failed(self, _error: BaseException) -> None:
        self._busy = False
        self._save_button.setEnabled(True)
        self._cancel_button.setEnabled(True)

    # --- looks -------------------------------------------------------------------------------------------

    def _show_verdict(
        self,
        judgement: SampleJudgement,
        deadlines: Sequence[Deadline],
        closing: Mapping[str, SealedRecordView] | None = None,
    ) -> None:
        self._judgement = judgement
        background, foreground = _VERDICT_COLOURS[judgement.verdict]
        self._verdict.setStyleSheet(
            f"background-color: {background}; color: {foreground}; font-size: 20pt; font-weight: bold; padding: 6px;"
        )
        self._verdict.setText(self._verdict_word(judgement.verdict))
        self._verdict_reason.setText(self._judgement_reason(judgement))
        self._deadlines.set_deadlines(deadlines, closing)
        self._outcome_panel.show()
        # Once there is a verdict it is what matters: give it and its deadlines the larger part.
        total = max(self._splitter.height(), 400)
        self._splitter.setSizes([total * 2 // 5, total * 3 // 5])

    def _update_preview(self) -> None:
        if self._model.is_read_only() or not self._model.lines:
            self._preview.setText("")
            return
        judgement = self._model.judgement()
        self._preview.setText(
            self.tr("当前判定：{verdict} — {reason}").format(
                verdict=self._verdict_word(judgement.verdict), reason=self._judgement_reason(judgement)
            )
        )

    def _verdict_word(self, verdict: SampleVerdict) -> str:
        words = {
            SampleVerdict.CONFORMING: self.tr("合格"),
            SampleVerdict.NONCONFORMING: self.tr("不合格"),
            SampleVerdict.INCOMPLETE: self.tr("结果不完整"),
        }
        return words[verdict]

    def _verdict_code_word(self, verdict: str | None) -> str:
        known = {member.value: member for member in SampleVerdict}
        return self._verdict_word(known[verdict]) if verdict in known else verdict or "—"

    @staticmethod
    def _judgement_reason(judgement: SampleJudgement) -> str:
        return judgement.reason_en if interface_language() == "en" else judgement.reason_zh

    def _show_message(self, text: str) -> None:
        self._message.setText(text)
        self._message.setVisible(bool(text))

    def _set_editable(self, editable: bool) -> None:
        reinspection = self._objection is not None
        for edit in (self._report_edit, self._lab_edit):
            edit.setReadOnly(not editable)
        self._date_edit.setReadOnly(not editable)
        # A re-inspection keeps the first results' product domain: the service reads it from them.
        choose_domain = editable and not reinspection
        self._domain_combo.setEnabled(choose_domain)
        self._domain_combo.setVisible(choose_domain)
        self._domain_label.setVisible(choose_domain)
        self._save_button.setVisible(editable)
        self._cancel_button.setVisible(editable and reinspection)
        self._reinspect_button.setVisible(not editable and self._open_objection is not None)
        self._update_texts()

    def _show_reinspection_context(self) -> None:
        """The objection answered, the first results it contests, and the rules the re-inspection must keep."""
        objection, state = self._objection, self._state
        if objection is None or state is None:
            return
        after = AfterVerdict.of(state.overview)
        first = after.results
        body = objection.body
        lines = [
            self.tr("答复异议：{by} 于 {day} 提出 — {reason}").format(
                by=body.get("by", ""), day=body.get("filed_on", ""), reason=body.get("reason", "")
            )
        ]
        if body.get("within_window") is False:
            lines[0] += self.tr("（逾期）")
        if len(after.objections) > 1:
            lines.append(self.tr("同一检验结果另有 {count} 项较早的异议。").format(count=len(after.objections) - 1))
        first_lab = ""
        if first is not None:
            first_lab = str(first.body.get("lab") or "")
            lines.append(
                self.tr("初检：报告 {report}，{lab}，结论：{verdict}。").format(
                    report=first.number or self.tr("（无编号）"),
                    lab=first_lab or self.tr("检验机构未填"),
                    verdict=self._verdict_code_word(first.verdict),
                )
            )
        self._objection_label.setText("\n".join(lines))
        self._objection_label.show()
        notice = [
            self.tr(
                "录入复检机构对备样的复检结果，每项即时判定。复检结论取代初检结论，为最终结论，不能再提出异议；"
                "保存后签章封存，不能修改。"
            )
        ]
        domain = str(first.body.get("domain") or "") if first is not None else ""
        if domain and domain != "industrial":
            notice.append(
                self.tr("食品复检机构不得为初检机构（初检：{lab}），请填写复检机构。").format(
                    lab=first_lab or self.tr("检验机构未填")
                )
            )
        if first is not None and first.body.get("rapid_test"):
            notice.append(self.tr("初检为快速检测，复检不得采用快速检测方法。"))
        self._notice.setText("\n".join(notice))

    def _update_texts(self) -> None:
        """What depends on whether first results or a re-inspection's are taken."""
        if self._objection is not None:
            self._save_button.setText(self.tr("保存复检结果"))
            self._report_label.setText(self.tr("复检报告编号"))
            self._lab_label.setText(self.tr("复检机构"))
            self._lab_edit.setPlaceholderText(self.tr("复检机构名称"))
        else:
            self._save_button.setText(self.tr("保存检验结果"))
            self._report_label.setText(self.tr("检验报告编号"))
            self._lab_label.setText(self.tr("检验机构"))
            self._lab_edit.setPlaceholderText("")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._date_label.setText(self.tr("报告日期"))
        self._domain_label.setText(self.tr("产品领域"))
        self._domain_combo.setItemText(0, self.tr("按目录产品类别"))
        for index in range(1, self._domain_combo.count()):
            self._domain_combo.setItemText(index, domain_name(str(self._domain_combo.itemData(index))))
        self._reinspect_button.setText(self.tr("录入复检结果…"))
        self._reinspect_button.setToolTip(self.tr("录入复检机构对已登记异议的复检结果；复检结论为最终结论"))
        self._cancel_button.setText(self.tr("取消复检录入"))
        self._update_texts()
        self._show_reinspection_context()
        self._model.retranslate()
        self._update_preview()
        if self._judgement is not None:
            self._verdict.setText(self._verdict_word(self._judgement.verdict))
            self._verdict_reason.setText(self._judgement_reason(self._judgement))
