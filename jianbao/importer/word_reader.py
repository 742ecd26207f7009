"""A .docx bulletin → paragraphs with bold and 楷体 runs, and tables; tracked changes read as accepted and listed
(the importer's only python-docx import)."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

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
# Accepting every tracked change: what w:del and w:moveFrom hold is gone, what w:ins and w:moveTo hold stays.
# python-docx's Paragraph.runs sees only the runs directly under w:p, so an inserted or moved sentence (and a
# hyperlink's text) would silently vanish: runs are collected here from the whole paragraph instead.
GONE = {qn("w:del"), qn("w:moveFrom")}
NESTED = {qn("w:p"), qn("w:txbxContent")}  # a text box's own paragraphs are not this paragraph's text
REVISIONS = ((qn("w:ins"), "插入"), (qn("w:del"), "删除"), (qn("w:moveTo"), "移入"), (qn("w:moveFrom"), "移出"))
CONTAINERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}  # content controls around body paragraphs
SHOWN = 16  # characters of a changed text quoted in the report


def read_docx(data: bytes) -> SourceDoc:
    """Body paragraphs and tables in document order; headers, footers and page numbers are not read.

    Tracked changes are read as if accepted, and each paragraph or table that had any is listed in
    `unsure`: the printed bulletin may have been issued from a version that rejected some of them.
    """
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise JianbaoError(f"无法读取 Word 文件（{exc.__class__.__name__}）：请确认是 .docx 格式，"
                           "旧的 .doc 请先在 Word 或 WPS 中另存为 .docx") from exc
    doc = SourceDoc("docx", unit="段")
    position = 0
    held: SourcePara | None = None  # a paragraph whose mark was deleted: it runs on into the next one
    for child in _body_children(document.element.body):
        position += 1
        if child.tag == qn("w:tbl"):
            if held is not None:
                doc.items.append(held)
                held = None
            doc.items.append(_table(child, position, doc))
            continue
        para = _paragraph(child, document, position)
        changes = _changes(child)
        if changes:
            doc.unsure.append((position, "已按“接受全部修订”导入：" + "；".join(changes)))
        if held is not None:
            held.spans += para.spans
            held.drawing = held.drawing or para.drawing
            para = held
            held = None
        if _mark_removed(child):
            held = para
        else:
            doc.items.append(para)
    if held is not None:
        doc.items.append(held)
    return doc


def _body_children(parent):
    """The w:p and w:tbl of the body in order, also those inside content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag in CONTAINERS:
            yield from _body_children(child)


def _kept(p, tag: str):
    """The `tag` elements (w:r, w:t …) of the paragraph element `p` that remain once every change is accepted."""
    for node in p.iter(tag):
        up = node.getparent()
        while up is not None and up is not p:
            if up.tag in GONE or up.tag in NESTED:
                break
            up = up.getparent()
        else:
            yield node


def _mark_removed(p) -> bool:
    """Whether the paragraph mark itself was deleted or moved away: accepted, the paragraph joins the next."""
    marks = p.find(qn("w:pPr") + "/" + qn("w:rPr"))
    return marks is not None and any(marks.find(tag) is not None for tag in GONE)


def _changes(p) -> list[str]:
    """What the tracked changes in the paragraph (or table cell paragraph) `p` did, in words for the report."""
    out = []
    for tag, verb in REVISIONS:
        for node in p.iter(tag):
            if node.getparent().tag == qn("w:rPr"):
                continue  # the paragraph mark's own change: reported below
            text = "".join(t.text or "" for t in node.iter(qn("w:t"), qn("w:delText")))
            if text.strip():
                out.append(f"{verb}「{_short(clean(text))}」")
    if _mark_removed(p):
        out.append("删除分段（与下一段合为一段）")
    if next(p.iter(qn("w:rPrChange"), qn("w:pPrChange")), None) is not None:
        out.append("格式修改")
    return out


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def _paragraph(p, document, position: int) -> SourcePara:
    """The body paragraph `p` (a w:p element: python-docx keeps a Paragraph's own private)."""
    par = Paragraph(p, document)
    style = par.style.name if par.style is not None else ""
    role = JIANBAO_STYLES.get(style) or WORD_HEADINGS.get(style, "")
    spans = []
    for r in _kept(p, qn("w:r")):
        run = Run(r, par)
        text = clean(_run_text(r))
        if text:
            spans.append(Span(text, bold=_is_bold(run), emphasis=_is_kaiti(run)))
    if spans and all(s.emphasis for s in spans):  # a paragraph set wholly in 楷体 is a note, not emphasis
        spans = [Span(s.text, s.bold) for s in spans]
    drawing = bool(p.findall(".//" + qn("w:drawing")) or p.findall(".//" + qn("w:pict")))
    return SourcePara(position, spans, role, _centered(par), drawing)


def _run_text(r) -> str:
    """The text of the run element `r`: tabs and breaks as tab and newline characters."""
    parts = []
    for node in r.iterchildren():
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


def _table(tbl, position: int, doc: SourceDoc) -> SourceTable:
    """Cell texts of the w:tbl `tbl`, row by row; a merged cell is read once per grid column it covers.
    Deleted rows and cells are left out (changes accepted) and reported with the table's place."""
    rows, changes = [], []
    for tr in tbl.tr_lst:
        if _row_deleted(tr):
            changes.append("删除表格行")
            continue
        cells = []
        for tc in tr.tc_lst:
            if tc.find(qn("w:tcPr") + "/" + qn("w:cellDel")) is not None:
                changes.append("删除单元格")
                continue
            paras = list(tc.iterchildren(qn("w:p")))
            for p in paras:
                changes += _changes(p)
            text = clean("\n".join(_text(p) for p in paras)).strip()
            span = tc.grid_span if hasattr(tc, "grid_span") else 1
            cells.extend([text] * max(1, span))
        rows.append(cells)
    if changes:
        doc.unsure.append((position, "表格已按“接受全部修订”导入：" + "；".join(dict.fromkeys(changes))))
    return SourceTable(position, rows)


def _row_deleted(tr) -> bool:
    marks = tr.find(qn("w:trPr"))
    return marks is not None and marks.find(qn("w:del")) is not None


def _text(p) -> str:
    """The text of a cell paragraph once every change is accepted."""
    return "".join(_run_text(r) for r in _kept(p, qn("w:r")))
