"""The spot-check path on a real store, real device key and real files: scan → draft → validate → signatures →
seal → results with a failing item → nonconforming verdict and deadlines → certificate → PDFs; amendments; and
that a sealed record cannot be changed through any service method."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest
from PIL import Image, ImageDraw
from sqlalchemy import select

from inspector_app.documents.certificate_payload import VerificationStatus, verify_certificate
from inspector_app.domain.errors import (
    AttachmentError,
    NotFoundError,
    SealedRecordError,
    WorkflowError,
)
from inspector_app.domain.limits import Limit, LimitOp
from inspector_app.domain.records import canonical_json, content_hash
from inspector_app.domain.results import ResultLine
from inspector_app.domain.spot_check import (
    BackupKeeper,
    Inspector,
    Packaging,
    SamplingOutcome,
    SamplingRecord,
    Sealing,
)
from inspector_app.security.device_keys import DeviceKeys
from inspector_app.security.passwords import Argon2Parameters
from inspector_app.services.holiday_service import schedule_for_year
from inspector_app.services.identity_service import IdentityService, InspectorSession
from inspector_app.services.records_service import RecordsService
from inspector_app.services.rules_service import ensure_default_rules
from inspector_app.services.spot_check_service import (
    AttachmentInput,
    SpotCheckService,
    SpotCheckView,
)
from inspector_app.services.workspace import Workspace
from inspector_app.storage.field_record_repository import FieldRecordRepository
from inspector_app.storage.models import (
    Enterprise,
    FieldRecord,
    HolidayDay,
    HolidayYear,
    Licence,
    OutboxEntry,
    ProductKind,
    Task,
    TradeItem,
)

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=BEIJING)
FERTILISER_GTIN = "06901234567892"
OIL_GTIN = "06920000000012"
MAKER_USCC = "91110108551385082Q"
SITE_USCC = "92140702MA0K2AX62M"
XK_NUMBER = "XK13-001-00018"
SC_NUMBER = "SC10212011600523"
# GS1 element string as a scanner sends it: GTIN, production date 2026-11-01, expiry 2027-11-01, batch.
SCANNED = "]C101069012345678921126110117271101" + "10LOT-A1"


def _signature_png(shade: int) -> bytes:
    """A small real PNG, as the signature pad saves it (each shade gives different bytes)."""
    image = Image.new("L", (120, 40), 255)
    ImageDraw.Draw(image).line([(5, 30), (40, 8), (70, 32), (115, 10)], fill=shade, width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


PNG_1 = _signature_png(0)
PNG_2 = _signature_png(40)
PNG_PARTY = _signature_png(80)
CHEAP = Argon2Parameters(time_cost=1, memory_cost=8, parallelism=1)


class Clock:
    """A clock the test moves forward."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclasses.dataclass
class World:
    workspace: Workspace
    service: SpotCheckService
    clock: Clock
    keys: DeviceKeys
    first: InspectorSession
    second: InspectorSession


@pytest.fixture
def world(small_catalogue: Workspace, tmp_path: Path) -> World:
    workspace = small_catalogue
    database = workspace.database
    ensure_default_rules(database)
    with database.session() as session:
        # The 2026 holiday schedule only: 2027 stays unknown, as a year not yet published would.
        session.add_all(HolidayDay(day=d.day, kind=d.kind, name=d.name) for d in schedule_for_year(2026))
        session.add(HolidayYear(year=2026, source="test"))
        fertiliser = session.scalars(select(ProductKind).where(ProductKind.code == "IND-01-001")).one()
        oil = session.scalars(select(ProductKind).where(ProductKind.code == "FOOD-02-001")).one()
        maker = Enterprise(
            uscc=MAKER_USCC, name="北京丰收化肥有限公司", address="北京市海淀区中关村大街1号", region_code="110108",
            phone="010-12345678",
        )  # fmt: skip
        maker.licences = [
            Licence(type="XK", number=XK_NUMBER, product_kind_id=fertiliser.id, status="valid"),
            Licence(type="SC", number=SC_NUMBER, product_kind_id=oil.id, status="valid"),
        ]
        session.add(maker)
        session.flush()
        session.add_all(
            [
                TradeItem(gtin=FERTILISER_GTIN, name="丰收牌复合肥料", brand="丰收", specification="40kg/袋",
                          product_kind_id=fertiliser.id, enterprise_id=maker.id),
                TradeItem(gtin=OIL_GTIN, name="丰收牌花生油", brand="丰收", specification="5L/瓶",
                          product_kind_id=oil.id, enterprise_id=maker.id),
            ]
        )  # fmt: skip
        task = Task(code="T-2026-001", title="2026年化肥产品质量监督抽查", plan="2026年省级监督抽查计划",
                    task_category="supervision", organiser="北京市市场监督管理局", region_code="110108")  # fmt: skip
        task.product_kinds = [fertiliser]
        session.add(task)
    clock = Clock(NOW)
    identity = IdentityService(database, clock, CHEAP)
    identity.create_inspector("张三", "11010800001", "海淀区市场监督管理局", password="password-1")
    identity.create_inspector("李四", "11010800002", "海淀区市场监督管理局", password="password-2")
    identity.create_inspector("王五", "11010800003", "海淀区市场监督管理局", password="password-3")
    first = identity.login("11010800001", "password-1")
    second = identity.confirm_second_inspector(first, "11010800002", "password-2")
    keys = DeviceKeys.load_or_create(tmp_path / "keys-home")
    return World(workspace, SpotCheckService(workspace, keys, clock), clock, keys, first, second)


