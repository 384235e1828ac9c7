"""The sync page: enrolment form (typed or scanned), sync with progress and plain-word failures, USB bundles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from inspector_app.gui.change_bus import Change, ChangeBus
from inspector_app.gui.page_context import GuiServices, PageContext
from inspector_app.gui.pages import sync_page
from inspector_app.gui.pages.sync_page import SyncPage
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.gui.translations import Translations
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.scan_service import ScanService
from inspector_app.services.sync_service import SyncService
from inspector_app.services.workspace import Workspace
from inspector_app.storage.models import TrustedKey
from inspector_app.sync.bundle import read_bundle, write_reference_bundle
from inspector_app.sync.client import RetryPolicy
from inspector_app.sync.protocol import ReferenceChange, ReferenceOp, ReferenceTable, format_enrollment_qr

NOW = dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def keys(small_catalogue: Workspace) -> DeviceKeys:
    return DeviceKeys.load_or_create(small_catalogue.data_dir)


@pytest.fixture
def sync_service(small_catalogue: Workspace, keys: DeviceKeys) -> SyncService:
    return SyncService(small_catalogue, keys, retry=RetryPolicy(attempts=1, budget=1.0))


def _context(gui_services: GuiServices, translations: Translations, sync_service: SyncService) -> PageContext:
    """A page context as the window builds it, over the shared GUI test services plus the sync service."""
    bus = ChangeBus()
    runner = TaskRunner(bus, translations)
    services = gui_services
    if "sync" in {f.name for f in dataclasses.fields(GuiServices)}:
        services = dataclasses.replace(gui_services, sync=sync_service)
    parts: dict[str, Any] = {"services": services, "runner": runner, "change_bus": bus, "translations": translations}
    names = {f.name for f in dataclasses.fields(PageContext)}
    if "scan_session" in names:
        from inspector_app.gui.scan_session import ScanSession

        parts["scan_session"] = ScanSession(services.scan, runner, translations)
    if "sessions" in names:
        from inspector_app.gui.session_controller import SessionController

        parts["sessions"] = SessionController(services.identity, services.settings, runner)
    return PageContext(**parts)


@pytest.fixture
def page(
    qapp: QApplication,
    qtbot: QtBot,
    gui_services: GuiServices,
    translations: Translations,
    sync_service: SyncService,
) -> Iterator[SyncPage]:
    context = _context(gui_services, translations, sync_service)
    runner = context.runner
    widget = SyncPage(context, sync_service, auto_sync=False)
    qtbot.addWidget(widget)
    widget.show()
    assert runner.wait_until_idle()
    yield widget
    widget.wait_for_sync()
    runner.wait_until_idle()
    runner.shutdown()
    sessions = getattr(context, "sessions", None)
    if sessions is not None:
        sessions.shutdown()


def _idle(page: SyncPage) -> None:
    assert page._context.runner.wait_until_idle()


def test_a_fresh_workstation_asks_to_enrol(page: SyncPage) -> None:
    assert page._enrol_box.isVisible()
    assert not page._sync_button.isEnabled()
    assert "尚未在总部登记" in page._enrolled_label.text()
    assert page._pending_label.text() == "待上传记录：0"


def test_a_scanned_enrolment_qr_fills_the_form(page: SyncPage) -> None:
    qr = format_enrollment_qr("7K3Q9XJDM2PAH4TB", "http://127.0.0.1:8765")

    assert page.offer_scanned_code(qr)
    assert not page.offer_scanned_code("06901234567892")
    assert page._code_edit.text() == "7K3Q9XJDM2PAH4TB"
    assert page._url_edit.text() == "http://127.0.0.1:8765"


def test_enrolling_against_an_unreachable_hq_explains_why(
    qtbot: QtBot, page: SyncPage, recorded_prompts: Any, unused_tcp_port_url: str
) -> None:
    page._url_edit.setText(unused_tcp_port_url)
    qtbot.keyClicks(page._code_edit, "7K3Q-9XJD-M2PA-H4TB")
    qtbot.mouseClick(page._enrol_button, Qt.MouseButton.LeftButton)
    _idle(page)

    errors = recorded_prompts.named("show_error")
    assert len(errors) == 1
    assert "无法连接总部服务器" in errors[0][2]
    assert page._enrol_button.isEnabled()


def test_a_bad_code_is_refused_before_asking_hq(qtbot: QtBot, page: SyncPage, recorded_prompts: Any) -> None:
    page._url_edit.setText("http://127.0.0.1:9")
    qtbot.keyClicks(page._code_edit, "12")
    qtbot.keyClick(page._code_edit, Qt.Key.Key_Return)
    _idle(page)

    assert "登记码格式不对" in recorded_prompts.named("show_error")[0][2]


def test_pending_count_follows_new_scans(page: SyncPage, small_catalogue: Workspace) -> None:
    ScanService(small_catalogue.database).record_scan("06901234567892")
    page._context.change_bus.announce(Change.SCANS)
    _idle(page)

    assert page._pending_label.text() == "待上传记录：1"


def test_sync_without_enrolment_reports_it_in_plain_words(qtbot: QtBot, page: SyncPage) -> None:
    with qtbot.waitSignal(page.sync_finished, timeout=10_000) as finished:
        assert page.start_sync()
    report = finished.args[0]

    assert report.outcome == "not_enrolled"
    assert page._failure_list.count() == 1
    assert "尚未在总部登记" in page._failure_list.item(0).text()
    assert page._result_label.text().startswith("尚未登记")


def test_export_bundle_writes_the_waiting_records(
    qtbot: QtBot,
    page: SyncPage,
    *,
    small_catalogue: Workspace,
    keys: DeviceKeys,
    recorded_prompts: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ScanService(small_catalogue.database).record_scan("06901234567892")
    target = tmp_path / "stick" / "out.iwbundle"
    target.parent.mkdir()
    monkeypatch.setattr(sync_page, "choose_bundle_target", lambda *_args: target)

    qtbot.mouseClick(page._export_button, Qt.MouseButton.LeftButton)
    _idle(page)

    assert len(read_bundle(target, {keys.key_id: keys.public_key_raw}).records) == 1
    assert "1 条记录" in recorded_prompts.named("show_information")[0][2]


def test_reference_bundle_preview_then_import(
    qtbot: QtBot,
    page: SyncPage,
    *,
    small_catalogue: Workspace,
    recorded_prompts: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hq = DeviceKeys.load_or_create(tmp_path / "hq")
    with small_catalogue.database.session() as session:
        session.add(TrustedKey(key_id=hq.key_id, public_key=hq.public_key_b64, source="hq", added_at=NOW))
    change = ReferenceChange(
        seq=7,
        table=ReferenceTable.ENTERPRISES,
        key="91350100M000100Y43",
        op=ReferenceOp.UPSERT,
        row={"uscc": "91350100M000100Y43", "name": "示例企业", "region_code": "350100"},
    )
    path = write_reference_bundle(tmp_path / "ref.iwref", [change], hq, since=0, created_at=NOW).path
    monkeypatch.setattr(sync_page, "choose_reference_bundle", lambda *_args: path)

    qtbot.mouseClick(page._open_reference_button, Qt.MouseButton.LeftButton)
    _idle(page)
    assert "新变更 1 条" in page._preview_label.text()
    assert page._import_button.isEnabled()
    qtbot.mouseClick(page._import_button, Qt.MouseButton.LeftButton)
    _idle(page)

    assert "已导入 1 条变更" in recorded_prompts.named("show_information")[0][2]
    assert not page._import_button.isEnabled()
    qtbot.mouseClick(page._open_reference_button, Qt.MouseButton.LeftButton)
    _idle(page)
    assert "新变更 0 条" in page._preview_label.text()
    assert not page._import_button.isEnabled()


def test_the_page_speaks_english(qtbot: QtBot, page: SyncPage, translations: Translations) -> None:
    translations.install("en")
    page.start_sync()
    qtbot.waitUntil(lambda: not page.syncing, timeout=10_000)

    assert "not enrolled" in page._failure_list.item(0).text()


@pytest.fixture
def unused_tcp_port_url() -> str:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def live_hq(tmp_path: Path) -> Iterator[Any]:
    """A real ``inspector-hq serve`` on 127.0.0.1 (the sync tests' harness)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
    from live_hq import LiveHq

    server = LiveHq(tmp_path / "hq")
    server.start()
    try:
        server.add_inspector()
        yield server
    finally:
        server.stop()


def test_enrol_then_sync_moves_every_bar_and_reports_success(
    qtbot: QtBot, page: SyncPage, live_hq: Any, small_catalogue: Workspace, recorded_prompts: Any
) -> None:
    ScanService(small_catalogue.database).record_scan("06901234567892")
    page.offer_scanned_code(format_enrollment_qr(live_hq.issue_code(), live_hq.url))
    with qtbot.waitSignal(page.enrolled, timeout=20_000):
        qtbot.mouseClick(page._enrol_button, Qt.MouseButton.LeftButton)
    _idle(page)
    assert page._sync_button.isEnabled()
    assert not page._enrol_box.isVisible()
    seen: list[int] = []
    page._records_bar.valueChanged.connect(seen.append)

    with qtbot.waitSignal(page.sync_finished, timeout=30_000) as finished:
        qtbot.mouseClick(page._sync_button, Qt.MouseButton.LeftButton)
    _idle(page)

    report = finished.args[0]
    assert report.outcome == "success", report.failures
    assert report.records_stored == 1
    assert page._records_bar.value() == page._records_bar.maximum() == 1
    assert 1 in seen
    assert page._result_label.text().startswith("同步成功")
    assert page._failure_list.count() == 0
    assert page._pending_label.text() == "待上传记录：0"
    assert "登记成功" in recorded_prompts.named("show_information")[0][1]
