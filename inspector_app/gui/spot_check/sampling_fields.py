"""The fields of the sampling form (抽样单) as the editor shows them: sections, labels, widget kinds and choices.

One table drives the editor's widgets, the names of fields in validation messages and the list of what an
amendment changed, so a field is named the same everywhere. Paths are the dotted paths of
``SamplingRecord.to_dict()`` (``sample.lot_base``), the same the validation names its issues with. Labels are
Chinese source strings translated at display time (context ``SamplingFields``), because lupdate only collects
literal arguments.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

logger = logging.getLogger(__name__)

TRANSLATION_CONTEXT = "SamplingFields"


class FieldKind(enum.Enum):
    """Which widget edits a field, and so which JSON value it gives."""

    TEXT = "text"  # QLineEdit → str
    MULTILINE = "multiline"  # QPlainTextEdit → str
    NUMBER = "number"  # QLineEdit with digits → int | None
    DATE = "date"  # OptionalDateEdit → ISO date | None
    FLAG = "flag"  # QCheckBox → bool
    CHOICE = "choice"  # QComboBox of fixed values → str
    OPEN_CHOICE = "open_choice"  # editable QComboBox → str
    LIST = "list"  # QLineEdit of separated items → list[str]


@dataclass(frozen=True, slots=True)
class Choice:
    """One value a choice field offers, with its label (a source string)."""

    value: str
    label_source: str


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of the form: its record path, section, label (source string), widget kind and choices."""

    path: str
    section: str
    label_source: str
    kind: FieldKind = FieldKind.TEXT
    choices: tuple[Choice, ...] = ()
    separator: str = ""  # LIST: how the items are joined for display ("、" or " / ")
    wide: bool = False  # takes a whole row of the section

    def label(self) -> str:
        """The label in the interface language."""
        return translate(self.label_source)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of the form."""

    key: str
    title_source: str

    def title(self) -> str:
        """The title in the interface language."""
        return translate(self.title_source)


def translate(source: str) -> str:
    """A source string of this module in the interface language."""
    return QCoreApplication.translate(TRANSLATION_CONTEXT, source)


OUTCOME_SECTION = "outcome"

SECTIONS: tuple[Section, ...] = (
    Section(OUTCOME_SECTION, str(QT_TRANSLATE_NOOP("SamplingFields", "抽样结果"))),
    Section("basics", str(QT_TRANSLATE_NOOP("SamplingFields", "基本信息"))),
    Section("sampling_unit", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样单位"))),
    Section("sampled_site", str(QT_TRANSLATE_NOOP("SamplingFields", "被抽样单位"))),
    Section("producer", str(QT_TRANSLATE_NOOP("SamplingFields", "标称生产者及受托方"))),
    Section("sample", str(QT_TRANSLATE_NOOP("SamplingFields", "样品信息"))),
    Section("sealing", str(QT_TRANSLATE_NOOP("SamplingFields", "封样与备样"))),
    Section("notes", str(QT_TRANSLATE_NOOP("SamplingFields", "备注"))),
)

OUTCOME_CHOICES = (
    Choice("sampled", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样"))),
    Choice("sampling_failed", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样未果"))),
    Choice("refused_to_sign", str(QT_TRANSLATE_NOOP("SamplingFields", "被抽样单位拒签"))),
)
_TASK_CATEGORIES = (
    Choice("supervision", str(QT_TRANSLATE_NOOP("SamplingFields", "监督抽检"))),
    Choice("risk_monitoring", str(QT_TRANSLATE_NOOP("SamplingFields", "风险监测"))),
)
_STAGES = (
    Choice("production", str(QT_TRANSLATE_NOOP("SamplingFields", "生产"))),
    Choice("circulation", str(QT_TRANSLATE_NOOP("SamplingFields", "流通"))),
    Choice("catering", str(QT_TRANSLATE_NOOP("SamplingFields", "餐饮"))),
)
_URBAN_RURAL = (
    Choice("", ""),
    Choice("urban", str(QT_TRANSLATE_NOOP("SamplingFields", "城市"))),
    Choice("rural", str(QT_TRANSLATE_NOOP("SamplingFields", "农村"))),
    Choice("fringe", str(QT_TRANSLATE_NOOP("SamplingFields", "城乡结合部"))),
)
_LICENCE_TYPES = (Choice("", ""), Choice("SC", "SC"), Choice("JY", "JY"), Choice("XK", "XK"))
_PACKAGING = (
    Choice("prepacked", str(QT_TRANSLATE_NOOP("SamplingFields", "预包装"))),
    Choice("bulk", str(QT_TRANSLATE_NOOP("SamplingFields", "散装"))),
    Choice("other", str(QT_TRANSLATE_NOOP("SamplingFields", "其他"))),
)
_BACKUP_KEEPERS = (
    Choice("lab", str(QT_TRANSLATE_NOOP("SamplingFields", "承检机构"))),
    Choice("sampled_party", str(QT_TRANSLATE_NOOP("SamplingFields", "被抽样单位"))),
    Choice("sampling_unit", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样单位"))),
)
_SAMPLE_SOURCES = (
    Choice("", ""),
    Choice("外购", "外购"),
    Choice("自产", "自产"),
    Choice("加工", "加工"),
)

_F = FieldKind

FIELDS: tuple[FieldSpec, ...] = (
    # 抽样结果 (the outcome itself is a row of radio buttons, not a table field)
    FieldSpec("failure_reason", OUTCOME_SECTION, str(QT_TRANSLATE_NOOP("SamplingFields", "抽样未果原因")), wide=True),
    FieldSpec("refusal_reason", OUTCOME_SECTION, str(QT_TRANSLATE_NOOP("SamplingFields", "拒签原因")), wide=True),
    FieldSpec("witness", OUTCOME_SECTION, str(QT_TRANSLATE_NOOP("SamplingFields", "见证人"))),
    # 基本信息
    FieldSpec("basics.form_number", "basics", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样单编号"))),
    FieldSpec("basics.task_code", "basics", str(QT_TRANSLATE_NOOP("SamplingFields", "任务编号"))),
    FieldSpec("basics.task_source", "basics", str(QT_TRANSLATE_NOOP("SamplingFields", "任务来源"))),
    FieldSpec(
        "basics.task_category",
        "basics",
        str(QT_TRANSLATE_NOOP("SamplingFields", "任务类别")),
        _F.CHOICE,
        _TASK_CATEGORIES,
    ),
    FieldSpec("basics.organiser", "basics", str(QT_TRANSLATE_NOOP("SamplingFields", "组织机关"))),
    FieldSpec("basics.lab", "basics", str(QT_TRANSLATE_NOOP("SamplingFields", "承检机构"))),
    FieldSpec("basics.sampling_type", "basics", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样类型"))),
    FieldSpec("basics.stage", "basics", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样环节")), _F.CHOICE, _STAGES),
    FieldSpec("basics.place_type", "basics", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样场所"))),
    FieldSpec(
        "basics.product_classification",
        "basics",
        str(QT_TRANSLATE_NOOP("SamplingFields", "产品分类")),
        _F.LIST,
        separator=" / ",
    ),
    # 抽样单位
    FieldSpec("sampling_unit.name", "sampling_unit", str(QT_TRANSLATE_NOOP("SamplingFields", "单位名称"))),
    FieldSpec("sampling_unit.address", "sampling_unit", str(QT_TRANSLATE_NOOP("SamplingFields", "地址"))),
    FieldSpec("sampling_unit.province", "sampling_unit", str(QT_TRANSLATE_NOOP("SamplingFields", "所在省份"))),
    FieldSpec("sampling_unit.contact", "sampling_unit", str(QT_TRANSLATE_NOOP("SamplingFields", "联系人"))),
    FieldSpec("sampling_unit.phone", "sampling_unit", str(QT_TRANSLATE_NOOP("SamplingFields", "联系电话"))),
    # 被抽样单位
    FieldSpec("sampled_site.name", "sampled_site", str(QT_TRANSLATE_NOOP("SamplingFields", "单位名称"))),
    FieldSpec("sampled_site.address", "sampled_site", str(QT_TRANSLATE_NOOP("SamplingFields", "地址"))),
    FieldSpec("sampled_site.region_code", "sampled_site", str(QT_TRANSLATE_NOOP("SamplingFields", "行政区划代码"))),
    FieldSpec(
        "sampled_site.urban_rural",
        "sampled_site",
        str(QT_TRANSLATE_NOOP("SamplingFields", "城乡属性")),
        _F.CHOICE,
        _URBAN_RURAL,
    ),
    FieldSpec("sampled_site.uscc", "sampled_site", str(QT_TRANSLATE_NOOP("SamplingFields", "统一社会信用代码"))),
    FieldSpec(
        "sampled_site.licence_type",
        "sampled_site",
        str(QT_TRANSLATE_NOOP("SamplingFields", "许可证类型")),
        _F.OPEN_CHOICE,
        _LICENCE_TYPES,
    ),
    FieldSpec("sampled_site.licence_number", "sampled_site", str(QT_TRANSLATE_NOOP("SamplingFields", "许可证编号"))),
    FieldSpec(
        "sampled_site.legal_representative", "sampled_site", str(QT_TRANSLATE_NOOP("SamplingFields", "法定代表人"))
    ),
    FieldSpec("sampled_site.contact", "sampled_site", str(QT_TRANSLATE_NOOP("SamplingFields", "联系人"))),
    FieldSpec("sampled_site.phone", "sampled_site", str(QT_TRANSLATE_NOOP("SamplingFields", "联系电话"))),
    # 标称生产者及受托方
    FieldSpec("producer.name", "producer", str(QT_TRANSLATE_NOOP("SamplingFields", "标称生产者名称"))),
    FieldSpec("producer.address", "producer", str(QT_TRANSLATE_NOOP("SamplingFields", "生产者地址"))),
    FieldSpec("producer.region_code", "producer", str(QT_TRANSLATE_NOOP("SamplingFields", "生产者行政区划代码"))),
    FieldSpec("producer.uscc", "producer", str(QT_TRANSLATE_NOOP("SamplingFields", "生产者统一社会信用代码"))),
    FieldSpec("producer.licence_number", "producer", str(QT_TRANSLATE_NOOP("SamplingFields", "生产许可证编号"))),
    FieldSpec("producer.phone", "producer", str(QT_TRANSLATE_NOOP("SamplingFields", "生产者电话"))),
    FieldSpec(
        "producer.has_third_party", "producer", str(QT_TRANSLATE_NOOP("SamplingFields", "有受托生产企业")), _F.FLAG
    ),
    FieldSpec("producer.third_party_name", "producer", str(QT_TRANSLATE_NOOP("SamplingFields", "受托生产企业名称"))),
    FieldSpec("producer.third_party_address", "producer", str(QT_TRANSLATE_NOOP("SamplingFields", "受托生产企业地址"))),
    FieldSpec(
        "producer.third_party_licence", "producer", str(QT_TRANSLATE_NOOP("SamplingFields", "受托生产企业许可证"))
    ),
    # 样品信息
    FieldSpec("sample.product_kind_code", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "产品类别编码"))),
    FieldSpec("sample.name", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "样品名称"))),
    FieldSpec("sample.barcode", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "商品条码"))),
    FieldSpec("sample.gtin", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "GTIN"))),
    FieldSpec("sample.trademark", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "商标"))),
    FieldSpec("sample.sample_type", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "样品类型"))),
    FieldSpec(
        "sample.source",
        "sample",
        str(QT_TRANSLATE_NOOP("SamplingFields", "样品来源")),
        _F.OPEN_CHOICE,
        _SAMPLE_SOURCES,
    ),
    FieldSpec(
        "sample.packaging", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "包装分类")), _F.CHOICE, _PACKAGING
    ),
    FieldSpec("sample.production_date", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "生产日期")), _F.DATE),
    FieldSpec("sample.shelf_life", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "保质期"))),
    FieldSpec("sample.expiry_date", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "有效期至")), _F.DATE),
    FieldSpec("sample.batch", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "批号"))),
    FieldSpec("sample.serial", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "序列号"))),
    FieldSpec("sample.specification", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "规格型号"))),
    FieldSpec("sample.grade", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "质量等级"))),
    FieldSpec("sample.unit_price", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "单价（元）"))),
    FieldSpec("sample.imported", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "进口产品")), _F.FLAG),
    FieldSpec("sample.origin", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "原产地"))),
    FieldSpec("sample.storage_conditions", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "贮存条件"))),
    FieldSpec("sample.standard", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "执行标准"))),
    FieldSpec("sample.xk_number", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "生产许可证（XK）编号"))),
    FieldSpec("sample.ccc_number", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "CCC 证书编号"))),
    FieldSpec("sample.sampling_date", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样日期")), _F.DATE),
    FieldSpec("sample.lot_base", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样基数")), _F.NUMBER),
    FieldSpec("sample.sample_quantity", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "抽样数量")), _F.NUMBER),
    FieldSpec("sample.backup_quantity", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "备样数量")), _F.NUMBER),
    FieldSpec("sample.quantity_unit", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "数量单位"))),
    FieldSpec("sample.purchase_cost", "sample", str(QT_TRANSLATE_NOOP("SamplingFields", "购样费用（元）"))),
    # 封样与备样
    FieldSpec(
        "sealing.seal_numbers",
        "sealing",
        str(QT_TRANSLATE_NOOP("SamplingFields", "封条编号")),
        _F.LIST,
        separator=", ",
    ),
    FieldSpec("sealing.seal_state", "sealing", str(QT_TRANSLATE_NOOP("SamplingFields", "封样状态"))),
    FieldSpec(
        "sealing.backup_keeper",
        "sealing",
        str(QT_TRANSLATE_NOOP("SamplingFields", "备样保存方")),
        _F.CHOICE,
        _BACKUP_KEEPERS,
    ),
    FieldSpec("sealing.backup_location", "sealing", str(QT_TRANSLATE_NOOP("SamplingFields", "备样保存地点和条件"))),
    # 备注
    FieldSpec("notes", "notes", str(QT_TRANSLATE_NOOP("SamplingFields", "备注")), _F.MULTILINE, wide=True),
)

_BY_PATH = {spec.path: spec for spec in FIELDS}
_SECTION_BY_KEY = {section.key: section for section in SECTIONS}

# Paths that are not widgets of the table but still need a name.
_OTHER_LABELS = {
    "outcome": str(QT_TRANSLATE_NOOP("SamplingFields", "抽样结果")),
    "inspectors": str(QT_TRANSLATE_NOOP("SamplingFields", "抽样人员")),
}
_INSPECTOR_PARTS = {
    "name": str(QT_TRANSLATE_NOOP("SamplingFields", "第 {number} 名抽样人员姓名")),
    "badge_number": str(QT_TRANSLATE_NOOP("SamplingFields", "第 {number} 名抽样人员执法证号")),
    "inspector_id": str(QT_TRANSLATE_NOOP("SamplingFields", "第 {number} 名抽样人员")),
}
_INDEXED = re.compile(r"^(?P<base>[a-z_.]+)\[(?P<index>\d+)\](?:\.(?P<rest>[a-z_]+))?$")


def spec_for(path: str) -> FieldSpec | None:
    """The field a path names; an indexed path (``sealing.seal_numbers[1]``) names its list field."""
    match = _INDEXED.match(path)
    if match is not None and match.group("rest") is None:
        path = match.group("base")
    return _BY_PATH.get(path)


def base_path(path: str) -> str:
    """The path without list indices and what follows them: the widget it belongs to."""
    match = _INDEXED.match(path)
    return match.group("base") if match is not None else path


def field_label(path: str) -> str:
    """A name fit to show for a record path: "抽样基数", "封条编号（第 2 个）", "第 2 名抽样人员执法证号"...

    A section path (``sample``) gives the section title; an unknown path is shown as it is.
    """
    match = _INDEXED.match(path)
    if match is not None:
        base, number, rest = match.group("base"), int(match.group("index")) + 1, match.group("rest")
        if base == "inspectors" and rest in _INSPECTOR_PARTS:
            return translate(_INSPECTOR_PARTS[rest]).format(number=number)
        spec = _BY_PATH.get(base)
        if spec is not None and rest is None:
            return translate(str(QT_TRANSLATE_NOOP("SamplingFields", "{label}（第 {number} 个）"))).format(
                label=spec.label(), number=number
            )
        return path
    spec = _BY_PATH.get(path)
    if spec is not None:
        # Several sections have a "name" or "address": say whose.
        if spec.section not in ("sample", "notes", OUTCOME_SECTION, "basics") and "." in path:
            return f"{_SECTION_BY_KEY[spec.section].title()} · {spec.label()}"
        return spec.label()
    if path in _OTHER_LABELS:
        return translate(_OTHER_LABELS[path])
    section = _SECTION_BY_KEY.get(path)
    return section.title() if section is not None else path


def choice_label(path: str, value: str) -> str:
    """The label of ``value`` in the choices of the field ``path`` (the value itself when it has none)."""
    if path == "outcome":
        choices: tuple[Choice, ...] = OUTCOME_CHOICES
    else:
        spec = _BY_PATH.get(path)
        choices = spec.choices if spec is not None else ()
    for choice in choices:
        if choice.value == value:
            return translate(choice.label_source) if choice.label_source else value
    return value


__all__ = [
    "FIELDS",
    "OUTCOME_CHOICES",
    "SECTIONS",
    "Choice",
    "FieldKind",
    "FieldSpec",
    "Section",
    "base_path",
    "choice_label",
    "field_label",
    "spec_for",
    "translate",
]
