"""The offline login: badge number (执法证号) and password, checked by the identity service off the GUI thread.

The dialog does not call the service itself on the GUI thread: it hands the check to ``run(work, on_result)``,
which the window wires to its task runner (``TaskRunner.run_query``); tests and simple callers use the default,
:func:`run_now`. The work returns the service's error instead of raising it, so a wrong password is shown inside the
dialog, under the fields, and never as a message box.

:class:`CredentialsForm` (fields, buttons, error line and the check) is shared with the second inspector's
confirmation dialog; each dialog owns its title and OK label. Composition rather than a subclass keeps every
``self.tr`` string in the context lupdate files it under (PySide6 looks strings up by the runtime class name).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QLocale, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import InspectorError
from inspector_app.services.identity_service import InspectorSession

logger = logging.getLogger(__name__)

#: ``login(badge_number, password)``: the service call (e.g. ``IdentityService.login``); raises on failure.
Authenticate = Callable[[str, str], InspectorSession]
#: ``run(work, on_result)``: runs ``work()`` somewhere and calls ``on_result(value)`` on the GUI thread.
Runner = Callable[[Callable[[], object], Callable[[object], None]], object]


def run_now(work: Callable[[], object], on_result: Callable[[object], None]) -> None:
    """A :data:`Runner` that runs ``work`` at once, on the calling thread."""
    on_result(work())


def attempt(authenticate: Authenticate, badge_number: str, password: str) -> object:
    """Call ``authenticate``; its session, or the exception it raised. Runs off the GUI thread: touches no widget."""
    try:
        return authenticate(badge_number, password)
    except Exception as error:  # handed back to the GUI thread, which shows it in the dialog
        return error


def interface_language() -> str:
    """``"en"`` when the interface speaks English (the translations set Qt's default locale), else ``"zh"``."""
    return "en" if QLocale().language() == QLocale.Language.English else "zh"


class CredentialsForm(QWidget):
    """Badge number, password, OK/Cancel and the error line: what the login and the confirmation dialogs share.

    OK (or Enter) hands ``authenticate(badge, password)`` to ``run``; OK stays disabled until both are typed and
    while a check is running. A refusal shows the service's message (in the interface language) under the fields,
    clears the password and leaves the form ready for another try.

    Signals:
        succeeded(object): the ``InspectorSession`` of a successful check.
        failed(str): a check was refused; the message shown.
        cancelled(): Cancel was clicked.
    """

    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        authenticate: Authenticate,
        run: Runner = run_now,
        *,
        allow_cancel: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("credentialsForm")
        self._authenticate = authenticate
        self._run = run
        self._busy = False
        self._ok_text = ""

        self._notice_label = QLabel(self)
        self._notice_label.setObjectName("noticeLabel")
        self._notice_label.setWordWrap(True)
        self._notice_label.hide()
        self._badge_edit = QLineEdit(self)
        self._badge_edit.setObjectName("badgeEdit")
        self._badge_edit.setMaxLength(40)
        self._password_edit = QLineEdit(self)
        self._password_edit.setObjectName("passwordEdit")
        self._password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._password_edit.setMaxLength(256)
        self._error_label = QLabel(self)
        self._error_label.setObjectName("errorLabel")
        self._error_label.setWordWrap(True)
        self._error_label.setStyleSheet("color: #c62828;")
        self._error_label.hide()
        buttons = QDialogButtonBox.StandardButton.Ok
        if allow_cancel:
            buttons |= QDialogButtonBox.StandardButton.Cancel
        self._buttons = QDialogButtonBox(buttons, parent=self)
        self._buttons.setObjectName("buttons")

        self._badge_label = QLabel(self)
        self._password_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self._badge_label, self._badge_edit)
        form.addRow(self._password_label, self._password_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._notice_label)
        layout.addLayout(form)
        layout.addWidget(self._error_label)
        layout.addWidget(self._buttons)

        self._buttons.accepted.connect(self.submit)
        self._buttons.rejected.connect(self.cancelled)
        self._badge_edit.textChanged.connect(self._update_buttons)
        self._password_edit.textChanged.connect(self._update_buttons)
        self._retranslate()
        self._update_buttons()

    # --- public ------------------------------------------------------------------------------------------

    def set_badge_number(self, badge_number: str) -> None:
        """Pre-fill the badge number and put the cursor into the password field."""
        self._badge_edit.setText(badge_number)
        (self._password_edit if badge_number else self._badge_edit).setFocus()

    def set_notice(self, text: str) -> None:
        """Show ``text`` above the fields; empty hides it."""
        self._notice_label.setText(text)
        self._notice_label.setVisible(bool(text))

    def set_ok_text(self, text: str) -> None:
        """The label of the OK button ("登录", "确认"...)."""
        self._ok_text = text
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(text)

    def error_message(self) -> str:
        """The error shown under the fields, or ""."""
        return self._error_label.text() if not self._error_label.isHidden() else ""

    def is_busy(self) -> bool:
        """Whether a check is running."""
        return self._busy

    def submit(self) -> None:
        """Start the check with what is typed (nothing happens while one runs or a field is empty)."""
        badge_number = self._badge_edit.text().strip()
        password = self._password_edit.text()
        if self._busy or not badge_number or not password:
            return
        self._set_busy(True)
        self._show_error("")
        self._run(functools.partial(attempt, self._authenticate, badge_number, password), self._on_result)

    # --- internals ---------------------------------------------------------------------------------------

    def _on_result(self, result: object) -> None:
        self._set_busy(False)
        self._password_edit.clear()
        if isinstance(result, InspectorSession):
            self.succeeded.emit(result)
            return
        if isinstance(result, InspectorError):
            message = result.user_message(interface_language())
        else:
            error = result if isinstance(result, BaseException) else None
            logger.error(
                "the credentials check failed unexpectedly: %r",
                result,
                exc_info=(type(error), error, error.__traceback__) if error is not None else None,
            )
            message = self.tr("发生意外错误，详细信息已写入日志。请重试或联系技术支持。")
        self._password_edit.setFocus()
        self._show_error(message)
        self.failed.emit(message)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._badge_edit.setEnabled(not busy)
        self._password_edit.setEnabled(not busy)
        self._update_buttons()

    def _show_error(self, message: str) -> None:
        self._error_label.setText(message)
        self._error_label.setVisible(bool(message))

    def _update_buttons(self) -> None:
        ready = bool(self._badge_edit.text().strip() and self._password_edit.text()) and not self._busy
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def _retranslate(self) -> None:
        self._badge_label.setText(self.tr("执法证号"))
        self._password_label.setText(self.tr("密码"))
        self._badge_edit.setPlaceholderText(self.tr("请输入执法证号"))
        self._password_edit.setPlaceholderText(self.tr("请输入密码"))
        if self._ok_text:
            self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self._ok_text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


