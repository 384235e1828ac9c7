"""The verdict card: what a scan means, judged from the facts the store holds (pure, no I/O).

The storage layer gathers a ``VerdictFacts`` for a scanned code; ``judge`` turns it into a ``Verdict``: an
outcome colour and one ``Finding`` per reason, each worded the way an inspector speaks. Red means act now (maker
on the blacklist, recall or stop-sale, expired, a required licence missing or not valid); amber means look
closer (watch alerts, a licence about to expire, earlier nonconforming results); green means nothing known
against it; unknown means the code is not in the reference data; invalid means it is not a readable code.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

LICENCE_WARNING_DAYS = 90
EXPIRY_SOON_DAYS = 7


class Level(enum.StrEnum):
    """How serious one finding is."""

    RED = "red"
    AMBER = "amber"
    INFO = "info"


class Outcome(enum.StrEnum):
    """The card's colour."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    UNKNOWN = "unknown"
    INVALID = "invalid"


_LEVEL_RANK = {Level.RED: 0, Level.AMBER: 1, Level.INFO: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason on the card, with a stable ``code`` for machines and words for people."""

    level: Level
    code: str
    message_zh: str
    message_en: str

    def message(self, language: str = "zh") -> str:
        """The message in ``language`` ("zh" or "en")."""
        return self.message_en if language.startswith("en") else self.message_zh


@dataclass(frozen=True, slots=True)
class ProductKindFact:
    """The catalogue product kind of the item."""

    id: int
    code: str
    name: str
    category_name: str
    domain: str
    needs_xk: bool
    needs_ccc: bool
    needs_sc: bool

    @property
    def required_licence_types(self) -> tuple[str, ...]:
        """Licence types the catalogue requires of this kind's maker, in a fixed order."""
        required = []
        if self.needs_sc:
            required.append("SC")
        if self.needs_xk:
            required.append("XK")
        if self.needs_ccc:
            required.append("CCC")
        return tuple(required)


@dataclass(frozen=True, slots=True)
class EnterpriseFact:
    """Who made it."""

    id: int
    uscc: str
    name: str
    region_code: str
    credit_class: str
    address: str = ""


@dataclass(frozen=True, slots=True)
class TradeItemFact:
    """What the GTIN is, according to the reference data."""

    gtin: str
    name: str
    brand: str
    specification: str


@dataclass(frozen=True, slots=True)
class LicenceFact:
    """A licence or certificate of the maker."""

    type: str
    number: str
    status: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    product_kind_id: int | None
    scope: str = ""


@dataclass(frozen=True, slots=True)
class BlacklistFact:
    """An entry of the maker on a serious-violation or abnormal-operation list."""

    list_type: str
    reason: str
    since: dt.date
    until: dt.date | None
    authority: str = ""


@dataclass(frozen=True, slots=True)
class AlertFact:
    """A risk alert or recall that matched the item, its batch, its maker, its kind or its region."""

    code: str
    title: str
    level: str
    action: str  # recall | stop_sale | watch
    match_type: str  # gtin | gtin_batch | enterprise | product_kind | region
    batch: str | None
    valid_from: dt.date
    valid_until: dt.date | None
    status: str = "active"
    reason: str = ""
    issued_by: str = ""


@dataclass(frozen=True, slots=True)
class HistoryFact:
    """An earlier scan or check of the same item."""

    occurred_at: dt.datetime
    kind: str  # scan | check
    outcome: str
    place_name: str = ""
    batch: str | None = None
    nonconforming: bool = False


@dataclass(frozen=True, slots=True)
class VerdictFacts:
    """Everything the store knows that bears on one scanned code."""

    today: dt.date
    gtin: str | None = None
    batch: str | None = None
    expiry_date: dt.date | None = None
    best_before_date: dt.date | None = None
    trade_item: TradeItemFact | None = None
    product_kind: ProductKindFact | None = None
    enterprise: EnterpriseFact | None = None
    licences: tuple[LicenceFact, ...] = ()
    blacklist: tuple[BlacklistFact, ...] = ()
    alerts: tuple[AlertFact, ...] = ()
    history: tuple[HistoryFact, ...] = ()
    nonconforming_item_checks: int = 0
    nonconforming_maker_checks: int = 0
    looked_up: str = "gtin"  # gtin | enterprise | licence | none


@dataclass(frozen=True, slots=True)
class Verdict:
    """The card: an outcome and the reasons for it, worst first."""

    outcome: Outcome
    findings: tuple[Finding, ...]
    facts: VerdictFacts
    dispositions: tuple[str, ...] = field(default=())

    @property
    def red(self) -> tuple[Finding, ...]:
        """Findings that call for action now."""
        return tuple(f for f in self.findings if f.level is Level.RED)

    @property
    def amber(self) -> tuple[Finding, ...]:
        """Findings that call for a closer look."""
        return tuple(f for f in self.findings if f.level is Level.AMBER)

    def summary(self, language: str = "zh") -> str:
        """One line for lists and the scan history."""
        headline = HEADLINES[self.outcome]
        text = headline[1] if language.startswith("en") else headline[0]
        first = next((f for f in self.findings if f.level is not Level.INFO), None)
        if first is None:
            return text
        separator = ": " if language.startswith("en") else "："
        return f"{text}{separator}{first.message(language)}"


HEADLINES: dict[Outcome, tuple[str, str]] = {
    Outcome.RED: ("立即处置", "Act now"),
    Outcome.AMBER: ("需要关注", "Look closer"),
    Outcome.GREEN: ("未发现问题", "Nothing known against it"),
    Outcome.UNKNOWN: ("基础数据中无此商品", "Not in reference data"),
    Outcome.INVALID: ("无法识别的编码", "Not a readable code"),
}

_LICENCE_NAMES = {
    "SC": ("食品生产许可证", "food production licence (SC)"),
    "XK": ("工业产品生产许可证", "industrial production licence (XK)"),
    "CCC": ("CCC 认证证书", "CCC certificate"),
    "JY": ("食品经营许可证", "food business licence (JY)"),
}

_ACTION_WORDS = {
    "recall": ("召回", "recall"),
    "stop_sale": ("停止销售", "stop-sale order"),
    "watch": ("风险关注", "watch alert"),
}

_MATCH_WORDS = {
    "gtin": ("本商品", "this item"),
    "gtin_batch": ("本批次", "this batch"),
    "enterprise": ("生产企业", "its maker"),
    "product_kind": ("本类产品", "this product kind"),
    "region": ("产地", "its region of origin"),
}


def _active(since: dt.date | None, until: dt.date | None, today: dt.date) -> bool:
    return (since is None or since <= today) and (until is None or until >= today)


def _alert_findings(facts: VerdictFacts) -> Iterable[Finding]:
    for alert in facts.alerts:
        if alert.status != "active" or not _active(alert.valid_from, alert.valid_until, facts.today):
            continue
        action_zh, action_en = _ACTION_WORDS.get(alert.action, (alert.action, alert.action))
        match_zh, match_en = _MATCH_WORDS.get(alert.match_type, (alert.match_type, alert.match_type))
        if alert.match_type == "gtin_batch":
            if facts.batch is None:
                yield Finding(
                    Level.AMBER,
                    "batch_alert_unknown_batch",
                    f"该商品批次 {alert.batch} 被{action_zh}（{alert.title}），条码未含批号：请核对包装上的批号",
                    f"Batch {alert.batch} of this item is under a {action_en} ({alert.title}); the code carries no "
                    "batch: check the batch number on the pack",
                )
                continue
            if (alert.batch or "").casefold() != facts.batch.casefold():
                continue
        level = Level.AMBER if alert.action == "watch" else Level.RED
        yield Finding(
            level,
            f"alert_{alert.action}_{alert.match_type}",
            f"{match_zh}在{action_zh}名单中：{alert.title}（{alert.code}，{alert.issued_by or '发布机关未注明'}）",
            f"{match_en.capitalize()} is under a {action_en}: {alert.title} ({alert.code})",
        )


def _blacklist_findings(facts: VerdictFacts) -> Iterable[Finding]:
    enterprise = facts.enterprise
    for entry in facts.blacklist:
        if not _active(entry.since, entry.until, facts.today) or enterprise is None:
            continue
        if entry.list_type == "abnormal_operation":
            yield Finding(
                Level.AMBER,
                "abnormal_operation",
                f"生产企业 {enterprise.name} 列入经营异常名录：{entry.reason}",
                f"The maker {enterprise.name} is on the abnormal-operation list: {entry.reason}",
            )
        else:
            yield Finding(
                Level.RED,
                "blacklisted",
                f"生产企业 {enterprise.name} 列入严重违法失信名单（黑名单）：{entry.reason}（自 {entry.since}）",
                f"The maker {enterprise.name} is on the serious-violation blacklist: {entry.reason} "
                f"(since {entry.since})",
            )


def _date_findings(facts: VerdictFacts) -> Iterable[Finding]:
    today = facts.today
    if facts.expiry_date is not None:
        if facts.expiry_date < today:
            yield Finding(
                Level.RED,
                "expired",
                f"已过期：有效期至 {facts.expiry_date}",
                f"Expired: use by {facts.expiry_date}",
            )
        elif (facts.expiry_date - today).days <= EXPIRY_SOON_DAYS:
            yield Finding(
                Level.INFO,
                "expires_soon",
                f"即将过期：有效期至 {facts.expiry_date}",
                f"Expires soon: use by {facts.expiry_date}",
            )
    if facts.best_before_date is not None and facts.best_before_date < today:
        yield Finding(
            Level.AMBER,
            "past_best_before",
            f"已超过最佳食用日期 {facts.best_before_date}",
            f"Past its best-before date {facts.best_before_date}",
        )


def _best_licence(licences: list[LicenceFact], today: dt.date) -> LicenceFact:
    """The licence that speaks best for the maker: a valid one in date, else the latest to expire."""

    def rank(licence: LicenceFact) -> tuple[int, dt.date]:
        in_date = licence.status == "valid" and _active(licence.valid_from, licence.valid_to, today)
        return (1 if in_date else 0, licence.valid_to or dt.date.max)

    return max(licences, key=rank)


def _licence_findings(facts: VerdictFacts) -> Iterable[Finding]:
    kind = facts.product_kind
    if kind is None:
        return
    required = kind.required_licence_types
    if not required:
        return
    if facts.enterprise is None:
        names = "、".join(_LICENCE_NAMES[t][0] for t in required)
        yield Finding(
            Level.AMBER,
            "licence_unverifiable",
            f"{kind.name}须持{names}，但生产企业不详，无法核对",
            f"{kind.name} requires {', '.join(_LICENCE_NAMES[t][1] for t in required)}, but the maker is "
            "unknown, so it cannot be checked",
        )
        return
    today = facts.today
    for licence_type in required:
        name_zh, name_en = _LICENCE_NAMES[licence_type]
        candidates = [
            lic for lic in facts.licences if lic.type == licence_type and lic.product_kind_id in (None, kind.id)
        ]
        if not candidates:
            yield Finding(
                Level.RED,
                f"licence_missing_{licence_type.lower()}",
                f"{kind.name}属于目录管理产品，生产企业无{name_zh}",
                f"{kind.name} is a catalogue product and the maker holds no {name_en}",
            )
            continue
        best = _best_licence(candidates, today)
        if best.status in ("suspended",):
            yield Finding(
                Level.RED,
                f"licence_suspended_{licence_type.lower()}",
                f"{name_zh} {best.number} 已暂停",
                f"The {name_en} {best.number} is suspended",
            )
        elif best.status in ("revoked", "cancelled"):
            word_zh = "已撤销" if best.status == "revoked" else "已注销"
            yield Finding(
                Level.RED,
                f"licence_{best.status}_{licence_type.lower()}",
                f"{name_zh} {best.number} {word_zh}",
                f"The {name_en} {best.number} has been {best.status}",
            )
        elif best.status == "expired" or (best.valid_to is not None and best.valid_to < today):
            yield Finding(
                Level.RED,
                f"licence_expired_{licence_type.lower()}",
                f"{name_zh} {best.number} 已过期（有效期至 {best.valid_to}）",
                f"The {name_en} {best.number} expired on {best.valid_to}",
            )
        elif best.valid_from is not None and best.valid_from > today:
            yield Finding(
                Level.RED,
                f"licence_not_yet_valid_{licence_type.lower()}",
                f"{name_zh} {best.number} 尚未生效（自 {best.valid_from} 起）",
                f"The {name_en} {best.number} is not valid before {best.valid_from}",
            )
        elif best.valid_to is not None and (best.valid_to - today).days <= LICENCE_WARNING_DAYS:
            days = (best.valid_to - today).days
            yield Finding(
                Level.AMBER,
                f"licence_expiring_{licence_type.lower()}",
                f"{name_zh} {best.number} 将于 {days} 天后到期（{best.valid_to}）",
                f"The {name_en} {best.number} expires in {days} days ({best.valid_to})",
            )


def _history_findings(facts: VerdictFacts) -> Iterable[Finding]:
    if facts.nonconforming_item_checks:
        yield Finding(
            Level.AMBER,
            "nonconforming_item_before",
            f"该商品此前有 {facts.nonconforming_item_checks} 次抽检不合格",
            f"This item failed {facts.nonconforming_item_checks} earlier check(s)",
        )
    if facts.nonconforming_maker_checks and facts.enterprise is not None:
        yield Finding(
            Level.AMBER,
            "nonconforming_maker_before",
            f"生产企业此前有 {facts.nonconforming_maker_checks} 批次抽检不合格",
            f"The maker had {facts.nonconforming_maker_checks} nonconforming batch(es) before",
        )


def _credit_findings(facts: VerdictFacts) -> Iterable[Finding]:
    enterprise = facts.enterprise
    if enterprise is not None and enterprise.credit_class in ("C", "D"):
        yield Finding(
            Level.AMBER,
            "low_credit_class",
            f"生产企业信用等级为 {enterprise.credit_class} 类，应加大检查频次",
            f"The maker's credit class is {enterprise.credit_class}: inspect more often",
        )


def _identity_findings(facts: VerdictFacts) -> Iterable[Finding]:
    if facts.looked_up == "gtin" and facts.trade_item is None:
        yield Finding(
            Level.INFO,
            "not_in_reference_data",
            "基础数据中无此商品条码，可照常记录",
            "This GTIN is not in the reference data; it can still be recorded",
        )
    if facts.product_kind is not None:
        yield Finding(
            Level.INFO,
            "catalogue_product",
            f"属于重点产品目录：{facts.product_kind.category_name} / {facts.product_kind.name}",
            f"In the key-product catalogue: {facts.product_kind.category_name} / {facts.product_kind.name}",
        )
    elif facts.trade_item is not None:
        yield Finding(
            Level.INFO,
            "not_catalogue_product",
            "不属于重点产品目录",
            "Not in the key-product catalogue",
        )
    if facts.enterprise is None and facts.trade_item is not None:
        yield Finding(Level.INFO, "maker_unknown", "生产企业不详", "The maker is not known")


def _dispositions(findings: tuple[Finding, ...]) -> tuple[str, ...]:
    """EPCIS CBV dispositions the findings imply (DOMAIN.md §7)."""
    codes = {f.code for f in findings if f.level is Level.RED}
    result = []
    if "expired" in codes:
        result.append("expired")
    if any(code.startswith("alert_recall") for code in codes):
        result.append("recalled")
    if any(code.startswith("alert_stop_sale") or code.startswith("licence_") for code in codes):
        result.append("non_sellable_other")
    return tuple(result)


def judge(facts: VerdictFacts) -> Verdict:
    """The verdict on ``facts``: findings sorted worst first, and the outcome they add up to."""
    findings: list[Finding] = []
    for source in (
        _blacklist_findings,
        _alert_findings,
        _date_findings,
        _licence_findings,
        _credit_findings,
        _history_findings,
        _identity_findings,
    ):
        findings.extend(source(facts))
    findings.sort(key=lambda f: _LEVEL_RANK[f.level])  # stable: keeps the order within a level
    ordered = tuple(findings)
    levels = {f.level for f in ordered}
    if Level.RED in levels:
        outcome = Outcome.RED
    elif Level.AMBER in levels:
        outcome = Outcome.AMBER
    elif facts.looked_up == "none" or (
        facts.trade_item is None and facts.enterprise is None and facts.looked_up != "licence"
    ):
        outcome = Outcome.UNKNOWN
    else:
        outcome = Outcome.GREEN
    return Verdict(outcome, ordered, facts, _dispositions(ordered))


def invalid_verdict(today: dt.date, message_zh: str, message_en: str) -> Verdict:
    """The card for input that is not a readable code."""
    finding = Finding(Level.INFO, "invalid_code", message_zh, message_en)
    return Verdict(Outcome.INVALID, (finding,), VerdictFacts(today=today, looked_up="none"))
