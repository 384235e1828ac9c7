"""The verdict card: what one scan means, readable at a glance at a market stall.

Top to bottom: a coloured band with the headline (red: act now, amber: look closer, green: nothing known against
it, grey: not in the reference data or not a readable code); what the code is (item, product kind, whether it
is in the key-product catalogue); who made it (name, USCC, credit class); every finding with its reason; the
item's own earlier checks. A code the reference data does not know is still recorded, and the card says so.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.identifiers import IdentifierKind
from inspector_app.domain.verdict import Finding, HistoryFact, Level, Outcome, TradeItemFact
from inspector_app.gui import outcome_style
from inspector_app.gui.scan_bar import visible_code
from inspector_app.services.scan_service import ScanResult, Symbology, VerdictCard

logger = logging.getLogger(__name__)

_ICON_SIZE = QSize(20, 20)
_LEVEL_ICONS = {
    Level.RED: QStyle.StandardPixmap.SP_MessageBoxCritical,
    Level.AMBER: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Level.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def _local(moment: dt.datetime) -> dt.datetime:
    """Stored times are naive UTC; show them in the workstation's zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone()


# AIM identifiers as scanners send them → the symbology's label; ]E0 is EAN-13, UPC-A and UPC-E alike.
_AIM_LABELS: dict[str, str] = {"]E0": "EAN/UPC"}
for _symbology in Symbology:
    _AIM_LABELS.setdefault(_symbology.aim_id, _symbology.label)


def symbology_label(symbology: str | None) -> str:
    """EAN-13, GS1 DataMatrix... for our names and AIM identifiers alike; "" when unknown."""
    if not symbology:
        return ""
    if symbology in _AIM_LABELS:
        return _AIM_LABELS[symbology]
    try:
        return Symbology(symbology).label
    except ValueError:
        return symbology