class LoginDialog(QDialog):
    """Asks for a badge number and password and logs the inspector in.

    The dialog closes (accepted) only after a successful login. With ``allow_cancel=False`` (the lock screen after
    idle time) there is no Cancel button and Esc does nothing. ``notice`` is shown above the fields (e.g. why the
    workstation was locked); ``badge_number`` pre-fills the badge.

    Signals:
        logged_in(object): the ``InspectorSession`` of a successful login, emitted just before the dialog closes.
        login_failed(str): a login was refused; the message shown.
    """

    logged_in = Signal(object)
    login_failed = Signal(str)

    def __init__(
        self,
        login: Authenticate,
        run: Runner = run_now,
        *,
        badge_number: str = "",
        notice: str = "",
        allow_cancel: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LoginDialog")
        self._allow_cancel = allow_cancel
        self._session: InspectorSession | None = None
        self._form = CredentialsForm(login, run, allow_cancel=allow_cancel, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._form)
        self._form.succeeded.connect(self._on_succeeded)
        self._form.failed.connect(self.login_failed)
        self._form.cancelled.connect(self.reject)
        self._retranslate()
        self._form.set_notice(notice)
        self._form.set_badge_number(badge_number)
        self.resize(380, self.sizeHint().height())

    def session(self) -> InspectorSession | None:
        """The session of the successful login, once there was one."""
        return self._session

    def set_notice(self, text: str) -> None:
        """Show ``text`` above the fields; empty hides it."""
        self._form.set_notice(text)

    def error_message(self) -> str:
        """The error shown under the fields, or ""."""
        return self._form.error_message()

    def is_busy(self) -> bool:
        """Whether a login check is running."""
        return self._form.is_busy()

    def accept(self) -> None:
        """Start the login check (OK or Enter); the dialog closes only when it succeeds."""
        self._form.submit()

    def reject(self) -> None:
        if self._allow_cancel:
            super().reject()

    def _on_succeeded(self, session: InspectorSession) -> None:
        self._session = session
        self.logged_in.emit(session)
        super().accept()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("执法人员登录"))
        self._form.set_ok_text(self.tr("登录"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
