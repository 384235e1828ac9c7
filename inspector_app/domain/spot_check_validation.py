"""Checks of a sampling record (抽样单) that explain themselves (DOMAIN.md §2). Pure: everything from outside comes in
a :class:`ValidationContext` (today's date, the product kind's catalogue requirements, earlier checks).

:func:`validate_sampling_record` returns every problem at once as :class:`ValidationIssue` values: an **error** must
be fixed before the record can be signed and sealed; a **warning** is something the inspector must look at and may
knowingly accept (a smaller sample than the catalogue proposes, a product checked five months ago...). Each issue
names its field as a dotted path into the record (``sample.backup_quantity``, ``inspectors[1].badge_number``), has a
stable machine ``code`` and a message in Chinese and English.

What is checked, by outcome:

- every outcome: two distinct inspectors (ids and badge numbers), the sampling unit, the sampled site with the
  format of its USCC (check character included), licence number (SC/XK/JY) and region code, the visit date;
- ``sampling_failed``: its reason;
- ``refused_to_sign``: its reason (a witness is advised);
- ``sampled`` and ``refused_to_sign`` (a sample was taken): the producer (USCC, SC/XK numbers, contract
  manufacturer), the sample (GTIN, XK and CCC numbers, amounts of money), its dates in order (production ≤ sampling ≤
  today, expiry after production, not expired when sampled), lot base and quantities (positive, sample + backup ≤
  lot base, not below the catalogue's proposal), the catalogue's licence requirements (XK, CCC, SC), seal numbers,
  who keeps the backup sample, trial/processing/sample goods, and a repeat check of the same product by this
  department within the rule's window (rule ``repeat_check_window``, in months).

Imported goods are not asked for an SC or XK number: production licences are issued to domestic producers; CCC
applies to imports as well [B].
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from inspector_app.domain.catalogue import CatalogueDomain, ProductKindSpec
from inspector_app.domain.deadlines import add_months
from inspector_app.domain.identifiers import Identification, IdentifierError, IdentifierKind, parse_identifier
from inspector_app.domain.identifiers.licences import parse_ccc_certificate
from inspector_app.domain.identifiers.regions import is_known_province
from inspector_app.domain.limits import parse_decimal
from inspector_app.domain.spot_check import (
    BackupKeeper,
    Packaging,
    SamplingOutcome,
    SamplingRecord,
)

logger = logging.getLogger(__name__)

# 食品经营许可证: JY + 14 digits (business type 1, region 6, sequence 6, check 1; check algorithm not published) [B].
_JY_SHAPE = re.compile(r"JY\d{14}")
_REGION_SHAPE = re.compile(r"[0-9]{6}")
_URBAN_RURAL = frozenset({"urban", "rural", "fringe"})

# Goods that must not be sampled (DOMAIN.md §2): trial products, processing/clearance goods, samples not for sale,
# export-only goods. In the product name any of these words counts; in the notes "样品" alone does not, because the
# notes of a sampling form talk about the sample taken all the time ("样品完好"), nor does "处理" alone ("水处理剂").
_NAME_MARKERS = re.compile(r"试制|处理品|样品|样机|非卖品|出口专用|仅供出口|外销专用")
_NOTE_MARKERS = re.compile(r"试制|处理品|非卖品|出口专用|仅供出口|外销专用")

_SAMPLE_TAKEN = frozenset({SamplingOutcome.SAMPLED, SamplingOutcome.REFUSED_TO_SIGN})


class IssueLevel(StrEnum):
    """How serious a validation issue is."""

    ERROR = "error"  # blocks signing and sealing
    WARNING = "warning"  # shown; the inspector may accept it knowingly


@dataclass(frozen=True)
class ValidationIssue:
    """One problem of a sampling record: level, the field as a dotted path, messages and a stable code."""

    level: IssueLevel
    field: str
    message_zh: str
    message_en: str
    code: str

    @property
    def is_error(self) -> bool:
        """Whether the issue blocks sealing."""
        return self.level is IssueLevel.ERROR

    def message(self, language: str = "zh") -> str:
        """The message in ``language`` ("zh" or "en")."""
        return self.message_en if language.startswith("en") else self.message_zh


@dataclass(frozen=True)
class ProductKindRequirements:
    """What the catalogue says about the product kind sampled: licences needed and proposed quantities."""

    code: str
    name: str = ""
    domain: CatalogueDomain | None = None
    needs_xk: bool = False
    needs_ccc: bool = False
    needs_sc: bool = False
    ccc_code: str | None = None
    sample_quantity: int | None = None
    backup_quantity: int | None = None
    quantity_unit: str = ""

    @classmethod
    def from_spec(cls, spec: ProductKindSpec, domain: CatalogueDomain | None = None) -> ProductKindRequirements:
        """The requirements of a catalogue product kind (``domain`` from its category)."""
        return cls(
            code=spec.code,
            name=spec.name,
            domain=domain,
            needs_xk=spec.needs_xk,
            needs_ccc=spec.needs_ccc,
            needs_sc=spec.needs_sc,
            ccc_code=spec.ccc_code,
            sample_quantity=spec.sample_quantity,
            backup_quantity=spec.backup_quantity,
            quantity_unit=spec.quantity_unit,
        )


@dataclass(frozen=True)
class RecentCheck:
    """An earlier spot check of a product by this department (or, with ``by_higher_level``, by a higher level).

    ``nonconforming``: that check found the product nonconforming, so checking it again is the follow-up of a
    failure that the repeat-check rule allows.
    """

    record_id: str
    sampling_date: dt.date
    producer_uscc: str = ""
    producer_name: str = ""
    trademark: str = ""
    specification: str = ""
    standard: str = ""
    form_number: str = ""
    nonconforming: bool = False
    by_higher_level: bool = False


@dataclass(frozen=True)
class ValidationContext:
    """Everything the checks need from outside the record.

    - ``requirements``: the catalogue's product kind, or None when the sample has none (catalogue checks skipped);
    - ``recent_checks``: earlier checks to compare with — the caller leaves out the record itself and the
      records it amends;
    - ``same_product_window_months``: the ``repeat_check_window`` rule's amount; None when the rules table has no
      such rule (the repeat check then says it could not be made, rather than assume a period);
    - ``follow_up_or_emergency``: this check follows up a failure or is an emergency check, which the
      repeat-check rule exempts;
    - ``minimum_lot_base``: the plan's minimum lot base (抽样基数), when the task sets one.
    """

    today: dt.date
    requirements: ProductKindRequirements | None = None
    recent_checks: tuple[RecentCheck, ...] = ()
    same_product_window_months: int | None = None
    follow_up_or_emergency: bool = False
    minimum_lot_base: int | None = None


def has_errors(issues: Iterable[ValidationIssue]) -> bool:
    """Whether any issue blocks sealing."""
    return any(issue.is_error for issue in issues)


def _fold(text: str) -> str:
    """Text for comparison: NFKC (full-width to half-width), blanks removed, case folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _parse(text: str) -> Identification | IdentifierError:
    try:
        return parse_identifier(text)
    except IdentifierError as error:
        return error


