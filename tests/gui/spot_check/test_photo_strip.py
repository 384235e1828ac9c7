"""Photos of site, sample and seals: from files and from the camera, stored content-addressed, shown as thumbnails."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QListWidget, QPushButton
from pytestqt.qtbot import QtBot
from spot_check_data import FERTILISER_CODE, sealed_through_service
from spot_check_world import Context, World

from inspector_app.gui.spot_check.camera_still_dialog import CameraStillDialog
from inspector_app.gui.spot_check.photo_strip import PhotoStrip
from inspector_app.scanning.frame_source import RecordedFrameSource
from inspector_app.services.records_service import AttachmentInfo
from inspector_app.services.spot_check_service import SpotCheckView


def _photo_file(tmp_path: Path, name: str, colour: str, image_format: str = "PNG") -> tuple[Path, bytes]:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, format=image_format)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path, out.getvalue()


def _button(strip: PhotoStrip, name: str) -> QPushButton:
    button = strip.findChild(QPushButton, name)
    assert button is not None
    return button


@pytest.fixture
def draft(world: World) -> SpotCheckView:
    return world.service.start_from_scan(FERTILISER_CODE, world.first)


def _strip(qtbot: QtBot, context: Context, view: SpotCheckView, **camera: object) -> PhotoStrip:
    strip = PhotoStrip(context.services.spot_check, context.runner, **camera)  # type: ignore[arg-type]
    qtbot.addWidget(strip)
    strip.set_record(view.id, view.attachments, read_only=view.sealed)
    strip.show()
    return strip


def test_a_photo_from_a_file_is_stored_under_its_hash(
    qtbot: QtBot, context: Context, draft: SpotCheckView, tmp_path: Path, recorded_prompts: object
) -> None:
    service = context.services.spot_check
    path, data = _photo_file(tmp_path, "site.png", "#3366aa")
    recorded_prompts.answers["choose_image_files"] = [path]  # type: ignore[attr-defined]
    strip = _strip(qtbot, context, draft)
    assert strip.current_role() == "photo_site"
    with qtbot.waitSignal(strip.photo_added) as added:
        qtbot.mouseClick(_button(strip, "addFileButton"), Qt.MouseButton.LeftButton)
    info: AttachmentInfo = added.args[0]
    assert (info.role, info.media_type, info.original_name) == ("photo_site", "image/png", "site.png")
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert strip.photos() == [info]
    assert not strip.thumbnail(0).isNull()
    # Stored with the draft, byte for byte, under its hash.
    stored = service.get(draft.id)
    assert [(a.role, a.sha256) for a in stored.attachments] == [("photo_site", info.sha256)]
    assert service.read_attachment(info.sha256) == data


def test_photos_in_other_roles_and_removal(
    qtbot: QtBot, context: Context, world: World, draft: SpotCheckView, tmp_path: Path
) -> None:
    strip = _strip(qtbot, context, draft)
    sample, _ = _photo_file(tmp_path, "sample.jpg", "#aa3333", "JPEG")
    seal, _ = _photo_file(tmp_path, "seal.png", "#33aa33")
    strip.set_current_role("photo_sample")
    with qtbot.waitSignal(strip.photo_added):
        strip.add_files([sample])
    strip.set_current_role("photo_seal")
    with qtbot.waitSignal(strip.photo_added):
        strip.add_files([seal])
    assert [(p.role, p.media_type) for p in strip.photos()] == [
        ("photo_sample", "image/jpeg"),
        ("photo_seal", "image/png"),
    ]

    photo_list = strip.findChild(QListWidget, "photoList")
    assert photo_list is not None
    photo_list.item(0).setSelected(True)
    with qtbot.waitSignal(strip.photo_removed):
        qtbot.mouseClick(_button(strip, "removeButton"), Qt.MouseButton.LeftButton)
    assert [p.role for p in strip.photos()] == ["photo_seal"]
    assert [a.role for a in world.service.get(draft.id).attachments] == ["photo_seal"]

    # Shown again from the store, thumbnails and all.
    again = _strip(qtbot, context, world.service.get(draft.id))
    qtbot.waitUntil(lambda: len(again.photos()) == 1)
    assert not again.thumbnail(0).isNull()


def test_a_file_that_is_no_image_is_refused_with_its_name(
    qtbot: QtBot, context: Context, draft: SpotCheckView, tmp_path: Path, recorded_prompts: object
) -> None:
    path = tmp_path / "notes.png"
    path.write_bytes(b"this is not a picture")
    strip = _strip(qtbot, context, draft)
    strip.add_files([path])
    assert context.runner.wait_until_idle()
    errors = recorded_prompts.named("show_error")  # type: ignore[attr-defined]
    assert len(errors) == 1 and "notes.png" in errors[0][2] and "图像" in errors[0][2]
    assert strip.photos() == [] and context.services.spot_check.get(draft.id).attachments == ()


def test_without_a_camera_the_strip_says_so(
    qtbot: QtBot, context: Context, draft: SpotCheckView, recorded_prompts: object
) -> None:
    strip = _strip(qtbot, context, draft, camera_devices=list)
    with qtbot.assertNotEmitted(strip.camera_dialog_opened):
        qtbot.mouseClick(_button(strip, "cameraButton"), Qt.MouseButton.LeftButton)
    shown = recorded_prompts.named("show_information")  # type: ignore[attr-defined]
    assert len(shown) == 1 and "未检测到摄像头" in shown[0][2] and "从文件添加" in shown[0][2]


def test_a_photo_from_the_camera(qtbot: QtBot, context: Context, world: World, draft: SpotCheckView) -> None:
    frame = numpy.zeros((240, 320, 3), dtype=numpy.uint8)
    frame[:, :160] = (0, 0, 255)  # left half red (BGR), right half black
    strip = _strip(qtbot, context, draft, frame_source=RecordedFrameSource([frame], loop=True))
    strip.set_current_role("photo_seal")
    with qtbot.waitSignal(strip.camera_dialog_opened) as opened:
        qtbot.mouseClick(_button(strip, "cameraButton"), Qt.MouseButton.LeftButton)
    dialog: CameraStillDialog = opened.args[0]
    qtbot.waitUntil(dialog.has_frame)
    take = dialog.findChild(QPushButton, "takePhotoButton")
    assert take is not None and take.isEnabled()
    with qtbot.waitSignal(strip.photo_added) as added:
        qtbot.mouseClick(take, Qt.MouseButton.LeftButton)
    info: AttachmentInfo = added.args[0]
    assert (info.role, info.media_type) == ("photo_seal", "image/jpeg")
    stored = QImage.fromData(world.service.read_attachment(info.sha256))
    assert (stored.width(), stored.height()) == (320, 240)
    assert stored.pixelColor(40, 120).red() > 200 and stored.pixelColor(280, 120).red() < 50


def test_a_sealed_record_shows_its_photos_and_takes_none(
    qtbot: QtBot, context: Context, world: World, tmp_path: Path
) -> None:
    draft = world.service.start_from_scan(FERTILISER_CODE, world.first)
    path, data = _photo_file(tmp_path, "seal.png", "#33aa33")
    world.service.add_attachment(draft.id, "photo_seal", data, "image/png", "seal.png")
    sealed = sealed_through_service(world.service, world.first, world.second, draft=draft)
    strip = _strip(qtbot, context, sealed)
    assert strip.is_read_only()
    for name in ("addFileButton", "cameraButton", "removeButton"):
        assert not _button(strip, name).isVisible()
    qtbot.waitUntil(lambda: len(strip.photos()) == 1)
    assert strip.photos()[0].sha256 == hashlib.sha256(data).hexdigest()
    with qtbot.assertNotEmitted(strip.photo_added):
        strip.add_files([path])
        strip.take_photo()
        assert context.runner.wait_until_idle()
    assert [a.role for a in world.service.get(sealed.id).attachments if a.role.startswith("photo")] == ["photo_seal"]
