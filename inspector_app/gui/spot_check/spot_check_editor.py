"""The sampling form (抽样单) editor: every field of a ``SamplingRecord``, in the sections of the paper form.

The widgets are built from one table (:mod:`sampling_fields`), read back into a record through
``SamplingRecord.to_dict`` / ``from_dict``, and saved as a draft through the task runner. While the inspector
types, the service validates the form as it stands (after a short pause); every issue is listed with its field's
name and the service's message, and the field is outlined — red for errors, which block sealing, amber for
warnings, which the inspector may knowingly accept. The catalogue's sample and backup quantities for the product
kind are shown beside the quantity fields and can be taken over with one click.

"Seal" saves the draft and opens the :class:`SealDialog`. A sealed record (or one opened as sealed) is shown
read-only: sealed records are never edited again, only amended.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtMultimedia import QCameraDevice
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.spot_check import SamplingOutcome, SamplingRecord
from inspector_app.domain.spot_check_validation import ValidationIssue
from inspector_app.gui.dialogs.login_dialog import interface_language
from inspector_app.gui.display_text import domain_name
from inspector_app.gui.spot_check.optional_date_edit import OptionalDateEdit
from inspector_app.gui.spot_check.photo_strip import PhotoStrip
from inspector_app.gui.spot_check.sampling_fields import (
    FIELDS,
    OUTCOME_CHOICES,
    OUTCOME_SECTION,
    SECTIONS,
    FieldKind,
    FieldSpec,
    base_path,
    field_label,
    translate,
)
from inspector_app.gui.spot_check.seal_dialog import SealDialog
from inspector_app.gui.spot_check.spot_check_context import RECORD_CHANGES, SpotCheckContext
from inspector_app.gui.spot_check.validation_issue_table_model import (
    ERROR_COLOUR,
    WARNING_COLOUR,
    ValidationIssueTableModel,
)
from inspector_app.services.catalogue_browser import ProductKindRow
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.scan_service import FrameSource
from inspector_app.services.spot_check_service import SpotCheckView

logger = logging.getLogger(__name__)

#: The form is validated this long after the last keystroke.
VALIDATION_DELAY_MS = 500
#: Separators accepted between items of a list field (seal numbers): comma, semicolon, 、 and blanks.
_LIST_SPLIT = {", ": re.compile(r"[,，;；、\s]+"), " / ": re.compile(r"\s*[/／>]\s*")}
_ISSUE_PROPERTY = "issueLevel"


def _set_path(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, name = path.split(".")
    for part in parents:
        data = data[part]
    data[name] = value


def _get_path(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        data = data[part]
    return data


def _widget_name(path: str) -> str:
    return "field_" + path.replace(".", "_")


class SpotCheckEditor(QWidget):
    """The sampling form of one record (a spot check or an amendment of one), with its validation and photos.

    Load a record with :meth:`load` (by id, in the background) or :meth:`set_view`. ``session`` is the logged-in
    inspector, the first to sign. ``frame_source`` / ``camera_devices`` go to the photo strip's camera.

    Signals:
        saved(): the draft was saved.
        sealed(str): the record was sealed (its id).
        validated(list): the issues of the latest check (``ValidationIssue``), shown in the list.
        view_changed(SpotCheckView): a record was loaded.
        product_kind_found(object): the catalogue's product kind of the sample (``ProductKindRow``) or None.
        seal_dialog_opened(SealDialog): the sealing step opened.
    """

    saved = Signal()
    sealed = Signal(str)
    validated = Signal(list)
    view_changed = Signal(object)
    product_kind_found = Signal(object)
    seal_dialog_opened = Signal(object)

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
        self.setObjectName("SpotCheckEditor")
        self._context = context
        self._service = context.services.spot_check
        self._session = session
        self._view: SpotCheckView | None = None
        self._read_only = True
        self._loading = False
        self._edits = 0  # counts edits, so a save that finishes after more typing leaves the form "unsaved"
        self._saved_edits = 0
        self._kind: ProductKindRow | None = None
        self._kind_code_looked_up: str | None = None
        self._seal_dialog: SealDialog | None = None
        self._issues: list[ValidationIssue] = []

        self._widgets: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._groups: dict[str, QGroupBox] = {}

        self._banner = QLabel(self)
        self._banner.setObjectName("bannerLabel")
        self._banner.setWordWrap(True)
        self._banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --- the form ---
        form = QWidget()
        form_layout = QVBoxLayout(form)
        self._outcome_group = QButtonGroup(self)
        self._outcome_buttons: dict[str, QRadioButton] = {}
        self._inspectors_label = QLabel()
        self._inspectors_label.setObjectName("inspectorsLabel")
        self._inspectors_label.setWordWrap(True)
        self._inspectors_title = QLabel()
        self._kind_label = QLabel()
        self._kind_label.setObjectName("productKindLabel")
        self._kind_label.setWordWrap(True)
        self._apply_proposal_button = QPushButton()
        self._apply_proposal_button.setObjectName("applyProposalButton")
        self._proposal_labels: dict[str, QLabel] = {}
        for section in SECTIONS:
            group = self._build_section(section.key)
            self._groups[section.key] = group
            form_layout.addWidget(group)
        self._photos_group = QGroupBox()
        self._photo_strip = PhotoStrip(
            self._service, context.runner, frame_source=frame_source, camera_devices=camera_devices
        )
        photos_layout = QVBoxLayout(self._photos_group)
        photos_layout.addWidget(self._photo_strip)
        form_layout.addWidget(self._photos_group)
        form_layout.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setObjectName("formScrollArea")
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(form)

        # --- the issues ---
        self._issues_panel = QWidget(self)
        self._issue_summary = QLabel(self._issues_panel)
        self._issue_summary.setObjectName("issueSummaryLabel")
        self._issue_summary.setWordWrap(True)
        self._issue_model = ValidationIssueTableModel(self)
        self._issue_view = QTableView(self._issues_panel)
        self._issue_view.setObjectName("issueTable")
        self._issue_view.setModel(self._issue_model)
        self._issue_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._issue_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._issue_view.setWordWrap(True)
        self._issue_view.verticalHeader().setVisible(False)
        header = self._issue_view.horizontalHeader()
        header.setSectionResizeMode(ValidationIssueTableModel.COLUMN_LEVEL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ValidationIssueTableModel.COLUMN_FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        issues_layout = QVBoxLayout(self._issues_panel)
        issues_layout.setContentsMargins(0, 0, 0, 0)
        issues_layout.addWidget(self._issue_summary)
        issues_layout.addWidget(self._issue_view, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._scroll)
        splitter.addWidget(self._issues_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        # --- the buttons ---
        self._status = QLabel(self)
        self._status.setObjectName("statusLabel")
        self._validate_button = QPushButton(self)
        self._validate_button.setObjectName("validateButton")
        self._save_button = QPushButton(self)
        self._save_button.setObjectName("saveButton")
        self._seal_button = QPushButton(self)
        self._seal_button.setObjectName("sealButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self._status, 1)
        buttons.addWidget(self._validate_button)
        buttons.addWidget(self._save_button)
        buttons.addWidget(self._seal_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self._banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self._validation_timer = QTimer(self)
        self._validation_timer.setSingleShot(True)
        self._validation_timer.setInterval(VALIDATION_DELAY_MS)
        self._validation_timer.timeout.connect(self.validate_now)
        self._validate_button.clicked.connect(self.validate_now)
        self._save_button.clicked.connect(self._on_save_button_clicked)
        self._seal_button.clicked.connect(self.start_sealing)
        self._apply_proposal_button.clicked.connect(self.apply_proposed_quantities)
        self._issue_view.clicked.connect(self._on_issue_activated)
        self._issue_view.activated.connect(self._on_issue_activated)
        self._outcome_group.buttonToggled.connect(self._on_outcome_toggled)
        kind_edit = self._widgets["sample.product_kind_code"]
        assert isinstance(kind_edit, QLineEdit)
        kind_edit.editingFinished.connect(self._on_kind_code_edited)

        self._retranslate()
        self._apply_read_only(True)

    # --- building ----------------------------------------------------------------------------------------

    def _build_section(self, key: str) -> QGroupBox:
        group = QGroupBox()
        group.setObjectName(f"section_{key}")
        grid = QGridLayout(group)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row, column = 0, 0
        if key == OUTCOME_SECTION:
            outcome_row = QHBoxLayout()
            for choice in OUTCOME_CHOICES:
                button = QRadioButton(group)
                button.setObjectName(f"outcome_{choice.value}")
                self._outcome_group.addButton(button)
                self._outcome_buttons[choice.value] = button
                outcome_row.addWidget(button)
            outcome_row.addStretch(1)
            grid.addLayout(outcome_row, row, 0, 1, 4)
            row += 1
        if key == "sampling_unit":
            grid.addWidget(self._inspectors_title, row, 0)
            grid.addWidget(self._inspectors_label, row, 1, 1, 3)
            self._widgets["inspectors"] = self._inspectors_label
            self._labels["inspectors"] = self._inspectors_title
            row += 1
        for spec in FIELDS:
            if spec.section != key:
                continue
            label = QLabel(group)
            widget = self._make_widget(spec)
            label.setBuddy(widget)
            self._widgets[spec.path] = widget
            self._labels[spec.path] = label
            cell = self._cell(spec, widget)
            if spec.wide:
                if column:
                    row, column = row + 1, 0
                grid.addWidget(label, row, 0)
                grid.addWidget(cell, row, 1, 1, 3)
                row += 1
                continue
            grid.addWidget(label, row, column)
            grid.addWidget(cell, row, column + 1)
            column += 2
            if column == 4:
                row, column = row + 1, 0
            if spec.path == "sample.product_kind_code":
                # The catalogue's name of the kind and its proposal get a row of their own.
                if column:
                    row, column = row + 1, 0
                kind_row = QHBoxLayout()
                kind_row.addWidget(self._kind_label, 1)
                kind_row.addWidget(self._apply_proposal_button)
                grid.addLayout(kind_row, row, 1, 1, 3)
                row += 1
        return group

    def _cell(self, spec: FieldSpec, widget: QWidget) -> QWidget:
        if spec.path not in ("sample.sample_quantity", "sample.backup_quantity"):
            return widget
        cell = QWidget()
        cell_layout = QHBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        widget.setParent(cell)
        cell_layout.addWidget(widget, 1)
        proposal = QLabel(cell)
        proposal.setObjectName(f"proposal_{spec.path.rsplit('.', 1)[-1]}")
        proposal.setEnabled(False)  # greyed: a hint, not a value
        cell_layout.addWidget(proposal)
        self._proposal_labels[spec.path] = proposal
        return cell

    def _make_widget(self, spec: FieldSpec) -> QWidget:
        kind = spec.kind
        widget: QWidget
        if kind is FieldKind.MULTILINE:
            text = QPlainTextEdit()
            text.setFixedHeight(72)
            text.textChanged.connect(self._on_field_edited)
            widget = text
        elif kind is FieldKind.DATE:
            date = OptionalDateEdit()
            date.date_changed.connect(self._on_field_edited)
            widget = date
        elif kind is FieldKind.FLAG:
            check = QCheckBox()
            check.toggled.connect(self._on_field_edited)
            widget = check
        elif kind in (FieldKind.CHOICE, FieldKind.OPEN_CHOICE):
            combo = QComboBox()
            combo.setEditable(kind is FieldKind.OPEN_CHOICE)
            for choice in spec.choices:
                combo.addItem("", choice.value)
            combo.currentIndexChanged.connect(self._on_field_edited)
            if kind is FieldKind.OPEN_CHOICE:
                combo.editTextChanged.connect(self._on_field_edited)
            widget = combo
        else:
            edit = QLineEdit()
            if kind is FieldKind.NUMBER:
                edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,9}"), edit))
                edit.setMaximumWidth(140)
            edit.textChanged.connect(self._on_field_edited)
            widget = edit
        widget.setObjectName(_widget_name(spec.path))
        return widget

    # --- public ------------------------------------------------------------------------------------------

    @property
    def view(self) -> SpotCheckView | None:
        """The record shown (as last loaded or saved)."""
        return self._view

    @property
    def photo_strip(self) -> PhotoStrip:
        """The photos of the record."""
        return self._photo_strip

    @property
    def issue_model(self) -> ValidationIssueTableModel:
        """The issues listed."""
        return self._issue_model

    def field_widget(self, path: str) -> QWidget:
        """The widget editing the record field ``path`` (e.g. ``sample.lot_base``)."""
        return self._widgets[path]

    def issue_level(self, path: str) -> str | None:
        """How the field ``path`` is outlined: ``"error"``, ``"warning"`` or None."""
        level = self._widgets[path].property(_ISSUE_PROPERTY)
        return str(level) if level else None

    def issues(self) -> list[ValidationIssue]:
        """The issues of the latest check."""
        return list(self._issues)

    def is_read_only(self) -> bool:
        """Whether the record is shown without the means to change it (a sealed record)."""
        return self._read_only

    def is_modified(self) -> bool:
        """Whether the form has changes not saved yet."""
        return self._edits != self._saved_edits

    def product_kind(self) -> ProductKindRow | None:
        """The sample's product kind as the catalogue has it, once looked up."""
        return self._kind

    def product_kind_text(self) -> str:
        """What the form says about the sample's product kind (name, domain, proposal, licences)."""
        return self._kind_label.text()

    def proposal_text(self, path: str) -> str:
        """The catalogue's proposal shown beside ``sample.sample_quantity`` or ``sample.backup_quantity``."""
        return self._proposal_labels[path].text()

    def seal_dialog(self) -> SealDialog | None:
        """The sealing step, while it is open."""
        return self._seal_dialog

    def status_text(self) -> str:
        """The line beside the buttons ("已保存", "有未保存的修改"...)."""
        return self._status.text()

    def banner_text(self) -> str:
        """The notice above the form (draft, sealed, amendment and its reason)."""
        return self._banner.text()

    def load(self, record_id: str) -> None:
        """Load the record ``record_id`` in the background and show it."""
        self._context.runner.run_query(functools.partial(self._service.get, record_id), self.set_view)

    def set_view(self, view: SpotCheckView) -> None:
        """Show ``view``: its fields, photos and, for a draft, what validation finds; read-only when sealed."""
        self._view = view
        self._apply_read_only(view.sealed)
        self._fill(view.record)
        self._photo_strip.set_record(view.id, view.attachments, read_only=view.sealed)
        self._saved_edits = self._edits
        self._update_banner()
        self._update_status()
        self._look_up_kind(view.record.sample.product_kind_code)
        if view.sealed:
            self._validation_timer.stop()
            self._show_issues([])
        else:
            self.validate_now()
        self.view_changed.emit(view)

    def record(self) -> SamplingRecord:
        """The record as the form shows it now (fields not on the form, such as the inspectors, as loaded)."""
        if self._view is None:
            raise RuntimeError("no record is loaded")
        data = self._view.record.to_dict()
        checked = self._outcome_group.checkedButton()
        data["outcome"] = next(
            (value for value, button in self._outcome_buttons.items() if button is checked),
            data["outcome"],
        )
        for spec in FIELDS:
            _set_path(data, spec.path, self._value(spec))
        return SamplingRecord.from_dict(data)

    def set_outcome(self, outcome: SamplingOutcome) -> None:
        """Choose the outcome (抽样 / 抽样未果 / 拒签)."""
        self._outcome_buttons[outcome.value].setChecked(True)

    def validate_now(self) -> None:
        """Check the form as it stands (in the background) and list what the service finds."""
        self._validation_timer.stop()
        if self._view is None or self._read_only:
            return
        self._context.runner.run_query(
            functools.partial(self._service.validate_record, self.record(), self._view.id),
            functools.partial(self._on_validated, self._view.id),
        )

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save the draft (in the background); ``then()`` runs after it was saved."""
        if self._view is None or self._read_only:
            return
        edits = self._edits
        self._status.setText(self.tr("正在保存…"))
        self._context.runner.run_command(
            functools.partial(self._service.save_draft, self._view.id, self.record()),
            functools.partial(self._on_saved, edits, then),
            changes=RECORD_CHANGES,
            on_error=self._on_save_failed,
        )

    def start_sealing(self) -> None:
        """Save the draft, then open the sealing step (second inspector, signatures, seal)."""
        if self._view is None or self._read_only or self._seal_dialog is not None:
            return
        self.save(then=self._open_seal_dialog)

    def apply_proposed_quantities(self) -> None:
        """Fill in the catalogue's sample and backup quantities and their unit."""
        kind = self._kind
        if kind is None or self._read_only:
            return
        self._set_value("sample.sample_quantity", kind.sample_quantity)
        self._set_value("sample.backup_quantity", kind.backup_quantity)
        if kind.quantity_unit:
            self._set_value("sample.quantity_unit", kind.quantity_unit)

    # --- values ------------------------------------------------------------------------------------------

    def _value(self, spec: FieldSpec) -> Any:
        widget = self._widgets[spec.path]
        kind = spec.kind
        if kind is FieldKind.MULTILINE:
            assert isinstance(widget, QPlainTextEdit)
            return widget.toPlainText().strip()
        if kind is FieldKind.DATE:
            assert isinstance(widget, OptionalDateEdit)
            value = widget.date_value()
            return value.isoformat() if value is not None else None
        if kind is FieldKind.FLAG:
            assert isinstance(widget, QCheckBox)
            return widget.isChecked()
        if kind is FieldKind.CHOICE:
            assert isinstance(widget, QComboBox)
            return str(widget.currentData() or "")
        if kind is FieldKind.OPEN_CHOICE:
            assert isinstance(widget, QComboBox)
            return widget.currentText().strip()
        assert isinstance(widget, QLineEdit)
        text = widget.text().strip()
        if kind is FieldKind.NUMBER:
            return int(text) if text else None
        if kind is FieldKind.LIST:
            return [item for item in _LIST_SPLIT[spec.separator].split(text) if item]
        return text

    def _set_value(self, path: str, value: Any) -> None:
        spec = next(spec for spec in FIELDS if spec.path == path)
        widget = self._widgets[path]
        kind = spec.kind
        if kind is FieldKind.MULTILINE:
            assert isinstance(widget, QPlainTextEdit)
            widget.setPlainText(str(value or ""))
        elif kind is FieldKind.DATE:
            assert isinstance(widget, OptionalDateEdit)
            widget.set_date_value(dt.date.fromisoformat(value) if isinstance(value, str) else value)
        elif kind is FieldKind.FLAG:
            assert isinstance(widget, QCheckBox)
            widget.setChecked(bool(value))
        elif kind in (FieldKind.CHOICE, FieldKind.OPEN_CHOICE):
            assert isinstance(widget, QComboBox)
            index = widget.findData(str(value or ""))
            if index >= 0:
                widget.setCurrentIndex(index)
            elif kind is FieldKind.OPEN_CHOICE:
                widget.setEditText(str(value or ""))
        else:
            assert isinstance(widget, QLineEdit)
            if kind is FieldKind.LIST:
                widget.setText(spec.separator.join(value or ()))
            else:
                widget.setText("" if value is None else str(value))
            widget.setCursorPosition(0)

    def _fill(self, record: SamplingRecord) -> None:
        self._loading = True
        try:
            data = record.to_dict()
            for spec in FIELDS:
                self._set_value(spec.path, _get_path(data, spec.path))
            self._outcome_buttons[record.outcome.value].setChecked(True)
            self._update_inspectors(record)
            self._update_outcome_fields()
        finally:
            self._loading = False

    # --- reactions ---------------------------------------------------------------------------------------

    def _on_field_edited(self, *_args: object) -> None:
        if self._loading or self._read_only:
            return
        self._edits += 1
        self._update_status()
        self._validation_timer.start()

    def _on_outcome_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        self._update_outcome_fields()
        self._on_field_edited()

    def _on_save_button_clicked(self) -> None:
        self.save()

    def _on_saved(self, edits: int, then: Callable[[], None] | None, view: SpotCheckView) -> None:
        # The form keeps what is typed; only the record's own data (inspectors, attachments) comes from the view.
        self._view = view
        self._saved_edits = edits
        self._update_inspectors(view.record)
        self._update_status(saved=True)
        logger.info("draft %s saved", view.id)
        self.saved.emit()
        if then is not None:
            then()

    def _on_save_failed(self, _error: BaseException) -> None:
        self._update_status()

    def _open_seal_dialog(self) -> None:
        if self._view is None or self._view.sealed:
            return
        dialog = SealDialog(self._context, self._session, self._view, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sealed.connect(self._on_sealed)
        dialog.inspectors_assigned.connect(self._on_inspectors_assigned)
        dialog.finished.connect(self._on_seal_dialog_finished)
        self._seal_dialog = dialog
        dialog.open()
        self.seal_dialog_opened.emit(dialog)

    def _on_seal_dialog_finished(self, _result: int) -> None:
        self._seal_dialog = None

    def _on_inspectors_assigned(self, view: SpotCheckView) -> None:
        if self._view is None or view.id != self._view.id:
            return
        self._view = dataclasses.replace(
            self._view, record=self._view.record.replace(inspectors=view.record.inspectors)
        )
        self._update_inspectors(view.record)
        self.validate_now()

    def _on_sealed(self, view: SpotCheckView) -> None:
        self.set_view(view)
        self.sealed.emit(view.id)

    def _on_validated(self, record_id: str, issues: list[ValidationIssue]) -> None:
        if self._view is None or record_id != self._view.id or self._read_only:
            return
        self._show_issues(issues)

    def _on_issue_activated(self, index: QModelIndex) -> None:
        issue = self._issue_model.row_at(index)
        if issue is None:
            return
        widget = self._widgets.get(base_path(issue.field))
        if widget is None:
            group = self._groups.get(issue.field.split(".")[0].split("[")[0])
            if group is not None:
                self._scroll.ensureWidgetVisible(group)
            return
        self._scroll.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- product kind ------------------------------------------------------------------------------------

    def _on_kind_code_edited(self) -> None:
        widget = self._widgets["sample.product_kind_code"]
        assert isinstance(widget, QLineEdit)
        self._look_up_kind(widget.text())

    def _look_up_kind(self, code: str) -> None:
        code = code.strip()
        if code == self._kind_code_looked_up:
            return
        self._kind_code_looked_up = code
        if not code:
            self._on_kinds_found(code, [])
            return
        self._context.runner.run_query(
            functools.partial(self._context.services.catalogue_browser.product_kinds, search=code, limit=50),
            functools.partial(self._on_kinds_found, code),
        )

    def _on_kinds_found(self, code: str, rows: list[ProductKindRow]) -> None:
        if code != self._kind_code_looked_up:
            return
        self._kind = next((row for row in rows if row.code.casefold() == code.casefold()), None)
        self._update_kind_labels()
        self.product_kind_found.emit(self._kind)

    def _update_kind_labels(self) -> None:
        kind = self._kind
        code = self._kind_code_looked_up or ""
        if kind is None:
            self._kind_label.setText(self.tr("目录中没有产品类别 {code}").format(code=code) if code else "")
            for label in self._proposal_labels.values():
                label.setText("")
            self._apply_proposal_button.setVisible(False)
            return
        licences = [
            name for flag, name in ((kind.needs_sc, "SC"), (kind.needs_xk, "XK"), (kind.needs_ccc, "CCC")) if flag
        ]
        needs = self.tr("；须 {licences}").format(licences="、".join(licences)) if licences else ""
        self._kind_label.setText(
            self.tr("{name}（{domain}）：实施细则规定抽样 {sample} {unit}、备样 {backup} {unit}{needs}").format(
                name=kind.name,
                domain=domain_name(kind.domain),
                sample=kind.sample_quantity,
                backup=kind.backup_quantity,
                unit=kind.quantity_unit,
                needs=needs,
            )
        )
        self._proposal_labels["sample.sample_quantity"].setText(
            self.tr("建议 {count} {unit}").format(count=kind.sample_quantity, unit=kind.quantity_unit)
        )
        self._proposal_labels["sample.backup_quantity"].setText(
            self.tr("建议 {count} {unit}").format(count=kind.backup_quantity, unit=kind.quantity_unit)
        )
        self._apply_proposal_button.setVisible(not self._read_only)

    # --- looks -------------------------------------------------------------------------------------------

    def _show_issues(self, issues: list[ValidationIssue]) -> None:
        self._issues = list(issues)
        self._issue_model.set_rows(issues)
        for widget in self._widgets.values():
            if widget.property(_ISSUE_PROPERTY):
                self._outline(widget, None, "")
        by_widget: dict[str, list[ValidationIssue]] = {}
        for issue in issues:
            path = base_path(issue.field)
            if path in self._widgets:
                by_widget.setdefault(path, []).append(issue)
        language = interface_language()
        for path, found in by_widget.items():
            level = "error" if any(issue.is_error for issue in found) else "warning"
            self._outline(self._widgets[path], level, "\n".join(issue.message(language) for issue in found))
        self._update_issue_summary()
        self.validated.emit(list(issues))

    @staticmethod
    def _outline(widget: QWidget, level: str | None, tooltip: str) -> None:
        widget.setProperty(_ISSUE_PROPERTY, level or "")
        target = widget.date_edit if isinstance(widget, OptionalDateEdit) else widget
        if level is None:
            target.setStyleSheet("")
        else:
            colour = ERROR_COLOUR if level == "error" else WARNING_COLOUR
            target.setStyleSheet(f"{type(target).__name__} {{ border: 2px solid {colour}; border-radius: 3px; }}")
        target.setToolTip(tooltip)

    def _update_issue_summary(self) -> None:
        errors, warnings = self._issue_model.error_count, self._issue_model.warning_count
        if not errors and not warnings:
            text = self.tr("未发现问题。")
        else:
            text = self.tr("{errors} 个错误（须改正后才能签章封存），{warnings} 个提醒（请核实）。").format(
                errors=errors, warnings=warnings
            )
        self._issue_summary.setText(text)

    def _update_inspectors(self, record: SamplingRecord) -> None:
        people = [f"{person.name}（{person.badge_number}）" for person in record.inspectors]
        text = "、".join(people) if people else self.tr("（无）")
        if len(people) < 2 and not self._read_only:
            text += self.tr("。第二名抽样人员在签章封存时用本人密码确认。")
        self._inspectors_label.setText(text)

    def _update_outcome_fields(self) -> None:
        checked = self._outcome_group.checkedButton()
        failed = checked is self._outcome_buttons[SamplingOutcome.SAMPLING_FAILED.value]
        refused = checked is self._outcome_buttons[SamplingOutcome.REFUSED_TO_SIGN.value]
        for path, active in (("failure_reason", failed), ("refusal_reason", refused), ("witness", refused)):
            # A reason left over from another outcome stays visible (validation points at it) but greyed.
            self._widgets[path].setEnabled(active or bool(self._value_text(path)))
            self._labels[path].setEnabled(active)

    def _value_text(self, path: str) -> str:
        widget = self._widgets[path]
        return widget.text() if isinstance(widget, QLineEdit) else ""

    def _apply_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for spec in FIELDS:
            widget = self._widgets[spec.path]
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)
            elif isinstance(widget, OptionalDateEdit):
                widget.set_read_only(read_only)
            else:
                widget.setEnabled(not read_only)
        for radio in self._outcome_buttons.values():
            radio.setEnabled(not read_only)
        for button in (self._validate_button, self._save_button, self._seal_button):
            button.setVisible(not read_only)
        self._issues_panel.setVisible(not read_only)
        self._apply_proposal_button.setVisible(not read_only and self._kind is not None)
        if not read_only:
            self._update_outcome_fields()

    def _update_banner(self) -> None:
        view = self._view
        if view is None:
            self._banner.setText("")
            return
        number = view.record.basics.form_number or view.number
        if view.record_type == "amendment":
            if view.sealed:
                text = self.tr("更正记录 {number}（已签章封存）。更正原因：{reason}")
            else:
                text = self.tr("更正记录 {number}（草稿）：修改需要更正的内容后签章封存。更正原因：{reason}")
            text = text.format(number=number, reason=view.reason)
        elif view.sealed:
            sealed_at = view.sealed_at.strftime("%Y-%m-%d %H:%M") if view.sealed_at is not None else ""
            text = self.tr(
                "抽样单 {number} 已于 {time} 签章封存（内容摘要 {digest}…），不能再修改；如需更正，请新建更正记录。"
            ).format(number=number, time=sealed_at, digest=(view.content_hash or "")[:16])
        else:
            text = self.tr("抽样单 {number}（草稿）：可随时保存；签章封存后不能再修改。").format(number=number)
        self._banner.setText(text)

    def _update_status(self, *, saved: bool = False) -> None:
        if self._view is None or self._read_only:
            text = ""
        elif self.is_modified():
            text = self.tr("有未保存的修改")
        elif saved:
            text = self.tr("已保存")
        else:
            text = ""
        self._status.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        for section in SECTIONS:
            self._groups[section.key].setTitle(section.title())
        self._photos_group.setTitle(self.tr("照片"))
        for spec in FIELDS:
            self._labels[spec.path].setText(spec.label())
            widget = self._widgets[spec.path]
            if isinstance(widget, QComboBox):
                for index, choice in enumerate(spec.choices):
                    widget.setItemText(index, translate(choice.label_source) if choice.label_source else "")
        self._inspectors_title.setText(field_label("inspectors"))
        for choice in OUTCOME_CHOICES:
            self._outcome_buttons[choice.value].setText(translate(choice.label_source))
        self._validate_button.setText(self.tr("检查"))
        self._save_button.setText(self.tr("保存草稿"))
        self._seal_button.setText(self.tr("签章封存…"))
        self._apply_proposal_button.setText(self.tr("采用建议数量"))
        seal_numbers = self._widgets["sealing.seal_numbers"]
        assert isinstance(seal_numbers, QLineEdit)
        seal_numbers.setPlaceholderText(self.tr("多个编号用逗号分隔"))
        classification = self._widgets["basics.product_classification"]
        assert isinstance(classification, QLineEdit)
        classification.setPlaceholderText(self.tr("各级分类用 / 分隔"))
        self._issue_model.retranslate()
        self._update_issue_summary()
        self._update_kind_labels()
        self._update_banner()
        self._update_status()
        if self._view is not None:
            self._update_inspectors(self._view.record)
