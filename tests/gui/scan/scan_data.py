"""Reference rows and barcode pictures shared by the scanning GUI tests and the scanning GUI benchmark."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy
import numpy.typing as npt
import zxingcpp
from PIL import Image

from inspector_app.storage.database import Database
from inspector_app.storage.models import (
    BlacklistEntry,
    CatalogueCategory,
    CatalogueEdition,
    Enterprise,
    Licence,
    ProductKind,
    RiskAlert,
    TradeItem,
)

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 27, 10, 30, tzinfo=BEIJING)
OIL_GTIN = "06901234567892"
OIL_EAN = "6901234567892"
CABLE_GTIN = "06920000000012"
CABLE_EAN = "6920000000012"
UNKNOWN_EAN = "6901234567885"
GOOD_USCC = "91110108551385082Q"
BAD_USCC = "92140702MA0K2AX62M"
#: GS1-128 as a scanner sends it: AIM prefix, GTIN, expiry 2027-12-31, batch 2025X (green).
GREEN_GS1 = "]C1010690123456789217271231102025X"
#: Batch B2026A (recalled) then, after GS, an expiry date already past (red twice over).
RECALLED_BATCH_PARTS = ("]C1010690123456789210B2026A", "17261120")


def fixed_clock() -> dt.datetime:
    """The time every test scan is recorded at."""
    return NOW


def add_reference_rows(database: Database) -> None:
    """A food maker in good standing with its soybean oil (one batch recalled), and a blacklisted cable maker
    with a suspended XK licence and its cable."""
    with database.session() as session:
        edition = CatalogueEdition(code="cn-2023", name="目录", imported_at=dt.datetime(2026, 1, 1))
        food = CatalogueCategory(edition=edition, code="FOOD-02", name="食用油、油脂及其制品", domain="food")
        industrial = CatalogueCategory(edition=edition, code="IND-01", name="工业生产资料", domain="industrial")
        oil = ProductKind(
            category=food, code="FOOD-02-001", name="食用植物油", needs_sc=True,
            sample_quantity=4, backup_quantity=2, quantity_unit="瓶",
        )  # fmt: skip
        cable = ProductKind(
            category=industrial, code="IND-01-010", name="电线电缆", needs_xk=True,
            sample_quantity=2, backup_quantity=1, quantity_unit="卷",
        )  # fmt: skip
        good = Enterprise(uscc=GOOD_USCC, name="北京金禾粮油有限公司", region_code="110108", credit_class="A")
        bad = Enterprise(uscc=BAD_USCC, name="长治市某电缆厂", region_code="140402", credit_class="C")
        session.add_all([edition, food, industrial, oil, cable, good, bad])
        session.flush()
        session.add_all(
            [
                Licence(
                    enterprise=good, type="SC", number="SC10211010800523", product_kind_id=oil.id,
                    valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2029, 1, 1),
                ),
                Licence(
                    enterprise=bad, type="XK", number="XK06-001-00018", status="suspended",
                    valid_from=dt.date(2022, 1, 1), valid_to=dt.date(2027, 1, 1),
                ),
                BlacklistEntry(enterprise=bad, reason="以次充好", since=dt.date(2025, 5, 1)),
                TradeItem(
                    gtin=OIL_GTIN, name="一级大豆油", brand="金禾", specification="5L",
                    product_kind_id=oil.id, enterprise_id=good.id,
                ),
                TradeItem(
                    gtin=CABLE_GTIN, name="BV 2.5 铜芯线", brand="长缆", specification="100m",
                    product_kind_id=cable.id, enterprise_id=bad.id,
                ),
                RiskAlert(
                    code="R-2026-001", title="大豆油批次酸价超标", action="recall", match_type="gtin_batch",
                    gtin=OIL_GTIN, batch="B2026A", valid_from=dt.date(2026, 10, 1),
                ),
            ]
        )  # fmt: skip


def gtin13(body: str) -> str:
    """``body`` (12 digits) with its GS1 check digit."""
    total = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def ean13_picture(code: str, scale: int = 3) -> npt.NDArray[numpy.uint8]:
    """An EAN-13 symbol, black on white with its quiet zone, bars a realistic height (greyscale array)."""
    barcode = zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.EAN13)
    bars = numpy.asarray(barcode.to_image(scale=scale), dtype=numpy.uint8)
    height = max(bars.shape[0], bars.shape[1] // 3)
    bars = numpy.repeat(bars[:1], height, axis=0) if bars.shape[0] < height else bars
    picture = numpy.full((bars.shape[0] + 40, bars.shape[1] + 40), 255, dtype=numpy.uint8)
    picture[20 : 20 + bars.shape[0], 20 : 20 + bars.shape[1]] = bars
    return picture


def frame_with_code(
    code: str, size: tuple[int, int] = (640, 480), at: tuple[int, int] = (120, 140)
) -> npt.NDArray[numpy.uint8]:
    """A grey camera frame (width, height) showing the EAN-13 ``code`` at ``at`` on a mid-grey background."""
    width, height = size
    frame = numpy.full((height, width), 128, dtype=numpy.uint8)
    picture = ean13_picture(code)
    x, y = at
    frame[y : y + picture.shape[0], x : x + picture.shape[1]] = picture
    return frame


def blank_frame(size: tuple[int, int] = (640, 480), seed: int = 0) -> npt.NDArray[numpy.uint8]:
    """A grey camera frame without a code (mild noise, like a real sensor)."""
    width, height = size
    rng = numpy.random.default_rng(seed)
    return numpy.clip(rng.normal(128, 6, (height, width)), 0, 255).astype(numpy.uint8)


def save_png(array: npt.NDArray[numpy.uint8], path: Path) -> Path:
    """Write ``array`` as a PNG file."""
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path
