"""The records page: every field record of this workstation — spot checks, results, certificates, objections,
follow-ups, amendments — with filters; open one, start a new spot check, print or save the documents of several at
once, and check a certificate PDF brought in from outside.
"""

from __future__ import annotations

import enum
import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import InspectorError
from inspector_app.gui import printing, prompts
from inspector_app.gui.change_bus import Change
from inspector_app.gui.dialogs.certificate_verification_dialog import CertificateVerificationDialog
from inspector_app.gui.models.record_table_model import (
    STATUSES,
    VERDICTS,
    RecordTableModel,
    record_type_name,
    status_name,
    verdict_name,
)
from inspector_app.gui.printing import PrintableDocument, PrintLayout
from inspector_app.gui.spot_check_launcher import Opener, SpotCheckLauncher
from inspector_app.gui.widgets.row_table_view import sortable_row_table
from inspector_app.services.records_service import RECORD_TYPES, RecordSummary
from inspector_app.services.spot_check_service import SpotCheckService
from inspector_app.services.task_service import TaskSummary

if TYPE_CHECKING:
    from inspector_app.gui.page_context import PageContext

logger = logging.getLogger(__name__)

#: Rows listed at once; the count label says when there are more.
RECORDS_LIMIT = 1000
#: Pause after the last keystroke in the search field before the query runs.
FILTER_DELAY_MS = 250
#: What the certificate file dialog offers: the certificate PDF or a photo/scan of its code.
CERTIFICATE_NAME_FILTER = "*.pdf *.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp"
_SAMPLING_TYPES = ("spot_check", "amendment")


