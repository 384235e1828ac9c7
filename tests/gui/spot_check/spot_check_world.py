"""The shapes the spot-check GUI fixtures hand to the tests: the context the widgets are built with, and the world
(store, services, inspectors) behind it. The fixtures themselves are in ``conftest.py``."""

from __future__ import annotations

from dataclasses import dataclass

from inspector_app.gui.change_bus import ChangeBus
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.catalogue_browser import CatalogueBrowser
from inspector_app.services.identity_service import IdentityService, InspectorSession
from inspector_app.services.spot_check_service import SpotCheckService
from inspector_app.services.workspace import Workspace


@dataclass(frozen=True)
class Services:
    """What ``SpotCheckContext.services`` asks for."""

    spot_check: SpotCheckService
    identity: IdentityService
    catalogue_browser: CatalogueBrowser


@dataclass(frozen=True)
class Context:
    """A ``SpotCheckContext``, as the window's page context provides it."""

    services: Services
    runner: TaskRunner
    change_bus: ChangeBus
    translations: Translations


@dataclass(frozen=True)
class World:
    """The store, the services and the two inspectors (the first logged in, the second confirmed)."""

    workspace: Workspace
    service: SpotCheckService
    identity: IdentityService
    keys: DeviceKeys
    first: InspectorSession
    second: InspectorSession
