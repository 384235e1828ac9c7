"""Fixtures for the spot-check GUI: a store with the test catalogue, a maker and its products, the rules and the
2026 holiday schedule; two inspectors with passwords; this device's key; the services and the task runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from spot_check_data import (
    CHEAP,
    FIRST_BADGE,
    FIRST_NAME,
    FIRST_PASSWORD,
    SECOND_BADGE,
    SECOND_NAME,
    SECOND_PASSWORD,
    UNIT,
    add_reference_rows,
    fixed_clock,
)
from spot_check_world import Context, Services, World

from inspector_app.gui.change_bus import ChangeBus
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.catalogue_browser import CatalogueBrowser
from inspector_app.services.identity_service import IdentityService
from inspector_app.services.spot_check_service import SpotCheckService
from inspector_app.services.workspace import Workspace

# The photo strip imports Qt Multimedia, which reports the optional libraries it does not find; on a test machine
# that is expected, not a failure. pytest-qt honours only the closest ``qt_log_ignore`` mark, so the offscreen
# notice ignored for every GUI test is repeated here.
_EXPECTED_NOTICES = (
    "This plugin does not support propagateSizeHints",
    "Couldn't load ",
    "Couldn't resolve ",
    "PulseAudioService",
    "pa_context",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the environment's expected Qt notices in the spot-check GUI tests."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*_EXPECTED_NOTICES))


@pytest.fixture
def world(small_catalogue: Workspace, tmp_path: Path) -> World:
    add_reference_rows(small_catalogue.database)
    identity = IdentityService(small_catalogue.database, fixed_clock, CHEAP)
    identity.create_inspector(FIRST_NAME, FIRST_BADGE, UNIT, password=FIRST_PASSWORD)
    identity.create_inspector(SECOND_NAME, SECOND_BADGE, UNIT, password=SECOND_PASSWORD)
    first = identity.login(FIRST_BADGE, FIRST_PASSWORD)
    second = identity.confirm_second_inspector(first, SECOND_BADGE, SECOND_PASSWORD)
    keys = DeviceKeys.load_or_create(tmp_path / "device-keys")
    service = SpotCheckService(small_catalogue, keys, fixed_clock)
    return World(small_catalogue, service, identity, keys, first, second)


@pytest.fixture
def change_bus(qapp: QApplication) -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def context(world: World, change_bus: ChangeBus, translations: Translations) -> Iterator[Context]:
    runner = TaskRunner(change_bus, translations)
    services = Services(world.service, world.identity, CatalogueBrowser(world.workspace.database))
    yield Context(services, runner, change_bus, translations)
    runner.shutdown()
