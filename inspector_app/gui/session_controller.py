"""Who is acting at the workstation: the login at start, the lock after idle time, logging out.

What an inspector records may end up in court, so every record names who made it: the window shows no page until
someone has logged in with badge number and password (``LoginDialog``), and after the idle time (the setting
``security.idle_minutes``, 10 minutes unless changed) it locks and asks for the password again. At the lock the
badge is filled in; another inspector may log in instead, which changes who is acting. "Log out" ends the session
and asks for a login again. The idle time is read from the setting at start and again at every login.

The dialogs open window-modal with ``open()``, never ``exec()``: the event loop keeps running (the task runner
delivers the password check) and tests drive the dialog the controller exposes as :attr:`login_dialog`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from inspector_app.gui.dialogs.login_dialog import LoginDialog
from inspector_app.gui.idle_lock import DEFAULT_IDLE_MINUTES, IdleLock, minutes_to_ms
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.services.identity_service import DEMO_PASSWORD, IdentityService, InspectorProfile, InspectorSession
from inspector_app.services.settings_service import SettingsService

logger = logging.getLogger(__name__)

#: The setting holding the idle time before the lock, in minutes (a positive number).
IDLE_MINUTES_KEY = "security.idle_minutes"
# Longest idle time accepted from the setting (and offered on the settings page): a lock that never comes is no lock,
# and past two hours a laptop left open in a shop is as good as unlocked.
MAX_IDLE_MINUTES = 120.0


def idle_minutes(value: str | None) -> float:
    """The idle time a stored setting asks for; the default for a missing or unusable value."""
    if value is None:
        return float(DEFAULT_IDLE_MINUTES)
    try:
        minutes = float(value.strip())
    except ValueError:
        logger.warning("setting %s is not a number (%r); the default applies", IDLE_MINUTES_KEY, value)
        return float(DEFAULT_IDLE_MINUTES)
    if not 0 < minutes <= MAX_IDLE_MINUTES:
        logger.warning("setting %s out of range (%r); the default applies", IDLE_MINUTES_KEY, value)
        return float(DEFAULT_IDLE_MINUTES)
    return minutes


def demo_hint(badges: Sequence[str]) -> str:
    """The notice of the demo workspace's login: which badge numbers and which password to use."""
    return (
        QCoreApplication.translate("SessionController", "演示工作区：执法证号 %1，密码 %2")
        .replace("%1", QCoreApplication.translate("SessionController", " 或 ").join(badges))
        .replace("%2", DEMO_PASSWORD)
    )


