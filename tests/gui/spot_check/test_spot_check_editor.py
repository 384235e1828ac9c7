"""The sampling form editor: every field, the catalogue's proposal, typing and saving, validation that points at
its fields, the outcome choice, and sealed records shown read-only."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QRadioButton, QTableView
from pytestqt.qtbot import QtBot
from spot_check_data import FERTILISER_CODE, NOW, completed, sealed_through_service, type_chinese
from spot_check_world import Context, World

from inspector_app.domain.spot_check import (
    BackupKeeper,
    Basics,
    Packaging,
    Producer,
    SamplingOutcome,
    SamplingRecord,
    Sealing,
    Stage,
    TaskCategory,
)
from inspector_app.gui.spot_check.optional_date_edit import OptionalDateEdit
from inspector_app.gui.spot_check.sampling_fields import FIELDS, field_label
from inspector_app.gui.spot_check.spot_check_editor import SpotCheckEditor
from inspector_app.gui.spot_check.validation_issue_table_model import ERROR_COLOUR, WARNING_COLOUR
from inspector_app.services.spot_check_service import SpotCheckView


def _leaf_paths(data: dict[str, Any], prefix: str = "") -> set[str]:
    paths = set()
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else key
        paths |= _leaf_paths(value, path) if isinstance(value, dict) else {path}
    return paths


def test_the_form_has_every_field_of_the_record() -> None:
    on_form = {spec.path for spec in FIELDS} | {"outcome", "inspectors"}
    assert on_form == _leaf_paths(SamplingRecord().to_dict())


@pytest.fixture
def draft(world: World) -> SpotCheckView:
    return world.service.start_from_scan(FERTILISER_CODE, world.first)


def _open(qtbot: QtBot, context: Context, world: World, record_id: str) -> SpotCheckEditor:
    editor = SpotCheckEditor(context, world.first, camera_devices=list)
    editor.resize(1300, 900)
    qtbot.addWidget(editor)
    editor.show()
    with qtbot.waitSignal(editor.view_changed):
        editor.load(record_id)
    assert context.runner.wait_until_idle()  # the catalogue lookup and the first validation
    return editor


def _line(editor: SpotCheckEditor, path: str) -> QLineEdit:
    widget = editor.field_widget(path)
    assert isinstance(widget, QLineEdit)
    return widget


def _retype(qtbot: QtBot, editor: SpotCheckEditor, path: str, text: str) -> None:
    """Select the field's text and type over it, waiting for the validation that follows."""
    edit = _line(editor, path)
    edit.selectAll()
    with qtbot.waitSignal(editor.validated, timeout=5000):
        if text:
            qtbot.keyClicks(edit, text)
        else:
            qtbot.keyClick(edit, Qt.Key.Key_Delete)


def test_a_draft_from_a_scan_shows_what_the_scan_and_the_catalogue_know(
    qtbot: QtBot, context: Context, world: World, draft: SpotCheckView
) -> None:
    editor = _open(qtbot, context, world, draft.id)
    assert not editor.is_read_only() and not editor.is_modified()
    assert _line(editor, "sample.gtin").text() == "06901234567892"
    assert _line(editor, "sample.batch").text() == "LOT-A1"
    assert _line(editor, "sample.name").text() == "丰收牌复合肥料"
    assert _line(editor, "producer.uscc").text() == "91110108551385082Q"
    production = editor.field_widget("sample.production_date")
    assert isinstance(production, OptionalDateEdit) and production.date_value() == dt.date(2026, 11, 1)
    # The catalogue's proposal beside the quantities, and its name and licence requirement above them.
    kind = editor.product_kind()
    assert kind is not None and kind.code == "IND-01-001"
    assert editor.proposal_text("sample.sample_quantity") == "建议 2 袋"
    assert editor.proposal_text("sample.backup_quantity") == "建议 2 袋"
    assert "复合肥料" in editor.product_kind_text() and "XK" in editor.product_kind_text()
    assert "草稿" in editor.banner_text()
    # Only the logged-in inspector is on the form yet: validation says so in its own words.
    assert editor.issue_level("inspectors") == "error"
    assert any(issue.code == "inspectors_too_few" for issue in editor.issues())
    # The form reads back exactly what was loaded.
    assert editor.record() == draft.record


