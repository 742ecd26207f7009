"""What a PDF's pages show, read with pdfminer.six: text runs at their positions, lines and shapes, pictures.

The OFD copy is drawn from this, so everything is in OFD terms already: millimetres, the origin at
the page's top left, the y axis pointing down, colours as 0–255 RGB.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from jianbao.errors import RenderError

MM = 25.4 / 72  # one PDF point in millimetres


@dataclass
class TextRun:
    """Characters of one face, size and colour on one baseline; `xs` are their origins."""

    font: str  # the PostScript name the PDF gives, without a subset prefix (ABCDEF+)
    size: float  # mm
    color: tuple[int, int, int]
    baseline: float  # mm from the top of the page
    text: str = ""
    xs: list[float] = field(default_factory=list)  # mm from the left, one per character


@dataclass(frozen=True)
class Shape:
    """A path: `commands` are (operator, points) with OFD's operators M L B C, in page millimetres."""

    commands: tuple[tuple[str, tuple[tuple[float, float], ...]], ...]
    stroke: tuple[int, int, int] | None
    fill: tuple[int, int, int] | None
    line_width: float  # mm


@dataclass(frozen=True)
class Picture:
    """An image drawn into the box (left, top, width, height) in mm: JPEG bytes as they were, or raw pixels."""

    box: tuple[float, float, float, float]
    jpeg: bytes | None = None
    pixels: bytes | None = None  # 8 bits a component, `mode` RGB or L
    mode: str = "RGB"
    size: tuple[int, int] = (0, 0)


@dataclass
class Page:
    width: float  # mm
    height: float
    items: list[TextRun | Shape | Picture] = field(default_factory=list)


def read_pages(pdf: bytes) -> list[Page]:
    """Every page of the PDF as what it draws, in drawing order; a PDF pdfminer cannot read is a RenderError."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    kinds = {"char": LTChar, "curve": LTCurve, "figure": LTFigure, "image": LTImage}
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=None)  # no layout analysis: drawing order, every glyph
    interpreter = PDFPageInterpreter(resources, device)
    pages = []
    try:
        for pdf_page in PDFPage.get_pages(io.BytesIO(pdf)):
            interpreter.process_page(pdf_page)
            layout = device.get_result()
            x0, y0, x1, y1 = layout.bbox
            page = Page(round((x1 - x0) * MM, 3), round((y1 - y0) * MM, 3))
            _collect(page, layout, (x0, y1), kinds)
            pages.append(page)
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise RenderError(f"无法读取 PDF 以生成 OFD：{type(exc).__name__}") from None
    return pages


def _collect(page: Page, items: Iterable, origin: tuple[float, float], kinds: dict) -> None:
    left, top = origin

    def point(x: float, y: float) -> tuple[float, float]:
        return round((x - left) * MM, 3), round((top - y) * MM, 3)

    for item in items:
        if isinstance(item, kinds["figure"]):
            _collect(page, item, origin, kinds)
        elif isinstance(item, kinds["char"]):
            _add_char(page, item, point)
        elif isinstance(item, kinds["curve"]):
            shape = _shape(item, point)
            if shape is not None:
                page.items.append(shape)
        elif isinstance(item, kinds["image"]):
            picture = _picture(item, point)
            if picture is not None:
                page.items.append(picture)


def _add_char(page: Page, char, point) -> None:
    text = char.get_text()
    a, b, c, d, e, f = char.matrix
    if text.startswith("(cid:") or b or c:  # no Unicode for the glyph, or rotated: not text to search
        return
    x, y = point(e, f)
    font = char.fontname.split("+", 1)[-1]
    size = round(char.size * MM, 3)
    color = _rgb(char.graphicstate.ncolor) or (0, 0, 0)
    last = page.items[-1] if page.items else None
    if not (isinstance(last, TextRun) and (last.font, last.size, last.color) == (font, size, color)
            and abs(last.baseline - y) < 0.01 and x >= last.xs[-1]):
        last = TextRun(font, size, color, y)
        page.items.append(last)
    last.text += text
    last.xs.extend([x] * len(text))


def _rgb(color) -> tuple[int, int, int] | None:
    """A PDF colour (gray, RGB or CMYK components from 0 to 1) as 0–255 RGB; None for a pattern."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not all(isinstance(v, (int, float)) for v in color):
        return None
    values = [min(1.0, max(0.0, float(v))) for v in color]
    if len(values) == 1:
        values *= 3
    elif len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    elif len(values) != 3:
        return None
    return tuple(round(v * 255) for v in values)


_OPERATORS = {"m": "M", "l": "L", "c": "B", "v": "B", "y": "B", "h": "C"}


def _shape(curve, point) -> Shape | None:
    path = getattr(curve, "original_path", None) or []
    commands = []
    current = None
    for operator, *points in path:
        pts = [point(*p) for p in points]
        if operator == "v" and current is not None:  # first control point is the current point
            pts = [current, *pts]
        elif operator == "y":  # second control point is the end point
            pts = [pts[0], pts[1], pts[1]]
        if operator == "re" and len(points) == 1:
            continue
        if operator not in _OPERATORS:
            continue
        commands.append((_OPERATORS[operator], tuple(pts)))
        current = pts[-1] if pts else current
    if not commands:
        return None
    stroke = _rgb(curve.stroking_color) if curve.stroke else None
    fill = _rgb(curve.non_stroking_color) if curve.fill else None
    if stroke is None and fill is None:
        return None
    return Shape(tuple(commands), stroke, fill, round(max(curve.linewidth, 0.1) * MM, 3))


def _picture(image, point) -> Picture | None:
    x0, y0, x1, y1 = image.bbox
    left, top = point(x0, y1)
    right, bottom = point(x1, y0)
    box = (left, top, round(right - left, 3), round(bottom - top, 3))
    stream = image.stream
    filters = [name for name, _ in stream.get_filters()]
    names = [str(getattr(f, "name", f)) for f in filters]
    if names and names[-1] == "DCTDecode":
        return Picture(box, jpeg=stream.get_rawdata()) if len(names) == 1 else None
    space = [str(getattr(c, "name", c)) for c in (image.colorspace or [])]
    mode = {"DeviceRGB": "RGB", "DeviceGray": "L"}.get(space[0] if space else "", "")
    width, height = image.srcsize
    if image.bits != 8 or not mode or not width or not height:
        return None  # masks, indexed and CMYK pictures: a bulletin's charts and photos are none of these
    data = stream.get_data()
    if len(data) < width * height * len(mode):
        return None
    return Picture(box, pixels=data[:width * height * len(mode)], mode=mode, size=(width, height))
