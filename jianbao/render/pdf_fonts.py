"""Which fonts a PDF embeds, and which official faces (公文字体) of the .docx LibreOffice replaced.

LibreOffice converts with the fonts of the computer it runs on: where 仿宋_GB2312 is missing it
quietly takes another face. The PDF names every face it embeds (/BaseFont, /FontName); comparing
those names with the faces the document's Chinese text asks for tells the editor which stand-ins
the PDF used. The PDF is read here, byte-wise, without any PDF library or poppler.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
import zlib
from collections.abc import Iterable
from functools import lru_cache
from xml.etree import ElementTree

from jianbao.chinese import is_wide

# The official faces of a bulletin (GB/T 9704) → the names they go by inside a PDF: PostScript
# names, as LibreOffice and Word write them, besides the family name itself.
OFFICIAL = {
    "方正小标宋简体": ("FZXBSJW--GB1-0", "FZXiaoBiaoSong-B05S"),
    "方正小标宋_GBK": ("FZXBSK--GBK1-0", "FZXiaoBiaoSong-B05"),
    "仿宋_GB2312": ("FangSong_GB2312",),
    "楷体_GB2312": ("KaiTi_GB2312",),
    "黑体": ("SimHei",),
}
# Other faces documents ask for whose PostScript name differs from the family name.
OTHER_NAMES = {"宋体": ("SimSun",), "仿宋": ("FangSong",), "楷体": ("KaiTi",), "微软雅黑": ("MicrosoftYaHei",)}
# Latin faces LibreOffice falls back on for Times New Roman and symbols: never a stand-in for a
# Chinese face, so left out of the list of stand-ins read from a PDF.
LATIN = ("Liberation", "DejaVu", "Times", "Arial", "Helvetica", "Courier", "Symbol", "OpenSymbol",
         "Tinos", "Arimo", "Cousine", "Carlito", "Caladea", "Noto Serif-", "NotoSerif-", "NotoSans-")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NAME = re.compile(rb"/(?:BaseFont|FontName)\s*/([^\s/\[\]()<>{}%]+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_STORY = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


# ---------------------------------------------------------------- the PDF

def embedded_fonts(pdf: bytes) -> list[str]:
    """The fonts a PDF names, in order of first mention, without subset prefixes (ABCDEF+).

    Font dictionaries lie in the file as text, or, in a PDF 1.5+ that packs objects, inside
    compressed object streams, which are inflated to be searched too.
    """
    found: dict[str, None] = {}
    for chunk in _searchable(pdf):
        for match in _NAME.finditer(chunk):
            found.setdefault(_SUBSET.sub("", _name(match.group(1))), None)
    return [name for name in found if name]


def _name(raw: bytes) -> str:
    """A PDF name's text: #xx escapes resolved (#20 is a space), then UTF-8 or GB18030."""
    data = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _searchable(pdf: bytes) -> Iterable[bytes]:
    yield pdf
    for match in _OBJECT_STREAM.finditer(pdf):
        start = pdf.find(b"stream", match.end())
        if start < 0:
            continue
        start += len(b"stream")
        start += 2 if pdf[start:start + 2] == b"\r\n" else 1
        end = pdf.find(b"endstream", start)
        try:
            yield zlib.decompressobj().decompress(pdf[start:end if end > 0 else len(pdf)])
        except zlib.error:
            continue


# ---------------------------------------------------------------- the .docx

def asked_fonts(docx: bytes) -> set[str]:
    """The East Asian faces that the document's Chinese text is set in.

    A run's face is its own w:rFonts/@w:eastAsia, else its character style's, else its paragraph
    style's (each following w:basedOn), else the document default. Runs without a wide character
    (digits, Latin) are set in the Latin face and left out, and so is a style no text uses: a face
    the PDF could not contain is never reported missing.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        names = package.namelist()
        styles = ElementTree.fromstring(package.read("word/styles.xml")) if "word/styles.xml" in names else None
        stories = [ElementTree.fromstring(package.read(n)) for n in names if _STORY.fullmatch(n)]
    resolve, default_paragraph = _style_fonts(styles)
    asked = set()
    for story in stories:
        for paragraph in story.iter(f"{_W}p"):
            style = paragraph.find(f"{_W}pPr/{_W}pStyle")
            paragraph_font = resolve(style.get(f"{_W}val") if style is not None else default_paragraph)
            for run in _runs(paragraph):
                text = "".join(t.text or "" for t in run.iter(f"{_W}t"))
                if not any(is_wide(c) for c in text):
                    continue
                own = run.find(f"{_W}rPr/{_W}rFonts")
                char_style = run.find(f"{_W}rPr/{_W}rStyle")
                font = ((own.get(f"{_W}eastAsia") if own is not None else None)
                        or (resolve(char_style.get(f"{_W}val")) if char_style is not None else None)
                        or paragraph_font)
                if font:
                    asked.add(font)
    return asked


def _runs(paragraph) -> Iterable:
    """The paragraph's own runs (in hyperlinks, fields, insertions), not those of nested paragraphs."""
    stack = list(paragraph)
    while stack:
        node = stack.pop()
        if node.tag == f"{_W}r":
            yield node
        elif node.tag != f"{_W}p":
            stack.extend(node)


