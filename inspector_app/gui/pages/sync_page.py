"""The sync page: enrol with HQ, sync now (and automatically), progress, the last result, USB bundles.

A sync can take a minute (a fresh workstation fetches millions of trade items), so it runs on a worker of its own
rather than on the shared task runner, which must stay free for scans and look-ups; its progress travels back by a
queued signal. Everything else (status, enrolment, bundles) goes through the task runner as usual.

Automatic sync: an :class:`~inspector_app.services.auto_sync_scheduler.AutoSyncScheduler` decides when; this page
only runs one single-shot timer for the next due moment and tells the scheduler what happened.
"""

from __future__ import annotations

import functools
import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui import prompts
from inspector_app.gui.change_bus import Change
from inspector_app.gui.page_context import PageContext
from inspector_app.services.auto_sync_scheduler import AutoSyncScheduler, SyncOutcome
from inspector_app.services.sync_service import (
    ReferenceBundlePreview,
    SyncProgress,
    SyncReport,
    SyncService,
    SyncStatus,
    parse_enrollment_qr,
)

logger = logging.getLogger(__name__)

_OUTCOME_TO_SCHEDULER = {
    "success": SyncOutcome.SUCCESS,
    "partial": SyncOutcome.PARTIAL,
    "unreachable": SyncOutcome.UNREACHABLE,
    "failed": SyncOutcome.PARTIAL,
    "not_enrolled": SyncOutcome.NOT_ENROLLED,
    "update_required": SyncOutcome.UPDATE_REQUIRED,
}


def choose_bundle_target(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    """Where to write a records bundle (``None`` when cancelled). Tests replace this function."""
    name, _filter = QFileDialog.getSaveFileName(parent, title, suggested, "Inspector bundle (*.iwbundle)")
    return Path(name) if name else None


def choose_reference_bundle(parent: QWidget | None, title: str) -> Path | None:
    """Which reference bundle to open (``None`` when cancelled). Tests replace this function."""
    name, _filter = QFileDialog.getOpenFileName(parent, title, "", "Reference bundle (*.iwref);;All files (*)")
    return Path(name) if name else None


class _SyncRelay(QObject):
    """Carries a sync's progress and end from the worker thread to the GUI thread (queued signals)."""

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)


class _SyncJob(QRunnable):
    def __init__(self, service: SyncService, relay: _SyncRelay) -> None:
        super().__init__()
        self._service = service
        self._relay = relay

    def run(self) -> None:
        try:
            report = self._service.sync(self._relay.progressed.emit)
        except BaseException as exc:  # the GUI thread decides what to show
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(report)


