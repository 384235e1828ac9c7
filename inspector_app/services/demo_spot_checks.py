"""Sealed spot checks with results in the demo workspace, so a new user sees real records and documents at once.

``ensure_demo_spot_checks`` walks the real path through :class:`SpotCheckService` — the two demo inspectors log in
with the demo password, scan a demo trade item, fill the form, sign, seal, enter results and issue certificates —
so the demo records are exactly what an inspector would make, signed by this workstation's key. It makes:

- two conforming samples with certificates (an industrial product and a food);
- a nonconforming industrial sample with its certificate and open deadlines (objection window, correction,
  re-check), which the "due soon" list shows;
- a nonconforming food sample with its certificate (the 7-working-day objection window);
- a visit where sampling failed (抽样未果), with its reason;
- an amendment correcting the batch number of the first sample.

Dates are placed in the weeks before today so the deadlines are live. The second call does nothing (a setting
marks the work as done). It only ever writes into the demo workspace.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.catalogue import CatalogueDomain
from inspector_app.domain.errors import DemoDataError, InspectorError
from inspector_app.domain.limits import Limit, LimitOp
from inspector_app.domain.spot_check import (
    BackupKeeper,
    Inspector,
    SamplingOutcome,
    SamplingRecord,
    Sealing,
    Stage,
)
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.services.demo_service import ensure_demo_data
from inspector_app.services.holiday_service import ensure_holiday_calendar
from inspector_app.services.identity_service import (
    DEMO_PASSWORD,
    IdentityService,
    InspectorSession,
    ensure_demo_credentials,
)
from inspector_app.services.rules_service import ensure_default_rules
from inspector_app.services.spot_check_service import AttachmentInput, SpotCheckService, SpotCheckView, local_now
from inspector_app.services.trust_service import TrustService
from inspector_app.services.workspace import DEMO_SUBDIR, Workspace
from inspector_app.storage.models import (
    CatalogueCategory,
    Enterprise,
    InspectionItem,
    ProductKind,
    Setting,
    TradeItem,
)

logger = logging.getLogger(__name__)

#: The setting that marks the demo spot checks as made (its value is the number of records made).
DEMO_MARKER_KEY = "demo.spot_checks"

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True, slots=True)
class DemoSpotCheckSummary:
    """What ``ensure_demo_spot_checks`` made: spot checks, results, certificates, amendments."""

    spot_checks: int
    results: int
    certificates: int
    amendments: int
    record_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Candidate:
    gtin: str
    domain: CatalogueDomain


def ensure_demo_spot_checks(
    workspace: Workspace, device_keys: DeviceKeys, clock: Clock = local_now
) -> DemoSpotCheckSummary | None:
    """Make the demo spot checks once; ``None`` when they were made before.

    Fills the demo workspace's reference data first if it is empty (catalogue, rules, enterprises, trade items,
    inspectors), and the holiday calendar and demo passwords. Raises ``DemoDataError`` on any other workspace.
    """
    if workspace.data_dir.name != DEMO_SUBDIR:
        raise DemoDataError(
            "not_demo_workspace",
            f"演示抽查记录只写入演示工作区，{workspace.data_dir} 不是演示工作区",
            f"Demo spot checks go only into the demo workspace; {workspace.data_dir} is not one",
        )
    database = workspace.database
    if database.run(lambda session: session.get(Setting, DEMO_MARKER_KEY)) is not None:
        return None
    ensure_demo_data(workspace)
    ensure_default_rules(database)
    ensure_holiday_calendar(database)
    TrustService(database, device_keys).ensure_own_key_trusted()
    badges = ensure_demo_credentials(database)
    if len(badges) < 2:
        raise DemoDataError(
            "no_inspectors",
            "演示工作区中执法人员不足两名，无法生成抽查记录",
            "The demo workspace has fewer than two inspectors, so no spot check can be made",
        )
    identity = IdentityService(database, clock)
    first = identity.login(badges[0], DEMO_PASSWORD)
    second = identity.confirm_second_inspector(first, badges[1], DEMO_PASSWORD)
    maker = _DemoMaker(workspace, SpotCheckService(workspace, device_keys, clock), clock, first, second)
    summary = maker.make()

    def mark(session: Session) -> None:
        session.merge(Setting(key=DEMO_MARKER_KEY, value=str(len(summary.record_ids))))

    database.run(mark)
    logger.info("demo spot checks made: %s", summary)
    return summary


class _DemoMaker:
    """Walks the spot-check path for each demo sample."""

    def __init__(
        self,
        workspace: Workspace,
        service: SpotCheckService,
        clock: Clock,
        first: InspectorSession,
        second: InspectorSession,
    ) -> None:
        self._workspace = workspace
        self._service = service
        self._today = clock().date()
        self._first = first
        self._second = second
        self._made: list[str] = []
        self._counts = {"spot_checks": 0, "results": 0, "certificates": 0, "amendments": 0}

    def make(self) -> DemoSpotCheckSummary:
        sites = self._sites()
        industrial = self._candidates(CatalogueDomain.INDUSTRIAL)
        food = self._candidates(CatalogueDomain.FOOD)
        plans = [
            (industrial, 0, 24, 14, "conforming"),
            (food, 1, 20, 12, "conforming"),
            (industrial, 2, 11, 4, "nonconforming"),
            (food, 3, 9, 2, "nonconforming"),
        ]
        first_sealed: SpotCheckView | None = None
        used: set[str] = set()
        for candidates, site_index, sampled_ago, reported_ago, verdict in plans:
            sealed = self._sealed_sample(candidates, used, sites[site_index % len(sites)], sampled_ago)
            if sealed is None:
                continue
            first_sealed = first_sealed or sealed
            self._results(sealed, verdict, self._today - dt.timedelta(days=reported_ago))
            self._service.issue_certificate(sealed.id)
            self._counts["certificates"] += 1
        self._failed_visit(sites[4 % len(sites)])
        if first_sealed is not None:
            self._amend(first_sealed)
        return DemoSpotCheckSummary(record_ids=tuple(self._made), **self._counts)

    # --------------------------------------------------------------------------------------------- samples
    def _sealed_sample(
        self, candidates: list[_Candidate], used: set[str], site: Enterprise, sampled_ago: int
    ) -> SpotCheckView | None:
        """The first candidate trade item whose form validates without errors, signed and sealed."""
        for candidate in candidates:
            if candidate.gtin in used:
                continue
            draft = self._service.start_from_scan(candidate.gtin, self._first)
            record = self._completed(draft.record, site, sampled_ago, candidate.domain)
            self._service.save_draft(draft.id, record)
            if any(issue.is_error for issue in self._service.validate(draft.id)) or not self._service.result_template(
                draft.id
            ):
                self._service.discard_draft(draft.id)
                continue
            used.add(candidate.gtin)
            self._sign(draft.id, party=True)
            sealed = self._service.seal(draft.id, self._first, self._second)
            self._made.append(sealed.id)
            self._counts["spot_checks"] += 1
            return sealed
        logger.warning("no demo trade item of this kind validates; one demo spot check left out")
        return None

    def _completed(
        self, record: SamplingRecord, site: Enterprise, sampled_ago: int, domain: CatalogueDomain
    ) -> SamplingRecord:
        sampled_on = self._today - dt.timedelta(days=sampled_ago)
        sample = record.sample
        quantity = (sample.sample_quantity or 1) + (sample.backup_quantity or 1)
        return record.replace(
            inspectors=(_inspector(self._first), _inspector(self._second)),
            sampling_unit=dataclasses.replace(
                record.sampling_unit,
                address=f"{self._first.unit}（演示地址）",
                province="浙江省",
                contact=self._first.name,
                phone="0571-88000000",
            ),
            sampled_site=dataclasses.replace(
                record.sampled_site,
                name=site.name,
                address=site.address or site.name,
                region_code=site.region_code,
                urban_rural="urban",
                uscc=site.uscc,
                legal_representative=site.legal_representative or "负责人",
                contact=site.legal_representative or "负责人",
                phone=site.phone or "0571-88000001",
            ),
            basics=dataclasses.replace(
                record.basics,
                task_source="演示数据 demo",
                organiser="演示市场监督管理局",
                sampling_type="常规抽样",
                stage=Stage.CIRCULATION,
                place_type="supermarket",
            ),
            sample=dataclasses.replace(
                sample,
                sampling_date=sampled_on,
                production_date=sampled_on - dt.timedelta(days=40),
                expiry_date=sampled_on + dt.timedelta(days=365),
                batch=f"DEMO{sampled_on:%Y%m%d}",
                lot_base=max(100, quantity * 10),
                source="外购" if domain is CatalogueDomain.FOOD else "自产",
                purchase_cost="58.00" if domain is CatalogueDomain.FOOD else "",
            ),
            sealing=Sealing(
                seal_numbers=(f"FY{sampled_on:%m%d}01", f"FY{sampled_on:%m%d}02"),
                seal_state="完好",
                backup_keeper=BackupKeeper.LAB,
            ),
            notes="演示记录 demo record",
        )

    def _sign(self, record_id: str, *, party: bool) -> None:
        for index, role in enumerate(("signature_inspector_1", "signature_inspector_2", "signature_party")):
            if role == "signature_party" and not party:
                continue
            self._service.add_attachment(record_id, role, _png(index), "image/png", f"{role}.png")

    def _results(self, sealed: SpotCheckView, verdict: str, reported_on: dt.date) -> None:
        template = self._service.result_template(sealed.id)
        failing = verdict == "nonconforming"
        lines = []
        failed_one = False
        for line in template:
            fail_here = failing and not failed_one and _judgeable(line.limit)
            failed_one = failed_one or fail_here
            lines.append(dataclasses.replace(line, value=_value_for(line.limit, passing=not fail_here)))
        self._service.enter_results(sealed.id, lines, f"JC{reported_on:%Y%m%d}{len(self._made):02d}",
                                    "演示质量检验检测研究院", reported_on)  # fmt: skip
        self._counts["results"] += 1

    def _failed_visit(self, site: Enterprise) -> None:
        draft = self._service.start_from_scratch(self._first)
        sampled_on = self._today - dt.timedelta(days=6)
        record = draft.record.replace(
            inspectors=(_inspector(self._first), _inspector(self._second)),
            sampling_unit=dataclasses.replace(draft.record.sampling_unit, address="浙江省", province="浙江省"),
            sampled_site=dataclasses.replace(
                draft.record.sampled_site,
                name=site.name,
                address=site.address or site.name,
                region_code=site.region_code,
                urban_rural="rural",
                uscc=site.uscc,
            ),
            sample=dataclasses.replace(draft.record.sample, sampling_date=sampled_on),
            outcome=SamplingOutcome.SAMPLING_FAILED,
            failure_reason="待销产品库存不足，抽样基数低于抽样方案要求（演示）",
            notes="演示记录 demo record",
        )
        self._service.save_draft(draft.id, record)
        if any(issue.is_error for issue in self._service.validate(draft.id)):
            self._service.discard_draft(draft.id)
            logger.warning("the demo 'sampling failed' record does not validate; left out")
            return
        self._sign(draft.id, party=False)
        self._made.append(self._service.seal(draft.id, self._first, self._second).id)
        self._counts["spot_checks"] += 1

    def _amend(self, original: SpotCheckView) -> None:
        corrected = original.record.replace(
            sample=dataclasses.replace(original.record.sample, batch=original.record.sample.batch + "-A")
        )
        signatures = [
            AttachmentInput(role, _png(10 + index), "image/png", f"{role}.png")
            for index, role in enumerate(("signature_inspector_1", "signature_inspector_2", "signature_party"))
        ]
        try:
            amendment = self._service.amend(
                original.id, corrected, "批号抄录有误，按包装标识更正（演示）", self._first, self._second, signatures
            )
        except InspectorError as error:
            logger.warning("the demo amendment was not made: %s", error)
            return
        self._made.append(amendment.id)
        self._counts["amendments"] += 1

    # --------------------------------------------------------------------------------------------- reference data
    def _candidates(self, domain: CatalogueDomain) -> list[_Candidate]:
        """Demo trade items of ``domain`` whose product kind has judged inspection items and whose maker is known,
        in a fixed order."""

        def work(session: Session) -> list[_Candidate]:
            judged = (
                select(InspectionItem.product_kind_id)
                .where(InspectionItem.limit_op.in_(("le", "lt", "ge", "gt", "range")))
                .distinct()
            )
            rows = session.execute(
                select(TradeItem.gtin)
                .join(ProductKind, ProductKind.id == TradeItem.product_kind_id)
                .join(CatalogueCategory, CatalogueCategory.id == ProductKind.category_id)
                .where(
                    CatalogueCategory.domain == domain.value,
                    TradeItem.enterprise_id.is_not(None),
                    ProductKind.id.in_(judged),
                )
                .order_by(TradeItem.id)
                .limit(200)
            ).all()
            return [_Candidate(gtin, domain) for (gtin,) in rows]

        return self._workspace.database.run(work)

    def _sites(self) -> list[Enterprise]:
        """Shops to sample at: enterprises of the demo data, in a fixed order (detached copies)."""

        def work(session: Session) -> list[Enterprise]:
            rows = session.scalars(select(Enterprise).order_by(Enterprise.id).limit(5)).all()
            session.expunge_all()
            return list(rows)

        sites = self._workspace.database.run(work)
        if not sites:
            raise DemoDataError(
                "no_enterprises", "演示工作区中没有企业数据", "The demo workspace has no enterprises to sample at"
            )
        return sites


def _inspector(person: InspectorSession) -> Inspector:
    return Inspector(inspector_id=person.inspector_id, name=person.name, badge_number=person.badge_number)


def _png(index: int) -> bytes:
    """A drawn-looking signature (a pen stroke on white) as PNG; each index gives a different stroke."""
    width, height = 240, 80
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    phase = index * 0.7
    points = [
        (10 + x, height / 2 + 18 * math.sin(x / (14 + index % 5) + phase) * math.cos(x / 47 + phase))
        for x in range(0, width - 20, 3)
    ]
    draw.line(points, fill=20, width=3, joint="curve")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _judgeable(limit: Limit) -> bool:
    return limit.op in (LimitOp.LE, LimitOp.LT, LimitOp.GE, LimitOp.GT, LimitOp.RANGE)


def _value_for(limit: Limit, *, passing: bool) -> str:
    """A measured value that meets ``limit`` (or fails it), written as a laboratory would."""
    op = limit.op
    if op in (LimitOp.LE, LimitOp.LT) and limit.value is not None:
        value = limit.value / 2 if passing else limit.value * Decimal("1.5") + 1
    elif op in (LimitOp.GE, LimitOp.GT) and limit.value is not None:
        value = limit.value * Decimal("1.2") + 1 if passing else limit.value / 2
    elif op is LimitOp.RANGE and limit.low is not None and limit.high is not None:
        value = (limit.low + limit.high) / 2 if passing else limit.high + (limit.high - limit.low) + 1
    elif op is LimitOp.NOT_DETECTED:
        return "未检出" if passing else "0.5"
    elif op is LimitOp.TEXT:
        return (limit.text or "符合") if passing else "不符合"
    else:
        return "已记录"
    return _plain(value)


def _plain(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
