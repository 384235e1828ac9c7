"""Realistic documents and keys for the document tests and benchmarks (a sealed oil sample that failed)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import replace

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from PIL import Image, ImageDraw

from inspector_app.documents.certificate_payload import CertificateClaims, encode_certificate, key_id_for
from inspector_app.documents.document_data import CertificateDocument, CertificateResultLine, SamplingFormDocument
from inspector_app.domain.limits import Conformity
from inspector_app.domain.spot_check import (
    Basics,
    Inspector,
    Producer,
    Sample,
    SampledSite,
    SamplingRecord,
    SamplingUnit,
    Sealing,
)

CHINA = dt.timezone(dt.timedelta(hours=8))
SEALED_AT = dt.datetime(2026, 11, 20, 14, 32, 5, tzinfo=CHINA)
PRODUCT = "金龙鱼黄金比例食用植物调和油（非转基因）"
PRODUCER = "益海嘉里（晋中）粮油食品工业有限公司"
SITE = "晋中市榆次区华联超市顺城街店"
PRODUCER_USCC = "91110108551385082Q"
SITE_USCC = "92140702MA0K2AX62M"
CERTIFICATE_NUMBER = "IW-2026-3f9a1c2e-0042"

# Text of each page of a PDF (the ``pdf_pages`` fixture).
PdfPages = Callable[[bytes], list[str]]


class SigningKey:
    """A fresh Ed25519 key pair, as a device holds one."""

    def __init__(self) -> None:
        self._private = Ed25519PrivateKey.generate()
        self.public_raw = self._private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.key_id = key_id_for(self.public_raw)

    def sign(self, message: bytes) -> bytes:
        return self._private.sign(message)


def signature_png(text: str = "张") -> bytes:
    """A small drawn-looking signature image."""
    image = Image.new("RGB", (300, 100), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(10, 70), (60, 20), (110, 80), (170, 30), (230, 75), (290, 40)], fill="black", width=4)
    draw.text((20, 10), text, fill="black")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


INSPECTORS = (
    Inspector(inspector_id=1, name="王建国", badge_number="14070201001"),
    Inspector(inspector_id=2, name="李秀英", badge_number="14070201002"),
)


def sampling_record(**changes: object) -> SamplingRecord:
    record = SamplingRecord(
        basics=Basics(
            task_code="SX-2026-Q4-017",
            task_source="山西省市场监督管理局2026年第四季度食品安全监督抽检计划",
            organiser="晋中市市场监督管理局",
            lab="山西省食品质量安全监督检验研究院",
            sampling_type="常规抽样",
            place_type="超市",
            product_classification=("食用油、油脂及其制品", "食用植物油", "食用植物调和油"),
            form_number="DC26140700463230158",
        ),
        sampling_unit=SamplingUnit(
            name="晋中市市场监督管理局榆次分局",
            address="山西省晋中市榆次区迎宾街 88 号",
            province="山西省",
            contact="王建国",
            phone="0354-3021234",
        ),
        inspectors=INSPECTORS,
        sampled_site=SampledSite(
            name=SITE,
            address="山西省晋中市榆次区顺城街 166 号",
            region_code="140702",
            urban_rural="urban",
            uscc=SITE_USCC,
            licence_type="JY",
            licence_number="JY11407020012345",
            legal_representative="赵志强",
            contact="刘丽",
            phone="13935412345",
        ),
        producer=Producer(
            name=PRODUCER,
            address="山西省晋中市经济技术开发区汇通路 2 号",
            region_code="140702",
            uscc=PRODUCER_USCC,
            licence_number="SC10214070200523",
            phone="0354-2345678",
        ),
        sample=Sample(
            product_kind_code="FOOD-02-001",
            name=PRODUCT,
            barcode="6948195800118",
            gtin="06948195800118",
            trademark="金龙鱼",
            sample_type="食用植物调和油",
            source="外购",
            production_date=dt.date(2026, 9, 3),
            shelf_life="18个月",
            expiry_date=dt.date(2028, 3, 2),
            batch="20260903A07",
            specification="5L/桶",
            grade="一级",
            unit_price="69.90",
            origin="山西晋中",
            storage_conditions="常温、避光",
            standard="GB 2716-2018",
            sampling_date=dt.date(2026, 11, 20),
            lot_base=120,
            sample_quantity=4,
            backup_quantity=4,
            quantity_unit="桶",
            purchase_cost="559.20",
        ),
        sealing=Sealing(
            seal_numbers=("JZ-2026-118837", "JZ-2026-118838"),
            seal_state="完好",
            backup_location="承检机构样品库",
        ),
        witness="刘丽",
        notes="样品于抽样当日封样，由抽样人员送至承检机构。",
    )
    return record.replace(**changes)


def sampling_document(record: SamplingRecord | None = None, **changes: object) -> SamplingFormDocument:
    signature = signature_png()
    document = SamplingFormDocument.from_record(
        record or sampling_record(),
        record_id="0193a5c4-7f21-7c3e-9a55-3f0d1e2b4c6d",
        content_hash="5f2b9d0c3e8a41f7b6d2c9e0a1f4b3c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2",
        sealed_at=SEALED_AT,
        signature_inspector_1=signature,
        signature_inspector_2=signature,
        signature_party=signature,
        signer_key_id="2a8825b438c382f277a99ddcd34064cc",
        sampled_site_region="山西省晋中市榆次区",
        producer_region="山西省晋中市榆次区",
    )
    return replace(document, **changes)  # type: ignore[arg-type]


def claims(**changes: object) -> CertificateClaims:
    base = CertificateClaims(
        certificate_number=CERTIFICATE_NUMBER,
        verdict=Conformity.NONCONFORMING,
        product=PRODUCT,
        batch="20260903A07",
        maker_uscc=PRODUCER_USCC,
        date=dt.date(2026, 12, 4),
        inspector_badges=("14070201001", "14070201002"),
        issued_at=dt.datetime(2026, 12, 4, 9, 30, tzinfo=CHINA),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def certificate_document(key: SigningKey, *, payload: str | None = None, **changes: object) -> CertificateDocument:
    text = payload or encode_certificate(claims(), key.sign, key.key_id, signer_public_key=key.public_raw)
    document = CertificateDocument(
        certificate_number=CERTIFICATE_NUMBER,
        verdict=Conformity.NONCONFORMING,
        product=PRODUCT,
        specification="5L/桶",
        batch="20260903A07",
        producer=PRODUCER,
        producer_uscc=PRODUCER_USCC,
        sampled_site=SITE,
        sampling_date=dt.date(2026, 11, 20),
        report_date=dt.date(2026, 12, 4),
        lab="山西省食品质量安全监督检验研究院",
        report_number="SPJD-2026-11873",
        results=(
            CertificateResultLine("酸价（KOH）", "1.2", "mg/g", "≤ 3", Conformity.CONFORMING, "GB 5009.229-2016"),
            CertificateResultLine("过氧化值", "0.31", "g/100g", "≤ 0.25", Conformity.NONCONFORMING, "GB 5009.227-2016"),
            CertificateResultLine("苯并[a]芘", "未检出", "μg/kg", "≤ 10", Conformity.CONFORMING, "GB 5009.27-2016"),
            CertificateResultLine("溶剂残留量", "未检出", "mg/kg", "≤ 20", Conformity.CONFORMING, "GB 5009.262-2016"),
        ),
        inspectors=INSPECTORS,
        deadlines=(
            "异议期限：收到检验结论之日起 7 个工作日内（2026-12-15 前）《食品安全法》第八十八条",
            "整改期限：60 日内（2027-02-02 前）《产品质量监督抽查管理暂行办法》",
        ),
        qr_payload=text,
        organiser="晋中市市场监督管理局",
        trademark="金龙鱼",
        record_id="0193a5c4-9b10-7d2e-8f11-0a1b2c3d4e5f",
        issued_at=dt.datetime(2026, 12, 4, 9, 30, tzinfo=CHINA),
    )
    return replace(document, **changes)  # type: ignore[arg-type]


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Width and height of every page, in points."""
    document = pdfium.PdfDocument(data)
    try:
        return [tuple(document[index].get_size()) for index in range(len(document))]
    finally:
        document.close()
