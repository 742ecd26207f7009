"""Photos of an issue: read from the project within limits, then cleaned by jianbao.imaging."""

from __future__ import annotations

import hashlib
from pathlib import Path

from jianbao.imaging import UnreadableImage, clean_photo
from jianbao.reader.image_file import ImageProblem, read_image_file

PHOTO_MAX_BYTES = 20 * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000  # a 50-megapixel camera; a decompression bomb claims far more
PHOTO_MIN_SIDE = 200
# The longest side kept: 2,000 px is 300 dpi across a 156 mm text width, enough for print and
# a phone, and keeps a .docx of a few photos small.
PHOTO_MAX_SIDE = 2000
JPEG_QUALITY = 85


def read_photo(given: str, issue_file: str, root: Path) -> tuple[str, str, bytes, str, int, int]:
    """(path, sha256 of the file, cleaned bytes, kind, width_px, height_px), or ImageProblem.

    The same file always gives the same bytes: EXIF orientation is applied to the pixels, and
    every metadata block (EXIF with a camera's GPS position and owner, XMP, comments) is left
    behind, so that nothing the camera recorded reaches a press file.
    """
    path, data, (kind, width, height) = read_image_file(given, issue_file, root, PHOTO_MAX_BYTES)
    if width * height > PHOTO_MAX_PIXELS:
        raise ImageProblem(f"不超过 {PHOTO_MAX_PIXELS // 1_000_000} 百万像素的照片", f"{width}×{height} 像素",
                           "请缩小后再用")
    if min(width, height) < PHOTO_MIN_SIDE:
        raise ImageProblem(f"宽和高都至少 {PHOTO_MIN_SIDE} 像素的照片", f"{width}×{height} 像素",
                           "太小的图片印出来会模糊")
    cleaned, kind, width, height = _clean(data, kind, given)
    return path, hashlib.sha256(data).hexdigest(), cleaned, kind, width, height


def _clean(data: bytes, kind: str, given: str) -> tuple[bytes, str, int, int]:
    try:
        cleaned, width, height = clean_photo(data, kind, PHOTO_MAX_SIDE, JPEG_QUALITY)
    except UnreadableImage:
        raise ImageProblem("完整的 JPEG 或 PNG 照片", f"「{given}」无法解码（文件可能已损坏）") from None
    return cleaned, kind, width, height


def photo_unchanged(path: str, sha256: str, root: Path) -> bool:
    """Whether the photo file still holds the bytes validation saw."""
    try:
        return hashlib.sha256((root / path).read_bytes()).hexdigest() == sha256
    except OSError:
        return False
