"""The second inspector of a spot check confirms with their own badge number and password on the same laptop.

A spot check needs two distinct inspectors (DOMAIN.md §2). The first is the one logged in; this dialog shows who
that is and asks the second for their own credentials. The check itself is the service's
(``IdentityService.confirm_second_inspector``), which refuses the first inspector again with ``SameInspectorError``;
like the login dialog, it runs through ``run`` (the window's task runner) and its refusals appear in the dialog.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from inspector_app.gui.dialogs.login_dialog import CredentialsForm, Runner, run_now
from inspector_app.services.identity_service import InspectorSession

logger = logging.getLogger(__name__)

#: ``confirm(first, badge_number, password)``: the service call; raises on failure.
Confirm = Callable[[InspectorSession, str, str], InspectorSession]


class ConfirmInspectorDialog(QDialog):
    """Asks the second inspector for their badge number and password.

    ``confirm(first, badge_number, password)`` is the service call (``IdentityService.confirm_second_inspector``).
    The dialog closes (accepted) only after a successful confirmation; read :meth:`second` or connect
    ``confirmed``.

    Signals:
        confirmed(object): the second inspector's ``InspectorSession``, emitted just before the dialog closes.
        confirmation_failed(str): a confirmation was refused; the message shown.
    """

    confirmed = Signal(object)
    confirmation_failed = Signal(str)

    def __init__(
        self,
        first: InspectorSession,
        confirm: Confirm,
        run: Runner = run_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ConfirmInspectorDialog")
        self._first = first
        self._second: InspectorSession | None = None
        self._first_label = QLabel(self)
        self._first_label.setObjectName("firstInspectorLabel")
        self._first_label.setWordWrap(True)
        self._form = CredentialsForm(functools.partial(confirm, first), run, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._first_label)
        layout.addWidget(self._form)
        self._form.succeeded.connect(self._on_succeeded)
        self._form.failed.connect(self.confirmation_failed)
        self._form.cancelled.connect(self.reject)
        self._retranslate()
        self._form.set_badge_number("")
        self.resize(420, self.sizeHint().height())

    @property
    def first(self) -> InspectorSession:
        """The first inspector (the one logged in)."""
        return self._first

    def second(self) -> InspectorSession | None:
        """The second inspector, once confirmed."""
        return self._second

    def error_message(self) -> str:
        """The error shown under the fields, or ""."""
        return self._form.error_message()

    def accept(self) -> None:
        """Start the check (OK or Enter); the dialog closes only when it succeeds."""
        self._form.submit()

    def _on_succeeded(self, second: InspectorSession) -> None:
        self._second = second
        logger.info("second inspector %s confirmed", second.badge_number)
        self.confirmed.emit(second)
        super().accept()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("第二检查人员确认"))
        self._first_label.setText(
            self.tr(
                "第一检查人员：{name}（{badge}）。抽样须由两名执法人员进行，请第二名执法人员输入本人的执法证号和密码。"
            ).format(name=self._first.name, badge=self._first.badge_number)
        )
        self._form.set_ok_text(self.tr("确认"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
