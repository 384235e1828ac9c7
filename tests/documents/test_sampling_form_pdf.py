"""The sampling form PDF read back: five labelled copies, every statutory field in Chinese, both layouts."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from document_samples import PRODUCER, PRODUCT, SITE, PdfPages, page_sizes, sampling_document, sampling_record

from inspector_app.documents.sampling_form_pdf import COPIES, render_sampling_form
from inspector_app.domain.spot_check import Producer, SamplingOutcome

MM = 72 / 25.4
COPY_LABELS = ["第一联 组织机关", "第二联 承检机构", "第三联 标称生产者", "第四联 抽样单位", "第五联 被抽样单位"]


def _flat(text: str) -> str:
    """Page text without line breaks, so that a wrapped value is found whole."""
    return "".join(text.split())


def test_five_copies_each_labelled_in_order(pdf_pages: PdfPages) -> None:
    pages = pdf_pages(render_sampling_form(sampling_document()))
    assert len(pages) == 5
    assert [copy.label for copy in COPIES] == COPY_LABELS
    for page, label in zip(pages, COPY_LABELS, strict=True):
        assert label in page
        others = [other for other in COPY_LABELS if other != label]
        assert not any(other in page for other in others)


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_the_statutory_fields_are_printed_in_chinese(pdf_pages: PdfPages, layout: str) -> None:
    pages = pdf_pages(render_sampling_form(sampling_document(), layout))
    assert len(pages) == 5
    text = _flat(pages[0])
    expected = [
        "监督抽查抽样单",
        "DC26140700463230158",  # form number
        "山西省市场监督管理局2026年第四季度食品安全监督抽检计划",  # task source
        "晋中市市场监督管理局",  # organiser
        "山西省食品质量安全监督检验研究院",  # lab
        "流通环节",
        "食用油、油脂及其制品>食用植物油>食用植物调和油",
        "王建国",
        "14070201001",
        "李秀英",
        "14070201002",  # samplers and their badges
        _flat(SITE),
        "92140702MA0K2AX62M",
        "JY11407020012345",
        "赵志强",  # legal representative
        "山西省晋中市榆次区",  # region name as the service gave it
        _flat(PRODUCER),
        "91110108551385082Q",
        "SC10214070200523",
        _flat(PRODUCT),
        "6948195800118",
        "金龙鱼",
        "2026-09-03",  # production date
        "20260903A07",  # batch
        "5L/桶",
        "GB2716-2018",
        "120桶",  # lot base
        "4桶",  # sample and backup quantity
        "559.20",
        "JZ-2026-118837",
        "JZ-2026-118838",  # seal numbers
        "完好",
        "承检机构样品库",
        "抽样人员一签字",
        "被抽样单位签字",
        "已封存",
        "2026-11-2014:32:05+08:00",
    ]
    missing = [value for value in expected if value not in text]
    assert not missing


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_every_page_carries_record_id_hash_and_key(pdf_pages: PdfPages, layout: str) -> None:
    document = sampling_document()
    for page in pdf_pages(render_sampling_form(document, layout)):
        text = _flat(page)
        assert document.record_id in text
        assert document.content_hash in text
        assert document.signer_key_id in text


def test_the_roll_layout_is_80_mm_wide_and_as_long_as_its_content() -> None:
    sizes = page_sizes(render_sampling_form(sampling_document(), "roll80"))
    assert len(sizes) == 5
    for width, height in sizes:
        assert width == pytest.approx(80 * MM, abs=0.01)
        assert 300 * MM < height < 1000 * MM
    a4 = page_sizes(render_sampling_form(sampling_document(), "a4"))
    assert all(size == pytest.approx((210 * MM, 297 * MM), abs=0.5) for size in a4)


def test_the_cjk_font_is_embedded(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(render_sampling_form(sampling_document()))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert rows
    assert all(" yes " in row for row in rows)  # emb = yes: the document renders without Chinese fonts installed


def test_a_draft_says_so(pdf_pages: PdfPages) -> None:
    pages = pdf_pages(render_sampling_form(dataclasses.replace(sampling_document(), sealed_at=None)))
    assert all("草稿" in page and "DRAFT" in page for page in pages)
    assert all("已封存" not in page for page in pages)


def test_sampling_failed_and_refusal_are_printed_with_their_reasons(pdf_pages: PdfPages) -> None:
    failed = sampling_document(
        sampling_record(outcome=SamplingOutcome.SAMPLING_FAILED, failure_reason="抽样基数不足，低于计划最低要求")
    )
    text = _flat(pdf_pages(render_sampling_form(failed))[0])
    assert "抽样未果" in text
    assert "抽样基数不足，低于计划最低要求" in text
    refused = sampling_document(
        sampling_record(outcome=SamplingOutcome.REFUSED_TO_SIGN, refusal_reason="负责人不在场，店员拒绝签字"),
    )
    text = _flat(pdf_pages(render_sampling_form(refused))[0])
    assert "拒绝签字" in text
    assert "负责人不在场，店员拒绝签字" in text


def test_an_amendment_names_what_it_corrects(pdf_pages: PdfPages) -> None:
    document = sampling_document(amendment_note="更正 0193a5c4-7f21：生产日期录入错误，应为 2026-09-04")
    text = _flat(pdf_pages(render_sampling_form(document))[0])
    assert "更正记录" in text
    assert "生产日期录入错误，应为2026-09-04" in text


def test_a_third_party_producer_is_printed(pdf_pages: PdfPages) -> None:
    producer = Producer(
        name=PRODUCER,
        has_third_party=True,
        third_party_name="山西某某代工食品有限公司",
        third_party_address="山西省太原市小店区",
        third_party_licence="SC10214010500099",
    )
    text = _flat(pdf_pages(render_sampling_form(sampling_document(sampling_record(producer=producer))))[0])
    assert "山西某某代工食品有限公司" in text
    assert "SC10214010500099" in text


def test_markup_characters_are_printed_literally(pdf_pages: PdfPages) -> None:
    record = sampling_record(notes="A&B <b>不是标记</b> 5 < 6")
    text = pdf_pages(render_sampling_form(sampling_document(record)))[0]
    assert "A&B <b>不是标记</b> 5 < 6" in text


def test_missing_or_damaged_signatures_do_not_stop_printing(pdf_pages: PdfPages) -> None:
    document = sampling_document(signature_inspector_1=None, signature_party=b"\x89PNG\r\n\x1a\n damaged")
    text = _flat(pdf_pages(render_sampling_form(document))[0])
    assert "未签字" in text
    assert "图像无法读取" in text


def test_a_long_form_flows_onto_more_pages_in_every_copy(pdf_pages: PdfPages) -> None:
    notes = "\n".join(
        f"第 {n} 条补充说明：样品外包装完好，封条编号与抽样单一致，现场照片已留存。" for n in range(1, 80)
    )
    pages = pdf_pages(render_sampling_form(sampling_document(sampling_record(notes=notes))))
    assert len(pages) % 5 == 0 and len(pages) > 5
    per_copy = len(pages) // 5
    for index, label in enumerate(COPY_LABELS):
        copy_pages = pages[index * per_copy : (index + 1) * per_copy]
        assert all(label in page for page in copy_pages)
        assert f"第 {per_copy}/{per_copy} 页" in copy_pages[-1]
        assert "第 79 条补充说明" in "".join(copy_pages)


def test_an_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="layout"):
        render_sampling_form(sampling_document(), "letter")
