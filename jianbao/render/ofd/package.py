"""The OFD package (GB/T 33190-2016): OFD.xml, Doc_0/Document.xml, resources and pages, zipped the same way each time."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from jianbao.render.ofd.pages import Page, Picture, Shape, TextRun

NS = "http://www.ofdspec.org/2016"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # no clock in the package: the same document gives the same bytes


@dataclass(frozen=True)
class DocInfo:
    """The document's identification, as OFD.xml's DocInfo holds it."""

    title: str
    author: str  # the issuer (编印单位): the 责任者
    subject: str
    date: str  # ISO date: the issue's, or the correction's
    keywords: tuple[str, ...] = ()
    creator: str = "Jianbao"
    creator_version: str = ""
    custom: Mapping[str, str] = field(default_factory=dict)  # 期号, 密级 … as CustomData


@dataclass(frozen=True)
class EmbeddedFont:
    """A face in PublicRes: its file (None: named only, the reader substitutes) and names."""

    family: str
    name: str
    bold: bool = False
    italic: bool = False
    data: bytes | None = None
    suffix: str = ".otf"


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")


def build_package(pages: list[Page], info: DocInfo, fonts: Mapping[str, EmbeddedFont],
                  font_of: Mapping[str, str]) -> bytes:
    """The .ofd file's bytes. `fonts` by key, `font_of` maps a run's PDF font name to its key."""
    ids = iter(range(1, 1 << 30))
    font_ids = {key: next(ids) for key in sorted(fonts)}
    files: dict[str, bytes] = {}
    font_xml = []
    for key in sorted(fonts):
        font = fonts[key]
        attrs = f'ID="{font_ids[key]}" FontName={quoteattr(font.name)} FamilyName={quoteattr(font.family)}'
        attrs += ' Bold="true"' if font.bold else ""
        attrs += ' Italic="true"' if font.italic else ""
        if font.data is not None:
            name = f"font_{font_ids[key]}{font.suffix}"
            files[f"Doc_0/Res/{name}"] = font.data
            font_xml.append(f"<ofd:Font {attrs}><ofd:FontFile>{name}</ofd:FontFile></ofd:Font>")
        else:
            font_xml.append(f"<ofd:Font {attrs}/>")
    color_space = next(ids)
    media_xml: list[str] = []
    media_ids: dict[bytes, int] = {}
    page_ids, contents = [], []
    for number, page in enumerate(pages):
        page_ids.append(next(ids))
        layer = next(ids)
        objects = [_object(item, ids, font_ids, font_of, color_space, media_ids, media_xml, files)
                   for item in page.items]
        contents.append(_xml(
            f'<ofd:Page xmlns:ofd="{NS}"><ofd:Area><ofd:PhysicalBox>0 0 {_num(page.width)} {_num(page.height)}'
            f'</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="{layer}" Type="Body">'
            + "".join(o for o in objects if o) + "</ofd:Layer></ofd:Content></ofd:Page>"))
        files[f"Doc_0/Pages/Page_{number}/Content.xml"] = contents[-1]
    max_id = next(ids) - 1
    first = pages[0] if pages else Page(210, 297)
    files["Doc_0/PublicRes.xml"] = _xml(
        f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:ColorSpaces><ofd:ColorSpace ID="{color_space}" '
        f'Type="RGB" BitsPerComponent="8"/></ofd:ColorSpaces><ofd:Fonts>{"".join(font_xml)}</ofd:Fonts></ofd:Res>')
    files["Doc_0/DocumentRes.xml"] = _xml(
        f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>{"".join(media_xml)}</ofd:MultiMedias></ofd:Res>')
    page_list = "".join(f'<ofd:Page ID="{pid}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n, pid in enumerate(page_ids))
    files["Doc_0/Document.xml"] = _xml(
        f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>{max_id}</ofd:MaxUnitID>'
        f'<ofd:PageArea><ofd:PhysicalBox>0 0 {_num(first.width)} {_num(first.height)}</ofd:PhysicalBox></ofd:PageArea>'
        '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>'
        f'</ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages></ofd:Document>')
    digest = hashlib.sha256(b"".join(files[name] for name in sorted(files))).hexdigest()[:32]
    files["OFD.xml"] = _xml(f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
                            f"{_doc_info(info, digest)}<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
                            "</ofd:DocBody></ofd:OFD>")
    return _zip(files)


def _doc_info(info: DocInfo, doc_id: str) -> str:
    """DocInfo's children in the order of the schema (GB/T 33190-2016 7.5, CT_DocInfo)."""
    keywords = "".join(f"<ofd:Keyword>{escape(k)}</ofd:Keyword>" for k in info.keywords)
    custom = "".join(f"<ofd:CustomData Name={quoteattr(k)}>{escape(v)}</ofd:CustomData>"
                     for k, v in info.custom.items())
    return ("<ofd:DocInfo>"
            f"<ofd:DocID>{doc_id}</ofd:DocID><ofd:Title>{escape(info.title)}</ofd:Title>"
            f"<ofd:Author>{escape(info.author)}</ofd:Author><ofd:Subject>{escape(info.subject)}</ofd:Subject>"
            f"<ofd:CreationDate>{info.date}</ofd:CreationDate>"
            + (f"<ofd:Keywords>{keywords}</ofd:Keywords>" if keywords else "")
            + f"<ofd:Creator>{escape(info.creator)}</ofd:Creator>"
            + (f"<ofd:CreatorVersion>{escape(info.creator_version)}</ofd:CreatorVersion>" if info.creator_version else "")
            + (f"<ofd:CustomDatas>{custom}</ofd:CustomDatas>" if custom else "")
            + "</ofd:DocInfo>")