def test_every_field_round_trips(qtbot: QtBot, context: Context, world: World, draft: SpotCheckView) -> None:
    record = completed(draft.record, world.first, world.second)
    record = record.replace(
        basics=Basics(
            task_code="T-1", task_source="省级计划", task_category=TaskCategory.RISK_MONITORING, organiser="北京市局",
            lab="北京市产品质量监督检验院", sampling_type="常规抽样", stage=Stage.PRODUCTION, place_type="仓库",
            product_classification=("工业产品", "农业生产资料"), form_number="CY-TEST-1",
        ),
        producer=Producer(
            name="甲厂", address="甲地", region_code="110108", uscc="91110108551385082Q",
            licence_number="XK13-001-00018", phone="010-1", has_third_party=True, third_party_name="乙厂",
            third_party_address="乙地", third_party_licence="XK13-001-00019",
        ),
        sample=dataclasses.replace(
            record.sample, packaging=Packaging.BULK, imported=True, expiry_date=None, shelf_life="24个月",
            grade="一等品", unit_price="12.50", origin="德国", storage_conditions="阴凉干燥", serial="S-9",
            ccc_number="", sample_type="成品",
        ),
        sealing=dataclasses.replace(record.sealing, backup_keeper=BackupKeeper.SAMPLED_PARTY, backup_location="仓库"),
        outcome=SamplingOutcome.REFUSED_TO_SIGN,
        refusal_reason="负责人不在",
        witness="王五",
        notes="第一行\n第二行",
    )  # fmt: skip
    saved = world.service.save_draft(draft.id, record)
    editor = _open(qtbot, context, world, saved.id)
    assert editor.record() == record
    assert _line(editor, "sealing.seal_numbers").text() == "FY-0001, FY-0002"
    assert _line(editor, "basics.product_classification").text() == "工业产品 / 农业生产资料"


def test_typing_and_saving_the_draft(qtbot: QtBot, context: Context, world: World, draft: SpotCheckView) -> None:
    editor = _open(qtbot, context, world, draft.id)
    _retype(qtbot, editor, "sample.lot_base", "200")
    _retype(qtbot, editor, "sealing.seal_numbers", "FY-0001, FY-0002 FY-0003")
    _retype(qtbot, editor, "sampled_site.uscc", "92140702MA0K2AX62M")
    site_name = _line(editor, "sampled_site.name")
    site_name.clear()
    type_chinese(site_name, "海淀农资经营部")
    assert editor.is_modified() and editor.status_text() == "有未保存的修改"
    save = editor.findChild(QPushButton, "saveButton")
    assert save is not None
    with qtbot.waitSignal(editor.saved):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not editor.is_modified() and editor.status_text() == "已保存"

    stored = world.service.get(draft.id).record
    assert stored.sample.lot_base == 200
    assert stored.sealing.seal_numbers == ("FY-0001", "FY-0002", "FY-0003")
    assert stored.sampled_site.uscc == "92140702MA0K2AX62M"
    assert stored.sampled_site.name == "海淀农资经营部"
    assert stored.sample.batch == "LOT-A1"  # untouched fields stay as they were


def test_validation_outlines_its_fields_and_explains(
    qtbot: QtBot, context: Context, world: World, draft: SpotCheckView
) -> None:
    editor = _open(qtbot, context, world, draft.id)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    # An error: a wrong check character in the USCC.
    _retype(qtbot, editor, "sampled_site.uscc", "91110108551385082X")
    assert editor.issue_level("sampled_site.uscc") == "error"
    assert ERROR_COLOUR in _line(editor, "sampled_site.uscc").styleSheet()
    # A warning: fewer backup units than the implementing rules ask for.
    _retype(qtbot, editor, "sample.backup_quantity", "1")
    assert editor.issue_level("sample.backup_quantity") == "warning"
    assert WARNING_COLOUR in _line(editor, "sample.backup_quantity").styleSheet()

    model = editor.issue_model
    rows = {issue.field: row for row, issue in enumerate(model.rows)}
    uscc_row = rows["sampled_site.uscc"]
    assert model.index(uscc_row, 0).data() == "错误"
    assert model.index(uscc_row, 1).data() == field_label("sampled_site.uscc") == "被抽样单位 · 统一社会信用代码"
    assert "91110108551385082X" in model.index(uscc_row, 2).data()  # the service's own message
    backup_row = rows["sample.backup_quantity"]
    assert model.index(backup_row, 0).data() == "提醒"
    assert "少于实施细则规定的 2袋" in model.index(backup_row, 2).data()

    # Clicking an issue takes the inspector to its field.
    table = editor.findChild(QTableView, "issueTable")
    assert table is not None
    index = model.index(uscc_row, 2)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    qtbot.waitUntil(_line(editor, "sampled_site.uscc").hasFocus)

    # Corrected, the outline goes.
    _retype(qtbot, editor, "sampled_site.uscc", "92140702MA0K2AX62M")
    assert editor.issue_level("sampled_site.uscc") is None
    assert _line(editor, "sampled_site.uscc").styleSheet() == ""
    assert editor.issue_level("sample.backup_quantity") == "warning"


def test_the_catalogue_proposal_is_taken_over_with_one_click(
    qtbot: QtBot, context: Context, world: World, draft: SpotCheckView
) -> None:
    editor = _open(qtbot, context, world, draft.id)
    for path in ("sample.sample_quantity", "sample.backup_quantity", "sample.quantity_unit"):
        _line(editor, path).clear()
    apply = editor.findChild(QPushButton, "applyProposalButton")
    assert apply is not None and apply.isVisible()
    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    sample = editor.record().sample
    assert (sample.sample_quantity, sample.backup_quantity, sample.quantity_unit) == (2, 2, "袋")

    # Another product kind: its own proposal.
    kind_edit = _line(editor, "sample.product_kind_code")
    kind_edit.selectAll()
    qtbot.keyClicks(kind_edit, "FOOD-02-001")
    with qtbot.waitSignal(editor.product_kind_found) as found:
        qtbot.keyClick(kind_edit, Qt.Key.Key_Return)
    assert found.args[0].name == "食用植物油"
    assert editor.proposal_text("sample.sample_quantity") == "建议 4 瓶"
    kind_edit.selectAll()
    qtbot.keyClicks(kind_edit, "NO-SUCH-KIND")
    with qtbot.waitSignal(editor.product_kind_found) as found:
        qtbot.keyClick(kind_edit, Qt.Key.Key_Return)
    assert found.args[0] is None and "NO-SUCH-KIND" in editor.product_kind_text()
    assert not apply.isVisible()


