"""A .docx bulletin → paragraphs with bold and 楷体 runs, and tables; tracked changes read as accepted and listed
(the importer's only python-docx import)."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from jianbao.errors import JianbaoError
from jianbao.importer.source import FOOTNOTE_MARK, SourceDoc, SourcePara, SourceTable, Span, clean, footnote_mark

# Roles of the styles Jianbao itself writes (render/word/styles.py), so its own bulletins come back exactly.
JIANBAO_STYLES = {
    "JB Classification": "classification", "JB Program": "program", "JB Masthead": "masthead",
    "JB Issue Number": "number", "JB Issuer Line": "issuer", "JB Headline": "headline", "JB Note": "note",
    "JB Body": "body", "JB Heading 1": "heading1", "JB Heading 2": "heading2", "JB Heading 3": "heading3",
    "JB Heading 4": "heading4", "JB Table Caption": "caption", "JB Chart": "chart",
    "JB Chart Caption": "chart_caption", "JB Imprint": "imprint",
    # issue #18: list items nested one and two levels (a top-level item is a JB Body paragraph), the
    # 注/数据来源 lines under figures, 本期要目, and the 签发 line when it stands outside the 报尾
    "JB List Indent 1": "list1", "JB List Indent 2": "list2", "JB Figure Note": "figure_note",
    "JB Contents Heading": "contents_heading", "JB Contents Entry": "contents_entry", "JB Signoff": "signoff",
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
NOTE_PARTS = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}
UNORDERED = {"bullet", "none"}  # Word's numFmt of a list that prints no number
NOTE_SPAN = 30000  # footnote ids and endnote ids get mark characters of their own
NOTE_OFFSETS = {"footnote": 0, "endnote": NOTE_SPAN}
# Word's names of its reference styles (脚注引用, 尾注引用): a run in one holds a mark, not text
REFERENCE_STYLE_NAMES = {"footnote reference", "endnote reference"}


def read_docx(data: bytes) -> SourceDoc:
    """Body paragraphs and tables in document order; headers, footers and page numbers are not read.

    Tracked changes are read as if accepted, and each paragraph or table that had any is listed in
    `unsure`: the printed bulletin may have been issued from a version that rejected some of them.
    Footnote calls become mark characters (source.footnote_mark) and their texts `doc.footnotes`.
    """
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise JianbaoError(f"无法读取 Word 文件（{exc.__class__.__name__}）：请确认是 .docx 格式，"
                           "旧的 .doc 请先在 Word 或 WPS 中另存为 .docx") from exc
    doc = SourceDoc("docx", unit="段")
    notes = _Notes(document, doc)
    numbering = _numbering(document)
    position = 0
    held: SourcePara | None = None  # a paragraph whose mark was deleted: it runs on into the next one
    for child in _body_children(document.element.body):
        position += 1
        notes.position = position
        if child.tag == qn("w:tbl"):
            if held is not None:
                doc.items.append(held)
                held = None
            doc.items.append(_table(child, position, doc, notes))
            continue
        para = _paragraph(child, document, position, notes, numbering)
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


class _Notes:
    """The document's footnotes and endnotes: each call becomes a mark character, each text a list of spans.

    Word numbers footnotes through the document (w:footnoteReference), unless a call carries a mark
    of its own (customMarkFollows: the mark is the run's text, as Jianbao writes a later article's
    footnotes). A run in the reference style holding only a mark already shown calls that footnote
    again (Jianbao's second call of one footnote). Endnotes are read as footnotes and said to be.
    """

    def __init__(self, document, doc: SourceDoc):
        self.document, self.doc = document, doc
        self.position = 0
        self.parts: dict[str, dict[str, object]] = {}  # kind → id → w:footnote / w:endnote
        for rel in document.part.rels.values():
            kind = NOTE_PARTS.get(rel.reltype)
            if kind and not rel.is_external:
                root = parse_xml(rel.target_part.blob)
                self.parts[kind] = {n.get(qn("w:id")): n for n in root.iterchildren(qn(f"w:{kind}"))}
        self.counted = {kind: 0 for kind in NOTE_OFFSETS}  # Word's running number of each kind so far
        self.shown: dict[str, str] = {}  # the mark a call shows → its character, for a mark repeated alone
        self.styles = {s.style_id for s in document.styles if s.name in REFERENCE_STYLE_NAMES}

    def call(self, r) -> str | None:
        """The mark character of the footnote the run element `r` calls, or None."""
        for kind, offset in NOTE_OFFSETS.items():
            ref = r.find(qn(f"w:{kind}Reference"))
            if ref is None:
                continue
            note_id = ref.get(qn("w:id"), "")
            if ref.get(qn("w:customMarkFollows")) in ("1", "true", "on"):
                shown = "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()
            else:
                self.counted[kind] += 1
                shown = str(self.counted[kind])
            mark = footnote_mark(offset + (int(note_id) if note_id.isdigit() else 0) % NOTE_SPAN)
            if mark not in self.doc.footnotes:
                self.doc.footnotes[mark] = self._text(kind, note_id)
                if kind == "endnote":
                    self.doc.unsure.append((self.position, "尾注按脚注导入（草稿中的脚注印在页脚）"))
            self.shown[shown] = mark
            return mark
        if self._style(r) in self.styles:  # a mark repeated alone: the same footnote called again
            return self.shown.get("".join(t.text or "" for t in r.iter(qn("w:t"))).strip())
        return None

    def _text(self, kind: str, note_id: str) -> list[Span]:
        """The note's paragraphs as spans, without its own mark at the start (Word's or a custom one)."""
        note = self.parts.get(kind, {}).get(note_id)
        if note is None:
            self.doc.unsure.append((self.position, "脚注的说明文字在文件中找不到"))
            return []
        spans: list[Span] = []
        for p in note.iterchildren(qn("w:p")):
            par = Paragraph(p, self.document)
            runs = [r for r in _kept(p, qn("w:r")) if r.find(qn(f"w:{kind}Ref")) is None
                    and self._style(r) not in self.styles]
            if spans:
                spans.append(Span(" "))
            spans += [Span(text, _is_bold(Run(r, par)), _is_kaiti(Run(r, par)))
                      for r in runs if (text := clean(_run_text(r)))]
        while spans and not spans[0].text.strip():
            spans.pop(0)
        if spans:
            spans[0] = Span(spans[0].text.lstrip(), spans[0].bold, spans[0].emphasis)
        return spans

    @staticmethod
    def _style(r) -> str:
        style = r.find(qn("w:rPr") + "/" + qn("w:rStyle"))
        return style.get(qn("w:val"), "") if style is not None else ""


def _numbering(document) -> dict[str, dict[str, str]]:
    """Word's list numbering: numId → level → numFmt (decimal, chineseCounting, bullet …)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            root = parse_xml(rel.target_part.blob)
            break
    else:
        return {}
    formats = {}
    for abstract in root.iterchildren(qn("w:abstractNum")):
        levels = {}
        for lvl in abstract.iterchildren(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            levels[lvl.get(qn("w:ilvl"))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
        formats[abstract.get(qn("w:abstractNumId"))] = levels
    out = {}
    for num in root.iterchildren(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        out[num.get(qn("w:numId"))] = formats.get(ref.get(qn("w:val")) if ref is not None else "", {})
    return out


def _numbered(p, style, role: str, numbering: dict[str, dict[str, str]]) -> tuple[int, bool] | None:
    """(level, ordered) of a paragraph Word numbers itself: its own w:numPr, or its style's."""
    if not numbering or role.startswith("heading") or role == "headline":
        return None  # a heading Word numbers is read as a heading (its number is lost either way)
    num_pr = p.find(qn("w:pPr") + "/" + qn("w:numPr"))
    if num_pr is None and style is not None:
        num_pr = style.element.find(qn("w:pPr") + "/" + qn("w:numPr"))
    if num_pr is None:
        return None
    num_id, level = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
    formats = numbering.get(num_id.get(qn("w:val")) if num_id is not None else "", {})
    if not formats:  # numId 0, or a numbering the file does not define: no list
        return None
    ilvl = level.get(qn("w:val"), "0") if level is not None else "0"
    return int(ilvl) if ilvl.isdigit() else 0, formats.get(ilvl, "decimal") not in UNORDERED


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


def _paragraph(p, document, position: int, notes: _Notes, numbering: dict[str, dict[str, str]]) -> SourcePara:
    """The body paragraph `p` (a w:p element: python-docx keeps a Paragraph's own private)."""
    par = Paragraph(p, document)
    style = par.style.name if par.style is not None else ""
    role = JIANBAO_STYLES.get(style) or WORD_HEADINGS.get(style, "")
    spans = []
    for r in _kept(p, qn("w:r")):
        mark = notes.call(r)
        if mark:
            spans.append(Span(mark))
            continue
        run = Run(r, par)
        text = clean(_run_text(r))
        if text:
            spans.append(Span(text, bold=_is_bold(run), emphasis=_is_kaiti(run)))
    if spans and all(s.emphasis for s in spans if not FOOTNOTE_MARK.fullmatch(s.text)):  # wholly 楷体: a note
        spans = [Span(s.text, s.bold) for s in spans]
    drawing = bool(p.findall(".//" + qn("w:drawing")) or p.findall(".//" + qn("w:pict")))
    return SourcePara(position, spans, role, _centered(par), drawing,
                      numbered=_numbered(p, par.style, role, numbering))


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


def _table(tbl, position: int, doc: SourceDoc, notes: _Notes) -> SourceTable:
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
            text = "\n".join(_text(p, notes) for p in paras).strip()
            span = tc.grid_span if hasattr(tc, "grid_span") else 1
            cells.extend([text] * max(1, span))
        rows.append(cells)
    if changes:
        doc.unsure.append((position, "表格已按“接受全部修订”导入：" + "；".join(dict.fromkeys(changes))))
    return SourceTable(position, rows)


def _row_deleted(tr) -> bool:
    marks = tr.find(qn("w:trPr"))
    return marks is not None and marks.find(qn("w:del")) is not None


def _text(p, notes: _Notes) -> str:
    """The text of a cell paragraph once every change is accepted, footnote calls as mark characters."""
    return "".join(notes.call(r) or clean(_run_text(r)) for r in _kept(p, qn("w:r")))