def _completed(record: SamplingRecord, first: InspectorSession, second: InspectorSession) -> SamplingRecord:
    """What the inspectors type on site, on top of what the scan filled in."""
    return record.replace(
        inspectors=(
            Inspector(first.inspector_id, first.name, first.badge_number),
            Inspector(second.inspector_id, second.name, second.badge_number),
        ),
        sampling_unit=dataclasses.replace(
            record.sampling_unit, address="北京市海淀区", province="北京市", contact="张三", phone="010-87654321"
        ),
        sampled_site=dataclasses.replace(
            record.sampled_site,
            name="海淀农资经营部",
            address="北京市海淀区农资市场12号",
            region_code="110108",
            urban_rural="urban",
            uscc=SITE_USCC,
            legal_representative="赵六",
            contact="赵六",
            phone="13800000000",
        ),
        sample=dataclasses.replace(record.sample, lot_base=200, source="外购"),
        sealing=Sealing(seal_numbers=("FY-0001", "FY-0002"), seal_state="完好", backup_keeper=BackupKeeper.LAB),
    )


def _fertiliser_lines(total_nutrient: str = "32.5", ph: str = "6.8") -> list[ResultLine]:
    return [
        ResultLine("I01", "总养分", total_nutrient, "%", Limit(LimitOp.GE, value=Decimal("35"), unit="%"),
                   method_standard="GB/T 15063-2020", judging_standard="GB/T 15063-2020"),
        ResultLine("I02", "pH 值", ph, "", Limit(LimitOp.RANGE, low=Decimal("5.5"), high=Decimal("8.5"))),
    ]  # fmt: skip


def _signed(world: World, record_id: str, *, party: bool = True) -> None:
    service = world.service
    service.add_attachment(record_id, "signature_inspector_1", PNG_1, "image/png", "sig1.png")
    service.add_attachment(record_id, "signature_inspector_2", PNG_2, "image/png", "sig2.png")
    if party:
        service.add_attachment(record_id, "signature_party", PNG_PARTY, "image/png", "party.png")


def _sealed_spot_check(world: World, code: str = SCANNED) -> SpotCheckView:
    draft = world.service.start_from_scan(code, world.first)
    world.service.save_draft(draft.id, _completed(draft.record, world.first, world.second))
    _signed(world, draft.id)
    return world.service.seal(draft.id, world.first, world.second)


def _outbox(world: World) -> list[str]:
    with world.workspace.database.session() as session:
        return [entry.record_id for entry in session.scalars(select(OutboxEntry).order_by(OutboxEntry.id))]


def _sealed_ids(world: World) -> set[str]:
    with world.workspace.database.session() as session:
        return set(session.scalars(select(FieldRecord.id).where(FieldRecord.status == "sealed")))


