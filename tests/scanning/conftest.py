"""Fixtures for the scanning tests; the image generators themselves are in ``barcode_images``."""

from __future__ import annotations

from pathlib import Path

import pytest
from barcode_images import ImageSaver, encode
from PIL import Image


@pytest.fixture
def image_file(tmp_path: Path) -> ImageSaver:
    """Save a Pillow image into the test's temporary folder and return its path."""

    def save(image: Image.Image, name: str, fmt: str = "PNG", **params: object) -> Path:
        path = tmp_path / name
        path.write_bytes(encode(image, fmt, **params))
        return path

    return save
