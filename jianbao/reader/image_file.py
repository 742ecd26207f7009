"""An image file named in an issue: found inside the project, read once, its kind and size from its header."""

from __future__ import annotations

import os
import struct
from pathlib import Path, PurePosixPath

from jianbao.project import CONTENT_DIR

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Start of frame: C0–CF except DHT (C4), JPG (C8) and DAC (CC), which carry no size.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})


class ImageProblem(Exception):
    """What is wrong with an image file (a cover, a photo): expected, found, hint — the reader turns it into a Problem."""

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


def read_image_file(given: str, issue_file: str, root: Path, max_bytes: int) -> tuple[str, bytes, tuple[str, int, int]]:
    """(project-relative path, bytes, (kind, width, height)) of the image `given` in `issue_file`, or ImageProblem.

    The path is relative to the issue file's folder (a file beside the YAML is named by its name),
    or, when it starts with content/, to the project's root; it may go up with `..` as long as it
    stays in the project, and no symbolic link leads out.
    """
    if not given.strip():
        raise ImageProblem("图片文件的路径（相对于本简报文件所在文件夹）", "空字符串")
    if PurePosixPath(given).is_absolute() or Path(given).is_absolute() or Path(given).drive:
        raise ImageProblem("相对于本简报文件所在文件夹的路径", f"绝对路径「{given}」", "请把图片复制到项目中，写相对路径")
    root = root.resolve()
    # Pictures an office reuses live in content/ (e.g. content/photos/): named from the project's
    # root, so that every issue names them alike; anything else is beside the issue file.
    shared = PurePosixPath(given.replace("\\", "/")).parts[:1] == (CONTENT_DIR,)
    folder = root if shared else (root / issue_file).parent
    lexical = Path(os.path.normpath(folder / given))
    if not lexical.is_relative_to(root):
        raise ImageProblem("项目目录内的图片", f"「{given}」指向项目之外", "出于安全考虑不读取；请把图片复制到项目中")
    try:
        real = lexical.resolve()
    except (OSError, RuntimeError):
        raise ImageProblem("可读取的图片文件", f"「{given}」是循环的符号链接") from None
    if not real.is_relative_to(root):
        raise ImageProblem("项目目录内的图片", f"「{given}」是指向项目之外的符号链接",
                           "出于安全考虑不读取；请把图片复制到项目中")
    if not real.exists():
        raise ImageProblem("存在的图片文件", f"找不到「{given}」", "路径相对于本简报文件所在的文件夹")
    if not real.is_file():
        raise ImageProblem("图片文件", f"「{given}」不是文件")
    size = real.stat().st_size
    if size > max_bytes:
        raise ImageProblem(f"不超过 {max_bytes // 1024 // 1024} MB 的图片", f"「{given}」有 {size / 1024 / 1024:.1f} MB",
                           "请压缩后再用")
    try:
        data = real.read_bytes()
    except OSError as exc:
        raise ImageProblem("可读取的图片文件", f"「{given}」无法读取（{exc.strerror or exc}）") from None
    found = image_size(data)
    if found is None:
        raise ImageProblem("JPEG 或 PNG 图片", f"「{given}」不是 JPEG 或 PNG 图片（按文件内容判断，不看扩展名）")
    return real.relative_to(root).as_posix(), data, found
