"""The verdict card shows what matters at a glance: colour and headline, item, maker, findings, history."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from scan_data import BAD_USCC, CABLE_EAN, GOOD_USCC, GREEN_GS1, OIL_EAN, UNKNOWN_EAN

from inspector_app.gui.widgets.verdict_card import VerdictCardWidget
from inspector_app.services.scan_service import ScanPlace, ScanService


def card_widget(qtbot: QtBot, language: str = "zh") -> VerdictCardWidget:
    widget = VerdictCardWidget(language=language)
    qtbot.addWidget(widget)
    widget.resize(600, 700)
    widget.show()
    return widget


def test_empty_card_waits_for_a_scan(qtbot: QtBot) -> None:
    widget = card_widget(qtbot)
    assert widget.outcome is None
    assert widget.headline_text() == "等待扫描"
    assert widget.finding_texts() == []


def test_blacklisted_maker_gives_a_red_card_with_its_reasons(qtbot: QtBot, scan_service: ScanService) -> None:
    widget = card_widget(qtbot)
    widget.show_result(scan_service.record_scan(CABLE_EAN, "]E0", ScanPlace("城乡结合部检查站", "checkpoint")))
    assert widget.outcome == "red"
    assert widget.headline_text() == "立即处置"
    assert widget.band_colour() == "#c62828"
    findings = widget.finding_texts()
    assert "黑名单" in findings[0] and "以次充好" in findings[0]
    assert any("XK06-001-00018" in text and "暂停" in text for text in findings)
    assert widget.headline_detail() == "长缆 BV 2.5 铜芯线 100m"
    assert "BV 2.5 铜芯线" in widget.item_text()
    assert "电线电缆" in widget.item_text() and "重点产品目录" in widget.item_text()
    maker = widget.maker_text()
    assert "长治市某电缆厂" in maker and BAD_USCC in maker and "C 类" in maker
    assert widget.recorded_text().startswith("已记录")


def test_known_item_in_good_standing_is_green(qtbot: QtBot, scan_service: ScanService) -> None:
    widget = card_widget(qtbot)
    widget.show_card(scan_service.verdict(GREEN_GS1))
    assert widget.outcome == "green"
    assert widget.band_colour() == "#2e7d32"
    assert widget.headline_text() == "未发现问题"
    assert "批号 2025X" in widget.item_text()
    assert "有效期至 2027-12-31" in widget.item_text()
    assert GOOD_USCC in widget.maker_text()
    assert widget.recorded_text() == "仅查询，未记录"


def test_unknown_gtin_says_it_was_recorded_anyway(qtbot: QtBot, scan_service: ScanService) -> None:
    widget = card_widget(qtbot)
    result = scan_service.record_scan(UNKNOWN_EAN)
    widget.show_result(result)
    assert widget.outcome == "unknown"
    assert widget.headline_text() == "基础数据中无此商品"
    assert "已照常记录" in widget.recorded_text()
    assert scan_service.count() == 1
    assert widget.maker_text() == "不详"


def test_unreadable_input_is_grey(qtbot: QtBot, scan_service: ScanService) -> None:
    widget = card_widget(qtbot)
    widget.show_card(scan_service.verdict("hello world"))
    assert widget.outcome == "invalid"
    assert widget.band_colour() == "#9e9e9e"
    assert widget.finding_texts()


def test_the_items_earlier_scans_are_listed(qtbot: QtBot, scan_service: ScanService) -> None:
    scan_service.record_scan(OIL_EAN, place=ScanPlace("朝阳区某农贸市场", "market"))
    widget = card_widget(qtbot)
    widget.show_result(scan_service.record_scan(OIL_EAN, place=ScanPlace("超市", "supermarket")))
    history = widget.history_text().splitlines()
    assert len(history) == 1
    assert "朝阳区某农贸市场" in history[0] and "需要关注" in history[0]


def test_english_shows_the_english_wording(qtbot: QtBot, scan_service: ScanService) -> None:
    widget = card_widget(qtbot, language="en")
    widget.show_card(scan_service.verdict(CABLE_EAN))
    assert widget.headline_text() == "Act now"
    assert "blacklist" in widget.finding_texts()[0]
    widget.set_language("zh")
    assert widget.headline_text() == "立即处置"
