"""Fixtures for the scanning GUI: a store with a few reference rows, the scan session, and a window holding the
scan bar, another text field and the scan page, with the scanner filter installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from scan_data import add_reference_rows, fixed_clock
from scan_window import ScanWindow, show_active, warm_up_scanning

from inspector_app.gui.change_bus import ChangeBus
from inspector_app.gui.scan_session import ScanSession
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.services.scan_service import ScanService
from inspector_app.services.workspace import Workspace, open_workspace

# Qt Multimedia reports the optional libraries it does not find (PipeWire, VA-API) and the missing sound
# server as warnings; on a test machine without them that is expected, not a failure. pytest-qt honours only
# the closest ``qt_log_ignore`` mark, so the offscreen notice ignored for every GUI test is repeated here.
_EXPECTED_NOTICES = (
    "This plugin does not support propagateSizeHints",
    "Couldn't load ",
    "Couldn't resolve ",
    "PulseAudioService",
    "pa_context",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the environment's expected Qt notices in the scanning GUI tests."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*_EXPECTED_NOTICES))


@pytest.fixture(scope="session", autouse=True)
def scanning_warmed_up(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> None:
    """One scan through the whole GUI path before the first test (see ``warm_up_scanning``)."""
    warm_up_scanning(tmp_path_factory.mktemp("warm-up"))


@pytest.fixture
def scan_workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A fresh store holding the reference rows of ``scan_data``."""
    workspace = open_workspace(tmp_path / "scan-workspace")
    add_reference_rows(workspace.database)
    yield workspace
    workspace.close()


@pytest.fixture
def scan_service(scan_workspace: Workspace) -> ScanService:
    """The scan service on that store, its clock fixed at ``scan_data.NOW``."""
    return ScanService(scan_workspace.database, device_id="test-device", clock=fixed_clock)


@pytest.fixture
def change_bus(qapp: QApplication) -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def runner(change_bus: ChangeBus, translations: Translations) -> Iterator[TaskRunner]:
    task_runner = TaskRunner(change_bus, translations)
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def scan_session(scan_service: ScanService, runner: TaskRunner, translations: Translations) -> ScanSession:
    return ScanSession(scan_service, runner, translations)


@pytest.fixture
def scan_window(qtbot: QtBot, scan_session: ScanSession) -> Iterator[ScanWindow]:
    """The window shown and active, with the scanner filter installed on the application."""
    window = ScanWindow(scan_session)
    qtbot.addWidget(window)
    window.resize(1000, 400)
    show_active(qtbot, window)
    window.scanner_filter.install()
    yield window
    window.scanner_filter.uninstall()
    scan_session.runner.wait_until_idle()
