"""Fixtures for the login, confirmation and idle-lock tests: an identity service with two inspectors on real SQLite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from login_data import FAST, FIRST_BADGE, FIRST_NAME, FIRST_PASSWORD, NOW, SECOND_BADGE, SECOND_NAME, SECOND_PASSWORD
from PySide6.QtWidgets import QApplication

from inspector_app.gui.change_bus import ChangeBus
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.services.identity_service import IdentityService
from inspector_app.services.workspace import Workspace


@pytest.fixture
def identity(workspace: Workspace) -> IdentityService:
    """The service with the two inspectors of ``login_data``."""
    service = IdentityService(workspace.database, clock=lambda: NOW, password_parameters=FAST)
    service.create_inspector(FIRST_NAME, FIRST_BADGE, "温州市洞头区市场监督管理局", "admin", password=FIRST_PASSWORD)
    service.create_inspector(SECOND_NAME, SECOND_BADGE, "宁波市北仑区市场监督管理局", password=SECOND_PASSWORD)
    return service


@pytest.fixture
def runner(qapp: QApplication, translations: Translations) -> Iterator[TaskRunner]:
    """The application's background runner, as the window would pass it."""
    task_runner = TaskRunner(ChangeBus(), translations)
    yield task_runner
    task_runner.shutdown()
