"""GUI fixtures: services on the small test catalogue, the application objects (logged in), and recorded prompts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from inspector_app.gui import prompts
from inspector_app.gui.application import Application
from inspector_app.gui.page_context import GuiServices
from inspector_app.gui.translations import Translations
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.security.passwords import Argon2Parameters
from inspector_app.services.catalogue_browser import CatalogueBrowser
from inspector_app.services.certificate_service import CertificateService
from inspector_app.services.identity_service import IdentityService, InspectorSession
from inspector_app.services.records_service import RecordsService
from inspector_app.services.scan_service import ScanService
from inspector_app.services.settings_service import SettingsService
from inspector_app.services.spot_check_service import SpotCheckService
from inspector_app.services.status_service import StatusService
from inspector_app.services.sync_service import SyncService
from inspector_app.services.task_service import TaskService
from inspector_app.services.trust_service import TrustService
from inspector_app.services.workspace import Workspace

#: Cheap password hashing keeps the GUI tests quick (the real costs are tested in tests/security).
FAST_HASHING = Argon2Parameters(time_cost=1, memory_cost=8, parallelism=1)
#: The inspector the ``gui_app`` fixture logs in as: name, badge number, password.
GUI_INSPECTOR = ("测试检查员", "11000000001", "gui-test-pass")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here drives Qt widgets: mark them ``gui``.

    The offscreen platform cannot apply size hints to a shown window and says so with a Qt warning, which
    would fail the test (``qt_log_level_fail``); that one notice is expected and ignored.
    """
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"))


@dataclass
class PromptRecorder:
    """What the code under test asked ``gui.prompts`` to show, in order, and what the "user" answers.

    Set ``answers["choose_image_files"] = [path, ...]`` before the code asks, to pick files.
    """

    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    answers: dict[str, Any] = field(
        default_factory=lambda: {
            "show_error": None,
            "show_information": None,
            "show_about": None,
            "open_folder": True,
            "choose_image_files": [],
            "choose_open_file": None,
            "choose_save_file": None,
            "preview_print": False,
        }
    )

    def named(self, name: str) -> list[tuple[Any, ...]]:
        return [arguments for called, arguments in self.calls if called == name]


@pytest.fixture(autouse=True)
def recorded_prompts(monkeypatch: pytest.MonkeyPatch) -> PromptRecorder:
    """Replace every prompt with a recorder: no real modal dialog or file manager ever opens in a test."""
    recorder = PromptRecorder()
    public = [name for name in vars(prompts) if not name.startswith("_") and callable(getattr(prompts, name))]
    for name in public:
        if getattr(getattr(prompts, name), "__module__", None) != prompts.__name__:
            continue  # imported names (Path, QUrl...), not prompts
        if name not in recorder.answers:
            raise AssertionError(f"gui.prompts.{name} has no recorded answer; add it to PromptRecorder.answers")

        def record(*arguments: Any, _name: str = name) -> Any:
            recorder.calls.append((_name, arguments))
            return recorder.answers[_name]

        monkeypatch.setattr(prompts, name, record)
    return recorder


@pytest.fixture
def gui_services(small_catalogue: Workspace) -> GuiServices:
    """Real services over the small test catalogue, with one inspector (``GUI_INSPECTOR``) who can log in."""
    database = small_catalogue.database
    keys = DeviceKeys.load_or_create(small_catalogue.data_dir)
    identity = IdentityService(database, password_parameters=FAST_HASHING)
    name, badge, password = GUI_INSPECTOR
    identity.create_inspector(name, badge, "测试市场监督管理局", password=password)
    return GuiServices(
        catalogue_browser=CatalogueBrowser(database),
        settings=SettingsService(database),
        status=StatusService(small_catalogue, is_demo=False),
        scan=ScanService(database, device_id="test-device"),
        identity=identity,
        spot_check=SpotCheckService(small_catalogue, keys),
        records=RecordsService(database),
        certificates=CertificateService(TrustService(database, keys)),
        tasks=TaskService(database),
        sync=SyncService(small_catalogue, keys),
    )


@pytest.fixture
def log_in() -> Callable[..., InspectorSession]:
    """``log_in(application, badge=..., password=...)``: type into the login dialog the window shows, as an
    inspector would, and wait until the session is there (``GUI_INSPECTOR`` unless told otherwise)."""

    def do_log_in(application: Application, badge: str = GUI_INSPECTOR[1], password: str = GUI_INSPECTOR[2]) -> Any:
        from PySide6.QtWidgets import QLineEdit

        dialog = application.sessions.login_dialog
        assert dialog is not None, "no login dialog is open"
        badge_edit = dialog.findChild(QLineEdit, "badgeEdit")
        password_edit = dialog.findChild(QLineEdit, "passwordEdit")
        assert badge_edit is not None and password_edit is not None
        badge_edit.setText(badge)
        password_edit.setText(password)
        dialog.accept()
        assert application.runner.wait_until_idle()
        session = application.sessions.session
        assert session is not None, dialog.error_message()
        return session

    return do_log_in


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    """Chinese installed; removed again afterwards so no test leaks its language into the next."""
    installed = Translations()
    installed.install("zh")
    yield installed
    installed.uninstall()


@pytest.fixture
def gui_app(
    qapp: QApplication,
    gui_services: GuiServices,
    translations: Translations,
    log_in: Callable[..., InspectorSession],
) -> Iterator[Application]:
    """The application objects and main window over the small catalogue, logged in, with the first loads done."""
    application = Application(gui_services, translations)
    application.main_window.resize(1280, 800)
    application.show()
    assert application.runner.wait_until_idle()
    log_in(application)
    assert application.runner.wait_until_idle()
    yield application
    application.shutdown()
