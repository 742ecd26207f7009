"""A .docx bulletin → paragraphs with bold and 楷体 runs, and tables (the importer's only python-docx import)."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from jianbao.errors import JianbaoError
from jianbao.importer.source import SourceDoc, SourcePara, SourceTable, Span, clean

# Roles of the styles Jianbao itself writes (render/word/styles.py), so its own bulletins come back exactly.
JIANBAO_STYLES = {
    "JB Classification": "classification", "JB Program": "program", "JB Masthead": "masthead",
    "JB Issue Number": "number", "JB Issuer Line": "issuer", "JB Headline": "headline", "JB Note": "note",
    "JB Body": "body", "JB Heading 1": "heading1", "JB Heading 2": "heading2", "JB Heading 3": "heading3",
    "JB Heading 4": "heading4", "JB Table Caption": "caption", "JB Chart": "chart",
    "JB Chart Caption": "chart_caption", "JB Imprint": "imprint",
}
WORD_HEADINGS = {"Heading 1": "heading1", "Heading 2": "heading2", "Heading 3": "heading3", "Heading 4": "heading4",
                 "Title": "headline"}


def read_docx(data: bytes) -> SourceDoc:
    """Body paragraphs and tables in document order; headers, footers and page numbers are not read."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise JianbaoError(f"无法读取 Word 文件（{exc.__class__.__name__}）：请确认是 .docx 格式，"
                           "旧的 .doc 请先在 Word 或 WPS 中另存为 .docx") from exc
    doc = SourceDoc("docx", unit="段")
    position = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            position += 1
            doc.items.append(_paragraph(child, document, position))
        elif child.tag == qn("w:tbl"):
            position += 1
            doc.items.append(_table(child, document, position))
    return doc


def _paragraph(p, document, position: int) -> SourcePara:
    """The body paragraph `p` (a w:p element: python-docx keeps a Paragraph's own private)."""
    par = Paragraph(p, document)
    style = par.style.name if par.style is not None else ""
    role = JIANBAO_STYLES.get(style) or WORD_HEADINGS.get(style, "")
    spans = []
    for run in par.runs:
        text = clean(_run_text(run))
        if text:
            spans.append(Span(text, bold=_is_bold(run), emphasis=_is_kaiti(run)))
    if spans and all(s.emphasis for s in spans):  # a paragraph set wholly in 楷体 is a note, not emphasis
        spans = [Span(s.text, s.bold) for s in spans]
    drawing = bool(p.findall(".//" + qn("w:drawing")) or p.findall(".//" + qn("w:pict")))
    return SourcePara(position, spans, role, _centered(par), drawing)


def _run_text(run) -> str:
    parts = []
    for node in run.element.iterchildren():
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        elif node.tag in (qn("w:br"), qn("w:cr")):
            parts.append("\n")
    return "".join(parts)


def _is_bold(run) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    if run.style is not None and run.style.font.bold:
        return True
    return False


def _is_kaiti(run) -> bool:
    rpr = run.element.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    face = fonts.get(qn("w:eastAsia")) if fonts is not None else None
    return bool(face) and "楷" in face


def _centered(par: Paragraph) -> bool:
    align = par.alignment
    if align is None and par.style is not None:
        align = par.style.paragraph_format.alignment
    return align == WD_ALIGN_PARAGRAPH.CENTER


def _table(tbl, document, position: int) -> SourceTable:
    """Cell texts of the w:tbl `tbl`, row by row; a merged cell is read once per grid column it covers."""
    table = Table(tbl, document)
    rows = []
    for tr in tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            text = clean("\n".join(p.text for p in _cell_paragraphs(tc, table))).strip()
            span = tc.grid_span if hasattr(tc, "grid_span") else 1
            cells.extend([text] * max(1, span))
        rows.append(cells)
    return SourceTable(position, rows)


def _cell_paragraphs(tc, table: Table) -> list[Paragraph]:
    return [Paragraph(p, table) for p in tc.iterchildren(qn("w:p"))]
