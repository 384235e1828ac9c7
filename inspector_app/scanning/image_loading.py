"""Safe image loading: a file or bytes in, a fully loaded Pillow image out, or an :class:`ImageReadError`.

Images come from inspectors' phones, e-mail and USB sticks, so anything may arrive: huge photos, truncated
transfers, renamed text files, decompression bombs. Every failure becomes a typed error with a message fit
to show; nothing here crashes or hangs on bad input. Limits are checked before the expensive step: the file
size before reading, the pixel count (from the header) before decoding the pixels.
"""

from __future__ import annotations

import io
import logging
import os
import stat
import struct
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from inspector_app.domain.errors import ImageReadError

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused before they are read (a 108-megapixel phone JPEG is about 30 MB)."""

MAX_IMAGE_PIXELS = 120_000_000
"""Images with more pixels are refused from their header, before their pixels are decoded (~480 MB RGBA)."""

SUPPORTED_FORMATS = ("JPEG", "PNG", "BMP", "TIFF", "WEBP")
"""Pillow format ids we open; a phone JPEG with a multi-picture extension opens as MPO through JPEG."""

# Pillow's own bomb limit is process-wide. Its default (89.5 megapixels) would refuse 108-megapixel phone
# photos, so it is aligned with ours. Pillow raises DecompressionBombError from the header above twice the
# limit and only warns between once and twice; the loader turns that warning into a refusal too.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

# What a malformed file can make Pillow's format plugins raise while parsing headers or pixel data.
_DECODE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    OverflowError,
)


class ImageLoader:
    """Opens image files and bytes within size limits, applies EXIF orientation, returns loaded images."""

    def __init__(self, *, max_file_bytes: int = MAX_FILE_BYTES, max_pixels: int = MAX_IMAGE_PIXELS) -> None:
        self._max_file_bytes = max_file_bytes
        self._max_pixels = max_pixels

    def load_path(self, path: str | os.PathLike[str]) -> Image.Image:
        """Read the image file at ``path``. Raises :class:`ImageReadError` for anything that is not one."""
        path = Path(path)
        name = str(path)
        try:
            info = path.stat()
        except FileNotFoundError:
            raise ImageReadError("missing", f"找不到文件：{name}", f"File not found: {name}", name) from None
        except PermissionError:
            raise ImageReadError(
                "permission", f"没有权限读取文件：{name}", f"Permission denied: {name}", name
            ) from None
        except OSError as exc:
            raise _unreadable(name, exc) from exc
        if stat.S_ISDIR(info.st_mode):
            raise ImageReadError(
                "directory", f"这是文件夹，不是图像文件：{name}", f"This is a folder, not an image file: {name}", name
            )
        if not stat.S_ISREG(info.st_mode):
            raise ImageReadError("not_a_file", f"不是普通文件：{name}", f"Not a regular file: {name}", name)
        self._check_byte_size(info.st_size, name)
        try:
            with path.open("rb") as stream:
                # Read one byte more than allowed, so a file that grew after stat() is still refused.
                data = stream.read(self._max_file_bytes + 1)
        except PermissionError:
            raise ImageReadError(
                "permission", f"没有权限读取文件：{name}", f"Permission denied: {name}", name
            ) from None
        except OSError as exc:
            raise _unreadable(name, exc) from exc
        return self._decode(data, name)

    def load_bytes(self, data: bytes, name: str = "") -> Image.Image:
        """Decode an image held in memory (e.g. a pasted screenshot); ``name`` is only used in messages."""
        return self._decode(data, name)

    def _check_byte_size(self, size: int, name: str) -> None:
        if size == 0:
            raise ImageReadError("empty", f"文件是空的：{name}", f"The file is empty: {name}", name)
        if size > self._max_file_bytes:
            limit_mb = self._max_file_bytes / (1024 * 1024)
            size_mb = size / (1024 * 1024)
            raise ImageReadError(
                "too_large",
                f"文件过大（{size_mb:.1f} MB，上限 {limit_mb:.0f} MB）：{name}",
                f"File too large ({size_mb:.1f} MB, limit {limit_mb:.0f} MB): {name}",
                name,
            )

    def _decode(self, data: bytes, name: str) -> Image.Image:
        self._check_byte_size(len(data), name)
        try:
            # catch_warnings changes the process-wide filters while active; only Pillow warns in this block.
            with warnings.catch_warnings():
                # Pillow only warns between its limit and twice its limit: make that a refusal here, so the
                # outcome does not depend on the warning filters of the process. Its other warnings are about
                # damaged metadata (e.g. "Corrupt EXIF data") in files whose pixels may still be fine.
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                warnings.filterwarnings("ignore", category=UserWarning, module="PIL")
                return self._open(data, name)
        except ImageReadError:
            raise
        except UnidentifiedImageError:
            raise ImageReadError(
                "not_an_image",
                f"不是支持的图像文件（JPEG、PNG、BMP、TIFF、WebP）：{name}",
                f"Not a supported image file (JPEG, PNG, BMP, TIFF, WebP): {name}",
                name,
            ) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            logger.warning("refused a possible decompression bomb %s: %s", name, exc)
            raise ImageReadError(
                "too_many_pixels",
                f"图像尺寸过大，可能是恶意文件，已拒绝：{name}",
                f"Image dimensions too large, refused as a possible decompression bomb: {name}",
                name,
            ) from None
        except MemoryError:
            raise ImageReadError(
                "out_of_memory",
                f"内存不足，无法打开图像：{name}",
                f"Not enough memory to open the image: {name}",
                name,
            ) from None
        except _DECODE_ERRORS as exc:
            logger.info("damaged image %s: %s: %s", name, type(exc).__name__, exc)
            raise ImageReadError(
                "corrupt",
                f"图像文件已损坏或不完整：{name}",
                f"The image file is damaged or incomplete: {name}",
                name,
            ) from exc

    def _open(self, data: bytes, name: str) -> Image.Image:
        with Image.open(io.BytesIO(data), formats=SUPPORTED_FORMATS) as image:
            width, height = image.size
            if width <= 0 or height <= 0 or width * height > self._max_pixels:
                raise _too_many_pixels(name, width, height)
            image.load()
            return _apply_exif_orientation(image, name)


def _apply_exif_orientation(image: Image.Image, name: str) -> Image.Image:
    # exif_transpose returns a new image detached from the stream, turned the way the camera was held.
    # A damaged EXIF block must not cost us pixels that decoded fine: then the image is used as stored.
    try:
        return ImageOps.exif_transpose(image)
    except _DECODE_ERRORS as exc:
        logger.info("ignoring unreadable EXIF orientation in %s: %s", name, exc)
        return image.copy()


def _unreadable(name: str, exc: OSError) -> ImageReadError:
    return ImageReadError(
        "unreadable",
        f"无法读取文件：{name}（{exc.strerror or exc}）",
        f"Cannot read the file: {name} ({exc.strerror or exc})",
        name,
    )


def _too_many_pixels(name: str, width: int, height: int) -> ImageReadError:
    return ImageReadError(
        "too_many_pixels",
        f"图像尺寸过大（{width}×{height} 像素），已拒绝：{name}",
        f"Image dimensions too large ({width}×{height} pixels), refused: {name}",
        name,
    )


def load_image_file(path: str | os.PathLike[str]) -> Image.Image:
    """Read an image file with the default limits (see :class:`ImageLoader`)."""
    return ImageLoader().load_path(path)


def load_image_bytes(data: bytes, name: str = "") -> Image.Image:
    """Decode image bytes with the default limits (see :class:`ImageLoader`)."""
    return ImageLoader().load_bytes(data, name)
