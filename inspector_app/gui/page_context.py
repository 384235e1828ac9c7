"""What every page is built with: the services, the task runner, the change bus, the translations and who is acting."""

from __future__ import annotations

from dataclasses import dataclass

from inspector_app.gui.change_bus import ChangeBus
from inspector_app.gui.scan_session import ScanSession
from inspector_app.gui.session_controller import SessionController
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.services.catalogue_browser import CatalogueBrowser
from inspector_app.services.certificate_service import CertificateService
from inspector_app.services.identity_service import IdentityService
from inspector_app.services.records_service import RecordsService
from inspector_app.services.scan_service import ScanService
from inspector_app.services.settings_service import SettingsService
from inspector_app.services.spot_check_service import SpotCheckService
from inspector_app.services.status_service import StatusService
from inspector_app.services.sync_service import SyncService
from inspector_app.services.task_service import TaskService


@dataclass(frozen=True, slots=True)
class GuiServices:
    """The services the GUI calls; built by the composition root (``inspector_app.app``)."""

    catalogue_browser: CatalogueBrowser
    settings: SettingsService
    status: StatusService
    scan: ScanService
    identity: IdentityService
    spot_check: SpotCheckService
    records: RecordsService
    certificates: CertificateService
    tasks: TaskService
    sync: SyncService


@dataclass(frozen=True, slots=True)
class PageContext:
    """Handed to each page's factory. Pages call services only through ``runner``."""

    services: GuiServices
    runner: TaskRunner
    change_bus: ChangeBus
    translations: Translations
    scan_session: ScanSession  # the place and scans of this session, shared by the scan bar and the scan pages
    sessions: SessionController  # who is logged in (``sessions.session``), the login, idle lock and logout
