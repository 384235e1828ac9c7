"""The page registry: the one place that says which pages the main window offers, in which order.

Adding a page means writing its widget (a ``QWidget`` taking a ``PageContext``) and adding one ``PageSpec`` to
``PAGES``; the main window builds its navigation list and page stack from this tuple alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QStyle, QWidget

from inspector_app.gui.page_context import PageContext
from inspector_app.gui.pages.camera_page import CameraPage
from inspector_app.gui.pages.catalogue_page import CataloguePage
from inspector_app.gui.pages.home_page import HomePage
from inspector_app.gui.pages.records_page import RecordsPage
from inspector_app.gui.pages.scan_history_page import ScanHistoryPage
from inspector_app.gui.pages.scan_page import ScanPage
from inspector_app.gui.pages.settings_page import SettingsPage
from inspector_app.gui.pages.sync_page import SyncPage

logger = logging.getLogger(__name__)

TRANSLATION_CONTEXT = "Navigation"


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One entry of the navigation: a stable key, its title (Chinese source text), icon and widget factory."""

    key: str
    title_source: str
    icon: QStyle.StandardPixmap
    factory: Callable[[PageContext], QWidget]

    def title(self) -> str:
        """The title in the interface language."""
        return QCoreApplication.translate(TRANSLATION_CONTEXT, self.title_source)


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        key="home",
        title_source=str(QT_TRANSLATE_NOOP("Navigation", "首页")),
        icon=QStyle.StandardPixmap.SP_DirHomeIcon,
        factory=HomePage.from_context,
    ),
    PageSpec(
        key="scan",
        title_source=str(QT_TRANSLATE_NOOP("Navigation", "扫描")),
        icon=QStyle.StandardPixmap.SP_DialogApplyButton,
        factory=ScanPage.from_context,
    ),
    PageSpec(
        key="camera",
        title_source=str(QT_TRANSLATE_NOOP("Navigation", "摄像头扫描")),
        icon=QStyle.StandardPixmap.SP_ComputerIcon,
        factory=CameraPage.from_context,
    ),
    PageSpec(
        key="scan_history",
        title_source=str(QT_TRANSLATE_NOOP("Navigation", "扫描记录")),
        icon=QStyle.StandardPixmap.SP_FileDialogListView,
        factory=ScanHistoryPage.from_context,
    ),
    PageSpec(
        key="records",
        title_source=str(QT_TRANSLATE_NOOP("Navigation", "抽查记录")),
        icon=QStyle.StandardPixmap.SP_FileDialogContentsView,
        factory=RecordsPage.from_context,
    ),
    PageSpec(
        key="sync",
        title_source=str(QT_TRANSLATE_NOOP("Navigation", "同步")),
        icon=QStyle.StandardPixmap.SP_BrowserReload,
        factory=SyncPage,
    ),
    PageSpec(
        key="catalogue",
        title_source=str(QT_TRANSLATE_NOOP("Navigation", "产品目录")),
        icon=QStyle.StandardPixmap.SP_FileDialogDetailedView,
        factory=CataloguePage,
    ),
    PageSpec(
        key="settings",
        title_source=str(QT_TRANSLATE_NOOP("Navigation", "设置")),
        icon=QStyle.StandardPixmap.SP_FileDialogInfoView,
        factory=SettingsPage,
    ),
)


def page_spec(key: str) -> PageSpec:
    """The registered page with ``key``; ``KeyError`` when there is none."""
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(key)
