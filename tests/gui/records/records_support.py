"""What the records, home, printing, verification and login tests share: the demo store and its services."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from inspector_app.gui.application import Application
from inspector_app.gui.page_context import GuiServices, PageContext
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.catalogue_browser import CatalogueBrowser
from inspector_app.services.certificate_service import CertificateService
from inspector_app.services.identity_service import DEMO_PASSWORD, IdentityService, InspectorSession
from inspector_app.services.records_service import RecordsService
from inspector_app.services.scan_service import ScanService
from inspector_app.services.settings_service import SettingsService
from inspector_app.services.spot_check_service import SpotCheckService
from inspector_app.services.status_service import StatusService
from inspector_app.services.sync_service import SyncService
from inspector_app.services.task_service import TaskService
from inspector_app.services.trust_service import TrustService
from inspector_app.services.workspace import Workspace


@dataclass(frozen=True)
class DemoStore:
    """A copy of the demo workspace and the services over it."""

    workspace: Workspace
    keys: DeviceKeys
    spot_checks: SpotCheckService
    records: RecordsService
    identity: IdentityService
    certificates: CertificateService
    trust: TrustService
    badges: tuple[str, str]

    @property
    def password(self) -> str:
        return DEMO_PASSWORD


class RecordingOpener:
    """Stands in for the spot-check window where a test only checks *which* record a page opens: records the ids
    and returns a plain widget."""

    def __init__(self) -> None:
        self.opened: list[tuple[str, InspectorSession]] = []

    def __call__(self, context: PageContext, record_id: str, session: InspectorSession) -> QWidget:
        self.opened.append((record_id, session))
        widget = QWidget()
        widget.setObjectName(f"window-{record_id}")
        return widget


def demo_services(store: DemoStore) -> GuiServices:
    """The services the composition root builds, over the demo store."""
    database = store.workspace.database
    return GuiServices(
        catalogue_browser=CatalogueBrowser(database),
        settings=SettingsService(database),
        status=StatusService(store.workspace, is_demo=True),
        scan=ScanService(database, device_id=store.keys.key_id),
        identity=store.identity,
        spot_check=store.spot_checks,
        records=store.records,
        certificates=store.certificates,
        tasks=TaskService(database),
        sync=SyncService(store.workspace, store.keys),
    )


def log_in_window(qtbot: QtBot, application: Application, badge: str) -> None:
    """Log ``badge`` in through the window's login dialog with the demo password, and wait until it is done."""
    dialog = application.sessions.login_dialog
    assert dialog is not None and dialog.isVisible()
    badge_edit = dialog.findChild(QLineEdit, "badgeEdit")
    password_edit = dialog.findChild(QLineEdit, "passwordEdit")
    assert badge_edit is not None and password_edit is not None
    badge_edit.setText(badge)
    password_edit.setText(DEMO_PASSWORD)
    dialog.accept()
    qtbot.waitUntil(lambda: application.sessions.login_dialog is None, timeout=20_000)
    assert application.runner.wait_until_idle()