class SessionController(QObject):
    """Holds the logged-in :class:`InspectorSession` and runs the login, the idle lock and logout.

    Call :meth:`start` once the window shows. ``demo`` adds the demo badges and password to the login dialog.

    Signals:
        session_changed(object): the inspector acting now (``InspectorSession``), or ``None`` after logout.
        locked(): the idle time ran out; the pages are to be hidden until the password is given again.
        unlocked(object): the same inspector gave the password again (``InspectorSession`` of the new login).
        login_cancelled(): the first login was cancelled (the window closes).
    """

    session_changed = Signal(object)
    locked = Signal()
    unlocked = Signal(object)
    login_cancelled = Signal()

    def __init__(
        self,
        identity: IdentityService,
        settings: SettingsService,
        runner: TaskRunner,
        *,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._identity = identity
        self._settings = settings
        self._runner = runner
        self._demo = demo
        self._window: QWidget | None = None
        self._session: InspectorSession | None = None
        self._dialog: LoginDialog | None = None
        self._notice = ""
        self._demo_notice = ""
        self._locked = False
        self._idle_lock = IdleLock(parent=self)
        self._idle_lock.locked.connect(self._on_idle_locked)

    # --- state -------------------------------------------------------------------------------------------

    @property
    def session(self) -> InspectorSession | None:
        """Who is logged in, or ``None``."""
        return self._session

    @property
    def is_locked(self) -> bool:
        """Whether the workstation is locked (idle time, or the lock action) until the password is given again."""
        return self._locked

    @property
    def idle_lock(self) -> IdleLock:
        """The idle lock (its time comes from the setting)."""
        return self._idle_lock

    @property
    def login_dialog(self) -> LoginDialog | None:
        """The login dialog while it is open."""
        return self._dialog

    # --- actions -----------------------------------------------------------------------------------------

    def start(self, window: QWidget | None = None) -> None:
        """Read the idle time and ask for the first login, window-modal over ``window``."""
        self._window = window
        self._runner.run_query(self._read_idle_minutes, self._on_idle_minutes_loaded)
        if self._demo:
            # Queued after the start-up work (one worker, in order): the demo passwords exist by then.
            self._runner.run_query(self._identity.list_inspectors, self._on_inspectors_loaded)
        self._ask_for_login(badge_number="", allow_cancel=True)

    def log_out(self) -> None:
        """End the session and ask for a login again."""
        if self._session is None:
            return
        logger.info("inspector %s logged out", self._session.badge_number)
        self._idle_lock.stop()
        self._session = None
        self._locked = False
        self.session_changed.emit(None)
        self._ask_for_login(badge_number="", allow_cancel=True)

    def lock_now(self) -> None:
        """Lock at once, as if the idle time had run out (the "lock" action)."""
        if self._session is not None and not self.is_locked:
            self._idle_lock.stop()
            self._on_idle_locked()

    def set_idle_minutes(self, minutes: float) -> None:
        """Use another idle time from now on (the settings page saves it under :data:`IDLE_MINUTES_KEY`)."""
        self._idle_lock.set_idle_ms(minutes_to_ms(minutes))

    def shutdown(self) -> None:
        """Stop watching for idle time and close any open login dialog."""
        self._idle_lock.stop()
        if self._dialog is not None:
            self._dialog.finished.disconnect(self._on_dialog_finished)
            self._dialog.close()
            self._dialog = None

    # --- internals ---------------------------------------------------------------------------------------

    def _read_idle_minutes(self) -> float:
        return idle_minutes(self._settings.get(IDLE_MINUTES_KEY))

    def _on_idle_minutes_loaded(self, minutes: float) -> None:
        self.set_idle_minutes(minutes)

    def _on_inspectors_loaded(self, profiles: list[InspectorProfile]) -> None:
        badges = [profile.badge_number for profile in sorted(profiles, key=lambda p: p.id) if profile.has_password]
        self._demo_notice = demo_hint(badges[:2]) if badges else ""
        self._show_notice()

    def _ask_for_login(self, *, badge_number: str, allow_cancel: bool, notice: str = "") -> None:
        if self._dialog is not None:
            self._dialog.finished.disconnect(self._on_dialog_finished)
            self._dialog.close()
        self._notice = notice
        dialog = LoginDialog(
            self._identity.login,
            self._runner.run_query,
            badge_number=badge_number,
            allow_cancel=allow_cancel,
            parent=self._window,
        )
        dialog.setObjectName("sessionLoginDialog")
        # Application-modal: while nobody is logged in (or the lock is on) no window of the workstation takes input,
        # including a spot-check window open beside the main window.
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged_in.connect(self._on_logged_in)
        dialog.finished.connect(self._on_dialog_finished)
        self._dialog = dialog
        self._show_notice()
        dialog.open()

    def _show_notice(self) -> None:
        if self._dialog is not None:
            self._dialog.set_notice("\n".join(text for text in (self._notice, self._demo_notice) if text))

    def _on_logged_in(self, session: InspectorSession) -> None:
        previous = self._session
        self._session = session
        was_locked = self._locked
        self._locked = False
        self._idle_lock.start()
        # The setting may have changed since the last login (the settings page writes it).
        self._runner.run_query(self._read_idle_minutes, self._on_idle_minutes_loaded)
        if was_locked and previous is not None and previous.inspector_id == session.inspector_id:
            logger.info("workstation unlocked by %s", session.badge_number)
            self.unlocked.emit(session)
            return
        logger.info("inspector %s is acting", session.badge_number)
        self.session_changed.emit(session)

    def _on_dialog_finished(self, result: int) -> None:
        self._dialog = None
        if result != QDialog.DialogCode.Accepted.value and self._session is None:
            logger.info("login cancelled")
            self.login_cancelled.emit()

    def _on_idle_locked(self) -> None:
        session = self._session
        if session is None or self._locked:
            return
        self._locked = True
        logger.info("workstation locked")
        self.locked.emit()
        notice = QCoreApplication.translate(
            "SessionController", "工作站已锁定（闲置超时）。请 %1 重新输入密码，或由其他执法人员登录。"
        ).replace("%1", session.name)
        self._ask_for_login(badge_number=session.badge_number, allow_cancel=False, notice=notice)