class _Checker:
    """Collects the issues of one record; one method per part of the form."""

    def __init__(self, record: SamplingRecord, context: ValidationContext) -> None:
        self.record = record
        self.context = context
        self.requirements = context.requirements
        self.domain = context.requirements.domain if context.requirements is not None else None
        self.issues: list[ValidationIssue] = []

    def error(self, field: str, code: str, message_zh: str, message_en: str) -> None:
        self.issues.append(ValidationIssue(IssueLevel.ERROR, field, message_zh, message_en, code))

    def warning(self, field: str, code: str, message_zh: str, message_en: str) -> None:
        self.issues.append(ValidationIssue(IssueLevel.WARNING, field, message_zh, message_en, code))

    def run(self) -> list[ValidationIssue]:
        taken = self.record.outcome in _SAMPLE_TAKEN
        self.check_outcome()
        self.check_inspectors()
        self.check_sampling_unit()
        self.check_site(taken)
        self.check_visit_date()
        if taken:
            self.check_producer()
            self.check_sample()
            self.check_dates()
            self.check_quantities()
            self.check_licence_requirements()
            self.check_not_for_sampling()
            self.check_sealing()
            self.check_money()
            self.check_repeat()
        else:
            self.check_failed_leftovers()
        return self.issues

    # ------------------------------------------------------------------ outcome
    def check_outcome(self) -> None:
        record = self.record
        if record.outcome is SamplingOutcome.SAMPLING_FAILED:
            if not record.failure_reason.strip():
                self.error(
                    "failure_reason",
                    "failure_reason_missing",
                    "抽样未果须写明原因",
                    "A failed sampling needs its reason",
                )
        elif record.failure_reason.strip():
            self.warning(
                "failure_reason",
                "failure_reason_unexpected",
                "已抽样，却填写了抽样未果原因；请确认抽样结果",
                "A sample was taken but a reason for failed sampling is filled in; check the outcome",
            )
        if record.outcome is SamplingOutcome.REFUSED_TO_SIGN:
            if not record.refusal_reason.strip():
                self.error(
                    "refusal_reason",
                    "refusal_reason_missing",
                    "被抽样单位拒绝签字的，须记录拒签原因",
                    "A refusal to sign must be recorded with its reason",
                )
            if not record.witness.strip():
                self.warning(
                    "witness",
                    "witness_missing",
                    "被抽样单位拒签时宜有见证人，请填写见证人",
                    "When the party refuses to sign, a witness should be named",
                )
        elif record.refusal_reason.strip():
            self.warning(
                "refusal_reason",
                "refusal_reason_unexpected",
                "结果不是“拒签”，却填写了拒签原因；请确认抽样结果",
                "The outcome is not 'refused to sign' but a refusal reason is filled in; check the outcome",
            )

    # ------------------------------------------------------------------ people
    def check_inspectors(self) -> None:
        inspectors = self.record.inspectors
        if len(inspectors) < 2:
            self.error(
                "inspectors",
                "inspectors_too_few",
                f"抽样人员不得少于 2 名，现有 {len(inspectors)} 名",
                f"At least two samplers are required; there are {len(inspectors)}",
            )
        seen_ids: dict[int, int] = {}
        seen_badges: dict[str, int] = {}
        for index, inspector in enumerate(inspectors):
            path = f"inspectors[{index}]"
            if not inspector.name.strip():
                self.error(
                    f"{path}.name", "inspector_name_missing", "抽样人员姓名未填写", "A sampler's name is missing"
                )
            badge = _fold(inspector.badge_number)
            if not badge:
                self.error(
                    f"{path}.badge_number",
                    "inspector_badge_missing",
                    f"抽样人员{inspector.name}的执法证号未填写",
                    f"The badge number (执法证号) of sampler {inspector.name} is missing",
                )
            elif badge in seen_badges:
                self.error(
                    f"{path}.badge_number",
                    "inspectors_same_badge",
                    f"两名抽样人员的执法证号相同（{inspector.badge_number}）：须为两名不同人员",
                    f"Two samplers have the same badge number ({inspector.badge_number}): two distinct people "
                    "are required",
                )
            else:
                seen_badges[badge] = index
            if inspector.inspector_id is None:
                self.warning(
                    f"{path}.inspector_id",
                    "inspector_not_confirmed",
                    f"抽样人员{inspector.name}未在本机登录确认",
                    f"Sampler {inspector.name} has not confirmed with a login on this workstation",
                )
            elif inspector.inspector_id in seen_ids:
                self.error(
                    f"{path}.inspector_id",
                    "inspectors_same_person",
                    "同一名抽样人员出现两次：须由两名不同人员抽样",
                    "The same sampler appears twice: two distinct people must take the sample",
                )
            else:
                seen_ids[inspector.inspector_id] = index

    def check_sampling_unit(self) -> None:
        if not self.record.sampling_unit.name.strip():
            self.error(
                "sampling_unit.name", "sampling_unit_name_missing", "抽样单位名称未填写", "The sampling unit is missing"
            )

    # ------------------------------------------------------------------ sampled site
    def check_site(self, taken: bool) -> None:
        site = self.record.sampled_site
        if not site.name.strip():
            self.error(
                "sampled_site.name", "site_name_missing", "被抽样单位名称未填写", "The sampled party's name is missing"
            )
        if taken and not site.address.strip():
            self.error(
                "sampled_site.address",
                "site_address_missing",
                "被抽样单位地址未填写",
                "The sampled party's address is missing",
            )
        if site.uscc.strip():
            self.check_uscc("sampled_site.uscc", site.uscc, "被抽样单位", "the sampled party")
        elif taken:
            self.warning(
                "sampled_site.uscc",
                "site_uscc_missing",
                "被抽样单位统一社会信用代码未填写",
                "The sampled party's unified social credit code is missing",
            )
        self.check_region("sampled_site.region_code", site.region_code)
        if site.urban_rural and site.urban_rural not in _URBAN_RURAL:
            self.error(
                "sampled_site.urban_rural",
                "urban_rural_invalid",
                f"城乡属性“{site.urban_rural}”无效（应为 urban / rural / fringe）",
                f"Urban/rural '{site.urban_rural}' is not one of urban, rural, fringe",
            )
        self.check_site_licence()

    def check_site_licence(self) -> None:
        site = self.record.sampled_site
        number = site.licence_number.strip()
        licence_type = site.licence_type.strip().upper()
        field = "sampled_site.licence_number"
        if not number:
            if licence_type:
                self.warning(
                    field,
                    "site_licence_number_missing",
                    f"已选许可证类型 {licence_type}，但未填写许可证编号",
                    f"Licence type {licence_type} is chosen but its number is missing",
                )
            return
        if licence_type == "JY" or (not licence_type and number.upper().startswith("JY")):
            if not _JY_SHAPE.fullmatch(_fold(number).upper()):
                self.error(
                    field,
                    "jy_invalid",
                    f"食品经营许可证编号“{number}”格式不对：应为 JY 加 14 位数字",
                    f"Food business licence '{number}' is malformed: JY and 14 digits",
                )
            return
        expected = {"SC": IdentifierKind.SC_LICENCE, "XK": IdentifierKind.XK_LICENCE}.get(licence_type)
        if licence_type and expected is None:
            return  # another licence type (e.g. a local one): no published format to check
        parsed = _parse(number)
        if isinstance(parsed, IdentifierError):
            self.error(
                field,
                "licence_invalid",
                f"许可证编号“{number}”有误：{parsed.message_zh}",
                f"Licence number '{number}' is invalid: {parsed.message_en}",
            )
        elif expected is not None and parsed.kind is not expected:
            self.error(
                field,
                "licence_type_mismatch",
                f"许可证类型为 {licence_type}，但编号“{number}”是{parsed.kind.label_zh}",
                f"The licence type is {licence_type} but '{number}' is a {parsed.kind.label_en}",
            )
        elif expected is None and parsed.kind not in (IdentifierKind.SC_LICENCE, IdentifierKind.XK_LICENCE):
            self.warning(
                field,
                "licence_unrecognised",
                f"未能识别许可证编号“{number}”的类型，请填写许可证类型",
                f"The kind of licence number '{number}' is not recognised; choose the licence type",
            )

    def check_visit_date(self) -> None:
        day = self.record.sample.sampling_date
        if day is None:
            self.error(
                "sample.sampling_date", "sampling_date_missing", "抽样日期未填写", "The sampling date is missing"
            )
        elif day > self.context.today:
            self.error(
                "sample.sampling_date",
                "sampling_date_future",
                f"抽样日期 {day.isoformat()} 晚于今天",
                f"The sampling date {day.isoformat()} is after today",
            )

    # ------------------------------------------------------------------ producer
    def check_producer(self) -> None:
        producer = self.record.producer
        sample = self.record.sample
        if not producer.name.strip():
            # Bulk goods and farm produce often carry no producer; prepacked goods always name one.
            if self.domain is CatalogueDomain.FARM_PRODUCE or sample.packaging is not Packaging.PREPACKED:
                self.warning(
                    "producer.name",
                    "producer_name_missing",
                    "标称生产者未填写（散装或农产品如无标称生产者，请在备注中说明）",
                    "The nominal producer is missing (note it if bulk goods or farm produce name none)",
                )
            else:
                self.error(
                    "producer.name",
                    "producer_name_missing",
                    "标称生产者名称未填写",
                    "The nominal producer's name is missing",
                )
        if producer.uscc.strip():
            self.check_uscc("producer.uscc", producer.uscc, "标称生产者", "the nominal producer")
        elif producer.name.strip():
            self.warning(
                "producer.uscc",
                "producer_uscc_missing",
                "标称生产者统一社会信用代码未填写，无法可靠核对重复抽查",
                "The producer's unified social credit code is missing, so repeat checks cannot be matched reliably",
            )
        self.check_region("producer.region_code", producer.region_code)
        for field, number in (
            ("producer.licence_number", producer.licence_number),
            ("producer.third_party_licence", producer.third_party_licence),
        ):
            if number.strip():
                self.check_production_licence(field, number)
        if producer.has_third_party and not producer.third_party_name.strip():
            self.error(
                "producer.third_party_name",
                "third_party_name_missing",
                "已选择有受托生产企业，但未填写其名称",
                "A contract manufacturer is indicated but its name is missing",
            )

    def check_production_licence(self, field: str, number: str) -> None:
        parsed = _parse(number)
        if isinstance(parsed, IdentifierError):
            self.error(
                field,
                "licence_invalid",
                f"生产许可证编号“{number}”有误：{parsed.message_zh}",
                f"Production licence '{number}' is invalid: {parsed.message_en}",
            )
        elif parsed.kind not in (IdentifierKind.SC_LICENCE, IdentifierKind.XK_LICENCE):
            self.error(
                field,
                "licence_not_production",
                f"“{number}”不是生产许可证编号（应为 SC 或 XK 编号），而是{parsed.kind.label_zh}",
                f"'{number}' is not a production licence (SC or XK) but a {parsed.kind.label_en}",
            )

    # ------------------------------------------------------------------ sample
    def check_sample(self) -> None:
        sample = self.record.sample
        requirements = self.requirements
        if not sample.name.strip():
            self.error("sample.name", "sample_name_missing", "样品名称未填写", "The sample's name is missing")
        if requirements is not None:
            if sample.product_kind_code and sample.product_kind_code != requirements.code:
                self.error(
                    "sample.product_kind_code",
                    "product_kind_mismatch",
                    f"样品的产品类别 {sample.product_kind_code} 与核对用的目录类别 {requirements.code} 不一致",
                    f"The sample's product kind {sample.product_kind_code} differs from the catalogue kind "
                    f"{requirements.code} it is checked against",
                )
        elif not sample.product_kind_code:
            self.warning(
                "sample.product_kind_code",
                "product_kind_missing",
                "未选择目录产品类别，无法核对许可证要求和抽样数量",
                "No catalogue product kind is chosen, so licence needs and quantities cannot be checked",
            )
        if not sample.standard.strip():
            self.warning(
                "sample.standard",
                "standard_missing",
                "执行标准未填写（判定和重复抽查核对都需要它）",
                "The product standard is missing (needed for judging and for the repeat-check rule)",
            )
        if not sample.batch.strip() and sample.production_date is None:
            if self.domain is CatalogueDomain.FARM_PRODUCE:
                self.warning(
                    "sample.batch",
                    "batch_missing",
                    "批号和生产（购进）日期均未填写",
                    "Neither a batch nor a production (purchase) date is given",
                )
            else:
                self.error(
                    "sample.batch",
                    "batch_missing",
                    "批号和生产日期至少填写一项",
                    "Give the batch number or the production date (at least one)",
                )
        self.check_codes()

    def check_codes(self) -> None:
        sample = self.record.sample
        barcode_gtin: str | None = None
        if sample.barcode.strip():
            parsed = _parse(sample.barcode)
            if isinstance(parsed, IdentifierError):
                self.error(
                    "sample.barcode",
                    "barcode_invalid",
                    f"商品条码“{sample.barcode}”有误：{parsed.message_zh}",
                    f"Barcode '{sample.barcode}' is invalid: {parsed.message_en}",
                )
            elif parsed.gtin is None:
                self.error(
                    "sample.barcode",
                    "barcode_not_gtin",
                    f"“{sample.barcode}”不是商品条码，而是{parsed.kind.label_zh}",
                    f"'{sample.barcode}' is not a product barcode but a {parsed.kind.label_en}",
                )
            else:
                barcode_gtin = parsed.gtin
        if sample.gtin.strip():
            parsed = _parse(sample.gtin)
            if isinstance(parsed, IdentifierError) or parsed.kind is not IdentifierKind.GTIN or parsed.gtin is None:
                reason_zh = parsed.message_zh if isinstance(parsed, IdentifierError) else "不是商品条码"
                reason_en = parsed.message_en if isinstance(parsed, IdentifierError) else "not a GTIN"
                self.error(
                    "sample.gtin",
                    "gtin_invalid",
                    f"GTIN“{sample.gtin}”有误：{reason_zh}",
                    f"GTIN '{sample.gtin}' is invalid: {reason_en}",
                )
            elif barcode_gtin is not None and parsed.gtin != barcode_gtin:
                self.error(
                    "sample.gtin",
                    "gtin_barcode_mismatch",
                    f"GTIN {parsed.gtin} 与商品条码中的 {barcode_gtin} 不一致",
                    f"GTIN {parsed.gtin} differs from {barcode_gtin} in the barcode",
                )

    def check_dates(self) -> None:
        sample = self.record.sample
        today = self.context.today
        produced, sampled, expiry = sample.production_date, sample.sampling_date, sample.expiry_date
        if produced is not None:
            if sampled is not None and produced > sampled:
                self.error(
                    "sample.production_date",
                    "production_after_sampling",
                    f"生产日期 {produced.isoformat()} 晚于抽样日期 {sampled.isoformat()}",
                    f"The production date {produced.isoformat()} is after the sampling date {sampled.isoformat()}",
                )
            elif sampled is None and produced > today:
                self.error(
                    "sample.production_date",
                    "production_future",
                    f"生产日期 {produced.isoformat()} 晚于今天",
                    f"The production date {produced.isoformat()} is after today",
                )
        if expiry is None:
            return
        if produced is not None and expiry <= produced:
            self.error(
                "sample.expiry_date",
                "expiry_before_production",
                f"保质期至 {expiry.isoformat()} 不晚于生产日期 {produced.isoformat()}",
                f"The expiry date {expiry.isoformat()} is not after the production date {produced.isoformat()}",
            )
        elif sampled is not None and expiry < sampled:
            self.warning(
                "sample.expiry_date",
                "expired_when_sampled",
                f"样品在抽样日已过期（保质期至 {expiry.isoformat()}）：过期产品不应作为监督抽查样品，应另行依法处理",
                f"The product had expired when sampled (expiry {expiry.isoformat()}): expired goods are not "
                "spot-check samples and are dealt with separately",
            )

    def check_quantities(self) -> None:
        sample = self.record.sample
        requirements = self.requirements
        lot, quantity, backup = sample.lot_base, sample.sample_quantity, sample.backup_quantity
        backup_optional = requirements is not None and requirements.backup_quantity == 0
        for field, value, name_zh, name_en, optional in (
            ("sample.lot_base", lot, "抽样基数", "lot base", False),
            ("sample.sample_quantity", quantity, "抽样数量", "sample quantity", False),
            ("sample.backup_quantity", backup, "备样数量", "backup quantity", backup_optional),
        ):
            if value is None:
                if not optional:
                    self.error(field, "quantity_missing", f"{name_zh}未填写", f"The {name_en} is missing")
            elif value < 0 or (value == 0 and field != "sample.backup_quantity"):
                self.error(
                    field,
                    "quantity_not_positive",
                    f"{name_zh}应为正数，实为 {value}",
                    f"The {name_en} must be positive, not {value}",
                )
        if not sample.quantity_unit.strip():
            self.error(
                "sample.quantity_unit", "quantity_unit_missing", "数量单位未填写", "The quantity unit is missing"
            )
        taken = (quantity or 0) + (backup or 0)
        if lot is not None and lot > 0 and taken > lot:
            self.error(
                "sample.lot_base",
                "quantities_exceed_lot",
                f"抽样数量与备样数量之和 {taken} 超过抽样基数 {lot}",
                f"Sample plus backup ({taken}) exceed the lot base ({lot})",
            )
        minimum = self.context.minimum_lot_base
        if lot is not None and minimum is not None and 0 < lot < minimum:
            self.warning(
                "sample.lot_base",
                "lot_below_minimum",
                f"抽样基数 {lot} 低于抽样方案的最低要求 {minimum}：不应抽样，应记录为抽样未果",
                f"The lot base {lot} is below the plan's minimum {minimum}: record a failed sampling instead",
            )
        if requirements is not None:
            self.check_against_catalogue(requirements)

    def check_against_catalogue(self, requirements: ProductKindRequirements) -> None:
        sample = self.record.sample
        unit_given = bool(requirements.quantity_unit and sample.quantity_unit.strip())
        if unit_given and _fold(requirements.quantity_unit) != _fold(sample.quantity_unit):
            self.warning(
                "sample.quantity_unit",
                "quantity_unit_differs",
                f"数量单位“{sample.quantity_unit}”与目录规定的“{requirements.quantity_unit}”不同，无法核对抽样数量",
                f"The unit '{sample.quantity_unit}' differs from the catalogue's '{requirements.quantity_unit}', "
                "so the quantities cannot be compared",
            )
            return
        unit = requirements.quantity_unit
        for field, value, proposed, name_zh, name_en in (
            ("sample.sample_quantity", sample.sample_quantity, requirements.sample_quantity, "抽样数量", "sample"),
            ("sample.backup_quantity", sample.backup_quantity, requirements.backup_quantity, "备样数量", "backup"),
        ):
            if value is not None and value >= 0 and proposed is not None and value < proposed:
                self.warning(
                    field,
                    "quantity_below_catalogue",
                    f"{name_zh} {value}{unit} 少于实施细则规定的 {proposed}{unit}",
                    f"The {name_en} quantity {value} {unit} is below the {proposed} {unit} its implementing rules "
                    "require",
                )

    # ------------------------------------------------------------------ licences (catalogue)
    def check_licence_requirements(self) -> None:
        requirements = self.requirements
        record = self.record
        sample, producer = record.sample, record.producer
        kind_name = (requirements.name or requirements.code) if requirements is not None else ""
        if requirements is not None and not sample.imported:
            # Valid numbers only: an invalid one is reported where it stands and does not satisfy the catalogue.
            numbers = (sample.xk_number, producer.licence_number, producer.third_party_licence)
            kinds = {
                parsed.kind
                for parsed in (_parse(number) for number in numbers if number.strip())
                if not isinstance(parsed, IdentifierError)
            }
            if requirements.needs_sc and IdentifierKind.SC_LICENCE not in kinds:
                # A warning, not an error: a product sold without the licence it needs must still be sampled and
                # sealed, since that record is the evidence of the violation.
                self.warning(
                    "producer.licence_number",
                    "sc_required",
                    f"{kind_name}实行食品生产许可管理，请填写标称生产者（或受托生产企业）的 SC 编号；确无许可证的，"
                    "属无证生产，请在备注中记录",
                    f"{kind_name} needs a food production licence: give the producer's (or contractor's) SC number; "
                    "if it has none, that is unlicensed production — note it",
                )
            if requirements.needs_xk and IdentifierKind.XK_LICENCE not in kinds:
                self.warning(
                    "sample.xk_number",
                    "xk_required",
                    f"{kind_name}属于工业产品生产许可证管理目录，请填写 XK 编号；确无许可证的，请在备注中记录",
                    f"{kind_name} is under the industrial production licence (XK) catalogue: give its XK number; "
                    "if it has none, note it",
                )
        if sample.xk_number.strip():
            parsed = _parse(sample.xk_number)
            if isinstance(parsed, IdentifierError) or parsed.kind is not IdentifierKind.XK_LICENCE:
                reason_zh = parsed.message_zh if isinstance(parsed, IdentifierError) else "不是 XK 编号"
                reason_en = parsed.message_en if isinstance(parsed, IdentifierError) else "not an XK number"
                self.error(
                    "sample.xk_number",
                    "xk_invalid",
                    f"生产许可证编号“{sample.xk_number}”有误：{reason_zh}",
                    f"XK number '{sample.xk_number}' is invalid: {reason_en}",
                )
        self.check_ccc(requirements, kind_name)

    def check_ccc(self, requirements: ProductKindRequirements | None, kind_name: str) -> None:
        sample = self.record.sample
        number = _fold(sample.ccc_number)
        if not number:
            if requirements is not None and requirements.needs_ccc:
                self.warning(
                    "sample.ccc_number",
                    "ccc_required",
                    f"{kind_name}属于强制性产品认证（CCC）目录，请填写 CCC 证书编号；确无认证的，请在备注中记录",
                    f"{kind_name} needs compulsory certification: give its CCC certificate number; if it has none, "
                    "note it",
                )
            return
        try:
            parsed = parse_ccc_certificate(number, sample.ccc_number, today=self.context.today)
        except IdentifierError as error:
            self.error(
                "sample.ccc_number",
                "ccc_invalid",
                f"CCC 证书编号“{sample.ccc_number}”有误：{error.message_zh}",
                f"CCC certificate '{sample.ccc_number}' is invalid: {error.message_en}",
            )
            return
        product_code = parsed.details.get("product_code", "")
        if requirements is not None and requirements.ccc_code and product_code != requirements.ccc_code:
            self.warning(
                "sample.ccc_number",
                "ccc_product_mismatch",
                f"CCC 证书中的产品代码 {product_code} 与目录中{kind_name}的 {requirements.ccc_code} 不一致",
                f"The certificate's product code {product_code} differs from {requirements.ccc_code} of {kind_name}",
            )

    # ------------------------------------------------------------------ goods that must not be sampled
    def check_not_for_sampling(self) -> None:
        sample = self.record.sample
        for field, text, markers in (
            ("sample.name", sample.name, _NAME_MARKERS),
            ("sample.sample_type", sample.sample_type, _NAME_MARKERS),
            ("notes", self.record.notes, _NOTE_MARKERS),
        ):
            match = markers.search(text)
            if match is not None:
                word = match.group(0)
                self.warning(
                    field,
                    "not_for_sampling",
                    f"含“{word}”：试制品、处理品、样品、非卖品及仅供出口的产品不得抽样，如属此类请记录为抽样未果",
                    f"Mentions '{word}': trial products, processing/clearance goods, samples not for sale and "
                    "export-only goods must not be sampled; if so, record a failed sampling",
                )

    # ------------------------------------------------------------------ sealing
    def check_sealing(self) -> None:
        sealing = self.record.sealing
        sample = self.record.sample
        numbers = [number.strip() for number in sealing.seal_numbers]
        if not any(numbers):
            self.error(
                "sealing.seal_numbers",
                "seal_numbers_missing",
                "样品须现场封样，封条编号未填写",
                "Samples are sealed on site: the seal numbers are missing",
            )
        seen: set[str] = set()
        for index, number in enumerate(numbers):
            field = f"sealing.seal_numbers[{index}]"
            if not number:
                if any(numbers):
                    self.error(field, "seal_number_blank", "封条编号为空", "A seal number is blank")
            elif _fold(number) in seen:
                self.error(
                    field, "seal_number_duplicate", f"封条编号 {number} 重复", f"Seal number {number} is given twice"
                )
            else:
                seen.add(_fold(number))
        if any(numbers) and not sealing.seal_state.strip():
            self.warning(
                "sealing.seal_state",
                "seal_state_missing",
                "封样状态未填写（如：完好）",
                "The state of the seals is not recorded (e.g. intact)",
            )
        backup = sample.backup_quantity or 0
        if backup > 0 and sealing.backup_keeper is not BackupKeeper.LAB and not sealing.backup_location.strip():
            keeper_zh = "被抽样单位" if sealing.backup_keeper is BackupKeeper.SAMPLED_PARTY else "抽样单位"
            self.warning(
                "sealing.backup_location",
                "backup_location_missing",
                f"备样由{keeper_zh}保存，请填写保存地点和条件",
                "The backup sample is not kept by the lab: record where and how it is kept",
            )

    def check_failed_leftovers(self) -> None:
        if any(number.strip() for number in self.record.sealing.seal_numbers):
            self.warning(
                "sealing.seal_numbers",
                "seal_numbers_unexpected",
                "抽样未果，却填写了封条编号；请确认抽样结果",
                "Sampling failed but seal numbers are filled in; check the outcome",
            )

    # ------------------------------------------------------------------ money
    def check_money(self) -> None:
        sample = self.record.sample
        values: dict[str, Decimal] = {}
        for field, text, name_zh, name_en in (
            ("sample.unit_price", sample.unit_price, "单价", "unit price"),
            ("sample.purchase_cost", sample.purchase_cost, "购样费用", "purchase cost"),
        ):
            if not text.strip():
                continue
            amount = parse_decimal(text)
            if amount is None or amount < 0:
                self.error(
                    field,
                    "amount_invalid",
                    f"{name_zh}“{text}”应为非负数（元），如 12.50",
                    f"The {name_en} '{text}' must be a non-negative amount in yuan, e.g. 12.50",
                )
            else:
                values[field] = amount
        cost = values.get("sample.purchase_cost")
        if self.domain in (CatalogueDomain.FOOD, CatalogueDomain.FARM_PRODUCE) and not sample.purchase_cost.strip():
            self.warning(
                "sample.purchase_cost",
                "purchase_cost_missing",
                "食品样品应当购买，请填写购样费用",
                "Food samples are bought: record the purchase cost",
            )
        elif self.domain is CatalogueDomain.INDUSTRIAL and cost is not None and cost > 0:
            self.warning(
                "sample.purchase_cost",
                "industrial_sample_paid",
                "工业产品监督抽查的样品由被抽样单位无偿提供，不应产生购样费用",
                "Industrial spot-check samples are provided free of charge; no purchase cost is expected",
            )

    # ------------------------------------------------------------------ repeat check
    def check_repeat(self) -> None:
        context = self.context
        if not context.recent_checks or context.follow_up_or_emergency:
            return
        months = context.same_product_window_months
        if months is None:
            self.warning(
                "sample",
                "repeat_rule_missing",
                "规则表中没有重复抽查限制期（repeat_check_window），未核对同一产品是否近期已被抽查",
                "The rules table has no repeat-check window (repeat_check_window); repeat checks were not looked for",
            )
            return
        day = self.record.sample.sampling_date or context.today
        for earlier in context.recent_checks:
            if earlier.nonconforming or not self.same_product(earlier):
                continue
            first, second = sorted((earlier.sampling_date, day))
            if second >= add_months(first, months):
                continue
            label = earlier.form_number or earlier.record_id
            when = earlier.sampling_date.isoformat()
            if earlier.by_higher_level:
                self.warning(
                    "sample",
                    "checked_by_higher_level",
                    f"上级部门已于 {when} 抽查同一产品（记录 {label}），{months} 个月内下级部门不得重复抽查",
                    f"A higher level checked the same product on {when} (record {label}); a lower level may not "
                    f"check it again within {months} months",
                )
            else:
                self.warning(
                    "sample",
                    "checked_recently",
                    f"本部门已于 {when} 抽查同一产品（同一生产者、标准、商标、规格型号；记录 {label}），"
                    f"{months} 个月内不得重复抽查（不合格跟踪抽查和应急抽查除外）",
                    f"This department checked the same product (same producer, standard, trademark and model) on "
                    f"{when} (record {label}); it may not be checked again within {months} months, except to "
                    "follow up a failure or in an emergency",
                )

    def same_product(self, earlier: RecentCheck) -> bool:
        producer, sample = self.record.producer, self.record.sample
        if _fold(producer.uscc) and _fold(earlier.producer_uscc):
            same_producer = _fold(producer.uscc) == _fold(earlier.producer_uscc)
        else:
            same_producer = bool(_fold(producer.name)) and _fold(producer.name) == _fold(earlier.producer_name)
        return (
            same_producer
            and _fold(sample.standard) == _fold(earlier.standard)
            and _fold(sample.trademark) == _fold(earlier.trademark)
            and _fold(sample.specification) == _fold(earlier.specification)
        )

    # ------------------------------------------------------------------ shared
    def check_uscc(self, field: str, text: str, whose_zh: str, whose_en: str) -> None:
        parsed = _parse(text)
        if isinstance(parsed, IdentifierError):
            self.error(
                field,
                "uscc_invalid",
                f"{whose_zh}统一社会信用代码“{text}”有误：{parsed.message_zh}",
                f"The unified social credit code of {whose_en} '{text}' is invalid: {parsed.message_en}",
            )
        elif parsed.kind is not IdentifierKind.USCC:
            self.error(
                field,
                "uscc_invalid",
                f"{whose_zh}统一社会信用代码“{text}”不是统一社会信用代码，而是{parsed.kind.label_zh}",
                f"'{text}' given for {whose_en} is not a unified social credit code but a {parsed.kind.label_en}",
            )

    def check_region(self, field: str, code: str) -> None:
        code = code.strip()
        if code and (not _REGION_SHAPE.fullmatch(code) or not is_known_province(code)):
            self.error(
                field,
                "region_invalid",
                f"行政区划代码“{code}”无效：应为 6 位数字（GB/T 2260），前两位为省级代码",
                f"Region code '{code}' is invalid: six digits (GB/T 2260) starting with a province code",
            )


def validate_sampling_record(record: SamplingRecord, context: ValidationContext) -> list[ValidationIssue]:
    """Every issue of ``record``, in the order of the form's parts; an empty list when there is nothing to say."""
    issues = _Checker(record, context).run()
    logger.debug(
        "sampling record validated: %d errors, %d warnings",
        sum(issue.is_error for issue in issues),
        sum(not issue.is_error for issue in issues),
    )
    return issues
