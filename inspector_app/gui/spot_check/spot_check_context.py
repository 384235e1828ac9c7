"""What the spot-check widgets need from the window: services, the task runner, the change bus, translations.

The widgets are typed against these protocols rather than against ``PageContext`` itself, so they can be built and
tested before the window's ``GuiServices`` carries the spot-check services; a ``PageContext`` whose services have
``spot_check``, ``identity`` and ``catalogue_browser`` satisfies :class:`SpotCheckContext` as it is.
"""

from __future__ import annotations

import logging
from typing import Protocol

from inspector_app.gui.change_bus import Change, ChangeBus
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.services.catalogue_browser import CatalogueBrowser
from inspector_app.services.identity_service import IdentityService
from inspector_app.services.spot_check_service import SpotCheckService

logger = logging.getLogger(__name__)

#: What a spot-check command announces on the change bus. Sealed records enter the outbox, which is what the
#: ``SCANS`` flag stands for ("field records waiting for upload"); pages listing field records reload on it.
RECORD_CHANGES = Change.SCANS


class SpotCheckServices(Protocol):
    """The services the spot-check widgets call."""

    @property
    def spot_check(self) -> SpotCheckService:
        """Drafts, validation, sealing, amendments, results, certificates."""

    @property
    def identity(self) -> IdentityService:
        """The second inspector's confirmation."""

    @property
    def catalogue_browser(self) -> CatalogueBrowser:
        """The product kind's proposed quantities."""


class SpotCheckContext(Protocol):
    """The part of the page context the spot-check widgets use. Services are called only through ``runner``."""

    @property
    def services(self) -> SpotCheckServices:
        """The services."""

    @property
    def runner(self) -> TaskRunner:
        """Runs service calls off the GUI thread."""

    @property
    def change_bus(self) -> ChangeBus:
        """Where commands announce what they changed."""

    @property
    def translations(self) -> Translations:
        """The interface language."""