def test_whole_path_from_scan_to_certificate(world: World) -> None:
    service = world.service
    draft = service.start_from_scan(SCANNED, world.first)
    assert draft.status == "draft" and not draft.sealed
    sample, producer = draft.record.sample, draft.record.producer
    # From the code...
    assert (sample.gtin, sample.barcode, sample.batch) == (FERTILISER_GTIN, "6901234567892", "LOT-A1")
    assert (sample.production_date, sample.expiry_date) == (dt.date(2026, 11, 1), dt.date(2027, 11, 1))
    # ...from the reference data and the catalogue...
    assert (sample.name, sample.trademark, sample.specification) == ("丰收牌复合肥料", "丰收", "40kg/袋")
    assert (sample.product_kind_code, sample.sample_quantity, sample.backup_quantity, sample.quantity_unit) == (
        "IND-01-001", 2, 2, "袋",
    )  # fmt: skip
    assert sample.standard == "GB/T 15063-2020"
    assert (producer.name, producer.uscc, producer.licence_number) == ("北京丰收化肥有限公司", MAKER_USCC, XK_NUMBER)
    assert producer.address == "北京市海淀区中关村大街1号" and sample.xk_number == XK_NUMBER
    # ...and from who is sampling, when.
    assert draft.record.inspectors == (Inspector(world.first.inspector_id, "张三", "11010800001"),)
    assert draft.record.sampling_unit.name == "海淀区市场监督管理局"
    assert sample.sampling_date == NOW.date()
    assert draft.record.basics.form_number == f"CY-2026-{world.keys.key_id[:8]}-0001"

    # Fill in, validate: the first sampler alone is an error that explains itself.
    issues = service.validate(draft.id)
    assert any(issue.is_error and issue.field.startswith("inspectors") for issue in issues)
    saved = service.save_draft(draft.id, _completed(draft.record, world.first, world.second))
    assert [issue for issue in service.validate(saved.id) if issue.is_error] == []

    # Seal is refused while a signature is missing, and says which.
    service.add_attachment(draft.id, "signature_inspector_1", PNG_1, "image/png")
    service.add_attachment(draft.id, "signature_inspector_2", PNG_2, "image/png")
    service.add_attachment(draft.id, "photo_seal", b"\xff\xd8seal photo", "image/jpeg", "seal.jpg")
    with pytest.raises(WorkflowError) as refused:
        service.seal(draft.id, world.first, world.second)
    assert refused.value.reason == "cannot_seal"
    assert any("被抽样单位签名" in zh for zh, _ in refused.value.problems)
    assert _outbox(world) == []

    service.add_attachment(draft.id, "signature_party", PNG_PARTY, "image/png")
    sealed = service.seal(draft.id, world.first, world.second)
    assert sealed.sealed and sealed.sealed_at == NOW
    assert sealed.signer_key_id == world.keys.key_id
    assert {a.role for a in sealed.attachments} == {
        "signature_inspector_1", "signature_inspector_2", "signature_party", "photo_seal",
    }  # fmt: skip
    check = service.verify_seal(sealed.id)
    assert check.intact, check
    assert _outbox(world) == [sealed.id]

    # The payload holds the record type, id, device, inspectors, times, the form and the attachments.
    with world.workspace.database.session() as session:
        row = FieldRecordRepository(session).get(sealed.id)
    payload = row.payload
    assert payload["type"] == "spot_check" and payload["id"] == sealed.id
    assert payload["device_id"] == world.keys.key_id
    assert [p["badge_number"] for p in payload["inspectors"]] == ["11010800001", "11010800002"]
    assert payload["times"]["sealed_at"] == "2026-11-20T02:30:00.000000Z"
    assert payload["record"] == sealed.record.to_dict()
    assert payload["attachments"]["signature_party"] == [content_hash_bytes(PNG_PARTY)]
    assert content_hash(payload) == row.content_hash
    assert canonical_json(payload).decode() == row.payload_json

    # Results a day later with one failing item: nonconforming, with deadlines from the rules table.
    world.clock.advance(days=5)
    entry = service.enter_results(
        sealed.id, _fertiliser_lines(), "BG-2026-0001", "国家化肥质量检验检测中心", NOW.date()
    )
    assert entry.verdict == "nonconforming"
    assert [line.status.value for line in entry.judgement.lines] == ["nonconforming", "conforming"]
    due = {deadline.code: deadline.due for deadline in entry.deadlines}
    assert due == {
        "objection_industrial": dt.date(2026, 12, 5),
        "after_failure_correction": dt.date(2027, 1, 19),
        "after_failure_recheck": dt.date(2027, 2, 3),
    }
    assert all(deadline.legal_source for deadline in entry.deadlines)

    certificate = service.issue_certificate(sealed.id)
    assert certificate.number == f"IW-2026-{world.keys.key_id[:8]}-0001"
    assert certificate.verdict == "nonconforming"
    verification = verify_certificate(certificate.qr_payload, {world.keys.key_id: world.keys.public_key_raw})
    assert verification.status is VerificationStatus.GENUINE
    assert verification.claims is not None and verification.claims.maker_uscc == MAKER_USCC
    assert service.issue_certificate(sealed.id) == certificate  # asking again gives the same certificate

    certificate_pdf = service.certificate_pdf(certificate.record_id)
    assert certificate_pdf.startswith(b"%PDF")
    # By the spot check's id as well (reportlab stamps each PDF with its own time, so compare what is printed).
    assert service.certificate_document(sealed.id) == service.certificate_document(certificate.record_id)
    assert service.certificate_pdf(sealed.id).startswith(b"%PDF")
    assert service.certificate_pdf(sealed.id, layout="roll80").startswith(b"%PDF")
    form_pdf = service.sampling_form_pdf(sealed.id)
    assert form_pdf.startswith(b"%PDF")
    certificate_text = _pdf_text(certificate_pdf)
    for expected in (certificate.number, "丰收牌复合肥料", "LOT-A1", MAKER_USCC, "总养分", "32.5"):
        assert expected in certificate_text, expected
    form_text = _pdf_text(form_pdf)
    for expected in (sealed.record.basics.form_number, "海淀农资经营部", "FY-0001", sealed.id):
        assert expected in form_text, expected

    overview = service.overview(sealed.id)
    assert overview.verdict == "nonconforming"
    assert overview.certificate == certificate
    assert [r.record_type for r in overview.records] == ["test_results", "certificate"]

    # Every sealed record has exactly one outbox row.
    outbox = _outbox(world)
    assert sorted(outbox) == sorted(_sealed_ids(world)) and len(outbox) == len(set(outbox)) == 3