class VerdictCardWidget(QFrame):
    """Shows one :class:`VerdictCard` (and, for a recorded scan, when it was recorded).

    ``language`` ("zh" or "en") picks which wording of the verdict's findings to show; the labels around them
    follow the installed translation. With :meth:`set_sampling_enabled`, the band offers "sample this item".

    Signals:
        sample_requested(VerdictCard): "抽样" was clicked for the card shown.
    """

    sample_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, language: str = "zh") -> None:
        super().__init__(parent)
        self.setObjectName("VerdictCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._language = language
        self._card: VerdictCard | None = None
        self._recorded_at: dt.datetime | None = None

        self._band = QFrame(self)
        self._band.setObjectName("band")
        self._band.setAutoFillBackground(True)
        self._headline = QLabel(self._band)
        self._headline.setObjectName("headline")
        self._headline.setWordWrap(True)
        headline_font = QFont(self._headline.font())
        headline_font.setPointSizeF(max(headline_font.pointSizeF(), 9.0) * 2.0)
        headline_font.setBold(True)
        self._headline.setFont(headline_font)
        self._what = QLabel(self._band)
        self._what.setObjectName("what")
        self._what.setWordWrap(True)
        what_font = QFont(self._what.font())
        what_font.setPointSizeF(max(what_font.pointSizeF(), 9.0) * 1.3)
        what_font.setBold(True)
        self._what.setFont(what_font)
        self._subline = QLabel(self._band)
        self._subline.setObjectName("subline")
        self._subline.setWordWrap(True)
        self._subline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        band_layout = QVBoxLayout(self._band)
        band_layout.setContentsMargins(16, 12, 16, 12)
        band_layout.addWidget(self._headline)
        band_layout.addWidget(self._what)
        band_layout.addWidget(self._subline)
        self._sampling_enabled = False
        self._sample_button = QPushButton(self._band)
        self._sample_button.setObjectName("sampleButton")
        self._sample_button.clicked.connect(self._on_sample_button_clicked)
        band_layout.addWidget(self._sample_button, 0, Qt.AlignmentFlag.AlignRight)

        self._recorded_label = self._body_label("recordedLabel")
        self._item_title = self._section_title()
        self._item_label = self._body_label("itemLabel")
        self._maker_title = self._section_title()
        self._maker_label = self._body_label("makerLabel")
        self._findings_title = self._section_title()
        self._findings_box = QWidget(self)
        self._findings_layout = QVBoxLayout(self._findings_box)
        self._findings_layout.setContentsMargins(0, 0, 0, 0)
        self._history_title = self._section_title()
        self._history_label = self._body_label("historyLabel")

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(16, 8, 16, 8)
        body_layout.addWidget(self._recorded_label)
        body_layout.addWidget(self._findings_title)
        body_layout.addWidget(self._findings_box)
        body_layout.addWidget(self._item_title)
        body_layout.addWidget(self._item_label)
        body_layout.addWidget(self._maker_title)
        body_layout.addWidget(self._maker_label)
        body_layout.addWidget(self._history_title)
        body_layout.addWidget(self._history_label)
        body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._band)
        layout.addWidget(scroll, 1)
        self._finding_texts: list[str] = []
        self._render()

    # --- public ------------------------------------------------------------------------------------------

    @property
    def card(self) -> VerdictCard | None:
        """The card shown, or None when empty."""
        return self._card

    @property
    def outcome(self) -> str | None:
        """The outcome shown (red / amber / green / unknown / invalid), or None when empty."""
        return self._card.outcome if self._card is not None else None

    def set_language(self, language: str) -> None:
        """Show the verdict's own texts in ``language`` ("zh" or "en")."""
        self._language = language
        self._render()

    def show_result(self, result: ScanResult) -> None:
        """Show a recorded scan's card, with the time it was recorded."""
        self._card = result.card
        self._recorded_at = result.occurred_at
        self._render()

    def show_card(self, card: VerdictCard) -> None:
        """Show a card that was not recorded (a look-up)."""
        self._card = card
        self._recorded_at = None
        self._render()

    def clear(self) -> None:
        """Back to the waiting state."""
        self._card = None
        self._recorded_at = None
        self._render()

    @property
    def sample_button(self) -> QPushButton:
        """The "sample this item" button (shown when sampling is enabled and the card names something)."""
        return self._sample_button

    def set_sampling_enabled(self, enabled: bool) -> None:
        """Offer "sample this item" on cards that name an item or a maker (the scan page does; the camera does not)."""
        self._sampling_enabled = enabled
        self._render()

    def headline_text(self) -> str:
        """The band's headline."""
        return self._headline.text()

    def band_colour(self) -> str:
        """The band's background colour as "#rrggbb"."""
        return self._band.palette().color(self._band.backgroundRole()).name()

    def finding_texts(self) -> list[str]:
        """One line per finding, worst first, as shown."""
        return list(self._finding_texts)

    def item_text(self) -> str:
        """The "what it is" section."""
        return self._item_label.text()

    def maker_text(self) -> str:
        """The "who made it" section."""
        return self._maker_label.text()

    def history_text(self) -> str:
        """The item's earlier checks."""
        return self._history_label.text()

    def recorded_text(self) -> str:
        """The line saying whether and when the scan was recorded."""
        return self._recorded_label.text()

    # --- building blocks ---------------------------------------------------------------------------------

    def _body_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return label

    def _section_title(self) -> QLabel:
        label = QLabel(self)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 8, 0, 0)
        return label

    # --- rendering ---------------------------------------------------------------------------------------

    def _render(self) -> None:
        self._sample_button.setText(self.tr("抽样…"))
        self._sample_button.setToolTip(self.tr("以此商品开始抽样：商品条码、生产企业、批号和日期自动填入抽样单"))
        card = self._card
        self._sample_button.setVisible(
            self._sampling_enabled and card is not None and card.outcome != Outcome.INVALID.value
        )
        self._item_title.setText(self.tr("商品"))
        self._maker_title.setText(self.tr("生产企业"))
        self._findings_title.setText(self.tr("判定依据"))
        self._history_title.setText(self.tr("本商品此前的检查"))
        if card is None:
            self._paint_band("")
            self._headline.setText(self.tr("等待扫描"))
            self._what.clear()
            self._what.setVisible(False)
            self._subline.setText(self.tr("用扫码枪扫描、在扫描栏输入、打开或拖入图像，或使用摄像头"))
            for label in (self._recorded_label, self._item_label, self._maker_label, self._history_label):
                label.clear()
            self._set_findings([])
            self._set_sections_visible(False)
            return
        self._set_sections_visible(True)
        self._paint_band(card.outcome)
        self._headline.setText(outcome_style.headline(card.outcome, self._language))
        what = self._what_line(card)
        self._what.setText(what)
        self._what.setVisible(bool(what))
        self._subline.setText(self._code_line(card))
        self._recorded_label.setText(self._recorded_line(card))
        self._item_label.setText(self._item_lines(card))
        self._maker_label.setText(self._maker_lines(card))
        self._set_findings(list(card.verdict.findings))
        history = card.verdict.facts.history
        self._history_label.setText(
            "\n".join(self._history_line(fact) for fact in history) if history else self.tr("无记录")
        )
        facts = card.verdict.facts
        self._history_title.setVisible(facts.looked_up == "gtin")
        self._history_label.setVisible(facts.looked_up == "gtin")

    def _set_sections_visible(self, visible: bool) -> None:
        for widget in (
            self._recorded_label,
            self._item_title,
            self._item_label,
            self._maker_title,
            self._maker_label,
            self._findings_title,
            self._findings_box,
            self._history_title,
            self._history_label,
        ):
            widget.setVisible(visible)

    def _paint_band(self, outcome: str) -> None:
        palette = self._band.palette()
        palette.setColor(self._band.backgroundRole(), outcome_style.background_colour(outcome))
        palette.setColor(self._headline.foregroundRole(), outcome_style.text_colour(outcome))
        self._band.setPalette(palette)
        for label in (self._headline, self._what, self._subline):
            label.setPalette(palette)

    def headline_detail(self) -> str:
        """The line under the headline: the item (or the maker) the code stands for."""
        return self._what.text()

    def _what_line(self, card: VerdictCard) -> str:
        facts = card.verdict.facts
        if facts.trade_item is not None:
            item = facts.trade_item
            return _item_title(item)
        if facts.enterprise is not None:
            return facts.enterprise.name
        return ""

    def _code_line(self, card: VerdictCard) -> str:
        parts = [visible_code(card.code)]
        label = symbology_label(card.symbology)
        if label:
            parts.append(label)
        kind = card.identified.kind
        if kind is not IdentifierKind.UNKNOWN:
            parts.append(kind.label_en if self._language.startswith("en") else kind.label_zh)
        return " · ".join(parts)

    def _recorded_line(self, card: VerdictCard) -> str:
        if self._recorded_at is None:
            return self.tr("仅查询，未记录")
        time_text = self._recorded_at.strftime("%H:%M:%S")
        if card.outcome == Outcome.UNKNOWN.value:
            return self.tr("基础数据中无此商品，本次扫描已照常记录（%1）。").replace("%1", time_text)
        if card.outcome == Outcome.INVALID.value:
            return self.tr("无法识别，本次输入已记录（%1）。").replace("%1", time_text)
        return self.tr("已记录 %1").replace("%1", time_text)

    def _item_lines(self, card: VerdictCard) -> str:
        facts = card.verdict.facts
        found = card.identified.identification
        lines: list[str] = []
        item = facts.trade_item
        if item is not None:
            lines.append(_item_title(item))
        gtin = facts.gtin or (found.gtin if found is not None else None)
        if gtin:
            lines.append(self.tr("商品条码 %1").replace("%1", gtin))
        if facts.batch:
            lines.append(self.tr("批号 %1").replace("%1", facts.batch))
        if facts.expiry_date is not None:
            lines.append(self.tr("有效期至 %1").replace("%1", facts.expiry_date.isoformat()))
        if facts.best_before_date is not None:
            lines.append(self.tr("最佳食用日期 %1").replace("%1", facts.best_before_date.isoformat()))
        kind = facts.product_kind
        if kind is not None:
            lines.append(self.tr("产品类别：%1 / %2").replace("%1", kind.category_name).replace("%2", kind.name))
            required = "、".join(kind.required_licence_types)
            if required:
                lines.append(self.tr("属于重点产品目录，生产企业须持 %1").replace("%1", required))
            else:
                lines.append(self.tr("属于重点产品目录"))
        elif item is not None:
            lines.append(self.tr("不属于重点产品目录"))
        if item is None and facts.looked_up == "gtin":
            lines.append(self.tr("基础数据中无此商品"))
        if found is not None and facts.looked_up != "gtin":
            kind_name = found.kind.label_en if self._language.startswith("en") else found.kind.label_zh
            lines.append(f"{kind_name}：{found.normalized}")
        return "\n".join(lines) if lines else self.tr("不详")

    def _maker_lines(self, card: VerdictCard) -> str:
        maker = card.verdict.facts.enterprise
        if maker is None:
            return self.tr("不详")
        lines = [maker.name, self.tr("统一社会信用代码 %1").replace("%1", maker.uscc)]
        if maker.credit_class:
            lines.append(self.tr("信用等级 %1 类").replace("%1", maker.credit_class))
        if maker.address:
            lines.append(maker.address)
        return "\n".join(lines)

    def _history_line(self, fact: HistoryFact) -> str:
        when = _local(fact.occurred_at).strftime("%Y-%m-%d %H:%M")
        what = self.tr("扫描") if fact.kind == "scan" else self.tr("抽检")
        outcome = outcome_style.headline(fact.outcome, self._language) if fact.kind == "scan" else fact.outcome
        if fact.nonconforming:
            outcome = self.tr("不合格")
        parts = [when, what, outcome]
        if fact.place_name:
            parts.append(fact.place_name)
        if fact.batch:
            parts.append(self.tr("批号 %1").replace("%1", fact.batch))
        return "  ".join(parts)

    def _set_findings(self, findings: list[Finding]) -> None:
        while self._findings_layout.count():
            child = self._findings_layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()
        self._finding_texts = []
        for finding in findings:
            text = finding.message(self._language)
            self._finding_texts.append(text)
            self._findings_layout.addWidget(self._finding_row(finding.level, text))

    def _finding_row(self, level: Level, text: str) -> QWidget:
        row = QWidget(self._findings_box)
        row.setProperty("level", level.value)
        icon_label = QLabel(row)
        icon = self.style().standardIcon(_LEVEL_ICONS[level])
        icon_label.setPixmap(icon.pixmap(_ICON_SIZE))
        icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        text_label = QLabel(text, row)
        text_label.setWordWrap(True)
        text_label.setTextFormat(Qt.TextFormat.PlainText)
        text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if level is not Level.INFO:
            font = QFont(text_label.font())
            font.setBold(level is Level.RED)
            text_label.setFont(font)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(icon_label)
        layout.addWidget(text_label, 1)
        return row

    def _on_sample_button_clicked(self) -> None:
        if self._card is not None:
            self.sample_requested.emit(self._card)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)


def _item_title(item: TradeItemFact) -> str:
    """Brand, name and specification, without repeating a brand or specification the name already carries."""
    parts = [item.name]
    if item.brand and item.brand not in item.name:
        parts.insert(0, item.brand)
    if item.specification and item.specification not in item.name:
        parts.append(item.specification)
    return " ".join(part for part in parts if part)
