"""Reference rows, people and helpers shared by the spot-check GUI tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from PIL import Image, ImageDraw
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from inspector_app.domain.spot_check import BackupKeeper, Inspector, SamplingRecord, Sealing
from inspector_app.gui.spot_check.seal_dialog import SealDialog
from inspector_app.gui.spot_check.signature_pad import SignaturePad
from inspector_app.security.passwords import Argon2Parameters
from inspector_app.services.holiday_service import schedule_for_year
from inspector_app.services.identity_service import InspectorSession
from inspector_app.services.rules_service import ensure_default_rules
from inspector_app.services.spot_check_service import SIGNATURE_ROLES, SpotCheckService, SpotCheckView
from inspector_app.storage.database import Database
from inspector_app.storage.models import Enterprise, HolidayDay, HolidayYear, Licence, ProductKind, TradeItem

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=BEIJING)
FERTILISER_GTIN = "06901234567892"
OIL_GTIN = "06920000000012"
MAKER_USCC = "91110108551385082Q"
SITE_USCC = "92140702MA0K2AX62M"
XK_NUMBER = "XK13-001-00018"
SC_NUMBER = "SC10212011600523"
#: GS1 element strings as a scanner sends them: GTIN, production date, expiry, batch.
FERTILISER_CODE = "]C101069012345678921126110117271101" + "10LOT-A1"
OIL_CODE = "]C101069200000000121126110117271101" + "10OIL-7"

#: Cheap hashing keeps the tests quick; the real costs are tested in tests/security.
CHEAP = Argon2Parameters(time_cost=1, memory_cost=8, parallelism=1)
FIRST_NAME, FIRST_BADGE, FIRST_PASSWORD = "张三", "11010800001", "password-1"
SECOND_NAME, SECOND_BADGE, SECOND_PASSWORD = "李四", "11010800002", "password-2"
UNIT = "海淀区市场监督管理局"


def fixed_clock() -> dt.datetime:
    """The time every record is made at."""
    return NOW


def add_reference_rows(database: Database) -> None:
    """On top of the small test catalogue: the default rules, the 2026 holiday schedule (2027 stays unknown, as a
    year not yet published would), a maker with its XK and SC licences, and its fertiliser and peanut oil."""
    ensure_default_rules(database)
    with database.session() as session:
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


def completed(
    record: SamplingRecord, first: InspectorSession, second: InspectorSession | None = None
) -> SamplingRecord:
    """What the inspectors type on site, on top of what the scan filled in (both inspectors when ``second``)."""
    people = [Inspector(first.inspector_id, first.name, first.badge_number)]
    if second is not None:
        people.append(Inspector(second.inspector_id, second.name, second.badge_number))
    return record.replace(
        inspectors=tuple(people),
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
        sample=dataclasses.replace(record.sample, lot_base=200, source="外购", purchase_cost="30.00"),
        sealing=Sealing(seal_numbers=("FY-0001", "FY-0002"), seal_state="完好", backup_keeper=BackupKeeper.LAB),
    )


def signature_png(shade: int) -> bytes:
    """A small real PNG, as the signature pad saves it (each shade gives different bytes)."""
    image = Image.new("L", (120, 40), 255)
    ImageDraw.Draw(image).line([(5, 30), (40, 8), (70, 32), (115, 10)], fill=shade, width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def sealed_through_service(
    service: SpotCheckService,
    first: InspectorSession,
    second: InspectorSession,
    code: str = FERTILISER_CODE,
    *,
    draft: SpotCheckView | None = None,
    **changes: object,
) -> SpotCheckView:
    """A spot check sealed without the GUI: scan (unless ``draft`` is given), complete (with ``changes`` to the
    record's top-level fields), sign, seal."""
    draft = draft if draft is not None else service.start_from_scan(code, first)
    record = completed(draft.record, first, second)
    service.save_draft(draft.id, record.replace(**changes) if changes else record)
    for role, shade in (("signature_inspector_1", 0), ("signature_inspector_2", 40), ("signature_party", 80)):
        service.add_attachment(draft.id, role, signature_png(shade), "image/png", f"{role}.png")
    return service.seal(draft.id, first, second)


def draw_signature(qtbot: QtBot, pad: SignaturePad, shift: int = 0) -> None:
    """Sign with the mouse: one stroke across the pad and a dot; ``shift`` moves the stroke (not the dot), so that
    signatures drawn with different shifts differ once cropped."""
    points = [QPoint(20 + shift, 70), QPoint(50 + shift, 30), QPoint(80 + shift, 80), QPoint(120 + shift, 40)]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(pad, point)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(180, 60))


def type_chinese(widget: QWidget, text: str) -> None:
    """Deliver ``text`` the way a Chinese input method does: one committed string (keyClicks is ASCII-only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def confirm_second(qtbot: QtBot, dialog: SealDialog, badge: str, password: str) -> None:
    """The second inspector types their badge number and password into the confirmation the seal dialog opens."""
    button = dialog.findChild(QPushButton, "confirmSecondButton")
    assert button is not None
    with qtbot.waitSignal(dialog.confirm_dialog_opened) as opened:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    confirm = opened.args[0]
    for name, text in (("badgeEdit", badge), ("passwordEdit", password)):
        edit = confirm.findChild(QLineEdit, name)
        assert edit is not None
        qtbot.keyClicks(edit, text)
    box = confirm.findChild(QDialogButtonBox, "buttons")
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def sign(qtbot: QtBot, dialog: SealDialog, roles: tuple[str, ...] = SIGNATURE_ROLES) -> None:
    """Everyone in ``roles`` signs on their pad, each differently."""
    for shift, role in enumerate(roles):
        draw_signature(qtbot, dialog.pad(role), shift=shift * 30)


def ok_button(dialog: SealDialog) -> QPushButton:
    """The dialog's "签章封存" button."""
    box = dialog.findChild(QDialogButtonBox, "buttons")
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Ok)
