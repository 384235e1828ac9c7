"""Fixtures for the records, home, printing, verification and login tests: a demo workspace with sealed spot checks,
results and certificates (made once through the real services, copied for each test), and its services."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from records_support import DemoStore, RecordingOpener, demo_services

from inspector_app.gui.application import Application
from inspector_app.gui.change_bus import ChangeBus
from inspector_app.gui.page_context import PageContext
from inspector_app.gui.scan_session import ScanSession
from inspector_app.gui.session_controller import SessionController
from inspector_app.gui.spot_check.spot_check_window import SpotCheckWindow
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.certificate_service import CertificateService
from inspector_app.services.demo_spot_checks import ensure_demo_spot_checks
from inspector_app.services.identity_service import IdentityService, InspectorSession
from inspector_app.services.records_service import RecordsService
from inspector_app.services.spot_check_service import SpotCheckService
from inspector_app.services.trust_service import TrustService
from inspector_app.services.workspace import DEMO_SUBDIR, open_workspace

# The spot-check window and the camera page import Qt Multimedia, which reports the optional libraries it does not
# find; on a test machine that is expected, not a failure. pytest-qt honours only the closest ``qt_log_ignore`` mark,
# so the offscreen notice ignored for every GUI test is repeated here.
_EXPECTED_NOTICES = (
    "This plugin does not support propagateSizeHints",
    "Couldn't load ",
    "Couldn't resolve ",
    "PulseAudioService",
    "pa_context",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the environment's expected Qt notices in these tests."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*_EXPECTED_NOTICES))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workspace with its sealed spot checks, made once per test session through the real services."""
    data_dir = tmp_path_factory.mktemp("demo-template") / DEMO_SUBDIR
    workspace = open_workspace(data_dir)
    try:
        summary = ensure_demo_spot_checks(workspace, DeviceKeys.load_or_create(data_dir))
        assert summary is not None and summary.certificates >= 2
    finally:
        workspace.close()
    return data_dir


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Iterator[DemoStore]:
    """A private copy of the demo workspace (database, attachments and device key)."""
    data_dir = tmp_path / DEMO_SUBDIR
    shutil.copytree(demo_template, data_dir)
    workspace = open_workspace(data_dir)
    keys = DeviceKeys.load_or_create(data_dir)
    trust = TrustService(workspace.database, keys)
    identity = IdentityService(workspace.database)
    # The two demo inspectors with the demo password, in the order ensure_demo_credentials gave it.
    with_password = sorted(
        (profile for profile in identity.list_inspectors() if profile.has_password), key=lambda profile: profile.id
    )
    assert len(with_password) == 2
    yield DemoStore(
        workspace=workspace,
        keys=keys,
        spot_checks=SpotCheckService(workspace, keys),
        records=RecordsService(workspace.database),
        identity=identity,
        certificates=CertificateService(trust),
        trust=trust,
        badges=(with_password[0].badge_number, with_password[1].badge_number),
    )
    workspace.close()


@pytest.fixture
def change_bus(qapp: QApplication) -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def runner(change_bus: ChangeBus, translations: Translations) -> Iterator[TaskRunner]:
    """The background runner, as the window would pass it; drained and stopped afterwards."""
    task_runner = TaskRunner(change_bus, translations)
    yield task_runner
    task_runner.wait_until_idle()
    task_runner.shutdown()


@pytest.fixture
def demo_context(
    demo_store: DemoStore, runner: TaskRunner, change_bus: ChangeBus, translations: Translations
) -> Iterator[PageContext]:
    """A page context over the demo store, as the window builds it; nobody logged in yet."""
    services = demo_services(demo_store)
    scan_session = ScanSession(services.scan, runner, translations)
    sessions = SessionController(services.identity, services.settings, runner, demo=True)
    yield PageContext(services, runner, change_bus, translations, scan_session, sessions)
    sessions.shutdown()


@pytest.fixture
def log_in_as(qtbot: QtBot) -> Callable[[PageContext, str, str], InspectorSession]:
    """``log_in_as(context, badge, password)``: start the session controller (if no dialog is open), type into the
    login dialog as an inspector would, click OK and wait for the session."""

    def log_in(context: PageContext, badge: str, password: str) -> InspectorSession:
        sessions = context.sessions
        if sessions.login_dialog is None:
            sessions.start(None)
        dialog = sessions.login_dialog
        assert dialog is not None
        badge_edit = dialog.findChild(QLineEdit, "badgeEdit")
        password_edit = dialog.findChild(QLineEdit, "passwordEdit")
        assert badge_edit is not None and password_edit is not None
        badge_edit.clear()
        qtbot.keyClicks(badge_edit, badge)
        qtbot.keyClicks(password_edit, password)
        with qtbot.waitSignal(sessions.session_changed, timeout=20_000):
            qtbot.keyClick(password_edit, Qt.Key.Key_Return)
        assert context.runner.wait_until_idle()
        assert sessions.session is not None and sessions.session.badge_number == badge
        return sessions.session

    return log_in


@pytest.fixture
def opener() -> RecordingOpener:
    return RecordingOpener()


@pytest.fixture
def window_app(qapp: QApplication, demo_store: DemoStore, translations: Translations) -> Iterator[Application]:
    """The whole window over the demo store, as the composition root builds it (spot-check windows closed after)."""
    application = Application(demo_services(demo_store), translations)
    application.main_window.resize(1280, 800)
    application.show()
    assert application.runner.wait_until_idle()
    yield application
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, SpotCheckWindow):
            widget.close()
    application.runner.wait_until_idle()
    application.shutdown()
