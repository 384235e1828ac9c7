"""Fixtures of the sync tests: the device key of the test workspace."""

from __future__ import annotations

import pytest

from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.workspace import Workspace


@pytest.fixture
def keys(workspace: Workspace) -> DeviceKeys:
    """The device key pair of the test workspace."""
    return DeviceKeys.load_or_create(workspace.data_dir)
