"""Camera frames: pixel formats, the zbar schedule, repeat suppression, and recorded frame sources."""

from __future__ import annotations

from pathlib import Path

import numpy
import numpy.typing as npt
import pytest
from barcode_images import GTIN13, SPECS, add_noise, render, rotate
from PIL import Image

from inspector_app.scanning.frame_decoder import (
    FrameDecoder,
    FrameSource,
    RecordedFrameSource,
    decode_frame,
    guess_pixel_format,
    to_grey_frame,
)

Frame = npt.NDArray[numpy.uint8]


def _frame(code: Image.Image | None, *, position: tuple[int, int] = (400, 250), seed: int = 0) -> Frame:
    """A 1280×720 greyscale frame: a grey desk with mild sensor noise, and the code (if any) on it."""
    rng = numpy.random.default_rng(seed)
    desk = numpy.clip(rng.normal(170, 6, (720, 1280)), 0, 255).astype(numpy.uint8)
    frame = Image.fromarray(desk)
    if code is not None:
        frame.paste(code, position)
    return numpy.asarray(frame).copy()


def _colour(grey: Frame, order: str) -> Frame:
    # Give the channels different levels so a wrong channel order would change the luminance.
    channels = {"r": grey, "g": grey, "b": (grey // 2 + 100).astype(numpy.uint8), "a": numpy.full_like(grey, 255)}
    return numpy.dstack([channels[name] for name in order]).copy()


def _noisy_ean_frame() -> Frame:
    # zxing-cpp misses this EAN-13, zbar reads it (see test_image_decoder).
    return _frame(add_noise(render(SPECS["ean13"], scale=2), 50.0, seed=1))


@pytest.mark.parametrize("name", ["ean13", "gs1_128", "qr_digital_link", "gs1_datamatrix", "upca", "ean8"])
def test_decode_frame_reads_each_symbology(name: str) -> None:
    spec = SPECS[name]
    codes = decode_frame(_frame(rotate(render(spec), 5)))
    assert [(c.symbology, c.text, c.aim_id, c.is_gs1) for c in codes] == [
        (spec.symbology, spec.text, spec.aim_id, spec.gs1)
    ]


@pytest.mark.parametrize("order", ["bgr", "rgb", "bgra", "rgba"])
def test_colour_frames(order: str) -> None:
    grey = _frame(render(SPECS["gs1_datamatrix"]))
    colour = _colour(grey, order)
    codes = decode_frame(colour, pixel_format=order)  # type: ignore[arg-type]
    assert [code.text for code in codes] == [SPECS["gs1_datamatrix"].text]


def test_colour_frame_with_guessed_format() -> None:
    grey = _frame(render(SPECS["ean13"]))
    assert decode_frame(numpy.dstack([grey, grey, grey]).copy())[0].text == GTIN13
    assert decode_frame(numpy.dstack([grey, grey, grey, grey]).copy())[0].text == GTIN13
    assert decode_frame(grey[:, :, None])[0].text == GTIN13


def test_non_contiguous_frame_is_read() -> None:
    grey = _frame(render(SPECS["ean13"]))
    bgr = numpy.dstack([grey, grey, grey])
    view = bgr[::1, ::1, ::-1]  # a reversed-channel view, as from an RGB↔BGR swap without a copy
    assert not view.flags.c_contiguous
    assert decode_frame(view, pixel_format="rgb")[0].text == GTIN13


def test_grey_conversion_weights_channels_in_their_order() -> None:
    pixel = numpy.array([[[255, 0, 0]]], dtype=numpy.uint8)
    assert to_grey_frame(pixel, "rgb")[0, 0] == 76
    assert to_grey_frame(pixel, "bgr")[0, 0] == 28
    white = numpy.full((2, 2, 4), 255, dtype=numpy.uint8)
    assert (to_grey_frame(white, "bgra") == 255).all()


@pytest.mark.parametrize(
    "bad",
    [
        numpy.zeros((0, 10), dtype=numpy.uint8),
        numpy.zeros((10, 10), dtype=numpy.float32),
        numpy.zeros((10, 10, 2), dtype=numpy.uint8),
        numpy.zeros((10,), dtype=numpy.uint8),
    ],
)
def test_invalid_frames_are_refused(bad: numpy.ndarray) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match="frame"):
        decode_frame(bad)


def test_pixel_format_must_match_channels() -> None:
    with pytest.raises(ValueError, match="channels"):
        decode_frame(numpy.zeros((10, 10, 3), dtype=numpy.uint8), pixel_format="bgra")


def test_guess_pixel_format() -> None:
    assert guess_pixel_format(numpy.zeros((4, 4), dtype=numpy.uint8)) == "grey"
    assert guess_pixel_format(numpy.zeros((4, 4, 3), dtype=numpy.uint8)) == "bgr"
    assert guess_pixel_format(numpy.zeros((4, 4, 4), dtype=numpy.uint8)) == "bgra"


def test_empty_frame_has_no_code() -> None:
    assert decode_frame(_frame(None)) == []


def test_decode_frame_asks_zbar_when_zxing_finds_nothing() -> None:
    assert FrameDecoder(zbar_every=0).decode(_noisy_ean_frame()) == []
    codes = decode_frame(_noisy_ean_frame())
    assert [(code.text, code.decoder) for code in codes] == [(GTIN13, "zbar")]


def test_pipeline_asks_zbar_only_on_scheduled_empty_frames() -> None:
    frame = _noisy_ean_frame()
    decoder = FrameDecoder(zbar_every=3)
    found = [decoder.decode(frame) for _ in range(6)]
    assert [len(codes) for codes in found] == [0, 0, 1, 0, 0, 1]
    assert decoder.zbar_runs == 2
    assert decoder.frames_decoded == 6
    assert decoder.frames_with_codes == 2


def test_pipeline_searches_turned_linear_codes_on_scheduled_frames() -> None:
    upright = _frame(render(SPECS["ean13"]))
    turned = _frame(rotate(render(SPECS["ean13"]), 90), position=(500, 100))
    decoder = FrameDecoder(rotate_every=3, zbar_every=0)
    assert [len(decoder.decode(turned)) for _ in range(6)] == [0, 0, 1, 0, 0, 1]
    assert all(len(decoder.decode(upright)) == 1 for _ in range(3))
    never = FrameDecoder(rotate_every=0, zbar_every=0)
    assert all(never.decode(turned) == [] for _ in range(3))
    assert [code.text for code in decode_frame(turned)] == [GTIN13]
    with pytest.raises(ValueError, match="rotate_every"):
        FrameDecoder(rotate_every=-1)


def test_pipeline_without_zbar() -> None:
    decoder = FrameDecoder(zbar_every=0)
    assert all(decoder.decode(_noisy_ean_frame()) == [] for _ in range(3))
    assert decoder.zbar_runs == 0
    with pytest.raises(ValueError, match="zbar_every"):
        FrameDecoder(zbar_every=-1)


def test_a_code_held_in_view_is_reported_once() -> None:
    with_code = _frame(render(SPECS["ean13"]))
    without = _frame(None)
    decoder = FrameDecoder(repeat_ms=1000)
    timeline = [(with_code, 0), (with_code, 33), (with_code, 66), (without, 500), (with_code, 900)]
    new = [len(decoder.process(frame, t).new_codes) for frame, t in timeline]
    assert new == [1, 0, 0, 0, 0]
    # Out of sight for longer than repeat_ms: the next sighting is a new scan.
    result = decoder.process(with_code, 2500)
    assert [code.text for code in result.new_codes] == [GTIN13]
    assert [code.text for code in result.codes] == [GTIN13]
    assert result.index == 5


def test_a_different_code_is_reported_at_once() -> None:
    decoder = FrameDecoder()
    first = decoder.process(_frame(render(SPECS["ean13"])), 0)
    second = decoder.process(_frame(render(SPECS["gs1_datamatrix"])), 33)
    assert [c.symbology for c in first.new_codes] == ["ean13"]
    assert [c.symbology for c in second.new_codes] == ["gs1_datamatrix"]


def test_recorded_source_replays_in_order_and_ends() -> None:
    frames = [_frame(None, seed=seed) for seed in range(3)]
    source = RecordedFrameSource(frames)
    assert isinstance(source, FrameSource)
    assert len(source) == 3
    replayed = list(source)
    assert all((a == b).all() for a, b in zip(replayed, frames, strict=True))
    assert source.read() is None
    source.rewind()
    assert source.read() is not None


def test_recorded_source_loops_until_closed() -> None:
    source = RecordedFrameSource([_frame(None, seed=1), _frame(None, seed=2)], loop=True)
    assert all(source.read() is not None for _ in range(7))
    source.close()
    assert source.read() is None


def test_recording_round_trip(tmp_path: Path) -> None:
    frames = [_frame(render(SPECS["ean13"]), seed=1), _colour(_frame(None, seed=2), "bgr")]
    path = tmp_path / "session.npz"
    RecordedFrameSource(frames).save(path)
    loaded = RecordedFrameSource.load(path)
    assert len(loaded) == 2
    assert all((a == b).all() for a, b in zip(loaded.frames, frames, strict=True))
    results = list(FrameDecoder().run(loaded))
    assert [[c.text for c in r.codes] for r in results] == [[GTIN13], []]
    assert [r.timestamp_ms for r in results] == pytest.approx([0.0, 1000 / 30])


def test_run_stops_after_max_frames() -> None:
    source = RecordedFrameSource([_frame(None)], loop=True)
    assert len(list(FrameDecoder().run(source, max_frames=4))) == 4


def test_loading_a_file_that_is_not_a_recording(tmp_path: Path) -> None:
    path = tmp_path / "not.npz"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ValueError, match="recording"):
        RecordedFrameSource.load(path)


def test_recorded_source_refuses_non_frames() -> None:
    with pytest.raises(ValueError, match="uint8"):
        RecordedFrameSource([numpy.zeros((4, 4), dtype=numpy.float64)])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="shape"):
        RecordedFrameSource([numpy.zeros((4, 4, 2), dtype=numpy.uint8)])