class SyncPage(QWidget):
    """Enrolment form, "sync now", three progress bars, the last result with every failure, and USB bundles.

    ``sync_service`` defaults to ``context.services.sync``.

    Signals:
        sync_started(): a sync began (by hand or automatically).
        sync_finished(SyncReport): a sync ended; the report says what went up, came down and failed.
        status_loaded(SyncStatus): fresh status (pending count, last sync, clock skew) for the status bar.
        enrolled(EnrollmentResult): enrolment succeeded.
    """

    sync_started = Signal()
    sync_finished = Signal(object)
    status_loaded = Signal(object)
    enrolled = Signal(object)

    def __init__(
        self,
        context: PageContext,
        sync_service: SyncService | None = None,
        parent: QWidget | None = None,
        *,
        auto_sync: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SyncPage")
        self._context = context
        service = sync_service if sync_service is not None else getattr(context.services, "sync", None)
        if service is None:
            raise ValueError("the sync page needs a SyncService")
        self._service: SyncService = service
        self._status: SyncStatus | None = None
        self._report: SyncReport | None = None
        self._preview: ReferenceBundlePreview | None = None
        self._syncing = False
        self._manual = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _SyncRelay(self)
        self._relay.progressed.connect(self._on_progress)
        self._relay.finished.connect(self._on_sync_done)
        self._relay.failed.connect(self._on_sync_failed)
        self._scheduler = AutoSyncScheduler(time.monotonic(), enrolled=False)
        self._auto_sync = auto_sync
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)

        self._build()
        self._retranslate()
        context.change_bus.changed.connect(self._on_changed)
        context.translations.language_changed.connect(self._on_language_changed)
        self.refresh_status()

    # --------------------------------------------------------------------------------------------- layout
    def _build(self) -> None:
        self._status_box = QGroupBox(self)
        self._enrolled_label = QLabel(self)
        self._enrolled_label.setObjectName("enrolledLabel")
        self._pending_label = QLabel(self)
        self._pending_label.setObjectName("pendingLabel")
        self._last_label = QLabel(self)
        self._last_label.setObjectName("lastSyncLabel")
        self._last_label.setWordWrap(True)
        self._skew_label = QLabel(self)
        self._skew_label.setObjectName("clockSkewLabel")
        self._skew_label.setStyleSheet("color: #b00020;")
        self._skew_label.setWordWrap(True)
        self._skew_label.hide()
        status_layout = QVBoxLayout(self._status_box)
        for label in (self._enrolled_label, self._pending_label, self._last_label, self._skew_label):
            status_layout.addWidget(label)

        self._enrol_box = QGroupBox(self)
        self._url_edit = QLineEdit(self)
        self._url_edit.setObjectName("hqUrlEdit")
        self._url_edit.setPlaceholderText("https://hq.example.cn")
        self._code_edit = QLineEdit(self)
        self._code_edit.setObjectName("codeEdit")
        self._code_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        self._enrol_button = QPushButton(self)
        self._enrol_button.setObjectName("enrolButton")
        self._enrol_hint = QLabel(self)
        self._enrol_hint.setWordWrap(True)
        self._url_label = QLabel(self)
        self._code_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self._url_label, self._url_edit)
        form.addRow(self._code_label, self._code_edit)
        enrol_layout = QVBoxLayout(self._enrol_box)
        enrol_layout.addLayout(form)
        enrol_row = QHBoxLayout()
        enrol_row.addWidget(self._enrol_hint, 1)
        enrol_row.addWidget(self._enrol_button)
        enrol_layout.addLayout(enrol_row)

        self._sync_box = QGroupBox(self)
        self._sync_button = QPushButton(self)
        self._sync_button.setObjectName("syncButton")
        self._phase_label = QLabel(self)
        self._phase_label.setObjectName("phaseLabel")
        self._records_bar = _bar(self, "recordsBar")
        self._attachments_bar = _bar(self, "attachmentsBar")
        self._reference_bar = _bar(self, "referenceBar")
        self._records_label = QLabel(self)
        self._attachments_label = QLabel(self)
        self._reference_label = QLabel(self)
        bars = QFormLayout()
        bars.addRow(self._records_label, self._records_bar)
        bars.addRow(self._attachments_label, self._attachments_bar)
        bars.addRow(self._reference_label, self._reference_bar)
        self._result_label = QLabel(self)
        self._result_label.setObjectName("resultLabel")
        self._result_label.setWordWrap(True)
        self._failure_list = QListWidget(self)
        self._failure_list.setObjectName("failureList")
        self._failure_list.setWordWrap(True)
        sync_row = QHBoxLayout()
        sync_row.addWidget(self._phase_label, 1)
        sync_row.addWidget(self._sync_button)
        sync_layout = QVBoxLayout(self._sync_box)
        sync_layout.addLayout(sync_row)
        sync_layout.addLayout(bars)
        sync_layout.addWidget(self._result_label)
        sync_layout.addWidget(self._failure_list, 1)

        self._bundle_box = QGroupBox(self)
        self._export_button = QPushButton(self)
        self._export_button.setObjectName("exportBundleButton")
        self._open_reference_button = QPushButton(self)
        self._open_reference_button.setObjectName("openReferenceBundleButton")
        self._import_button = QPushButton(self)
        self._import_button.setObjectName("importReferenceBundleButton")
        self._import_button.setEnabled(False)
        self._preview_label = QLabel(self)
        self._preview_label.setObjectName("previewLabel")
        self._preview_label.setWordWrap(True)
        bundle_row = QHBoxLayout()
        bundle_row.addWidget(self._export_button)
        bundle_row.addWidget(self._open_reference_button)
        bundle_row.addWidget(self._import_button)
        bundle_row.addStretch(1)
        bundle_layout = QVBoxLayout(self._bundle_box)
        bundle_layout.addLayout(bundle_row)
        bundle_layout.addWidget(self._preview_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self._status_box)
        layout.addWidget(self._enrol_box)
        layout.addWidget(self._sync_box, 1)
        layout.addWidget(self._bundle_box)

        self._enrol_button.clicked.connect(self._on_enrol_clicked)
        self._code_edit.returnPressed.connect(self._on_enrol_clicked)
        self._sync_button.clicked.connect(self._on_sync_clicked)
        self._export_button.clicked.connect(self._on_export_clicked)
        self._open_reference_button.clicked.connect(self._on_open_reference_clicked)
        self._import_button.clicked.connect(self._on_import_clicked)

    def _retranslate(self) -> None:
        self._status_box.setTitle(self.tr("同步状态"))
        self._enrol_box.setTitle(self.tr("在总部登记本机"))
        self._url_label.setText(self.tr("总部地址："))
        self._code_label.setText(self.tr("一次性登记码："))
        self._enrol_hint.setText(self.tr("输入总部管理员提供的登记码，或用扫码枪扫描登记二维码。"))
        self._enrol_button.setText(self.tr("登记"))
        self._sync_box.setTitle(self.tr("同步"))
        self._sync_button.setText(self.tr("立即同步"))
        self._records_label.setText(self.tr("记录："))
        self._attachments_label.setText(self.tr("附件："))
        self._reference_label.setText(self.tr("参考数据："))
        self._bundle_box.setTitle(self.tr("U 盘数据包（无网络时）"))
        self._export_button.setText(self.tr("导出待上传记录…"))
        self._open_reference_button.setText(self.tr("打开参考数据包…"))
        self._import_button.setText(self.tr("导入参考数据包"))
        self._show_status()
        self._show_report()
        self._show_preview()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------------------------------ public API
    @property
    def syncing(self) -> bool:
        """Whether a sync is running."""
        return self._syncing

    @property
    def last_report(self) -> SyncReport | None:
        """The report of the last sync this page ran."""
        return self._report

    @property
    def scheduler(self) -> AutoSyncScheduler:
        """The automatic-sync state machine this page drives."""
        return self._scheduler

    def offer_scanned_code(self, code: str) -> bool:
        """Take a scanned enrolment QR code (fills the form); ``False`` when ``code`` is not one."""
        scanned = parse_enrollment_qr(code)
        if scanned is None:
            return False
        self._code_edit.setText(scanned.code)
        if scanned.hq_url:
            self._url_edit.setText(scanned.hq_url)
        self._enrol_box.show()
        self._enrol_button.setFocus()
        return True

    def refresh_status(self) -> None:
        """Read the sync status again (in the background)."""
        self._context.runner.run_query(self._service.status, self._on_status)

    def start_sync(self, *, manual: bool = True) -> bool:
        """Start a sync unless one runs; ``False`` if one was already running."""
        if self._syncing:
            return False
        self._syncing = True
        self._manual = manual
        self._timer.stop()
        self._scheduler.sync_started(time.monotonic())
        self._sync_button.setEnabled(False)
        self._enrol_button.setEnabled(False)
        for bar in (self._records_bar, self._attachments_bar, self._reference_bar):
            bar.setRange(0, 1)
            bar.setValue(0)
        self._phase_label.setText(self.tr("正在连接总部…"))
        self.sync_started.emit()
        self._pool.start(_SyncJob(self._service, self._relay))
        return True

    def wait_for_sync(self, timeout_ms: int = 60_000) -> bool:
        """Block until the sync worker is idle (tests and shutdown)."""
        return self._pool.waitForDone(timeout_ms)

    # ----------------------------------------------------------------------------------------------- slots
    def _on_changed(self, changes: Change) -> None:
        if changes & (Change.SCANS | Change.SETTINGS):
            self.refresh_status()
        if changes & Change.SCANS:
            self._scheduler.records_waiting(time.monotonic())
            self._plan_next()

    def _on_language_changed(self, _language: str) -> None:
        self._retranslate()

    def _on_status(self, status: SyncStatus) -> None:
        was_enrolled = self._status is not None and self._status.enrolled
        self._status = status
        if status.enrolled and not was_enrolled:
            self._scheduler.enrolled(time.monotonic())
            self._plan_next()
        self._show_status()
        self.status_loaded.emit(status)

    def _on_enrol_clicked(self) -> None:
        url = self._url_edit.text().strip()
        code = self._code_edit.text().strip()
        if not code:
            prompts.show_error(self, self.tr("无法登记"), self.tr("请输入一次性登记码。"))
            return
        self._enrol_button.setEnabled(False)
        work = functools.partial(self._service.enroll, url, code)
        self._context.runner.run_command(
            work, self._on_enrolled, changes=Change.SETTINGS, on_error=self._on_enrol_failed
        )

    def _on_enrolled(self, result: Any) -> None:
        self._enrol_button.setEnabled(True)
        self._code_edit.clear()
        prompts.show_information(
            self,
            self.tr("登记成功"),
            self.tr("本机已在总部登记（检查员：%1）。现在可以同步了。").replace("%1", result.inspector_name),
        )
        self.enrolled.emit(result)
        self.refresh_status()

    def _on_enrol_failed(self, _error: BaseException) -> None:
        self._enrol_button.setEnabled(True)

    def _on_sync_clicked(self) -> None:
        self.start_sync(manual=True)

    def _on_timer(self) -> None:
        if self._auto_sync and self._scheduler.due(time.monotonic()):
            logger.info("automatic sync")
            self.start_sync(manual=False)
        else:
            self._plan_next()

    def _plan_next(self) -> None:
        if not self._auto_sync or self._syncing:
            return
        wait = self._scheduler.seconds_until_due(time.monotonic())
        if wait is None:
            self._timer.stop()
            return
        self._timer.start(int(min(wait, 24 * 3600) * 1000))

    def _on_progress(self, progress: SyncProgress) -> None:
        phases = {
            "clock": self.tr("正在连接总部…"),
            "records": self.tr("正在上传记录…"),
            "attachments": self.tr("正在上传附件…"),
            "reference": self.tr("正在下载参考数据…"),
            "digest": self.tr("正在核对参考数据…"),
            "done": self.tr("完成"),
        }
        self._phase_label.setText(phases.get(progress.phase, progress.phase))
        _show_progress(self._records_bar, progress.records_done, progress.records_total)
        _show_progress(self._attachments_bar, progress.attachments_done, progress.attachments_total)
        _show_progress(self._reference_bar, progress.reference_done, progress.reference_total)

    def _on_sync_done(self, report: SyncReport) -> None:
        self._finish_sync()
        self._report = report
        self._scheduler.sync_finished(
            time.monotonic(), _OUTCOME_TO_SCHEDULER.get(report.outcome, SyncOutcome.PARTIAL), manual=self._manual
        )
        self._show_report()
        self._context.change_bus.announce(Change.REFERENCE_DATA | Change.SETTINGS)
        self.sync_finished.emit(report)
        self._plan_next()

    def _on_sync_failed(self, error: BaseException) -> None:
        self._finish_sync()
        logger.error("sync raised", exc_info=(type(error), error, error.__traceback__))
        self._scheduler.sync_finished(time.monotonic(), SyncOutcome.PARTIAL, manual=self._manual)
        message = getattr(error, "user_message", None)
        text = message(self._context.translations.language) if callable(message) else str(error)
        prompts.show_error(self, self.tr("同步失败"), text)
        self._plan_next()

    def _finish_sync(self) -> None:
        self._syncing = False
        self._sync_button.setEnabled(True)
        self._enrol_button.setEnabled(True)
        self.refresh_status()

    def _on_export_clicked(self) -> None:
        target = choose_bundle_target(self, self.tr("导出待上传记录"), "records.iwbundle")
        if target is None:
            return
        work = functools.partial(self._service.export_bundle, target)
        self._context.runner.run_command(work, self._on_exported, changes=Change(0))

    def _on_exported(self, summary: Any) -> None:
        prompts.show_information(
            self,
            self.tr("已导出数据包"),
            self.tr("已写入 %1：%2 条记录，%3 个附件。记录在总部确认收到之前仍保留为待上传。")
            .replace("%1", str(summary.path))
            .replace("%2", str(summary.records))
            .replace("%3", str(summary.attachments)),
        )

    def _on_open_reference_clicked(self) -> None:
        source = choose_reference_bundle(self, self.tr("打开参考数据包"))
        if source is None:
            return
        self._preview = None
        self._import_button.setEnabled(False)
        work = functools.partial(self._service.preview_reference_bundle, source)
        self._context.runner.run_query(work, self._on_previewed)

    def _on_previewed(self, preview: ReferenceBundlePreview) -> None:
        self._preview = preview
        self._show_preview()

    def _on_import_clicked(self) -> None:
        if self._preview is None:
            return
        self._import_button.setEnabled(False)
        work = functools.partial(self._service.import_reference_bundle, self._preview.path)
        self._context.runner.run_command(work, self._on_imported, changes=Change.REFERENCE_DATA)

    def _on_imported(self, report: Any) -> None:
        self._preview = None
        self._show_preview()
        prompts.show_information(
            self,
            self.tr("已导入参考数据"),
            self.tr("已导入 %1 条变更；%2 条此前已导入。")
            .replace("%1", str(report.changed))
            .replace("%2", str(report.already_applied)),
        )
        self.refresh_status()

    # ------------------------------------------------------------------------------------------- display
    def _language(self) -> str:
        return self._context.translations.language

    def _show_status(self) -> None:
        status = self._status
        if status is None:
            self._enrolled_label.setText(self.tr("正在读取同步状态…"))
            return
        if status.enrolled:
            who = f"（{status.inspector_name}）" if status.inspector_name else ""
            self._enrolled_label.setText(self.tr("已登记：%1").replace("%1", status.hq_url + who))
        else:
            self._enrolled_label.setText(self.tr("尚未在总部登记：请填写下方表格。"))
        self._enrol_box.setVisible(not status.enrolled)
        self._sync_button.setEnabled(status.enrolled and not self._syncing)
        self._pending_label.setText(
            self.tr("待上传记录：%1").replace("%1", str(status.pending))
            + (self.tr("（其中 %1 条上次未成功）").replace("%1", str(status.failing)) if status.failing else "")
        )
        if status.last_sync_at is None:
            self._last_label.setText(self.tr("尚未同步过。"))
        else:
            local = status.last_sync_at.astimezone().strftime("%Y-%m-%d %H:%M")
            summary = status.last_summary_en if self._language() == "en" else status.last_summary_zh
            self._last_label.setText(self.tr("上次同步：%1  %2").replace("%1", local).replace("%2", summary))
        if status.clock_skew_seconds is not None:
            minutes = round(abs(status.clock_skew_seconds) / 60)
            self._skew_label.setText(
                self.tr("本机时钟与总部相差约 %1 分钟，请校正系统时间。").replace("%1", str(minutes))
            )
            self._skew_label.show()
        else:
            self._skew_label.hide()

    def _show_report(self) -> None:
        report = self._report
        self._failure_list.clear()
        if report is None:
            self._result_label.setText("")
            return
        outcomes = {
            "success": self.tr("同步成功"),
            "partial": self.tr("同步部分完成"),
            "unreachable": self.tr("无法连接总部"),
            "failed": self.tr("同步失败"),
            "not_enrolled": self.tr("尚未登记"),
            "update_required": self.tr("需要更新软件"),
        }
        title = outcomes.get(report.outcome, report.outcome)
        self._result_label.setText(f"{title}：{report.summary(self._language())}")
        for failure in report.failures:
            self._failure_list.addItem(failure.message(self._language()))

    def _show_preview(self) -> None:
        preview = self._preview
        if preview is None:
            self._preview_label.setText("")
            self._import_button.setEnabled(False)
            return
        tables = "；".join(
            f"{table}: " + ", ".join(f"{op} {count}" for op, count in sorted(ops.items()))
            for table, ops in sorted(preview.new_by_table.items())
        )
        if preview.gap:
            text = self.tr("该数据包从第 %1 号变更之后开始，而本机只更新到第 %2 号，不能导入。请向总部索取新的数据包。")
            self._preview_label.setText(text.replace("%1", str(preview.since)).replace("%2", str(preview.cursor)))
            self._import_button.setEnabled(False)
            return
        text = self.tr("共 %1 条变更，其中新变更 %2 条，已导入 %3 条。%4")
        self._preview_label.setText(
            text.replace("%1", str(preview.change_count))
            .replace("%2", str(preview.new_changes))
            .replace("%3", str(preview.already_applied))
            .replace("%4", tables)
        )
        self._import_button.setEnabled(preview.new_changes > 0)


def _bar(parent: QWidget, name: str) -> QProgressBar:
    bar = QProgressBar(parent)
    bar.setObjectName(name)
    bar.setRange(0, 1)
    bar.setValue(0)
    bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return bar


def _show_progress(bar: QProgressBar, done: int, total: int) -> None:
    # Large counts (a million trade items) would overflow nothing here, but keep the bar in int range anyway.
    if total <= 0:
        bar.setRange(0, 1)
        bar.setValue(1 if done else 0)
        return
    bar.setRange(0, min(total, 2**31 - 1))
    bar.setValue(min(done, total, 2**31 - 1))
