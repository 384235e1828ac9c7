"""What services fill in to print a document: plain frozen data, no reportlab.

``SamplingFormDocument`` is the sampling form (抽样单) of one spot-check record as sealed; ``CertificateDocument``
the inspection certificate / test report (检验报告) of a sample with its results and the signed QR payload.
The renderers (``sampling_form_pdf``, ``certificate_pdf``) print exactly what these hold and look nothing up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from inspector_app.domain.limits import Conformity
from inspector_app.domain.spot_check import Inspector, SamplingRecord


@dataclass(frozen=True)
class SamplingFormDocument:
    """The sampling form of one record. ``sealed_at`` is None for a draft (printed as such). Signature images are
    PNG (or JPEG) bytes as drawn on the pad, None when missing; ``failure_note`` / ``refusal_note`` explain
    "sampling failed" (抽样未果) and a refusal to sign (拒签)."""

    record: SamplingRecord
    record_id: str
    number: str
    sealed_at: dt.datetime | None
    content_hash: str
    inspectors: tuple[Inspector, ...]
    signature_inspector_1: bytes | None = None
    signature_inspector_2: bytes | None = None
    signature_party: bytes | None = None
    failure_note: str = ""
    refusal_note: str = ""
    signer_key_id: str = ""  # the device key that sealed the record
    amendment_note: str = ""  # for an amendment: what it corrects and why
    # Full names of the region codes (GB/T 2260), when the service knows them; the code is printed otherwise.
    sampled_site_region: str = ""
    producer_region: str = ""

    @classmethod
    def from_record(
        cls,
        record: SamplingRecord,
        *,
        record_id: str,
        content_hash: str = "",
        sealed_at: dt.datetime | None = None,
        number: str = "",
        signature_inspector_1: bytes | None = None,
        signature_inspector_2: bytes | None = None,
        signature_party: bytes | None = None,
        signer_key_id: str = "",
        amendment_note: str = "",
        sampled_site_region: str = "",
        producer_region: str = "",
    ) -> SamplingFormDocument:
        """The document of ``record``: inspectors and notes from the record, the form number from its basics
        unless ``number`` is given."""
        return cls(
            record=record,
            record_id=record_id,
            number=number or record.basics.form_number,
            sealed_at=sealed_at,
            content_hash=content_hash,
            inspectors=record.inspectors,
            signature_inspector_1=signature_inspector_1,
            signature_inspector_2=signature_inspector_2,
            signature_party=signature_party,
            failure_note=record.failure_reason,
            refusal_note=record.refusal_reason,
            signer_key_id=signer_key_id,
            amendment_note=amendment_note,
            sampled_site_region=sampled_site_region,
            producer_region=producer_region,
        )


@dataclass(frozen=True)
class CertificateResultLine:
    """One line of the result table: item, result as measured, unit, the limit as printed (e.g. "≤ 3"),
    the judgement of that line and the method standard."""

    item: str
    value: str
    unit: str
    limit_text: str
    judgement: Conformity
    method: str = ""


@dataclass(frozen=True)
class CertificateDocument:
    """An inspection certificate / test report. ``qr_payload`` is the signed ``IW1:`` text
    (``certificate_payload.encode_certificate``); ``deadlines`` are ready-worded lines (objection window,
    correction, re-check) with their legal source."""

    certificate_number: str
    verdict: Conformity
    product: str
    specification: str
    batch: str
    producer: str
    producer_uscc: str
    sampled_site: str
    sampling_date: dt.date | None
    report_date: dt.date | None
    lab: str
    report_number: str
    results: tuple[CertificateResultLine, ...]
    inspectors: tuple[Inspector, ...]
    deadlines: tuple[str, ...]
    qr_payload: str
    title: str = "产品质量监督抽查检验报告"
    organiser: str = ""
    trademark: str = ""
    record_id: str = ""
    issued_at: dt.datetime | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in (Conformity.CONFORMING, Conformity.NONCONFORMING):
            raise ValueError("a certificate's verdict is conforming or nonconforming")