def _style_fonts(styles):
    """resolve(style id) → its East Asian face through w:basedOn and the document default; and the
    default paragraph style's id."""
    if styles is None:
        return (lambda style_id: None), None
    table, default_paragraph = {}, None
    for style in styles.iter(f"{_W}style"):
        style_id = style.get(f"{_W}styleId")
        fonts = style.find(f"{_W}rPr/{_W}rFonts")
        based = style.find(f"{_W}basedOn")
        table[style_id] = (fonts.get(f"{_W}eastAsia") if fonts is not None else None,
                           based.get(f"{_W}val") if based is not None else None)
        if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in ("1", "true", "on"):
            default_paragraph = style_id
    fonts = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
    document_default = fonts.get(f"{_W}eastAsia") if fonts is not None else None

    def resolve(style_id: str | None) -> str | None:
        seen = set()
        while style_id in table and style_id not in seen:
            seen.add(style_id)
            font, style_id = table[style_id]
            if font:
                return font
        return document_default

    return resolve, default_paragraph


# ---------------------------------------------------------------- the comparison

def _key(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


def _names_of(face: str) -> list[str]:
    return [_key(n) for n in (face, *OFFICIAL.get(face, ()), *OTHER_NAMES.get(face, ()))]


def _is(embedded: str, face: str) -> bool:
    """Whether a PDF font name is `face` (a style suffix such as -Bold or ,Bold allowed)."""
    name = _key(embedded)
    return any(name.startswith(known) for known in _names_of(face) if known)


def missing_faces(docx: bytes, pdf: bytes) -> tuple[list[str], list[str]]:
    """The official faces the text asks for that the PDF lacks, and the PDF's fonts that are none
    of the faces asked for (the stand-ins)."""
    embedded = embedded_fonts(pdf)
    asked = asked_fonts(docx)
    missing = [face for face in OFFICIAL if face in asked and not any(_is(f, face) for f in embedded)]
    others = [f for f in embedded if not any(_is(f, face) for face in asked | _latin_faces(docx))]
    return missing, others


def _latin_faces(docx: bytes) -> set[str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        text = b"".join(package.read(n) for n in package.namelist()
                        if n == "word/styles.xml" or _STORY.fullmatch(n)).decode("utf-8", "replace")
    return set(re.findall(r'w:(?:ascii|hAnsi)="([^"]+)"', text))


def stand_in_notice(pairs: Iterable[tuple[bytes, bytes]], fc_match: str | None = None) -> str | None:
    """One Chinese line naming the official faces the PDFs lack and what stood in, or None.

    `pairs` are (docx, pdf) of the issues converted in a build. Where fontconfig's fc-match is
    installed (Linux), each face is paired with the family it resolves to, which is what
    LibreOffice takes; elsewhere the stand-ins are the fonts in the PDF that nothing asked for.
    """
    missing: dict[str, None] = {}
    others: dict[str, None] = {}
    for docx, pdf in pairs:
        faces, extra = missing_faces(docx, pdf)
        missing.update(dict.fromkeys(faces))
        others.update(dict.fromkeys(_family(f) for f in extra if not f.startswith(LATIN)))
    if not missing:
        return None
    tail = "；在装有公文字体的电脑上转换可得到正式效果。"
    program = fc_match if fc_match is not None else shutil.which("fc-match")
    mapped = {face: _fc_family(program, face) for face in missing} if program else {}
    if mapped and all(mapped.values()):
        groups: dict[str, list[str]] = {}
        for face, family in mapped.items():
            groups.setdefault(family, []).append(face)
        said = "，".join(f"{'、'.join(faces)} 用 {family}" for family, faces in groups.items())
        return f"PDF 中未找到公文字体，已用其他字体代替：{said}{tail}"
    faces = "、".join(missing)
    if others:
        return f"PDF 中未找到公文字体 {faces}，已用 {'、'.join(others)} 代替{tail}"
    return f"PDF 中未找到公文字体 {faces}，已用其他字体代替{tail}"


def _family(embedded: str) -> str:
    """A PDF font name without its style: NotoSerifCJKjp-Bold-VKana → NotoSerifCJKjp, SimHei,Bold → SimHei."""
    return re.split(r"[-,]", embedded, maxsplit=1)[0] or embedded


@lru_cache(maxsize=32)
def _fc_family(program: str, face: str) -> str | None:
    """The family fontconfig resolves `face` to, or None (not found, or the face itself)."""
    try:
        result = subprocess.run([program, "-f", "%{family}", face], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    family = result.stdout.decode("utf-8", "replace").split(",")[0].strip()
    if result.returncode != 0 or not family or _key(family) in _names_of(face):
        return None
    return family
