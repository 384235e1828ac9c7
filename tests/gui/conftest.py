"""GUI fixtures: services on the small test catalogue, the application objects, and recorded prompts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from inspector_app.gui import prompts
from inspector_app.gui.application import Application
from inspector_app.gui.page_context import GuiServices
from inspector_app.gui.translations import Translations
from inspector_app.services.catalogue_browser import CatalogueBrowser
from inspector_app.services.scan_service import ScanService
from inspector_app.services.settings_service import SettingsService
from inspector_app.services.status_service import StatusService
from inspector_app.services.workspace import Workspace


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
    """Real services over the small test catalogue."""
    return GuiServices(
        catalogue_browser=CatalogueBrowser(small_catalogue.database),
        settings=SettingsService(small_catalogue.database),
        status=StatusService(small_catalogue, is_demo=False),
        scan=ScanService(small_catalogue.database, device_id="test-device"),
    )


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    """Chinese installed; removed again afterwards so no test leaks its language into the next."""
    installed = Translations()
    installed.install("zh")
    yield installed
    installed.uninstall()


@pytest.fixture
def gui_app(qapp: QApplication, gui_services: GuiServices, translations: Translations) -> Iterator[Application]:
    """The application objects and main window over the small catalogue, with the first loads done."""
    application = Application(gui_services, translations)
    application.main_window.resize(1280, 800)
    application.show()
    assert application.runner.wait_until_idle()
    yield application
    application.shutdown()