def _pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def content_hash_bytes(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_sealed_record_cannot_be_changed_through_any_service_method(world: World) -> None:
    service = world.service
    sealed = _sealed_spot_check(world)
    with world.workspace.database.session() as session:
        before = FieldRecordRepository(session).get(sealed.id)
    attempts: list[Callable[[], object]] = [
        lambda: service.save_draft(sealed.id, sealed.record.replace(notes="changed")),
        lambda: service.add_attachment(sealed.id, "photo_site", b"late photo", "image/jpeg"),
        lambda: service.add_attachment(sealed.id, "signature_party", b"another signature", "image/png"),
        lambda: service.remove_attachment(sealed.id, "signature_party"),
        lambda: service.assign_inspectors(sealed.id, world.first, world.second),
        lambda: service.discard_draft(sealed.id),
        lambda: service.seal(sealed.id, world.first, world.second),
    ]
    for attempt in attempts:
        with pytest.raises(SealedRecordError):
            attempt()
    with world.workspace.database.session() as session:
        after = FieldRecordRepository(session).get(sealed.id)
    assert after == before
    assert service.verify_seal(sealed.id).intact
    assert _outbox(world) == [sealed.id]


def test_amendment_names_what_it_corrects_and_history_shows_both(world: World) -> None:
    service = world.service
    original = _sealed_spot_check(world)
    corrected = original.record.replace(
        sample=dataclasses.replace(original.record.sample, batch="LOT-A2", lot_base=180)
    )
    signatures = [
        AttachmentInput("signature_inspector_1", PNG_1, "image/png"),
        AttachmentInput("signature_inspector_2", PNG_2, "image/png"),
        AttachmentInput("signature_party", _signature_png(120), "image/png"),
    ]
    with pytest.raises(WorkflowError, match="reason"):
        service.amend(original.id, corrected, "  ", world.first, world.second, signatures)
    world.clock.advance(hours=2)
    amendment = service.amend(original.id, corrected, "批号抄写错误", world.first, world.second, signatures)
    assert amendment.record_type == "amendment" and amendment.sealed
    assert amendment.supersedes_id == original.id and amendment.spot_check_id == original.id
    assert amendment.reason == "批号抄写错误"
    assert service.verify_seal(amendment.id).intact

    history = service.history(original.id)
    assert [entry.view.id for entry in history] == [original.id, amendment.id]
    assert history[0].view.record.sample.batch == "LOT-A1"  # the original is untouched
    assert history[0].changes == ()
    changed = {change.path: (change.before, change.after) for change in history[1].changes}
    assert changed == {"sample.batch": ("LOT-A1", "LOT-A2"), "sample.lot_base": (200, 180)}
    assert [entry.view.id for entry in service.history(amendment.id)] == [original.id, amendment.id]

    # A second correction corrects the first one; the original still heads the history.
    again = service.amend(original.id, corrected.replace(notes="补充说明"), "补充备注", world.first, world.second,
                          signatures)  # fmt: skip
    assert again.supersedes_id == amendment.id
    assert [entry.view.id for entry in service.history(original.id)] == [original.id, amendment.id, again.id]

    # The record in force is the latest amendment: results and certificates use it.
    service.enter_results(original.id, _fertiliser_lines("36"), "BG-2", "实验室", NOW.date())
    certificate = service.issue_certificate(original.id)
    document = service.certificate_document(certificate.record_id)
    assert document.batch == "LOT-A2"
    form = service.sampling_form_document(amendment.id)
    assert "批号抄写错误" in form.amendment_note

    listed = {summary.id: summary for summary in RecordsService(world.workspace.database).list()}
    assert listed[original.id].amended and listed[amendment.id].amended and not listed[again.id].amended
    assert listed[original.id].verdict == "conforming"
    assert sorted(_outbox(world)) == sorted(_sealed_ids(world))


def test_failed_amendment_leaves_no_draft_behind(world: World) -> None:
    original = _sealed_spot_check(world)
    with pytest.raises(WorkflowError):
        world.service.amend(original.id, original.record, "原因", world.first, world.second, attachments=())
    with world.workspace.database.session() as session:
        assert FieldRecordRepository(session).count("amendment") == 0


def test_seal_requires_two_distinct_inspectors_on_the_form(world: World) -> None:
    service = world.service
    draft = service.start_from_scan(SCANNED, world.first)
    service.save_draft(draft.id, _completed(draft.record, world.first, world.second))
    _signed(world, draft.id)
    with pytest.raises(WorkflowError) as same:
        service.seal(draft.id, world.first, world.first)
    assert any("不同" in zh for zh, _ in same.value.problems)
    identity = IdentityService(world.workspace.database, world.clock, CHEAP)
    third = identity.confirm_second_inspector(world.first, "11010800003", "password-3")
    with pytest.raises(WorkflowError) as stranger:
        service.seal(draft.id, world.first, third)
    assert any("不是抽样单上的抽样人员" in zh for zh, _ in stranger.value.problems)
    forged = dataclasses.replace(world.second, badge_number="99999999999")
    with pytest.raises(WorkflowError) as unknown:
        service.seal(draft.id, world.first, forged)
    assert any("不是本机有效的执法人员" in zh for zh, _ in unknown.value.problems)
    # With the right two it seals.
    assert service.seal(draft.id, world.first, world.second).sealed


def test_assign_inspectors_puts_both_sessions_on_the_form(world: World) -> None:
    draft = world.service.start_from_scratch(world.first)
    updated = world.service.assign_inspectors(draft.id, world.first, world.second)
    assert [p.badge_number for p in updated.record.inspectors] == ["11010800001", "11010800002"]
    with world.workspace.database.session() as session:
        row = FieldRecordRepository(session).get(draft.id)
    assert (row.inspector_id, row.second_inspector_id) == (world.first.inspector_id, world.second.inspector_id)


def test_refusal_to_sign_needs_no_party_signature_but_its_reason(world: World) -> None:
    service = world.service
    draft = service.start_from_scan(SCANNED, world.first)
    record = _completed(draft.record, world.first, world.second).replace(
        outcome=SamplingOutcome.REFUSED_TO_SIGN, witness="市场管理员 钱七"
    )
    service.save_draft(draft.id, record)
    _signed(world, draft.id, party=False)
    with pytest.raises(WorkflowError) as refused:
        service.seal(draft.id, world.first, world.second)
    assert any("拒签原因" in zh for zh, _ in refused.value.problems)
    service.save_draft(draft.id, record.replace(refusal_reason="经营者称负责人不在，拒绝签字"))
    sealed = service.seal(draft.id, world.first, world.second)
    assert sealed.sealed and not sealed.attachments_in("signature_party")


def test_sampling_failed_is_sealed_without_sample_and_gets_no_results(world: World) -> None:
    service = world.service
    draft = service.start_from_task("T-2026-001", world.first)
    record = _completed(draft.record, world.first, world.second).replace(
        outcome=SamplingOutcome.SAMPLING_FAILED, failure_reason="抽样基数不足，库存仅 3 袋"
    )
    service.save_draft(draft.id, record)
    _signed(world, draft.id, party=False)
    sealed = service.seal(draft.id, world.first, world.second)
    summary = RecordsService(world.workspace.database).get(sealed.id).summary
    assert summary.verdict == "failed"
    with pytest.raises(WorkflowError) as refused:
        service.enter_results(sealed.id, _fertiliser_lines(), "BG", "lab", NOW.date())
    assert refused.value.reason == "sampling_failed"
    with pytest.raises(WorkflowError) as no_certificate:
        service.issue_certificate(sealed.id)
    assert no_certificate.value.reason == "no_results"


def test_start_from_task_fills_basics_and_the_only_product_kind(world: World) -> None:
    draft = world.service.start_from_task("T-2026-001", world.first)
    basics = draft.record.basics
    assert (basics.task_code, basics.task_source, basics.organiser) == (
        "T-2026-001", "2026年省级监督抽查计划", "北京市市场监督管理局",
    )  # fmt: skip
    assert draft.record.sampled_site.region_code == "110108"
    assert (draft.record.sample.product_kind_code, draft.record.sample.sample_quantity) == ("IND-01-001", 2)
    with pytest.raises(NotFoundError):
        world.service.start_from_task("NO-SUCH-TASK", world.first)


def test_start_from_scratch_numbers_forms_in_sequence(world: World) -> None:
    first = world.service.start_from_scratch(world.first)
    second = world.service.start_from_scratch(world.first)
    stem = f"CY-2026-{world.keys.key_id[:8]}-"
    assert (first.record.basics.form_number, second.record.basics.form_number) == (f"{stem}0001", f"{stem}0002")
    assert first.record.sample.product_kind_code == ""


def test_unknown_code_starts_a_draft_with_what_the_code_says(world: World) -> None:
    draft = world.service.start_from_scan("6920000000029", world.first)
    assert draft.record.sample.gtin == "06920000000029"
    assert draft.record.sample.name == "" and draft.record.producer.uscc == ""
    with pytest.raises(WorkflowError):
        world.service.start_from_scan("   ", world.first)


def test_repeat_check_of_the_same_product_is_a_warning_naming_the_earlier_record(world: World) -> None:
    earlier = _sealed_spot_check(world)
    world.clock.advance(days=30)
    draft = world.service.start_from_scan(SCANNED, world.first)
    world.service.save_draft(draft.id, _completed(draft.record, world.first, world.second))
    issues = world.service.validate(draft.id)
    repeat = [issue for issue in issues if issue.code == "checked_recently"]
    assert len(repeat) == 1 and not repeat[0].is_error
    assert earlier.record.basics.form_number in repeat[0].message_zh
    # A follow-up of a failure is exempt.
    follow_up = _completed(draft.record, world.first, world.second)
    follow_up = follow_up.replace(basics=dataclasses.replace(follow_up.basics, sampling_type="跟踪抽查"))
    assert not [i for i in world.service.validate_record(follow_up, draft.id) if i.code == "checked_recently"]


def test_attachments_roles_replace_and_verify(world: World) -> None:
    service = world.service
    draft = service.start_from_scratch(world.first)
    with pytest.raises(AttachmentError) as bad:
        service.add_attachment(draft.id, "selfie", b"x", "image/png")
    assert bad.value.reason == "bad_role"
    service.add_attachment(draft.id, "signature_party", b"first try", "image/png")
    service.add_attachment(draft.id, "signature_party", b"second try", "image/png")
    service.add_attachment(draft.id, "photo_site", b"photo 1", "image/jpeg")
    service.add_attachment(draft.id, "photo_site", b"photo 2", "image/jpeg")
    view = service.get(draft.id)
    assert [service.read_attachment(a.sha256) for a in view.attachments_in("signature_party")] == [b"second try"]
    photos = view.attachments_in("photo_site")
    assert len(photos) == 2
    service.remove_attachment(draft.id, "photo_site", photos[0].sha256)
    assert service.get(draft.id).attachments_in("photo_site") == photos[1:]
    service.remove_attachment(draft.id, "photo_site")
    assert service.get(draft.id).attachments_in("photo_site") == ()


def test_seal_refuses_when_an_attached_file_was_damaged(world: World) -> None:
    service = world.service
    draft = service.start_from_scan(SCANNED, world.first)
    service.save_draft(draft.id, _completed(draft.record, world.first, world.second))
    _signed(world, draft.id)
    sha = service.get(draft.id).attachments_in("signature_party")[0].sha256
    path = world.workspace.attachments_dir / sha[:2] / sha
    path.write_bytes(b"tampered")
    with pytest.raises(AttachmentError) as damaged:
        service.seal(draft.id, world.first, world.second)
    assert damaged.value.reason == "corrupt"
    assert not service.get(draft.id).sealed


def test_tampered_payload_fails_verification(world: World) -> None:
    sealed = _sealed_spot_check(world)
    other = DeviceKeys.load_or_create(world.workspace.data_dir / "other-device")
    assert not world.service.verify_seal(sealed.id, {other.key_id: other.public_key_raw}).intact
    # Only a program going around the triggers could change a sealed row; verification still notices.
    import sqlite3

    connection = sqlite3.connect(world.workspace.database.path)
    try:
        connection.execute("DROP TRIGGER field_records_sealed_no_update")
        payload = json.loads(connection.execute("SELECT payload_json FROM field_records").fetchone()[0])
        payload["record"]["sample"]["batch"] = "FORGED"
        connection.execute("UPDATE field_records SET payload_json = ?", (canonical_json(payload).decode(),))
        connection.commit()
    finally:
        connection.close()
    check = world.service.verify_seal(sealed.id)
    assert not check.hash_matches and check.signature_valid and not check.intact


def test_food_deadlines_count_working_days_and_say_when_the_year_is_unknown(world: World) -> None:
    service = world.service
    sealed = _sealed_spot_check(world, "]C1" + "01" + OIL_GTIN + "10OIL-1")
    assert sealed.record.sample.product_kind_code == "FOOD-02-001"
    assert sealed.record.producer.licence_number == SC_NUMBER
    lines = [ResultLine("I01", "酸价", "1.2", "mg/g", Limit(LimitOp.LE, value=Decimal("3"), unit="mg/g"))]
    entry = service.enter_results(sealed.id, lines, "SP-1", "食品检验所", dt.date(2026, 11, 20))
    assert entry.verdict == "conforming"
    [objection] = entry.deadlines
    assert objection.code == "objection_food" and objection.due == dt.date(2026, 12, 1)
    late = service.enter_results(sealed.id, lines, "SP-2", "食品检验所", dt.date(2026, 12, 28))
    assert late.deadlines[0].due is None and "2027" in late.deadlines[0].note_zh


def test_objection_reinspection_follow_ups_and_due_soon(world: World) -> None:
    service = world.service
    sealed = _sealed_spot_check(world)
    with pytest.raises(WorkflowError) as nothing:
        service.file_objection(sealed.id, NOW.date(), "北京丰收化肥有限公司", "对检验结果有异议")
    assert nothing.value.reason == "nothing_to_object"
    service.enter_results(sealed.id, _fertiliser_lines(), "BG-1", "国家化肥质检中心", NOW.date())

    due = service.due_soon(within_days=20)
    assert [item.deadline.code for item in due] == ["objection_industrial"]
    assert due[0].spot_check_id == sealed.id and not due[0].overdue
    assert [item.deadline.code for item in service.due_soon(within_days=80)] == [
        "objection_industrial", "after_failure_correction", "after_failure_recheck",
    ]  # fmt: skip

    objection = service.file_objection(sealed.id, dt.date(2026, 11, 30), "北京丰收化肥有限公司", "取样不具代表性")
    assert objection.body["within_window"] is True
    assert [item.deadline.code for item in service.due_soon(within_days=80)] == [
        "after_failure_correction", "after_failure_recheck",
    ]  # fmt: skip

    reinspection = service.record_reinspection(
        sealed.id, objection.id, _fertiliser_lines("33"), "FJ-1", "省化肥质检站", dt.date(2026, 12, 20)
    )
    assert reinspection.verdict == "nonconforming"
    assert {d.code for d in reinspection.deadlines} == {"after_failure_correction", "after_failure_recheck"}
    with pytest.raises(WorkflowError):
        service.file_objection(sealed.id, dt.date(2026, 12, 21), "北京丰收化肥有限公司", "再次异议")

    with pytest.raises(WorkflowError):
        service.record_follow_up(sealed.id, "re_check", dt.date(2027, 1, 5))  # needs its outcome
    with pytest.raises(WorkflowError) as no_number:
        service.record_follow_up(sealed.id, "correction_order", dt.date(2026, 12, 22), document_number="  ")
    assert no_number.value.reason == "no_document_number"
    service.record_follow_up(sealed.id, "correction_order", dt.date(2026, 12, 22), document_number="责改〔2026〕1号")
    world.clock.now = dt.datetime(2027, 3, 10, 9, 0, tzinfo=BEIJING)
    overdue = service.due_soon()
    assert [(item.deadline.code, item.overdue) for item in overdue] == [("after_failure_recheck", True)]
    service.record_follow_up(sealed.id, "re_check", dt.date(2027, 3, 10), outcome="conforming")
    assert service.due_soon() == []
    assert sorted(_outbox(world)) == sorted(_sealed_ids(world))


def test_late_objection_is_recorded_as_late(world: World) -> None:
    sealed = _sealed_spot_check(world)
    world.service.enter_results(sealed.id, _fertiliser_lines(), "BG-1", "lab", NOW.date())
    objection = world.service.file_objection(sealed.id, dt.date(2026, 12, 30), "生产者", "逾期提出")
    assert objection.body["within_window"] is False


def test_food_reinspection_may_not_use_the_first_lab(world: World) -> None:
    service = world.service
    sealed = _sealed_spot_check(world, "]C1" + "01" + OIL_GTIN + "10OIL-1")
    failing = [ResultLine("I01", "酸价", "3.5", "mg/g", Limit(LimitOp.LE, value=Decimal("3"), unit="mg/g"))]
    service.enter_results(sealed.id, failing, "SP-1", "市食品检验所", dt.date(2026, 11, 20))
    objection = service.file_objection(sealed.id, dt.date(2026, 11, 23), "生产者", "申请复检")
    with pytest.raises(WorkflowError) as same_lab:
        service.record_reinspection(sealed.id, objection.id, failing, "FJ-1", " 市食品检验所", dt.date(2026, 12, 1))
    assert same_lab.value.reason == "reinspection_refused"
    with pytest.raises(WorkflowError) as no_lab:
        service.record_reinspection(sealed.id, objection.id, failing, "FJ-1", "  ", dt.date(2026, 12, 1))
    assert no_lab.value.reason == "reinspection_refused"
    entry = service.record_reinspection(sealed.id, objection.id, failing, "FJ-1", "省食品检验院", dt.date(2026, 12, 1))
    # Food has no correction/re-check rule in the shipped table: a final nonconforming result sets no new window.
    assert entry.verdict == "nonconforming" and entry.deadlines == ()
    # The re-inspection is final: the same objection cannot be answered twice.
    with pytest.raises(WorkflowError) as twice:
        service.record_reinspection(sealed.id, objection.id, failing, "FJ-2", "省食品检验院", dt.date(2026, 12, 2))
    assert twice.value.reason == "already_reinspected"


def test_a_reinspection_answers_an_objection_to_the_latest_results(world: World) -> None:
    service = world.service
    sealed = _sealed_spot_check(world)
    service.enter_results(sealed.id, _fertiliser_lines(), "BG-1", "国家化肥质检中心", NOW.date())
    stale = service.file_objection(sealed.id, NOW.date(), "北京丰收化肥有限公司", "对检验结果有异议")
    # Corrected first results arrive after the objection was filed against the earlier ones.
    service.enter_results(sealed.id, _fertiliser_lines("33"), "BG-2", "国家化肥质检中心", NOW.date())
    with pytest.raises(WorkflowError) as refused:
        service.record_reinspection(
            sealed.id, stale.id, _fertiliser_lines(), "FJ-1", "省化肥质检站", NOW.date() + dt.timedelta(days=10)
        )
    assert refused.value.reason == "objection_not_current"


def test_results_need_a_sealed_spot_check(world: World) -> None:
    draft = world.service.start_from_scan(SCANNED, world.first)
    with pytest.raises(WorkflowError) as refused:
        world.service.enter_results(draft.id, _fertiliser_lines(), "BG", "lab", NOW.date())
    assert refused.value.reason == "not_sealed"
    with pytest.raises(NotFoundError):
        world.service.certificate_pdf(draft.id)


def test_incomplete_results_get_no_certificate(world: World) -> None:
    sealed = _sealed_spot_check(world)
    entry = world.service.enter_results(sealed.id, _fertiliser_lines("36", ""), "BG", "lab", NOW.date())
    assert entry.verdict == "incomplete" and len(entry.deadlines) == 1
    with pytest.raises(WorkflowError) as refused:
        world.service.issue_certificate(sealed.id)
    assert refused.value.reason == "incomplete"


def test_rapid_test_of_farm_produce_opens_a_four_hour_window(world: World) -> None:
    service = world.service
    draft = service.start_from_scratch(world.first)
    record = _completed(draft.record, world.first, world.second)
    record = record.replace(
        sample=dataclasses.replace(
            record.sample,
            product_kind_code="FARM-02-001",
            name="散装菠菜",
            packaging=Packaging.BULK,
            sample_quantity=1,
            backup_quantity=1,
            quantity_unit="kg",
            lot_base=50,
            production_date=NOW.date(),
            purchase_cost="12.00",
        ),
        producer=dataclasses.replace(record.producer, name="城郊蔬菜合作社", address="北京市大兴区"),
    )
    service.save_draft(draft.id, record)
    assert [i for i in service.validate(draft.id) if i.is_error] == []
    _signed(world, draft.id)
    sealed = service.seal(draft.id, world.first, world.second)
    template = service.result_template(sealed.id)
    assert [line.item_name for line in template] == ["毒死蜱", "甲胺磷", "检验日期"]
    lines = [
        dataclasses.replace(template[0], value="0.3", rapid_test=True),
        dataclasses.replace(template[1], value="未检出", rapid_test=True),
        dataclasses.replace(template[2], value="2026-11-20"),
    ]
    entry = service.enter_results(sealed.id, lines, "KJ-1", "快检车", NOW.date())
    assert entry.verdict == "nonconforming"
    [window] = entry.deadlines  # farm produce has no correction / re-check rule in the shipped table
    assert window.code == "objection_farm_rapid_test"
    assert window.due == NOW + dt.timedelta(hours=4)
    # The window is still open an hour later, and closed five hours later.
    world.clock.advance(hours=1)
    assert [item.deadline.code for item in service.due_soon()] == ["objection_farm_rapid_test"]
    world.clock.advance(hours=4)
    assert service.due_soon() == []
