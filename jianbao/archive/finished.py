"""A Word file finished by hand, issued instead of the generated one: checked, and its text compared with the generated text."""

from __future__ import annotations

import difflib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from jianbao.errors import ArchiveError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHANGES_SUFFIX = ".docx-changes.txt"  # beside the issued .docx in the archive: what the hand changed


@dataclass(frozen=True)
class Finished:
    """The issued .docx, the generated one's hash, and the text diff between them (UTF-8)."""

    data: bytes
    generated_sha256: str
    changes: bytes


def read_finished(path: Path, shown: str) -> bytes:
    """The bytes of a hand-finished .docx, or an ArchiveError saying what is wrong with the file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ArchiveError(f"无法读取手工定稿的 Word 文件 {shown}：{exc.strerror or exc}") from None
    if not paragraphs(data):
        raise ArchiveError(f"{shown} 不是可读的 Word 文档（.docx）：请在 Word 或 WPS 中另存为 .docx 后再存档")
    return data


def paragraphs(docx: bytes) -> list[str]:
    """The text of every paragraph of the document body, tables' included, in order ([] if unreadable)."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            root = ElementTree.fromstring(package.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError):
        return []
    out = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
        out.append("".join(parts))
    return out or [""]


def compare(generated: bytes, finished: bytes, name: str) -> bytes:
    """A unified diff, paragraph by paragraph, of the generated text against the issued one."""
    before, after = paragraphs(generated), paragraphs(finished)
    lines = list(difflib.unified_diff(before, after, f"{name}（程序生成）", f"{name}（手工定稿，印发版）",
                                      n=1, lineterm=""))
    head = ("手工定稿与程序生成的 Word 文档的文字差异（逐段比较；- 为生成稿，+ 为印发稿）。\n"
            "只比较文字，不比较字体、版式和图片。\n\n")
    body = "\n".join(lines) if lines else "两者文字相同（差异只在版式、字体或图片）。"
    return (head + body + "\n").encode("utf-8")