def _color(tag: str, rgb: tuple[int, int, int], space: int) -> str:
    return f'<ofd:{tag} Value="{rgb[0]} {rgb[1]} {rgb[2]}" ColorSpace="{space}"/>'


def _object(item, ids, font_ids, font_of, space, media_ids, media_xml, files) -> str:
    if isinstance(item, TextRun):
        key = font_of.get(item.font)
        if key is None or not item.text:
            return ""
        left, top = item.xs[0], item.baseline - item.size
        deltas = " ".join(_num(b - a) for a, b in zip(item.xs, item.xs[1:], strict=False))
        width = item.xs[-1] - left + item.size
        return (f'<ofd:TextObject ID="{next(ids)}" Boundary="{_num(left)} {_num(top)} {_num(width)} '
                f'{_num(item.size * 1.3)}" Font="{font_ids[key]}" Size="{_num(item.size)}">'
                + (_color("FillColor", item.color, space) if item.color != (0, 0, 0) else "")
                + f'<ofd:TextCode X="0" Y="{_num(item.size)}"' + (f' DeltaX="{deltas}"' if deltas else "")
                + f">{escape(item.text)}</ofd:TextCode></ofd:TextObject>")
    if isinstance(item, Shape):
        return _path(item, next(ids), space)
    if isinstance(item, Picture):
        return _picture(item, ids, media_ids, media_xml, files)
    return ""


def _path(shape: Shape, object_id: int, space: int) -> str:
    points = [p for _, pts in shape.commands for p in pts]
    pad = shape.line_width
    left = min(x for x, _ in points) - pad
    top = min(y for _, y in points) - pad
    right = max(x for x, _ in points) + pad
    bottom = max(y for _, y in points) + pad
    data = " ".join(op + "".join(f" {_num(x - left)} {_num(y - top)}" for x, y in pts) for op, pts in shape.commands)
    attrs = (f'ID="{object_id}" Boundary="{_num(left)} {_num(top)} {_num(right - left)} {_num(bottom - top)}" '
             f'LineWidth="{_num(shape.line_width)}"')
    attrs += ' Stroke="false"' if shape.stroke is None else ""
    attrs += ' Fill="true"' if shape.fill is not None else ""
    colors = (_color("StrokeColor", shape.stroke, space) if shape.stroke else "") + (
        _color("FillColor", shape.fill, space) if shape.fill else "")
    return f"<ofd:PathObject {attrs}>{colors}<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>"


def _picture(item: Picture, ids, media_ids, media_xml, files) -> str:
    from jianbao.imaging import png_from_pixels

    if item.jpeg is not None:
        data, fmt, suffix = item.jpeg, "JPEG", "jpg"
    else:
        data, fmt, suffix = png_from_pixels(item.pixels or b"", item.mode, *item.size), "PNG", "png"
    if data not in media_ids:
        media_ids[data] = next(ids)
        name = f"image_{media_ids[data]}.{suffix}"
        files[f"Doc_0/Res/{name}"] = data
        media_xml.append(f'<ofd:MultiMedia ID="{media_ids[data]}" Type="Image" Format="{fmt}">'
                         f"<ofd:MediaFile>{name}</ofd:MediaFile></ofd:MultiMedia>")
    left, top, width, height = item.box
    return (f'<ofd:ImageObject ID="{next(ids)}" Boundary="{_num(left)} {_num(top)} {_num(width)} {_num(height)}" '
            f'CTM="{_num(width)} 0 0 {_num(height)} 0 0" ResourceID="{media_ids[data]}"/>')


def _zip(files: Mapping[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name in ["OFD.xml", *sorted(n for n in files if n != "OFD.xml")]:
            entry = zipfile.ZipInfo(name, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            package.writestr(entry, files[name])
    return out.getvalue()

