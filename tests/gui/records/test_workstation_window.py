"""The whole window over the demo store: nothing shows before the login, the home page after it, the lock hides the
pages again, a certificate's QR code at the scan bar is verified instead of judged as a product code, and the scan
card's "sample this item" starts a prefilled draft."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from records_support import DemoStore, RecordingOpener, log_in_window

from inspector_app.gui.application import Application
from inspector_app.gui.page_context import PageContext
from inspector_app.gui.pages.home_page import HomePage
from inspector_app.gui.pages.records_page import RecordsPage
from inspector_app.gui.pages.scan_page import ScanPage
from inspector_app.gui.session_controller import demo_hint
from inspector_app.gui.spot_check_launcher import SpotCheckLauncher
from inspector_app.services.identity_service import DEMO_PASSWORD, InspectorSession

LogIn = Callable[[PageContext, str, str], InspectorSession]


def test_pages_show_only_after_the_login(qtbot: QtBot, window_app: Application, demo_store: DemoStore) -> None:
    window = window_app.main_window
    assert not window.pages_shown() and not window.scan_bar.isEnabled()
    assert window.inspector_text() == "未登录"
    dialog = window_app.sessions.login_dialog
    assert dialog is not None and dialog.isModal()
    notice = dialog.findChild(QLabel, "noticeLabel")
    assert notice is not None and notice.text() == demo_hint(demo_store.badges)
    log_in_window(qtbot, window_app, demo_store.badges[0])
    session = window_app.sessions.session
    assert session is not None
    assert window.pages_shown() and window.scan_bar.isEnabled()
    assert window.current_page_key() == "home"
    assert isinstance(window.page("home"), HomePage) and isinstance(window.page("records"), RecordsPage)
    assert window.inspector_text() == f"执法人员：{session.name}（{session.badge_number}）"
    assert window.page("home").who_text().startswith(f"当前执法人员：{session.name}")

    # The home page's quick action switches pages.
    home = window.page("home")
    assert isinstance(home, HomePage)
    home.navigation_requested.emit("records")
    assert window.current_page_key() == "records"

    # Locking hides the pages; the same inspector's password shows them again where they were.
    lock = window.findChild(QAction, "lockAction")
    assert lock is not None and lock.isEnabled()
    lock.trigger()
    assert not window.pages_shown() and window.inspector_text() == f"已锁定：{session.name}"
    log_in_window(qtbot, window_app, demo_store.badges[0])
    assert window.pages_shown() and window.current_page_key() == "records"


def test_scans_name_the_inspector_logged_in(qtbot: QtBot, window_app: Application, demo_store: DemoStore) -> None:
    log_in_window(qtbot, window_app, demo_store.badges[0])
    window = window_app.main_window
    session = window_app.sessions.session
    assert session is not None
    with qtbot.waitSignal(window_app.scan_session.scan_recorded, timeout=10_000):
        window.scan_bar.receive_scan("6901234567892")
    [event] = window_app.scan_session.service.history()
    assert event.inspector_id == session.inspector_id


def test_certificate_code_at_the_scan_bar_is_verified_not_recorded(
    qtbot: QtBot, window_app: Application, demo_store: DemoStore
) -> None:
    log_in_window(qtbot, window_app, demo_store.badges[0])
    window = window_app.main_window
    certificate = demo_store.records.list(type="certificate")[0]
    payload = demo_store.spot_checks.overview(certificate.spot_check_id or "").certificate
    assert payload is not None
    line = window.scan_bar.line_edit
    line.setFocus()
    qtbot.keyClicks(line, payload.qr_payload)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    dialog = window.certificate_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.check() is not None, timeout=10_000)
    assert dialog.is_genuine() and dialog.headline_text() == "真实有效"
    assert dialog.claim_text("number") == certificate.number
    assert window_app.runner.wait_until_idle()
    assert window_app.scan_session.service.history() == []  # a certificate is not a product scan
    assert window_app.scan_session.recent == []


def test_sample_this_item_from_the_scan_card(
    qtbot: QtBot, demo_context: PageContext, demo_store: DemoStore, log_in_as: LogIn, opener: RecordingOpener
) -> None:
    session = log_in_as(demo_context, demo_store.badges[0], DEMO_PASSWORD)
    page = ScanPage(demo_context.scan_session)
    qtbot.addWidget(page)
    page.show()
    launcher = SpotCheckLauncher(demo_context, page, opener=opener)
    button = page.card.sample_button
    assert button.isHidden()  # the camera page's card, say, offers no sampling
    page.enable_sampling(launcher)
    assert button.isHidden()  # nothing scanned yet

    sampled = next(row for row in demo_store.records.list(type="spot_check") if row.gtin)
    with qtbot.waitSignal(demo_context.scan_session.scan_recorded, timeout=10_000):
        demo_context.scan_session.submit(sampled.gtin or "")
    assert not button.isHidden() and button.text() == "抽样…"
    with qtbot.waitSignal(launcher.draft_started, timeout=10_000) as started:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    draft = started.args[0]
    assert opener.opened == [(draft.id, session)]
    sample = draft.record.sample
    assert sample.gtin == sampled.gtin and sample.name and sample.product_kind_code
    assert draft.record.producer.uscc and draft.record.inspectors[0].badge_number == session.badge_number

    with qtbot.waitSignal(demo_context.scan_session.scan_recorded, timeout=10_000):
        demo_context.scan_session.submit("not a code at all")
    assert page.card.outcome == "invalid" and button.isHidden()
