"""An issue's WeChat cover image: a project image of WeChat's 2.35:1 shape."""

from __future__ import annotations

import hashlib
from pathlib import Path

from jianbao.model import Cover
from jianbao.reader.image_file import ImageProblem, read_image_file

COVER_RATIO = 2.35  # WeChat's 封面 for the first article of a message
COVER_TOLERANCE = 0.03
COVER_MIN_WIDTH = 500
COVER_MAX_BYTES = 5 * 1024 * 1024


def example_size(width: int) -> str:
    return f"{width}×{round(width / COVER_RATIO)}"


def read_cover(given: str, issue_file: str, root: Path) -> Cover:
    """The cover named `given` in the issue file `issue_file` (project-relative), or ImageProblem."""
    path, data, (kind, width, height) = read_image_file(given, issue_file, root, COVER_MAX_BYTES)
    if not width or not height or abs(width / height / COVER_RATIO - 1) > COVER_TOLERANCE:
        raise ImageProblem(f"宽高比 2.35:1 的图片（误差 ±3%，如 {example_size(max(width, 900))} 像素）",
                           f"{width}×{height} 像素", "公众号封面按 2.35:1 裁切，请先裁好")
    if width < COVER_MIN_WIDTH:
        raise ImageProblem(f"宽至少 {COVER_MIN_WIDTH} 像素的图片（如 900×383）", f"{width}×{height} 像素")
    return Cover(given=given, path=path, sha256=hashlib.sha256(data).hexdigest(), width=width, height=height, kind=kind)


def cover_unchanged(cover: Cover, root: Path) -> bool:
    """Whether the cover file still holds the bytes validation saw."""
    try:
        return hashlib.sha256((root / cover.path).read_bytes()).hexdigest() == cover.sha256
    except OSError:
        return False