class DocumentKind(enum.StrEnum):
    """Which document of a record to print: its sampling form, or its certificate."""

    SAMPLING_FORM = "sampling_form"
    CERTIFICATE = "certificate"


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A selected record with no document of the kind asked for, and why (both wordings)."""

    number: str
    message_zh: str
    message_en: str


@dataclass(frozen=True, slots=True)
class RenderedDocuments:
    """The documents rendered for a print or save, in the order selected, and the records left out."""

    documents: tuple[PrintableDocument, ...]
    skipped: tuple[SkippedRecord, ...]


def document_target(row: RecordSummary, kind: DocumentKind) -> str:
    """The record whose document of ``kind`` stands for ``row``: a sampling form is its sampling record's (for
    results, objections... the spot check's); a certificate is the certificate itself, or the latest certificate of
    the spot check the row belongs to."""
    if kind is DocumentKind.SAMPLING_FORM and row.record_type in _SAMPLING_TYPES:
        return row.id
    if kind is DocumentKind.CERTIFICATE and row.record_type == "certificate":
        return row.id
    return row.spot_check_id or row.id


def render_documents(
    service: SpotCheckService, rows: Sequence[RecordSummary], kind: DocumentKind, layout: PrintLayout
) -> RenderedDocuments:
    """Render the ``kind`` document of each row (each document once). Runs on the worker thread."""
    documents: list[PrintableDocument] = []
    skipped: list[SkippedRecord] = []
    done: set[str] = set()
    for row in rows:
        target = document_target(row, kind)
        if target in done:
            continue
        done.add(target)
        label = row.number or row.id
        try:
            if kind is DocumentKind.CERTIFICATE:
                pdf = service.certificate_pdf(target, layout=layout.value)
                title = f"检验证书 {label}" if row.record_type == "certificate" else f"检验证书（{label}）"
            else:
                pdf = service.sampling_form_pdf(target, layout=layout.value)
                title = f"抽样单 {label}"
        except InspectorError as error:
            logger.info("no %s for record %s: %s", kind.value, row.id, error)
            skipped.append(SkippedRecord(label, error.message_zh, error.message_en))
            continue
        documents.append(PrintableDocument(title, pdf))
    logger.info("%d document(s) rendered (%s, %s), %d skipped", len(documents), kind, layout, len(skipped))
    return RenderedDocuments(tuple(documents), tuple(skipped))


class RecordsPage(QWidget):
    """Filters on top, the records below (newest first), actions at the bottom.

    Double-click (or "打开") opens the spot check a record belongs to; "新建抽查" starts a draft from scratch or for
    the chosen task; "打印…" previews the chosen document of every selected record as one print job, "另存为 PDF…"
    writes them into one file; "核验证书…" checks a certificate PDF or a photo of its code. The list reloads when
    records are written (the change bus says so).

    Signals:
        loaded(int): the rows for the current filter arrived (how many are shown).
        documents_rendered(object): the ``RenderedDocuments`` of a print or save, before the dialog opens.
        certificate_dialog_opened(object): a ``CertificateVerificationDialog`` was opened.
    """

    loaded = Signal(int)
    documents_rendered = Signal(object)
    certificate_dialog_opened = Signal(object)

    def __init__(self, context: PageContext, parent: QWidget | None = None, *, opener: Opener | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecordsPage")
        self._context = context
        self._launcher = SpotCheckLauncher(context, self, opener=opener)
        self._request = 0
        self._truncated = False
        self._all_rows: list[RecordSummary] = []
        self._tasks: list[TaskSummary] = []

        self._type_combo = QComboBox(self)
        self._type_combo.setObjectName("typeCombo")
        for record_type in ("", *RECORD_TYPES):
            self._type_combo.addItem("", record_type)
        self._status_combo = QComboBox(self)
        self._status_combo.setObjectName("statusCombo")
        for status in ("", *STATUSES):
            self._status_combo.addItem("", status)
        self._verdict_combo = QComboBox(self)
        self._verdict_combo.setObjectName("verdictCombo")
        for verdict in ("", *VERDICTS):
            self._verdict_combo.addItem("", verdict)
        self._search_edit = QLineEdit(self)
        self._search_edit.setObjectName("searchEdit")
        self._search_edit.setClearButtonEnabled(True)
        self._task_combo = QComboBox(self)
        self._task_combo.setObjectName("taskCombo")
        self._task_combo.setMinimumContentsLength(24)
        self._task_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._new_button = QPushButton(self)
        self._new_button.setObjectName("newButton")

        self._model = RecordTableModel(self)
        # Newest first, as queried, until a header is clicked.
        self._proxy, self._table = sortable_row_table(
            self,
            self._model,
            "recordsTable",
            stretch_column=RecordTableModel.COLUMN_PRODUCT,
            selection_mode=QTableView.SelectionMode.ExtendedSelection,
        )

        self._count_label = QLabel(self)
        self._count_label.setObjectName("countLabel")
        self._open_button = QPushButton(self)
        self._open_button.setObjectName("openButton")
        self._document_combo = QComboBox(self)
        self._document_combo.setObjectName("documentCombo")
        for kind in DocumentKind:
            self._document_combo.addItem("", kind.value)
        self._layout_combo = QComboBox(self)
        self._layout_combo.setObjectName("layoutCombo")
        for print_layout in PrintLayout:
            self._layout_combo.addItem("", print_layout.value)
        self._print_button = QPushButton(self)
        self._print_button.setObjectName("printButton")
        self._save_button = QPushButton(self)
        self._save_button.setObjectName("savePdfButton")
        self._verify_button = QPushButton(self)
        self._verify_button.setObjectName("verifyButton")

        self._labels = {name: QLabel(self) for name in ("type", "status", "verdict", "search", "task")}
        filters = QHBoxLayout()
        for name, widget in (
            ("type", self._type_combo),
            ("status", self._status_combo),
            ("verdict", self._verdict_combo),
            ("search", self._search_edit),
        ):
            form = QFormLayout()
            form.addRow(self._labels[name], widget)
            filters.addLayout(form, 2 if name == "search" else 1)
        new_row = QHBoxLayout()
        new_row.addWidget(self._labels["task"])
        new_row.addWidget(self._task_combo, 1)
        new_row.addWidget(self._new_button)
        new_row.addStretch(1)
        new_row.addWidget(self._verify_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self._count_label, 1)
        bottom.addWidget(self._open_button)
        bottom.addWidget(self._document_combo)
        bottom.addWidget(self._layout_combo)
        bottom.addWidget(self._print_button)
        bottom.addWidget(self._save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(new_row)
        layout.addWidget(self._table, 1)
        layout.addLayout(bottom)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.reload)
        self._search_edit.textChanged.connect(self._on_search_text_changed)
        self._search_edit.returnPressed.connect(self.reload)
        self._type_combo.currentIndexChanged.connect(self._on_filter_changed)
        self._status_combo.currentIndexChanged.connect(self._on_filter_changed)
        self._verdict_combo.currentIndexChanged.connect(self._on_verdict_filter_changed)
        self._table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._table.doubleClicked.connect(self._on_row_double_clicked)
        self._open_button.clicked.connect(self.open_selected)
        self._new_button.clicked.connect(self._on_new_button_clicked)
        self._print_button.clicked.connect(self.print_selected)
        self._save_button.clicked.connect(self.save_selected_as_pdf)
        self._verify_button.clicked.connect(self.verify_certificate_file)
        context.change_bus.changed.connect(self._on_changed)
        context.sessions.session_changed.connect(self._on_session_changed)

        self._retranslate()
        self._update_buttons()
        self.reload()
        self.reload_tasks()

    @classmethod
    def from_context(cls, context: PageContext) -> RecordsPage:
        """The page as the navigation builds it."""
        return cls(context)

    # --- public ------------------------------------------------------------------------------------------

    @property
    def model(self) -> RecordTableModel:
        """The rows listed (in query order; the view may sort them)."""
        return self._model

    @property
    def table(self) -> QTableView:
        """The table view."""
        return self._table

    @property
    def launcher(self) -> SpotCheckLauncher:
        """Opens spot checks and starts new ones for this page."""
        return self._launcher

    def set_filter(
        self, *, record_type: str = "", status: str = "", verdict: str = "", text: str | None = None
    ) -> None:
        """Set several filters at once ("" for any; ``text`` None keeps the search text) and reload once."""
        widgets = (self._type_combo, self._status_combo, self._verdict_combo, self._search_edit)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self._type_combo.setCurrentIndex(max(0, self._type_combo.findData(record_type)))
            self._status_combo.setCurrentIndex(max(0, self._status_combo.findData(status)))
            self._verdict_combo.setCurrentIndex(max(0, self._verdict_combo.findData(verdict)))
            if text is not None:
                self._search_edit.setText(text)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.reload()

    def set_document_kind(self, kind: DocumentKind) -> None:
        """Choose what "print" and "save as PDF" produce."""
        self._document_combo.setCurrentIndex(self._document_combo.findData(kind.value))

    def set_print_layout(self, layout: PrintLayout) -> None:
        """Choose A4 or the 80 mm roll."""
        self._layout_combo.setCurrentIndex(self._layout_combo.findData(layout.value))

    def document_kind(self) -> DocumentKind:
        """What "print" and "save as PDF" produce."""
        return DocumentKind(str(self._document_combo.currentData()))

    def print_layout(self) -> PrintLayout:
        """The chosen layout."""
        return PrintLayout(str(self._layout_combo.currentData()))

    def tasks(self) -> list[TaskSummary]:
        """The open tasks offered for a new spot check."""
        return list(self._tasks)

    def select_task(self, code: str) -> None:
        """Choose the task a new spot check is for ("" for none)."""
        self._task_combo.setCurrentIndex(max(0, self._task_combo.findData(code)))

    def reload(self) -> None:
        """Run the query for the current filters."""
        self._filter_timer.stop()
        self._request += 1
        work = functools.partial(
            self._context.services.records.list,
            type=str(self._type_combo.currentData() or "") or None,
            status=str(self._status_combo.currentData() or "") or None,
            text=self._search_edit.text().strip(),
            limit=RECORDS_LIMIT + 1,
        )
        self._context.runner.run_query(work, functools.partial(self._on_loaded, self._request))

    def reload_tasks(self) -> None:
        """Read the open tasks (all of them: an inspector may sample for a task assigned to a colleague; those
        assigned to the inspector logged in are listed first)."""
        self._context.runner.run_query(self._context.services.tasks.open_tasks, self._on_tasks_loaded)

    def selected_rows(self) -> list[RecordSummary]:
        """The selected records, top to bottom as shown."""
        indexes = sorted(self._table.selectionModel().selectedRows(), key=lambda index: index.row())
        rows = [self._model.row_at(self._proxy.mapToSource(index)) for index in indexes]
        return [row for row in rows if row is not None]

    def select_records(self, record_ids: Sequence[str]) -> None:
        """Select the rows of ``record_ids`` (as a click with Ctrl would)."""
        selection = self._table.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        wanted = set(record_ids)
        for number, row in enumerate(self._model.rows):
            if row.id in wanted:
                selection.select(self._proxy.mapFromSource(self._model.index(number, 0)), flags)

    def open_selected(self) -> QWidget | None:
        """Open the spot check of the first selected record."""
        rows = self.selected_rows()
        if not rows:
            return None
        return self._launcher.open_record(rows[0].spot_check_id or rows[0].id)

    def start_new_spot_check(self) -> bool:
        """Start a draft for the chosen task (or from scratch) and open it when it is made."""
        task_code = str(self._task_combo.currentData() or "") or None
        return self._launcher.start_new(task_code)

    def print_selected(self) -> bool:
        """Render the chosen document of the selected records in the background, then open the print preview."""
        return self._render_selected(self._on_rendered_for_print)

    def save_selected_as_pdf(self) -> bool:
        """Render the chosen document of the selected records in the background, then ask where to save them."""
        return self._render_selected(self._on_rendered_for_save)

    def verify_certificate_file(self) -> CertificateVerificationDialog | None:
        """Ask for a certificate PDF (or a photo of its code) and check it."""
        path = prompts.choose_open_file(
            self, self.tr("打开证书"), self.tr("证书 PDF 或二维码图像") + f" ({CERTIFICATE_NAME_FILTER})"
        )
        if path is None:
            return None
        dialog = CertificateVerificationDialog.verify_file(
            self._context.services.certificates,
            self._context.runner,
            path,
            self.window(),
            language=self._context.translations.language,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.certificate_dialog_opened.emit(dialog)
        return dialog

    # --- slots -------------------------------------------------------------------------------------------

    def _render_selected(self, on_rendered: Callable[[RenderedDocuments], None]) -> bool:
        rows = self.selected_rows()
        if not rows:
            return False
        work = functools.partial(
            render_documents, self._context.services.spot_check, rows, self.document_kind(), self.print_layout()
        )
        self._context.runner.run_query(work, on_rendered)
        return True

    def _on_rendered_for_print(self, rendered: RenderedDocuments) -> None:
        self.documents_rendered.emit(rendered)
        self._report_skipped(rendered)
        printing.print_documents(self, rendered.documents, self.print_layout())

    def _on_rendered_for_save(self, rendered: RenderedDocuments) -> None:
        self.documents_rendered.emit(rendered)
        self._report_skipped(rendered)
        if not rendered.documents:
            return
        if len(rendered.documents) == 1:
            name = rendered.documents[0].title
        else:
            name = self.tr("%1 %n 份", "", len(rendered.documents)).replace("%1", self._document_kind_name())
        printing.save_documents_as_pdf(self, rendered.documents, _file_name(name) + ".pdf")

    def _report_skipped(self, rendered: RenderedDocuments) -> None:
        if not rendered.skipped:
            return
        language = self._context.translations.language
        lines = [
            f"{skipped.number}: {skipped.message_en if language == 'en' else skipped.message_zh}"
            for skipped in rendered.skipped
        ]
        prompts.show_information(
            self,
            self.tr("部分记录没有此文档"),
            self.tr("以下 %n 条记录没有“%1”，未包含在内：", "", len(lines)).replace("%1", self._document_kind_name())
            + "\n"
            + "\n".join(lines),
        )

    def _on_loaded(self, request: int, rows: list[RecordSummary]) -> None:
        if request != self._request:
            return  # a newer filter is on its way
        self._truncated = len(rows) > RECORDS_LIMIT
        self._all_rows = rows[:RECORDS_LIMIT]
        self._apply_verdict_filter()

    def _apply_verdict_filter(self) -> None:
        selected = {row.id for row in self.selected_rows()}
        verdict = str(self._verdict_combo.currentData() or "")
        rows = [row for row in self._all_rows if not verdict or row.verdict == verdict]
        self._model.set_rows(rows)
        self.select_records([row.id for row in rows if row.id in selected])
        self._update_buttons()
        self._show_count()
        self.loaded.emit(self._model.rowCount())

    def _on_tasks_loaded(self, tasks: list[TaskSummary]) -> None:
        chosen = str(self._task_combo.currentData() or "")
        session = self._context.sessions.session
        mine = {task.code for task in tasks if session is not None and session.inspector_id in task.inspector_ids}
        self._tasks = sorted(tasks, key=lambda task: task.code not in mine)  # stable: deadline order within each
        self._task_combo.blockSignals(True)
        self._task_combo.clear()
        self._task_combo.addItem(self.tr("不按任务（从零开始）"), "")
        for task in self._tasks:
            deadline = self.tr("，截止 %1").replace("%1", task.deadline.isoformat()) if task.deadline else ""
            assigned = self.tr("（分派给我）") if task.code in mine else ""
            self._task_combo.addItem(f"{task.code} {task.title}{deadline}{assigned}", task.code)
            tooltip = task.plan or task.title
            self._task_combo.setItemData(self._task_combo.count() - 1, tooltip, Qt.ItemDataRole.ToolTipRole)
        self._task_combo.setCurrentIndex(max(0, self._task_combo.findData(chosen)))
        self._task_combo.blockSignals(False)

    def _on_search_text_changed(self, _text: str) -> None:
        self._filter_timer.start()

    def _on_filter_changed(self, *_args: object) -> None:
        self.reload()

    def _on_verdict_filter_changed(self, *_args: object) -> None:
        self._apply_verdict_filter()

    def _on_changed(self, changes: Change) -> None:
        if changes & Change.SCANS:
            self.reload()
        if changes & Change.REFERENCE_DATA:
            self.reload_tasks()

    def _on_session_changed(self, _session: object) -> None:
        self.reload_tasks()
        self._update_buttons()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_row_double_clicked(self, index: QModelIndex) -> None:
        row = self._model.row_at(self._proxy.mapToSource(index))
        if row is not None:
            self._launcher.open_record(row.spot_check_id or row.id)

    def _on_new_button_clicked(self) -> None:
        self.start_new_spot_check()

    # --- text --------------------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        selected = bool(self._table.selectionModel().selectedRows())
        logged_in = self._context.sessions.session is not None
        self._open_button.setEnabled(selected and logged_in)
        self._print_button.setEnabled(selected)
        self._save_button.setEnabled(selected)
        self._new_button.setEnabled(logged_in)

    def _show_count(self) -> None:
        count = self._model.rowCount()
        if self._truncated:
            text = self.tr("显示最近的 %n 条记录（还有更多，请缩小筛选范围）", "", count)
        else:
            text = self.tr("共 %n 条记录", "", count)
        self._count_label.setText(text)

    def _document_kind_name(self) -> str:
        return self.tr("抽样单") if self.document_kind() is DocumentKind.SAMPLING_FORM else self.tr("检验证书")

    def _retranslate(self) -> None:
        self._labels["type"].setText(self.tr("类型"))
        self._labels["status"].setText(self.tr("状态"))
        self._labels["verdict"].setText(self.tr("结论"))
        self._labels["search"].setText(self.tr("查找"))
        self._labels["task"].setText(self.tr("抽查任务"))
        self._search_edit.setPlaceholderText(self.tr("编号、产品、被抽样单位、批号、商品条码或信用代码"))
        self._type_combo.setItemText(0, self.tr("全部"))
        for index, record_type in enumerate(RECORD_TYPES, start=1):
            self._type_combo.setItemText(index, record_type_name(record_type))
        self._status_combo.setItemText(0, self.tr("全部"))
        for index, status in enumerate(STATUSES, start=1):
            self._status_combo.setItemText(index, status_name(status))
        self._verdict_combo.setItemText(0, self.tr("全部"))
        for index, verdict in enumerate(VERDICTS, start=1):
            self._verdict_combo.setItemText(index, verdict_name(verdict))
        if self._task_combo.count():
            self._task_combo.setItemText(0, self.tr("不按任务（从零开始）"))
        self._new_button.setText(self.tr("新建抽查"))
        self._open_button.setText(self.tr("打开"))
        self._document_combo.setItemText(0, self.tr("抽样单"))
        self._document_combo.setItemText(1, self.tr("检验证书"))
        self._layout_combo.setItemText(0, self.tr("A4"))
        self._layout_combo.setItemText(1, self.tr("80 mm 卷纸"))
        self._print_button.setText(self.tr("打印…"))
        self._print_button.setToolTip(self.tr("打印所选记录的文档（可多选，一次打印）"))
        self._save_button.setText(self.tr("另存为 PDF…"))
        self._verify_button.setText(self.tr("核验证书…"))
        self._verify_button.setToolTip(self.tr("打开证书 PDF 或二维码照片，核验其真伪"))
        self._show_count()
        self._model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def _file_name(title: str) -> str:
    """``title`` made safe as a file name on every system (no path separators or reserved characters)."""
    cleaned = "".join("_" if character in '\\/:*?"<>|' or ord(character) < 32 else character for character in title)
    return cleaned.strip(" .") or "document"
