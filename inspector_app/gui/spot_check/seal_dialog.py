"""Sealing a sampling record (签章封存): two inspectors and the sampled party sign, then the record is fixed for good.

The first inspector is the one logged in. The second confirms with their own badge number and password
(:class:`ConfirmInspectorDialog`); both are then put on the form (``assign_inspectors``). Both inspectors sign on a
signature pad, and so does the sampled party — unless it refused to sign (the reason is on the form) or the
sampling failed. "Seal" stores the three signatures as attachments and calls ``SpotCheckService.seal``, which
hashes and signs the record; from then on it never changes.

What stands in the way is said in plain words inside the dialog, never as a bare error code: a missing
confirmation or signature before anything is sent, and the service's reasons (validation errors, a signer who is
not on the form...) when it refuses.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import InspectorError, WorkflowError
from inspector_app.domain.spot_check import SamplingOutcome
from inspector_app.domain.spot_check_validation import ValidationIssue
from inspector_app.gui.dialogs.confirm_inspector_dialog import ConfirmInspectorDialog
from inspector_app.gui.dialogs.login_dialog import interface_language
from inspector_app.gui.spot_check.sampling_fields import field_label
from inspector_app.gui.spot_check.signature_pad import SignaturePad
from inspector_app.gui.spot_check.spot_check_context import RECORD_CHANGES, SpotCheckContext
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.spot_check_service import (
    ROLE_SIGNATURE_INSPECTOR_1,
    ROLE_SIGNATURE_INSPECTOR_2,
    ROLE_SIGNATURE_PARTY,
    SpotCheckService,
    SpotCheckView,
)

logger = logging.getLogger(__name__)

_PROBLEM_COLOUR = "#c62828"


def _seal(
    service: SpotCheckService,
    record_id: str,
    first: InspectorSession,
    second: InspectorSession,
    signatures: Sequence[tuple[str, bytes]],
) -> SpotCheckView | InspectorError:
    """Store the signatures and seal; the service's refusal is returned, not raised, so the dialog can explain it.

    Runs on the worker thread.
    """
    try:
        for role, png in signatures:
            service.add_attachment(record_id, role, png, "image/png", f"{role}.png")
        return service.seal(record_id, first, second)
    except InspectorError as error:
        return error


class SealDialog(QDialog):
    """Second inspector's confirmation, the signatures, and the seal of one draft sampling record.

    Open it with ``open()``. It closes (accepted) once the record is sealed.

    Signals:
        sealed(SpotCheckView): the record was sealed.
        inspectors_assigned(SpotCheckView): both inspectors were put on the form (the draft changed).
        refused(list): sealing was refused; the reasons shown, in the interface language.
        confirm_dialog_opened(ConfirmInspectorDialog): the second inspector's confirmation opened.
    """

    sealed = Signal(object)
    inspectors_assigned = Signal(object)
    refused = Signal(list)
    confirm_dialog_opened = Signal(object)

    def __init__(
        self,
        context: SpotCheckContext,
        first: InspectorSession,
        view: SpotCheckView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SealDialog")
        self._context = context
        self._service = context.services.spot_check
        self._first = first
        self._second: InspectorSession | None = None
        self._view = view
        self._busy = False
        self._problems: list[str] = []
        self._confirm_dialog: ConfirmInspectorDialog | None = None
        outcome = view.record.outcome

        self._intro = QLabel(self)
        self._intro.setWordWrap(True)
        self._first_label = QLabel(self)
        self._first_label.setObjectName("firstInspectorLabel")
        self._second_label = QLabel(self)
        self._second_label.setObjectName("secondInspectorLabel")
        self._confirm_button = QPushButton(self)
        self._confirm_button.setObjectName("confirmSecondButton")

        self._pads: dict[str, SignaturePad] = {}
        self._pad_titles: dict[str, QLabel] = {}
        self._clear_buttons: dict[str, QPushButton] = {}
        signatures = QGroupBox(self)
        self._signatures_box = signatures
        grid = QGridLayout(signatures)
        for row, role in enumerate((ROLE_SIGNATURE_INSPECTOR_1, ROLE_SIGNATURE_INSPECTOR_2, ROLE_SIGNATURE_PARTY)):
            title = QLabel(signatures)
            pad = SignaturePad(signatures)
            pad.setObjectName(f"pad_{role}")
            clear = QPushButton(signatures)
            clear.setObjectName(f"clear_{role}")
            clear.clicked.connect(pad.clear)
            grid.addWidget(title, row * 2, 0, 1, 2)
            grid.addWidget(pad, row * 2 + 1, 0)
            grid.addWidget(clear, row * 2 + 1, 1, Qt.AlignmentFlag.AlignTop)
            self._pads[role], self._pad_titles[role], self._clear_buttons[role] = pad, title, clear
        self._party_note = QLabel(signatures)
        self._party_note.setObjectName("partyNote")
        self._party_note.setWordWrap(True)
        grid.addWidget(self._party_note, 6, 0, 1, 2)
        party_signs = outcome is SamplingOutcome.SAMPLED
        self._pads[ROLE_SIGNATURE_PARTY].setVisible(party_signs)
        self._clear_buttons[ROLE_SIGNATURE_PARTY].setVisible(party_signs)
        self._party_note.setVisible(not party_signs)

        self._problems_label = QLabel(self)
        self._problems_label.setObjectName("problemsLabel")
        self._problems_label.setWordWrap(True)
        self._problems_label.setTextFormat(Qt.TextFormat.RichText)
        self._problems_label.hide()
        self._status = QLabel(self)
        self._status.setObjectName("statusLabel")
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self._buttons.setObjectName("buttons")

        second_row = QHBoxLayout()
        second_row.addWidget(self._second_label, 1)
        second_row.addWidget(self._confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(self._first_label)
        layout.addLayout(second_row)
        layout.addWidget(signatures)
        layout.addWidget(self._problems_label)
        layout.addWidget(self._status)
        layout.addWidget(self._buttons)

        self._confirm_button.clicked.connect(self.confirm_second_inspector)
        self._buttons.accepted.connect(self.seal)
        self._buttons.rejected.connect(self.reject)
        self._retranslate()
        self._update_buttons()
        self.resize(680, self.sizeHint().height())
        # What validation still finds is shown at once: the inspectors see it before they sign.
        context.runner.run_query(functools.partial(self._service.validate, view.id), self._on_validated)

    # --- public ------------------------------------------------------------------------------------------

    @property
    def view(self) -> SpotCheckView:
        """The record being sealed (as last saved)."""
        return self._view

    def second(self) -> InspectorSession | None:
        """The second inspector, once confirmed."""
        return self._second

    def pad(self, role: str) -> SignaturePad:
        """The signature pad of ``role`` (``signature_inspector_1`` / ``_2`` / ``signature_party``)."""
        return self._pads[role]

    def confirm_dialog(self) -> ConfirmInspectorDialog | None:
        """The second inspector's confirmation dialog, while it is open."""
        return self._confirm_dialog

    def problems(self) -> list[str]:
        """What stands in the way, as last shown."""
        return list(self._problems)

    def is_busy(self) -> bool:
        """Whether the seal is being made."""
        return self._busy

    def confirm_second_inspector(self) -> None:
        """Ask the second inspector for their badge number and password."""
        dialog = ConfirmInspectorDialog(
            self._first, self._context.services.identity.confirm_second_inspector, self._context.runner.run_query, self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.confirmed.connect(self._on_second_confirmed)
        dialog.finished.connect(self._on_confirm_finished)
        self._confirm_dialog = dialog
        dialog.open()
        self.confirm_dialog_opened.emit(dialog)

    def seal(self) -> None:
        """Check that everyone has confirmed and signed, then store the signatures and seal (in the background)."""
        if self._busy:
            return
        problems = self._local_problems()
        if problems:
            self._show_problems(problems, refused=True)
            return
        assert self._second is not None
        roles = [ROLE_SIGNATURE_INSPECTOR_1, ROLE_SIGNATURE_INSPECTOR_2]
        if self._view.record.outcome is SamplingOutcome.SAMPLED:
            roles.append(ROLE_SIGNATURE_PARTY)
        signatures = [(role, self._pads[role].to_png()) for role in roles]
        self._set_busy(True)
        self._show_problems([])
        logger.info("sealing %s", self._view.id)
        self._context.runner.run_command(
            functools.partial(_seal, self._service, self._view.id, self._first, self._second, signatures),
            self._on_seal_result,
            changes=RECORD_CHANGES,
            on_error=self._on_seal_failed,
        )

    # --- steps -------------------------------------------------------------------------------------------

    def _local_problems(self) -> list[str]:
        problems = []
        if self._second is None:
            problems.append(self.tr("第二名抽样人员尚未用本人的执法证号和密码确认。请点击“第二名执法人员确认”。"))
        if self._pads[ROLE_SIGNATURE_INSPECTOR_1].is_empty():
            problems.append(self.tr("缺少第一抽样人（{name}）的签名。").format(name=self._first.name))
        if self._pads[ROLE_SIGNATURE_INSPECTOR_2].is_empty():
            problems.append(self.tr("缺少第二抽样人的签名。"))
        if self._view.record.outcome is SamplingOutcome.SAMPLED and self._pads[ROLE_SIGNATURE_PARTY].is_empty():
            problems.append(
                self.tr("缺少被抽样单位的签名。如对方拒绝签字，请在抽样单中选择“被抽样单位拒签”并写明原因。")
            )
        return problems

    def _on_second_confirmed(self, second: InspectorSession) -> None:
        self._second = second
        self._retranslate()
        self._context.runner.run_command(
            functools.partial(self._service.assign_inspectors, self._view.id, self._first, second),
            self._on_inspectors_assigned,
            changes=RECORD_CHANGES,
        )

    def _on_confirm_finished(self, _result: int) -> None:
        self._confirm_dialog = None

    def _on_inspectors_assigned(self, view: SpotCheckView) -> None:
        self._view = view
        self.inspectors_assigned.emit(view)
        # The form now names both inspectors: what validation said about them may have gone.
        self._context.runner.run_query(functools.partial(self._service.validate, view.id), self._on_validated)

    def _on_validated(self, issues: list[ValidationIssue]) -> None:
        if self._busy:
            return
        errors = [issue for issue in issues if issue.is_error]
        if errors:
            language = interface_language()
            lines = [f"{field_label(issue.field)}：{issue.message(language)}" for issue in errors]
            self._show_problems(lines, header=self.tr("抽样单还有以下问题，须先改正才能签章封存："))
        else:
            self._show_problems([])

    def _on_seal_result(self, result: SpotCheckView | InspectorError) -> None:
        self._set_busy(False)
        if isinstance(result, SpotCheckView):
            self._view = result
            logger.info("record %s sealed", result.id)
            self.sealed.emit(result)
            self.accept()
            return
        language = interface_language()
        if isinstance(result, WorkflowError):
            lines = [en if language == "en" else zh for zh, en in result.problems]
        else:
            lines = [result.user_message(language)]
        logger.info("sealing %s refused: %s", self._view.id, result)
        self._show_problems(lines, header=self.tr("未能签章封存："), refused=True)

    def _on_seal_failed(self, _error: BaseException) -> None:
        self._set_busy(False)

    # --- looks -------------------------------------------------------------------------------------------

    def _show_problems(self, problems: list[str], *, header: str = "", refused: bool = False) -> None:
        self._problems = ([header] if header and problems else []) + list(problems)
        if not problems:
            self._problems_label.hide()
            return
        items = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
        head = f"<p>{html.escape(header)}</p>" if header else ""
        self._problems_label.setText(f"<div style='color:{_PROBLEM_COLOUR}'>{head}<ul>{items}</ul></div>")
        self._problems_label.show()
        if refused:
            self.refused.emit(self.problems())

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._status.setText(self.tr("正在签章封存…") if busy else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not self._busy)
        self._confirm_button.setEnabled(not self._busy)
        for pad in self._pads.values():
            pad.set_read_only(self._busy)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        record = self._view.record
        self.setWindowTitle(self.tr("签章封存 {number}").format(number=record.basics.form_number or self._view.number))
        self._intro.setText(
            self.tr(
                "签章封存后，抽样单的内容即被计算摘要并以本机密钥签名，此后不能再修改；如需更正，须另建更正记录。"
                "请两名抽样人员和被抽样单位核对抽样单后签名。"
            )
        )
        self._first_label.setText(
            self.tr("第一抽样人：{name}（执法证号 {badge}）").format(
                name=self._first.name, badge=self._first.badge_number
            )
        )
        if self._second is None:
            self._second_label.setText(self.tr("第二抽样人：尚未确认"))
        else:
            self._second_label.setText(
                self.tr("第二抽样人：{name}（执法证号 {badge}），已用本人密码确认").format(
                    name=self._second.name, badge=self._second.badge_number
                )
            )
        self._confirm_button.setText(self.tr("第二名执法人员确认…"))
        self._signatures_box.setTitle(self.tr("签名"))
        self._pad_titles[ROLE_SIGNATURE_INSPECTOR_1].setText(
            self.tr("第一抽样人签名（{name}）").format(name=self._first.name)
        )
        second_name = self._second.name if self._second is not None else self.tr("待确认")
        self._pad_titles[ROLE_SIGNATURE_INSPECTOR_2].setText(
            self.tr("第二抽样人签名（{name}）").format(name=second_name)
        )
        site = record.sampled_site.name or self.tr("被抽样单位")
        self._pad_titles[ROLE_SIGNATURE_PARTY].setText(self.tr("被抽样单位签名（{site}）").format(site=site))
        if record.outcome is SamplingOutcome.REFUSED_TO_SIGN:
            self._party_note.setText(
                self.tr("被抽样单位拒绝签字，原因：{reason}。无需其签名，拒签情况随抽样单一并封存。").format(
                    reason=record.refusal_reason or self.tr("（未填写）")
                )
            )
        elif record.outcome is SamplingOutcome.SAMPLING_FAILED:
            self._party_note.setText(
                self.tr("抽样未果（{reason}）：无需被抽样单位签名。").format(
                    reason=record.failure_reason or self.tr("原因未填写")
                )
            )
        for pad in self._pads.values():
            pad.set_hint(self.tr("请在此签名"))
        for button in self._clear_buttons.values():
            button.setText(self.tr("重签"))
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("签章封存"))
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
