"""The sampling record (抽样单) of a spot check (监督抽查), as plain data (DOMAIN.md §2).

A ``SamplingRecord`` holds every statutory field of the form, grouped as the form groups them. It is the payload
of a spot-check field record: drafted, validated, signed by both inspectors and the sampled party, then sealed
(hashed and signed by the device) and never edited again. ``to_dict``/``from_dict`` give the JSON form that is
hashed, stored and sent to HQ; unknown keys are refused so that a payload never silently loses a field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar


class TaskCategory(enum.StrEnum):
    """任务类别."""

    SUPERVISION = "supervision"  # 监督抽检
    RISK_MONITORING = "risk_monitoring"  # 风险监测


class Stage(enum.StrEnum):
    """抽样环节."""

    PRODUCTION = "production"  # 生产
    CIRCULATION = "circulation"  # 流通
    CATERING = "catering"  # 餐饮


class SamplingOutcome(enum.StrEnum):
    """How the visit ended: sampled, sampling failed (抽样未果), or sampled but the party refused to sign."""

    SAMPLED = "sampled"
    SAMPLING_FAILED = "sampling_failed"
    REFUSED_TO_SIGN = "refused_to_sign"


class Packaging(enum.StrEnum):
    """包装分类."""

    PREPACKED = "prepacked"  # 预包装
    BULK = "bulk"  # 散装
    OTHER = "other"


class BackupKeeper(enum.StrEnum):
    """Who keeps the backup sample (备样)."""

    LAB = "lab"
    SAMPLED_PARTY = "sampled_party"
    SAMPLING_UNIT = "sampling_unit"


@dataclass(frozen=True)
class Basics:
    """基本信息."""

    task_code: str = ""  # the HQ task, if any
    task_source: str = ""  # 任务来源
    task_category: TaskCategory = TaskCategory.SUPERVISION
    organiser: str = ""  # 组织机关
    lab: str = ""  # 承检机构
    sampling_type: str = ""  # 抽样类型 (e.g. 常规抽样)
    stage: Stage = Stage.CIRCULATION
    place_type: str = ""  # 抽样场所 (supermarket, market, ...)
    product_classification: tuple[str, ...] = ()  # up to 4 levels for food
    form_number: str = ""  # 抽样单编号


@dataclass(frozen=True)
class SamplingUnit:
    """抽样单位."""

    name: str = ""
    address: str = ""
    province: str = ""
    contact: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Inspector:
    """One of the (at least two) samplers, as printed on the form."""

    inspector_id: int | None = None
    name: str = ""
    badge_number: str = ""  # 执法证号


@dataclass(frozen=True)
class SampledSite:
    """被抽样单位."""

    name: str = ""
    address: str = ""
    region_code: str = ""  # GB/T 2260, county level when known
    urban_rural: str = ""  # urban | rural | fringe
    uscc: str = ""
    licence_type: str = ""  # SC | JY | XK | ...
    licence_number: str = ""
    legal_representative: str = ""
    contact: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Producer:
    """标称生产者, and the third party (受托生产企业) if there is one."""

    name: str = ""
    address: str = ""
    region_code: str = ""
    uscc: str = ""
    licence_number: str = ""  # SC / XK
    phone: str = ""
    has_third_party: bool = False
    third_party_name: str = ""
    third_party_address: str = ""
    third_party_licence: str = ""


@dataclass(frozen=True)
class Sample:
    """样品信息."""

    product_kind_code: str = ""  # catalogue product kind
    name: str = ""
    barcode: str = ""  # GTIN as scanned
    gtin: str = ""  # 14 digits
    trademark: str = ""
    sample_type: str = ""
    source: str = ""  # 样品来源: 外购 / 自产 / 加工
    packaging: Packaging = Packaging.PREPACKED
    production_date: dt.date | None = None
    shelf_life: str = ""  # e.g. "12个月"
    expiry_date: dt.date | None = None
    batch: str = ""
    serial: str = ""
    specification: str = ""  # 规格型号
    grade: str = ""  # 质量等级
    unit_price: str = ""  # decimal text, yuan
    imported: bool = False
    origin: str = ""
    storage_conditions: str = ""
    standard: str = ""  # 执行标准
    xk_number: str = ""
    ccc_number: str = ""
    sampling_date: dt.date | None = None
    lot_base: int | None = None  # 抽样基数
    sample_quantity: int | None = None
    backup_quantity: int | None = None
    quantity_unit: str = ""
    purchase_cost: str = ""  # food samples are bought: decimal text, yuan


@dataclass(frozen=True)
class Sealing:
    """封样: seal numbers, their state and who keeps the backup sample."""

    seal_numbers: tuple[str, ...] = ()
    seal_state: str = ""  # 封样状态, e.g. 完好
    backup_keeper: BackupKeeper = BackupKeeper.LAB
    backup_location: str = ""


@dataclass(frozen=True)
class SamplingRecord:
    """The whole sampling form."""

    basics: Basics = field(default_factory=Basics)
    sampling_unit: SamplingUnit = field(default_factory=SamplingUnit)
    inspectors: tuple[Inspector, ...] = ()
    sampled_site: SampledSite = field(default_factory=SampledSite)
    producer: Producer = field(default_factory=Producer)
    sample: Sample = field(default_factory=Sample)
    sealing: Sealing = field(default_factory=Sealing)
    outcome: SamplingOutcome = SamplingOutcome.SAMPLED
    failure_reason: str = ""  # 抽样未果原因
    refusal_reason: str = ""  # 拒签原因
    witness: str = ""
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form (dates ISO, enums by value, tuples as lists)."""
        result = _to_jsonable(self)
        assert isinstance(result, dict)
        return result

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SamplingRecord:
        """The record from its JSON form; raises ``ValueError`` naming the bad field."""
        return _from_jsonable(cls, data, "")

    def replace(self, **changes: Any) -> SamplingRecord:
        """A copy with top-level fields replaced."""
        return dataclasses.replace(self, **changes)


def _to_jsonable(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_to_jsonable(item) for item in value]
    return value


T = TypeVar("T")


def _from_jsonable(cls: type[T], data: Mapping[str, Any], path: str) -> T:
    if not isinstance(data, Mapping):
        raise ValueError(f"{path or 'record'}: expected an object")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"{path or 'record'}: unknown field(s) {', '.join(sorted(unknown))}")
    values = {name: _convert(hints[name], data[name], f"{path}.{name}" if path else name) for name in data}
    return cls(**values)


def _convert(hint: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if value is None:
            return None
        return _convert(options[0], value, path)
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise ValueError(f"{path}: expected a list")
        (item_hint, _ellipsis) = typing.get_args(hint)
        return tuple(_convert(item_hint, item, f"{path}[{index}]") for index, item in enumerate(value))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _from_jsonable(hint, value, path)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError as exc:
            raise ValueError(f"{path}: {value!r} is not one of {[m.value for m in hint]}") from exc
    if hint is dt.date:
        if not isinstance(value, str):
            raise ValueError(f"{path}: expected an ISO date")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{path}: {value!r} is not an ISO date") from exc
    if hint is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{path}: expected true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{path}: expected a whole number")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise ValueError(f"{path}: expected text")
        return value
    raise ValueError(f"{path}: unsupported type {hint!r}")
