"""Composition root of the GUI: opens the workspace, builds the services and runs the workstation window.

``inspector-app`` without a sub-command (and ``make run``) ends up in ``run_gui``.
"""

from __future__ import annotations

import argparse
import logging
import sys

from inspector_app.domain.errors import KeyFileError, StorageError
from inspector_app.gui.application import Application, qt_application, report_unusable_workspace
from inspector_app.gui.page_context import GuiServices
from inspector_app.gui.translations import Translations, system_locale_name
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.catalogue_browser import CatalogueBrowser
from inspector_app.services.catalogue_service import ensure_catalogue_installed
from inspector_app.services.certificate_service import CertificateService
from inspector_app.services.demo_service import ensure_demo_data
from inspector_app.services.demo_spot_checks import ensure_demo_spot_checks
from inspector_app.services.holiday_service import ensure_holiday_calendar
from inspector_app.services.identity_service import IdentityService, ensure_demo_credentials
from inspector_app.services.records_service import RecordsService
from inspector_app.services.rules_service import ensure_default_rules
from inspector_app.services.scan_service import ScanService
from inspector_app.services.settings_service import SettingsService, choose_language
from inspector_app.services.spot_check_service import SpotCheckService
from inspector_app.services.status_service import StatusService
from inspector_app.services.sync_service import SyncService
from inspector_app.services.task_service import TaskService
from inspector_app.services.trust_service import TrustService
from inspector_app.services.workspace import Workspace, open_workspace, resolve_data_dir

logger = logging.getLogger(__name__)

#: Exit status when the workspace cannot be opened (corrupt, too new, unreadable...).
EXIT_WORKSPACE_UNUSABLE = 2


def _prepare_workspace(workspace: Workspace, keys: DeviceKeys, demo: bool) -> None:
    """First-use work, run in the background once the window shows: catalogue, rules, the holiday schedule and
    this workstation's own key among the trusted ones; then, for the demo, its data, the demo inspectors' password
    and sealed spot checks with results and certificates."""
    report = ensure_catalogue_installed(workspace.database)
    if report is not None:
        logger.info("installed the shipped catalogue: %s", report)
    rules = ensure_default_rules(workspace.database)
    logger.info("default rules: %s", rules)
    holidays = ensure_holiday_calendar(workspace.database)
    logger.info("holiday schedule: %s", holidays)
    TrustService(workspace.database, keys).ensure_own_key_trusted()
    if demo:
        summary = ensure_demo_data(workspace)
        if summary is not None:
            logger.info("filled the demo workspace: %s", summary)
        badges = ensure_demo_credentials(workspace.database)
        logger.info("demo inspectors with the demo password: %s", ", ".join(badges))
        spot_checks = ensure_demo_spot_checks(workspace, keys)
        if spot_checks is not None:
            logger.info("made the demo spot checks: %s", spot_checks)


def run_gui(args: argparse.Namespace) -> int:
    """Open the workstation window and run until it closes; returns the process exit status.

    ``args`` carries ``data_dir``, ``demo``, ``language`` and ``verbose`` (see ``inspector_app.cli``).
    """
    demo = bool(getattr(args, "demo", False))
    explicit_language = getattr(args, "language", None)
    app = qt_application(sys.argv[:1])
    translations = Translations(app)
    # The saved language is inside the database, which may not open: start with what we know without it.
    translations.install(choose_language(explicit_language, None, system_locale_name()))

    data_dir = resolve_data_dir(getattr(args, "data_dir", None), demo=demo)
    try:
        workspace = open_workspace(data_dir)
    except StorageError as exc:
        logger.error("cannot open the workspace in %s: %r", data_dir, exc)
        report_unusable_workspace(exc.user_message(translations.language), str(data_dir))
        translations.uninstall()
        return EXIT_WORKSPACE_UNUSABLE

    try:
        settings = SettingsService(workspace.database)
        translations.install(choose_language(explicit_language, settings.language(), system_locale_name()))
        try:
            keys = DeviceKeys.load_or_create(workspace.data_dir)
        except KeyFileError as exc:
            # Every record is sealed with this key and every certificate checked against it: the workstation does
            # not start without it, and the file is left exactly as it is for whoever repairs it.
            logger.error("device key unusable: %r", exc)
            report_unusable_workspace(exc.user_message(translations.language), exc.path or str(data_dir))
            return EXIT_WORKSPACE_UNUSABLE
        database = workspace.database
        sync = SyncService(workspace, keys)
        services = GuiServices(
            catalogue_browser=CatalogueBrowser(database),
            settings=settings,
            status=StatusService(workspace, is_demo=demo, sync=sync),
            scan=ScanService(database, device_id=keys.key_id),
            identity=IdentityService(database),
            spot_check=SpotCheckService(workspace, keys),
            records=RecordsService(database),
            certificates=CertificateService(TrustService(database, keys)),
            tasks=TaskService(database),
            sync=sync,
        )
        gui = Application(services, translations, startup=lambda: _prepare_workspace(workspace, keys, demo))
        gui.show()
        logger.info("workstation window open on %s", data_dir)
        status = app.exec()
        gui.shutdown()
        return int(status)
    finally:
        translations.uninstall()
        workspace.close()
