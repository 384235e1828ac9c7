"""One spot check from the first field to the certificate: the sampling form, its seal, results, certificate, history.

The window hosts the :class:`SpotCheckEditor` (the form, its photos and the sealing step), the
:class:`ResultsEditor` (results, verdict and deadlines), the certificate (issued with ``issue_certificate``, its
signed QR text shown) and the history: the original form and every amendment with what it changed, and every sealed
record that followed (results, certificates, objections, re-inspections, correction orders, re-checks). A sealed
form is corrected through an amendment: the inspector gives the reason, the editor opens on a copy of the form in
force, and the amendment is signed and sealed like the original; the original stays as it was.

After the verdict, the header's buttons record an objection (:class:`ObjectionDialog`, while the latest results are
open to objection) and the correction order or re-check of a nonconforming sample (:class:`FollowUpDialog`);
double-clicking a deadline in the results tab opens the one that answers it. Each is sealed at once and the window
reloads: the record joins the history and its deadline shows as dealt with. Once an objection is sealed, "录入复检
结果…" (in the header and in the results tab) opens the results tab on the re-inspection's form; when it is sealed
the window reloads with the re-inspection's verdict, which is final: the objection button stays disabled from then on.

``open_spot_check(context, record_id, session)`` is the entry point the records page and the scan card use.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtMultimedia import QCameraDevice
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.deadlines import Deadline
from inspector_app.domain.errors import NotFoundError
from inspector_app.domain.results import SampleVerdict
from inspector_app.domain.spot_check import SamplingOutcome
from inspector_app.gui.spot_check.after_verdict import AfterVerdict, follow_up_kind_for
from inspector_app.gui.spot_check.follow_up_dialog import FollowUpDialog
from inspector_app.gui.spot_check.history_table_model import HistoryTableModel
from inspector_app.gui.spot_check.objection_dialog import ObjectionDialog
from inspector_app.gui.spot_check.results_editor import ResultsEditor
from inspector_app.gui.spot_check.sealed_record_table_model import SealedRecordTableModel
from inspector_app.gui.spot_check.spot_check_context import RECORD_CHANGES, SpotCheckContext
from inspector_app.gui.spot_check.spot_check_editor import SpotCheckEditor
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.scan_service import FrameSource
from inspector_app.services.spot_check_service import (
    OBJECTION_CODES,
    CertificateIssued,
    HistoryEntry,
    SealedRecordView,
    SpotCheckOverview,
    SpotCheckService,
    SpotCheckView,
)

logger = logging.getLogger(__name__)

_VERDICT_STYLES = {
    SampleVerdict.CONFORMING.value: "background-color: #2e7d32; color: #ffffff;",
    SampleVerdict.NONCONFORMING.value: "background-color: #c62828; color: #ffffff;",
}
_NEUTRAL_STYLE = "background-color: #e0e0e0; color: #212121;"


@dataclass(frozen=True, slots=True)
class _WindowState:
    view: SpotCheckView  # the record asked for (a draft stays a draft), or the form in force
    overview: SpotCheckOverview
    history: tuple[HistoryEntry, ...]
    certificate: CertificateIssued | None  # the certificate of the latest results, if issued


def _current_certificate(overview: SpotCheckOverview) -> CertificateIssued | None:
    """The certificate issued for the latest results; None when there is none yet, or only one for results that a
    re-inspection has since replaced."""
    issued = overview.certificate
    results = [record.id for record in overview.records if record.record_type in ("test_results", "re_inspection")]
    if issued is None or not results:
        return None
    for record in overview.records:
        if record.id == issued.record_id and record.body.get("results_record_id") == results[-1]:
            return issued
    return None


def _load_state(service: SpotCheckService, record_id: str) -> _WindowState:
    """Everything the window shows about the spot check ``record_id`` belongs to. Runs on the worker thread."""
    history = tuple(service.history(record_id))
    overview = service.overview(history[0].view.id)
    try:
        view = service.get(record_id)
    except NotFoundError:  # a results record, certificate...: show the spot check it belongs to
        view = overview.spot_check
    if view.sealed:
        view = overview.spot_check
    return _WindowState(view, overview, history, _current_certificate(overview))


class SpotCheckWindow(QWidget):
    """The sampling form, results, certificate and history of one spot check.

    Build it, then :meth:`load` a record (a spot check, an amendment, or any record of the spot check). Closing the
    window saves a draft that has unsaved changes.

    Signals:
        loaded(): the spot check is shown.
        record_changed(str): something of the spot check was written (the original spot check's id).
        certificate_issued(CertificateIssued): a certificate was issued.
        amendment_started(SpotCheckView): an amendment draft was made and opened in the editor.
        objection_dialog_opened(ObjectionDialog): the objection dialog opened.
        follow_up_dialog_opened(FollowUpDialog): the correction order / re-check dialog opened.
        after_verdict_recorded(SealedRecordView): an objection or a follow-up was sealed (the window reloads).
    """

    loaded = Signal()
    record_changed = Signal(str)
    certificate_issued = Signal(object)
    amendment_started = Signal(object)
    objection_dialog_opened = Signal(object)
    follow_up_dialog_opened = Signal(object)
    after_verdict_recorded = Signal(object)

    TAB_FORM, TAB_RESULTS, TAB_CERTIFICATE, TAB_HISTORY = range(4)

    def __init__(
        self,
        context: SpotCheckContext,
        session: InspectorSession,
        *,
        frame_source: FrameSource | None = None,
        camera_devices: Callable[[], list[QCameraDevice]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SpotCheckWindow")
        self._context = context
        self._service = context.services.spot_check
        self._session = session
        self._state: _WindowState | None = None
        self._after: AfterVerdict | None = None
        self._certificate: CertificateIssued | None = None

        self._title = QLabel(self)
        self._title.setObjectName("titleLabel")
        self._title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self._status = QLabel(self)
        self._status.setObjectName("statusLabel")
        self._verdict = QLabel(self)
        self._verdict.setObjectName("verdictLabel")
        self._verdict.setContentsMargins(8, 2, 8, 2)
        self._objection_button = QPushButton(self)
        self._objection_button.setObjectName("objectionButton")
        self._follow_up_button = QPushButton(self)
        self._follow_up_button.setObjectName("followUpButton")
        self._reinspection_button = QPushButton(self)
        self._reinspection_button.setObjectName("reinspectionButton")
        # Asked for before the results tab had loaded the objection: started as soon as it has.
        self._reinspection_pending = False
        header = QHBoxLayout()
        header.addWidget(self._title, 1)
        header.addWidget(self._status)
        header.addWidget(self._verdict)
        header.addWidget(self._objection_button)
        header.addWidget(self._reinspection_button)
        header.addWidget(self._follow_up_button)

        self._editor = SpotCheckEditor(context, session, frame_source=frame_source, camera_devices=camera_devices)
        self._results = ResultsEditor(context, session)

        # --- certificate ---
        certificate = QWidget()
        self._certificate_label = QLabel(certificate)
        self._certificate_label.setObjectName("certificateLabel")
        self._certificate_label.setWordWrap(True)
        self._certificate_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._issue_button = QPushButton(certificate)
        self._issue_button.setObjectName("issueCertificateButton")
        self._payload_title = QLabel(certificate)
        self._payload_edit = QPlainTextEdit(certificate)
        self._payload_edit.setObjectName("qrPayloadEdit")
        self._payload_edit.setReadOnly(True)
        self._payload_edit.setMaximumHeight(120)
        certificate_buttons = QHBoxLayout()
        certificate_buttons.addWidget(self._issue_button)
        certificate_buttons.addStretch(1)
        certificate_layout = QVBoxLayout(certificate)
        certificate_layout.addWidget(self._certificate_label)
        certificate_layout.addLayout(certificate_buttons)
        certificate_layout.addWidget(self._payload_title)
        certificate_layout.addWidget(self._payload_edit)
        certificate_layout.addStretch(1)

        # --- history and amendment ---
        history = QWidget()
        self._history_model = HistoryTableModel(self)
        self._history_view = QTableView(history)
        self._history_view.setObjectName("historyTable")
        self._history_view.setModel(self._history_model)
        self._history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._history_view.setWordWrap(True)
        self._history_view.verticalHeader().setVisible(False)
        history_header = self._history_view.horizontalHeader()
        history_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        history_header.setStretchLastSection(True)
        self._records_box = QGroupBox(history)
        self._records_model = SealedRecordTableModel(self)
        self._records_view = QTableView(self._records_box)
        self._records_view.setObjectName("recordsTable")
        self._records_view.setModel(self._records_model)
        self._records_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._records_view.setWordWrap(True)
        self._records_view.verticalHeader().setVisible(False)
        records_header = self._records_view.horizontalHeader()
        records_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        records_header.setStretchLastSection(True)
        records_layout = QVBoxLayout(self._records_box)
        records_layout.addWidget(self._records_view)
        self._amendment_box = QGroupBox(history)
        self._amendment_note = QLabel(self._amendment_box)
        self._amendment_note.setWordWrap(True)
        self._reason_label = QLabel(self._amendment_box)
        self._reason_edit = QLineEdit(self._amendment_box)
        self._reason_edit.setObjectName("amendmentReasonEdit")
        self._reason_edit.setMaxLength(500)
        self._amend_button = QPushButton(self._amendment_box)
        self._amend_button.setObjectName("startAmendmentButton")
        self._amend_button.setEnabled(False)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self._reason_label)
        reason_row.addWidget(self._reason_edit, 1)
        reason_row.addWidget(self._amend_button)
        amendment_layout = QVBoxLayout(self._amendment_box)
        amendment_layout.addWidget(self._amendment_note)
        amendment_layout.addLayout(reason_row)
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self._history_view, 1)
        history_layout.addWidget(self._records_box, 1)
        history_layout.addWidget(self._amendment_box)

        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("tabs")
        self._tabs.addTab(self._editor, "")
        self._tabs.addTab(self._results, "")
        self._tabs.addTab(certificate, "")
        self._tabs.addTab(history, "")
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self._tabs, 1)

        self._editor.saved.connect(self._on_editor_saved)
        self._editor.sealed.connect(self._on_editor_sealed)
        self._results.results_entered.connect(self._on_results_entered)
        self._results.loaded.connect(self._on_results_loaded)
        self._reinspection_button.clicked.connect(self._on_reinspection_button_clicked)
        self._issue_button.clicked.connect(self.issue_certificate)
        self._amend_button.clicked.connect(self.start_amendment)
        self._reason_edit.textChanged.connect(self._update_amendment_box)
        self._reason_edit.returnPressed.connect(self.start_amendment)
        self._objection_button.clicked.connect(self._on_objection_button_clicked)
        self._follow_up_button.clicked.connect(self._on_follow_up_button_clicked)
        self._results.deadlines_view.deadline_activated.connect(self._on_deadline_activated)

        self.resize(1200, 820)
        self._retranslate()
        self._update_tabs()

    # --- public ------------------------------------------------------------------------------------------

    @property
    def editor(self) -> SpotCheckEditor:
        """The sampling form."""
        return self._editor

    @property
    def results_editor(self) -> ResultsEditor:
        """Results, verdict and deadlines."""
        return self._results

    @property
    def history_model(self) -> HistoryTableModel:
        """The versions of the sampling form."""
        return self._history_model

    @property
    def records_model(self) -> SealedRecordTableModel:
        """The sealed records that followed the form: results, certificates, objections, follow-ups."""
        return self._records_model

    @property
    def after_verdict(self) -> AfterVerdict | None:
        """The latest results, their deadlines and what has answered them, once loaded."""
        return self._after

    @property
    def tabs(self) -> QTabWidget:
        """The form, results, certificate and history tabs."""
        return self._tabs

    @property
    def overview(self) -> SpotCheckOverview | None:
        """The spot check as last loaded."""
        return self._state.overview if self._state is not None else None

    @property
    def spot_check_id(self) -> str | None:
        """The original spot check's id, once loaded."""
        return self._state.overview.original_id if self._state is not None else None

    def certificate(self) -> CertificateIssued | None:
        """The certificate of the latest results, once issued."""
        return self._certificate

    def certificate_text(self) -> str:
        """What the certificate tab says about the certificate."""
        return self._certificate_label.text()

    def verdict_text(self) -> str:
        """The verdict in the header ("合格", "不合格", "待检验"...)."""
        return self._verdict.text()

    def load(self, record_id: str) -> None:
        """Show the spot check ``record_id`` belongs to (in the background)."""
        self._context.runner.run_query(functools.partial(_load_state, self._service, record_id), self._on_loaded)

    def issue_certificate(self) -> None:
        """Issue the certificate of the latest results (in the background); asking again gives the same one."""
        if self._state is None:
            return
        self._issue_button.setEnabled(False)
        self._context.runner.run_command(
            functools.partial(
                self._service.issue_certificate, self._state.overview.original_id, issued_by=self._session
            ),
            self._on_certificate_issued,
            changes=RECORD_CHANGES,
            on_error=self._on_certificate_failed,
        )

    def open_objection_dialog(self) -> ObjectionDialog | None:
        """Open the objection dialog for the latest results; None while they are not open to objection."""
        if self._state is None or self._after is None or not self._after.can_object:
            return None
        dialog = ObjectionDialog(
            self._context, self._session, self._state.overview.original_id, self._state.overview, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.objection_filed.connect(self._on_after_verdict_recorded)
        dialog.open()
        self.objection_dialog_opened.emit(dialog)
        return dialog

    def open_follow_up_dialog(self, kind: str | None = None) -> FollowUpDialog | None:
        """Open the correction order / re-check dialog (on ``kind``, or the next step); None unless the latest
        verdict is nonconforming."""
        if self._state is None or self._after is None or not self._after.can_follow_up:
            return None
        dialog = FollowUpDialog(
            self._context, self._session, self._state.overview.original_id, self._state.overview, kind=kind, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.follow_up_recorded.connect(self._on_after_verdict_recorded)
        dialog.open()
        self.follow_up_dialog_opened.emit(dialog)
        return dialog

    def start_reinspection(self) -> bool:
        """Show the results tab with the re-inspection's form for the objection that awaits it. False while no sealed
        objection awaits a re-inspection."""
        if self._after is None or self._after.open_objection is None:
            return False
        self._tabs.setCurrentIndex(self.TAB_RESULTS)
        if self._results.can_start_reinspection():
            return self._results.start_reinspection()
        if self._results.is_reinspection():
            return True
        self._reinspection_pending = True
        return True

    def start_amendment(self) -> None:
        """Make an amendment draft of the form in force, with the reason typed, and open it in the editor."""
        reason = self._reason_edit.text().strip()
        if self._state is None or not reason or not self._amend_button.isEnabled():
            return
        current = self._state.overview.spot_check
        self._amend_button.setEnabled(False)
        self._context.runner.run_command(
            functools.partial(self._service.start_amendment, current.id, current.record, reason),
            self._on_amendment_started,
            changes=RECORD_CHANGES,
            on_error=self._on_amendment_failed,
        )

    # --- results -----------------------------------------------------------------------------------------

    def _on_loaded(self, state: _WindowState) -> None:
        self._state = state
        overview = state.overview
        self._certificate = state.certificate
        self._editor.set_view(state.view)
        self._results.load(overview.original_id)
        self._history_model.set_rows(state.history)
        self._history_view.resizeRowsToContents()
        self._after = AfterVerdict.of(overview)
        self._records_model.set_rows(overview.records)
        self._records_view.resizeRowsToContents()
        self._update_header()
        self._update_certificate()
        self._update_tabs()
        self._update_amendment_box()
        self._update_after_verdict_buttons()
        self.loaded.emit()

    def _on_editor_saved(self) -> None:
        if self._state is not None:
            self.record_changed.emit(self._state.overview.original_id)

    def _on_editor_sealed(self, record_id: str) -> None:
        original = self._state.overview.original_id if self._state is not None else record_id
        self._reason_edit.clear()
        self.record_changed.emit(original)
        self.load(original)

    def _on_results_entered(self, _entry: object) -> None:
        if self._state is not None:
            self.record_changed.emit(self._state.overview.original_id)
            self.load(self._state.overview.original_id)

    def _on_results_loaded(self) -> None:
        if self._reinspection_pending:
            self._reinspection_pending = False
            if self._results.can_start_reinspection():
                self._results.start_reinspection()

    def _on_reinspection_button_clicked(self) -> None:
        self.start_reinspection()

    def _on_certificate_issued(self, issued: CertificateIssued) -> None:
        self._certificate = issued
        logger.info("certificate %s shown", issued.number)
        self._update_certificate()
        self.record_changed.emit(issued.spot_check_id)
        self.certificate_issued.emit(issued)

    def _on_certificate_failed(self, _error: BaseException) -> None:
        self._update_certificate()

    def _on_amendment_started(self, draft: SpotCheckView) -> None:
        logger.info("amendment %s opened", draft.id)
        self._editor.set_view(draft)
        self._tabs.setCurrentIndex(self.TAB_FORM)
        self._update_header(draft)
        self._update_amendment_box()
        self.record_changed.emit(draft.spot_check_id)
        self.amendment_started.emit(draft)

    def _on_amendment_failed(self, _error: BaseException) -> None:
        self._update_amendment_box()

    def _on_objection_button_clicked(self) -> None:
        self.open_objection_dialog()

    def _on_follow_up_button_clicked(self) -> None:
        self.open_follow_up_dialog()

    def _on_deadline_activated(self, deadline: Deadline) -> None:
        if deadline.code in OBJECTION_CODES:
            self.open_objection_dialog()
            return
        kind = follow_up_kind_for(deadline.code)
        if kind is not None:
            self.open_follow_up_dialog(kind)

    def _on_after_verdict_recorded(self, record: SealedRecordView) -> None:
        logger.info("%s %s recorded; reloading", record.record_type, record.id)
        self.after_verdict_recorded.emit(record)
        if self._state is not None:
            if self._editor.is_modified():
                # The reload shows the form in force: an amendment draft being typed is kept first (the worker runs
                # the save before the reload).
                self._editor.save()
            original = self._state.overview.original_id
            self.record_changed.emit(original)
            self.load(original)

    # --- looks -------------------------------------------------------------------------------------------

    def _update_header(self, shown: SpotCheckView | None = None) -> None:
        if self._state is None:
            self._title.setText(self.tr("抽查"))
            self._status.setText("")
            self._verdict.setText("")
            return
        overview = self._state.overview
        view = shown or self._editor.view or overview.spot_check
        record = view.record
        number = record.basics.form_number or view.number
        product = record.sample.name or self.tr("（未填写样品名称）")
        self._title.setText(self.tr("抽样单 {number} · {product}").format(number=number, product=product))
        self.setWindowTitle(self.tr("抽查 {number}").format(number=number))
        if view.record_type == "amendment" and not view.sealed:
            status = self.tr("更正记录草稿")
        elif view.sealed:
            status = self.tr("已签章封存")
        else:
            status = self.tr("草稿")
        self._status.setText(status)
        verdict = overview.verdict or ""
        word = self._verdict_word(verdict, overview.spot_check)
        if self._after is not None and self._after.is_reinspection:
            # The verdict is the re-inspection's: it replaced the first one and is final.
            self._verdict.setText(self.tr("{verdict}（复检）").format(verdict=word))
            self._verdict.setToolTip(self.tr("复检结论，取代初检结论，为最终结论"))
        else:
            self._verdict.setText(word)
            self._verdict.setToolTip("")
        self._verdict.setStyleSheet(_VERDICT_STYLES.get(verdict, _NEUTRAL_STYLE))

    def _verdict_word(self, verdict: str, view: SpotCheckView) -> str:
        if not view.sealed:
            return self.tr("未封存")
        words = {
            SampleVerdict.CONFORMING.value: self.tr("合格"),
            SampleVerdict.NONCONFORMING.value: self.tr("不合格"),
            SampleVerdict.INCOMPLETE.value: self.tr("结果不完整"),
            "failed": self.tr("抽样未果"),
        }
        return words.get(verdict, self.tr("待检验"))

    def _update_certificate(self) -> None:
        state = self._state
        verdict = state.overview.verdict if state is not None else None
        judged = verdict in (SampleVerdict.CONFORMING.value, SampleVerdict.NONCONFORMING.value)
        issued = self._certificate
        if issued is not None:
            verdict_word = self._verdict_word(issued.verdict, state.overview.spot_check) if state else issued.verdict
            self._certificate_label.setText(
                self.tr("证书编号 {number}，结论：{verdict}，出具时间 {time}。").format(
                    number=issued.number, verdict=verdict_word, time=issued.issued_at.strftime("%Y-%m-%d %H:%M")
                )
            )
            self._payload_edit.setPlainText(issued.qr_payload)
        elif judged:
            self._certificate_label.setText(self.tr("检验结论已出，可出具证书（检验报告）。"))
            self._payload_edit.clear()
        else:
            self._certificate_label.setText(self.tr("有合格或不合格的检验结论后才能出具证书。"))
            self._payload_edit.clear()
        # A certificate already issued for the latest results is given again, so the button stays useful only
        # while there is none.
        self._issue_button.setEnabled(judged and issued is None)
        self._payload_title.setVisible(issued is not None)
        self._payload_edit.setVisible(issued is not None)

    def _update_tabs(self) -> None:
        overview = self._state.overview if self._state is not None else None
        sealed = overview is not None and overview.spot_check.sealed
        failed = overview is not None and overview.spot_check.record.outcome is SamplingOutcome.SAMPLING_FAILED
        self._tabs.setTabEnabled(self.TAB_RESULTS, sealed and not failed)
        self._tabs.setTabEnabled(self.TAB_CERTIFICATE, sealed and not failed)
        self._tabs.setTabEnabled(self.TAB_HISTORY, overview is not None)

    def _update_after_verdict_buttons(self) -> None:
        after = self._after
        can_object = after is not None and after.can_object
        can_follow_up = after is not None and after.can_follow_up
        can_reinspect = after is not None and after.open_objection is not None
        self._objection_button.setEnabled(can_object)
        self._follow_up_button.setEnabled(can_follow_up)
        self._reinspection_button.setEnabled(can_reinspect)
        # A disabled button says why, so nobody hunts for the step the procedure does not allow yet.
        if can_object:
            objection_tip = self.tr("登记被抽样单位或标称生产者对检验结果提出的异议（复检申请）")
        elif after is not None and after.results is not None and after.sealed:
            objection_tip = self.tr("复检结论为最终结论，不能再提出异议")
        else:
            objection_tip = self.tr("有检验结果后才能登记异议")
        if can_follow_up:
            follow_up_tip = self.tr("登记责令整改（通知书文号）或复查（结论）")
        else:
            follow_up_tip = self.tr("检验结论为不合格时才有责令整改和复查")
        if can_reinspect:
            reinspection_tip = self.tr("录入复检机构对已登记异议的复检结果；复检结论为最终结论")
        elif after is not None and after.is_reinspection:
            reinspection_tip = self.tr("复检结果已录入，为最终结论")
        else:
            reinspection_tip = self.tr("登记异议后才能录入复检结果")
        self._reinspection_button.setToolTip(reinspection_tip)
        self._objection_button.setToolTip(objection_tip)
        self._follow_up_button.setToolTip(follow_up_tip)

    def _update_amendment_box(self) -> None:
        view = self._editor.view
        # Amending needs a sealed form in force, and no amendment draft open in the editor.
        can_amend = self._state is not None and self._state.overview.spot_check.sealed and view is not None
        can_amend = can_amend and view is not None and view.sealed
        self._amendment_box.setEnabled(can_amend)
        self._amend_button.setEnabled(can_amend and bool(self._reason_edit.text().strip()))

    # --- Qt ----------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._editor.is_modified():
            logger.info("saving the draft before the window closes")
            self._editor.save()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self._tabs.setTabText(self.TAB_FORM, self.tr("抽样单"))
        self._tabs.setTabText(self.TAB_RESULTS, self.tr("检验结果"))
        self._tabs.setTabText(self.TAB_CERTIFICATE, self.tr("证书"))
        self._tabs.setTabText(self.TAB_HISTORY, self.tr("历史与更正"))
        self._issue_button.setText(self.tr("出具证书"))
        self._payload_title.setText(self.tr("证书二维码内容（本机密钥签名，可离线验证）："))
        self._amendment_box.setTitle(self.tr("更正"))
        self._records_box.setTitle(self.tr("检验结果、证书、异议与后续处理"))
        self._objection_button.setText(self.tr("登记异议…"))
        self._follow_up_button.setText(self.tr("整改/复查…"))
        self._reinspection_button.setText(self.tr("录入复检结果…"))
        self._amendment_note.setText(
            self.tr(
                "已封存的抽样单不能修改。更正时新建一条更正记录：写明原因，在抽样单中修改需要更正的内容，"
                "再由两名抽样人员和被抽样单位签名并签章封存。原记录保持不变，历史中两者并列。"
            )
        )
        self._reason_label.setText(self.tr("更正原因"))
        self._amend_button.setText(self.tr("新建更正记录"))
        self._history_model.retranslate()
        self._records_model.retranslate()
        self._update_after_verdict_buttons()
        self._update_header()
        self._update_certificate()


def open_spot_check(context: SpotCheckContext, record_id: str, session: InspectorSession) -> SpotCheckWindow:
    """Open the spot check ``record_id`` belongs to in a window of its own, shown at once and loading.

    ``session`` is the logged-in inspector (the first to sign). The window deletes itself when closed.
    """
    window = SpotCheckWindow(context, session)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.load(record_id)
    window.show()
    logger.info("spot check window opened for %s", record_id)
    return window