def test_sampling_failed_and_refusal_are_outcomes_with_their_reasons(
    qtbot: QtBot, context: Context, world: World, draft: SpotCheckView
) -> None:
    editor = _open(qtbot, context, world, draft.id)
    reason = _line(editor, "failure_reason")
    assert not reason.isEnabled()
    failed = editor.findChild(QRadioButton, "outcome_sampling_failed")
    assert failed is not None
    with qtbot.waitSignal(editor.validated, timeout=5000):
        qtbot.mouseClick(failed, Qt.MouseButton.LeftButton)
    assert reason.isEnabled()
    assert editor.issue_level("failure_reason") == "error"
    with qtbot.waitSignal(editor.validated, timeout=5000):
        type_chinese(reason, "抽样基数低于方案要求")
    assert editor.issue_level("failure_reason") is None
    with qtbot.waitSignal(editor.saved):
        editor.save()
    stored = world.service.get(draft.id).record
    assert (stored.outcome, stored.failure_reason) == (SamplingOutcome.SAMPLING_FAILED, "抽样基数低于方案要求")

    refused = editor.findChild(QRadioButton, "outcome_refused_to_sign")
    assert refused is not None
    with qtbot.waitSignal(editor.validated, timeout=5000):
        qtbot.mouseClick(refused, Qt.MouseButton.LeftButton)
    assert editor.issue_level("refusal_reason") == "error"
    assert editor.issue_level("failure_reason") == "warning"  # a reason left over from the other outcome
    assert editor.issue_level("witness") == "warning"
    assert editor.record().outcome is SamplingOutcome.REFUSED_TO_SIGN


def test_a_sealed_record_is_read_only(qtbot: QtBot, context: Context, world: World) -> None:
    sealed = sealed_through_service(world.service, world.first, world.second)
    editor = _open(qtbot, context, world, sealed.id)
    assert editor.is_read_only()
    assert "已于 2026-11-20 10:30 签章封存" in editor.banner_text() and sealed.content_hash[:16] in editor.banner_text()
    lot_base = _line(editor, "sample.lot_base")
    assert lot_base.isReadOnly()
    qtbot.keyClicks(lot_base, "9")
    assert lot_base.text() == "200"
    for name in ("saveButton", "sealButton", "validateButton", "applyProposalButton"):
        button = editor.findChild(QPushButton, name)
        assert button is not None and not button.isVisible()
    for value in ("sampled", "sampling_failed", "refused_to_sign"):
        radio = editor.findChild(QRadioButton, f"outcome_{value}")
        assert radio is not None and not radio.isEnabled()
    date = editor.field_widget("sample.sampling_date")
    assert isinstance(date, OptionalDateEdit) and date.is_read_only() and date.date_value() == NOW.date()
    assert editor.photo_strip.is_read_only()
    assert editor.issues() == [] and not editor.is_modified()
    with qtbot.assertNotEmitted(editor.saved):
        editor.save()
        editor.start_sealing()
        assert context.runner.wait_until_idle()
    assert editor.seal_dialog() is None
    assert world.service.get(sealed.id).record == sealed.record


_SEAL_NUMBER = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
_SEPARATOR = st.sampled_from([",", ", ", "，", "、", ";", "；", " ", "  ", "\t"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numbers=st.lists(_SEAL_NUMBER, max_size=6), separators=st.lists(_SEPARATOR, min_size=6, max_size=6))
def test_seal_numbers_are_read_whatever_separates_them(
    qtbot: QtBot, context: Context, world: World, numbers: list[str], separators: list[str]
) -> None:
    editor = SpotCheckEditor(context, world.first, camera_devices=list)
    qtbot.addWidget(editor)
    editor.set_view(_bare_view(SamplingRecord()))
    typed = "".join(number + separator for number, separator in zip(numbers, separators, strict=False))
    _line(editor, "sealing.seal_numbers").setText(" " + typed)
    assert editor.record().sealing.seal_numbers == tuple(numbers)
    # And what is shown for a stored record reads back the same.
    editor.set_view(_bare_view(SamplingRecord().replace(sealing=Sealing(seal_numbers=tuple(numbers)))))
    assert editor.record().sealing.seal_numbers == tuple(numbers)
    assert context.runner.wait_until_idle()


def _bare_view(record: SamplingRecord) -> SpotCheckView:
    return SpotCheckView(
        id="not-stored", record_type="spot_check", status="draft", record=record, number="",
        created_at=NOW, sealed_at=None, content_hash=None, signer_key_id=None, attachments=(),
        spot_check_id="not-stored",
    )  # fmt: skip
