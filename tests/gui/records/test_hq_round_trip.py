"""The whole round trip in the window, as README tells it: ``inspector-hq serve --demo`` in a real process, the demo
workstation logs in, enrolls from the code's QR text on the sync page, syncs both ways, HQ publishes a new alert,
the next sync brings it down and the next scan of that item shows it on the verdict card."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from records_support import DemoStore, log_in_window
from sqlalchemy import func, select

from inspector_app.gui.application import Application
from inspector_app.gui.pages.scan_page import ScanPage
from inspector_app.gui.pages.sync_page import SyncPage
from inspector_app.storage.models import TradeItem
from inspector_app.sync.outbox import Outbox

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hq"))
from hq_testing import HqProcess  # the HQ tests' harness, beside this folder

pytestmark = pytest.mark.slow

ALERT_CODE = "RC-ROUNDTRIP-01"
ALERT_TITLE = "往返测试召回：问题批次饮料"


@pytest.fixture
def demo_hq(tmp_path: Path) -> Iterator[HqProcess]:
    server = HqProcess(tmp_path / "hq")
    server.start("--demo")
    try:
        yield server
    finally:
        server.stop()


def _sync(qtbot: QtBot, page: SyncPage) -> Any:
    with qtbot.waitSignal(page.sync_finished, timeout=120_000) as finished:
        qtbot.mouseClick(page._sync_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert report.outcome == "success", report.failures
    return report


def test_enrol_sync_both_ways_and_see_hqs_new_alert_on_the_next_scan(
    qtbot: QtBot, window_app: Application, demo_store: DemoStore, demo_hq: HqProcess, tmp_path: Path
) -> None:
    window = window_app.main_window
    log_in_window(qtbot, window_app, demo_store.badges[0])
    waiting = Outbox(demo_store.workspace.database).pending_count()
    assert waiting > 0  # the demo's sealed spot checks, results and certificates

    # HQ's administrator issues a code for one of its demo inspectors; the inspector scans its QR text.
    badge = json.loads(demo_hq.admin("inspector", "list", "--json").stdout)[0]["badge_number"]
    issued = demo_hq.admin("enroll-code", "--inspector", badge, "--hq-url", demo_hq.url).stdout
    qr_text = next(line for line in issued.splitlines() if line.startswith("二维码内容")).split(": ", 1)[1]
    window.show_page("sync")
    page = window.page("sync")
    assert isinstance(page, SyncPage)
    assert page.offer_scanned_code(qr_text)
    with qtbot.waitSignal(page.enrolled, timeout=30_000):
        qtbot.mouseClick(page._enrol_button, Qt.MouseButton.LeftButton)
    assert window_app.runner.wait_until_idle()

    # Both ways: every waiting record goes up (and checks out at HQ), HQ's reference data comes down.
    first = _sync(qtbot, page)
    assert first.records_stored == waiting
    assert first.reference_changes > 0
    assert Outbox(demo_store.workspace.database).pending_count() == 0
    audit = json.loads(demo_hq.admin("verify-records", "--json").stdout)
    assert (audit["checked"], audit["ok"]) == (waiting, True)

    # HQ publishes an alert on an item the workstation now holds from HQ.
    with demo_store.workspace.database.session() as session:
        gtin = session.scalars(select(TradeItem.gtin).where(TradeItem.hq_seq > 0).order_by(TradeItem.gtin)).first()
        assert gtin is not None
        assert session.scalar(select(func.count()).select_from(TradeItem).where(TradeItem.hq_seq > 0))
    alerts = tmp_path / "alerts.json"
    alerts.write_text(
        json.dumps(
            [
                {
                    "code": ALERT_CODE,
                    "title": ALERT_TITLE,
                    "action": "recall",
                    "match_type": "gtin",
                    "gtin": gtin,
                    "valid_from": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert "1 alert(s)" in demo_hq.admin("alerts", "publish", str(alerts)).stdout

    second = _sync(qtbot, page)
    assert second.records_stored == 0
    assert second.reference_changes >= 1

    # The next scan of that item shows HQ's alert at once.
    window.show_page("scan")
    scan_page = window.page("scan")
    assert isinstance(scan_page, ScanPage)
    with qtbot.waitSignal(window_app.scan_session.scan_recorded, timeout=10_000):
        window.scan_bar.receive_scan(gtin)
    qtbot.waitUntil(lambda: scan_page.card.card is not None, timeout=10_000)
    card = scan_page.card
    assert card.outcome == "red"
    assert any(ALERT_TITLE in text for text in card.finding_texts()), card.finding_texts()
