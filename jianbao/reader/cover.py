"""An issue's WeChat cover image: where it is, what kind, how big, read from its header by hand."""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path, PurePosixPath

from jianbao.model import Cover

COVER_RATIO = 2.35  # WeChat's 封面 for the first article of a message
COVER_TOLERANCE = 0.03
COVER_MIN_WIDTH = 500
COVER_MAX_BYTES = 5 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Start of frame: C0–CF except DHT (C4), JPG (C8) and DAC (CC), which carry no size.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})


class CoverProblem(Exception):
    """What is wrong with a cover: expected, found, hint — the reader turns it into a Problem."""

    def __init__(self, expected: str, found: str, hint: str = ""):
        super().__init__(found)
        self.expected, self.found, self.hint = expected, found, hint


def image_size(data: bytes) -> tuple[str, int, int] | None:
    """(kind, width, height) of a PNG or JPEG by its magic bytes and header; None for anything else."""
    if data.startswith(PNG_SIGNATURE) and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return "png", width, height
    if not data.startswith(b"\xff\xd8"):
        return None
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
            continue
        if marker in _JPEG_STANDALONE:
            pos += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, or scan data before any frame header
            return None
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if marker in _JPEG_SOF and pos + 9 <= len(data):
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return "jpeg", width, height
        pos += 2 + length
    return None


def example_size(width: int) -> str:
    return f"{width}×{round(width / COVER_RATIO)}"


def read_cover(given: str, issue_file: str, root: Path) -> Cover:
    """The cover named `given` in the issue file `issue_file` (project-relative), or CoverProblem.

    The path is relative to the issue file's folder (a file beside the YAML is named by its name);
    it may go up with `..` as long as it stays in the project, and no symbolic link leads out.
    """
    if not given.strip():
        raise CoverProblem("图片文件的路径（相对于本简报文件所在文件夹）", "空字符串")
    if PurePosixPath(given).is_absolute() or Path(given).is_absolute() or Path(given).drive:
        raise CoverProblem("相对于本简报文件所在文件夹的路径", f"绝对路径「{given}」", "请把图片复制到项目中，写相对路径")
    root = root.resolve()
    folder = (root / issue_file).parent
    lexical = Path(os.path.normpath(folder / given))
    if not lexical.is_relative_to(root):
        raise CoverProblem("项目目录内的图片", f"「{given}」指向项目之外", "出于安全考虑不读取；请把图片复制到项目中")
    try:
        real = lexical.resolve()
    except (OSError, RuntimeError):
        raise CoverProblem("可读取的图片文件", f"「{given}」是循环的符号链接") from None
    if not real.is_relative_to(root):
        raise CoverProblem("项目目录内的图片", f"「{given}」是指向项目之外的符号链接",
                           "出于安全考虑不读取；请把图片复制到项目中")
    if not real.exists():
        raise CoverProblem("存在的图片文件", f"找不到「{given}」", "路径相对于本简报文件所在的文件夹")
    if not real.is_file():
        raise CoverProblem("图片文件", f"「{given}」不是文件")
    size = real.stat().st_size
    if size > COVER_MAX_BYTES:
        raise CoverProblem("不超过 5 MB 的图片", f"「{given}」有 {size / 1024 / 1024:.1f} MB", "请压缩后再用")
    try:
        data = real.read_bytes()
    except OSError as exc:
        raise CoverProblem("可读取的图片文件", f"「{given}」无法读取（{exc.strerror or exc}）") from None
    found = image_size(data)
    if found is None:
        raise CoverProblem("JPEG 或 PNG 图片", f"「{given}」不是 JPEG 或 PNG 图片（按文件内容判断，不看扩展名）")
    kind, width, height = found
    if not width or not height or abs(width / height / COVER_RATIO - 1) > COVER_TOLERANCE:
        raise CoverProblem(f"宽高比 2.35:1 的图片（误差 ±3%，如 {example_size(max(width, 900))} 像素）",
                           f"{width}×{height} 像素", "公众号封面按 2.35:1 裁切，请先裁好")
    if width < COVER_MIN_WIDTH:
        raise CoverProblem(f"宽至少 {COVER_MIN_WIDTH} 像素的图片（如 900×383）", f"{width}×{height} 像素")
    return Cover(given=given, path=real.relative_to(root).as_posix(),
                 sha256=hashlib.sha256(data).hexdigest(), width=width, height=height, kind=kind)


def cover_unchanged(cover: Cover, root: Path) -> bool:
    """Whether the cover file still holds the bytes validation saw."""
    try:
        return hashlib.sha256((root / cover.path).read_bytes()).hexdigest() == cover.sha256
    except OSError:
        return False
