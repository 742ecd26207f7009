"""The press folder's cover image: the validated file, unchanged since, with its metadata stripped."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

from jianbao.errors import RenderError
from jianbao.model import Cover
from jianbao.reader.image_file import PNG_SIGNATURE

# Text, EXIF and time chunks: author, GPS, software, an internal note — none may leave.
_PNG_DROPPED = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"})
# APP1–APP15 (EXIF, XMP, ICC, Photoshop IRB …) and COM; APP0 (JFIF) says how to read the pixels.
_JPEG_DROPPED = frozenset({*range(0xE1, 0xF0), 0xFE})
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})


def strip_png(data: bytes) -> bytes:
    out, pos = [PNG_SIGNATURE], len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if kind not in _PNG_DROPPED:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            break
    return b"".join(out)


def _scan_end(data: bytes, pos: int) -> int:
    """Where the entropy-coded data from `pos` ends: at the next marker that is not a restart or stuffing."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return len(data)
        following = data[pos + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            pos += 1
            continue
        return pos


def strip_jpeg(data: bytes) -> bytes:
    out, pos = [data[:2]], 2
    while pos + 2 <= len(data):
        if data[pos] != 0xFF:  # not a marker where one must be: keep the rest as it is
            out.append(data[pos:])
            break
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in _JPEG_STANDALONE or marker == 0xD9:
            out.append(data[pos:pos + 2])
            pos += 2
            if marker == 0xD9:
                break
            continue
        if pos + 4 > len(data):  # cut short: keep the rest as it is
            out.append(data[pos:])
            break
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        end = pos + 2 + length
        if marker not in _JPEG_DROPPED:
            out.append(data[pos:end])
        if marker == 0xDA:  # start of scan: the image data runs to the next real marker
            scan_end = _scan_end(data, end)
            out.append(data[end:scan_end])
            end = scan_end
        pos = end
    return b"".join(out)


def press_cover(cover: Cover, root: Path | None) -> bytes:
    """The cover's bytes for the press folder, or RenderError when it changed since validation."""
    try:
        if root is None:
            raise OSError("no project")
        data = (Path(root) / cover.path).read_bytes()
    except OSError:
        raise RenderError(f"封面图片「{cover.given}」无法读取，请重新运行") from None
    if hashlib.sha256(data).hexdigest() != cover.sha256:
        raise RenderError(f"封面图片「{cover.given}」在检查之后被改动，请重新运行")
    return strip_png(data) if cover.kind == "png" else strip_jpeg(data)
