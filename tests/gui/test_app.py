"""``run_gui``, the composition root: unusable workspaces are explained, a fresh one opens the window."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from inspector_app.app import EXIT_WORKSPACE_UNUSABLE, run_gui
from inspector_app.gui.main_window import MainWindow
from inspector_app.services.settings_service import SettingsService
from inspector_app.services.workspace import open_workspace
from inspector_app.storage.database import DATABASE_FILENAME


def _args(data_dir: Path | None, *, demo: bool = False, language: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(data_dir=str(data_dir) if data_dir else None, demo=demo, language=language, verbose=False)


def _corrupt_database(data_dir: Path) -> bytes:
    data_dir.mkdir(parents=True)
    content = b"this is not an SQLite database, just damaged bytes " * 200
    (data_dir / DATABASE_FILENAME).write_bytes(content)
    return content


def test_corrupt_database_is_explained_not_opened(qapp: QApplication, tmp_path: Path, recorded_prompts: Any) -> None:
    data_dir = tmp_path / "data"
    content = _corrupt_database(data_dir)
    assert run_gui(_args(data_dir, language="zh")) == EXIT_WORKSPACE_UNUSABLE
    ((_parent, title, message, details),) = recorded_prompts.named("show_error")
    assert title == "无法打开工作区"
    assert "数据库文件已损坏" in message
    assert details == str(data_dir)
    assert (data_dir / DATABASE_FILENAME).read_bytes() == content  # untouched
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_corrupt_database_in_english(qapp: QApplication, tmp_path: Path, recorded_prompts: Any) -> None:
    _corrupt_database(tmp_path / "data")
    assert run_gui(_args(tmp_path / "data", language="en")) == EXIT_WORKSPACE_UNUSABLE
    ((_parent, title, message, _details),) = recorded_prompts.named("show_error")
    assert title == "Cannot open the workspace"
    assert message.startswith("The database file is damaged")
    # run_gui leaves the shared application as it found it
    assert QCoreApplication.translate("Navigation", "产品目录") == "产品目录"


def test_database_from_a_newer_version_is_refused(qapp: QApplication, tmp_path: Path, recorded_prompts: Any) -> None:
    data_dir = tmp_path / "data"
    open_workspace(data_dir).close()
    connection = sqlite3.connect(data_dir / DATABASE_FILENAME)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = 'f00d_from_the_future'")
    connection.close()
    assert run_gui(_args(data_dir, language="zh")) == EXIT_WORKSPACE_UNUSABLE
    ((_parent, _title, message, _details),) = recorded_prompts.named("show_error")
    assert "更新版本" in message


def _close_main_window_when_ready(seen: dict[str, Any]) -> None:
    """Poll until the window has finished its start-up work, record what it shows, then close it."""
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows:
        window = windows[0]
        runner = window._context.runner
        if not runner.busy and window._status is not None and window._status.edition_code is not None:
            seen["title"] = window.windowTitle()
            seen["edition"] = window._edition_label.text()
            seen["kinds"] = window.page("catalogue").kind_model.rowCount()
            window.close()
            return
    QTimer.singleShot(50, lambda: _close_main_window_when_ready(seen))


@pytest.mark.slow
def test_fresh_workspace_opens_with_the_shipped_catalogue(qapp: QApplication, tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh"
    seen: dict[str, Any] = {}
    QTimer.singleShot(0, lambda: _close_main_window_when_ready(seen))
    assert run_gui(_args(data_dir, language="zh")) == 0
    assert seen["title"] == "质量安全监管检查工作站"
    assert seen["edition"].startswith("目录：")
    assert seen["kinds"] > 0
    workspace = open_workspace(data_dir)
    try:
        assert SettingsService(workspace.database).language() is None  # nothing saved without being asked
    finally:
        workspace.close()
    connection = sqlite3.connect(data_dir / DATABASE_FILENAME)
    try:
        (enterprises,) = connection.execute("SELECT count(*) FROM enterprises").fetchone()
        (rules,) = connection.execute("SELECT count(*) FROM rules").fetchone()
    finally:
        connection.close()
    assert enterprises == 0  # a real workspace never receives invented records
    assert rules > 0  # but it gets the default time limits


@pytest.mark.slow
def test_saved_language_and_demo_workspace(qapp: QApplication, tmp_path: Path, isolated_data_dir: Path) -> None:
    demo_dir = isolated_data_dir / "demo"
    workspace = open_workspace(demo_dir)
    SettingsService(workspace.database).set_language("en")
    workspace.close()
    seen: dict[str, Any] = {}
    QTimer.singleShot(0, lambda: _close_main_window_when_ready(seen))
    assert run_gui(_args(None, demo=True)) == 0  # --demo: the demo sub-folder of the default data dir
    assert seen["title"] == "Inspector Workstation — Demo"
    assert seen["edition"].startswith("Catalogue: ")
    connection = sqlite3.connect(demo_dir / DATABASE_FILENAME)
    try:
        (enterprises,) = connection.execute("SELECT count(*) FROM enterprises").fetchone()
        (rules,) = connection.execute("SELECT count(*) FROM rules").fetchone()
    finally:
        connection.close()
    assert enterprises > 0  # the demo workspace was filled on first use
    assert rules > 0
