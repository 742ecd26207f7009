"""Word (.docx) renderer: an Issue and its rendered charts become a bulletin laid out per design/layout.md."""

from __future__ import annotations

import io
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass, replace
from functools import lru_cache, partial

from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph as DocxParagraph

from jianbao.chinese import em_width, join_soft_breaks
from jianbao.errors import RenderError
from jianbao.layout import Layout, fit_figure_mm, mm_to_pt, note_lines, table_kept_whole
from jianbao.model import (
    Article,
    ChartSpec,
    Emphasis,
    FootnoteRef,
    Heading,
    Highlights,
    Issue,
    ItemList,
    LineBreak,
    Paragraph,
    Photo,
    Strong,
    Table,
    Text,
)
from jianbao.render.word import styles as st
from jianbao.render.word.block_styles import add_block_styles
from jianbao.render.word.contents import add_contents
from jianbao.render.word.figures import photo, with_notes
from jianbao.render.word.footnotes import Footnotes
from jianbao.render.word.lists import item_list
from jianbao.render.word.masthead import add_headline, add_masthead, masthead_sizes
from jianbao.render.word.oxml import paragraph_properties, table_element
from jianbao.render.word.package import normalise, save
from jianbao.render.word.page import add_imprint, add_page_numbers, setup_page
from jianbao.render.word.signoff import add_signoff
from jianbao.render.word.template import (
    CACHED_TEMPLATES,
    Template,
    add_paragraph,
    add_text,
    empty_document,
    freeze,
)
from jianbao.render.word.xml import border, borders, el, put, run_props, twips
from jianbao.rendered import RenderedChart

EMU_PER_MM = 36000
NOTE_LABEL = "编者按："
# A table too tall to stay whole (layout.table_kept_whole) breaks across pages, its header row
# repeated: the caption stays with the header and the first body rows, the last rows stay together.
KEEP_FIRST_ROWS = 2
KEEP_LAST_ROWS = 2


def render_docx(issue: Issue, charts: Mapping[int, RenderedChart]) -> bytes:
    """The issue as .docx bytes; the same issue and charts always give the same bytes."""
    template = bulletin_template(issue.series.layout, *masthead_sizes(issue))
    return _WordRenderer(issue, charts, template).render()


@lru_cache(maxsize=CACHED_TEMPLATES)
def bulletin_template(lay: Layout, program_pt: float, masthead_pt: float) -> Template:
    """Styles, page geometry and odd/even page-number footers: everything before the masthead."""
    doc = empty_document()
    ids = st.build_styles(doc, lay, program_pt, masthead_pt)
    ids.update(add_block_styles(doc, lay, ids))
    setup_page(doc, lay)
    add_page_numbers(doc, lay, ids)
    return freeze(doc, ids)


@dataclass(frozen=True)
class _Fmt:
    """Run formatting inherited down an inline tree: None keeps the paragraph style's value."""

    bold: bool | None = None
    face: str | None = None  # East Asian face overriding the style's


class _WordRenderer:
    """One method per block and inline type; anything else is a RenderError."""

    def __init__(self, issue: Issue, charts: Mapping[int, RenderedChart], template: Template):
        self.issue = issue
        self.charts = charts
        self.lay = issue.series.layout
        self.doc = template.open()
        self.ids = template.style_ids
        self.footnotes = Footnotes(self.doc, self.ids, self.write)
        self.blocks = {Paragraph: self.paragraph, Heading: self.heading,
                       Table: with_notes(self, self.table), ChartSpec: with_notes(self, self.chart),
                       Photo: with_notes(self, partial(photo, self)), ItemList: partial(item_list, self),
                       Highlights: self.highlights}
        self.inlines = {Text: self.text, Strong: self.strong, Emphasis: self.emphasis,
                        LineBreak: self.line_break, FootnoteRef: self.footnotes.reference}

    def render(self) -> bytes:
        doc, issue = self.doc, self.issue
        # Under the red rule, before the first headline: the 更正 notice, the issue's 编者按,
        # then 本期要目, which leads into the articles it lists; one blank line after them.
        preface = bool(issue.note or issue.correction or issue.shows_contents)
        add_masthead(doc, issue, note=preface, ids=self.ids)
        if issue.correction:
            self.note((Paragraph((Text(issue.correction.reason),)),), label=issue.correction.label)
        if issue.note:
            self.note(issue.note)
        if issue.shows_contents:
            add_contents(self, issue.articles)
        if preface:
            doc.add_paragraph()
        for i, article in enumerate(issue.articles):
            self.article(article, first=i == 0)
        add_signoff(doc, add_imprint(doc, issue, self.ids), issue, self.ids)
        normalise(doc, issue)
        return save(doc, issue)

    # ------------------------------------------------------------ articles and blocks

    def article(self, article: Article, first: bool) -> None:
        if not first:
            self.doc.add_paragraph()
        add_headline(self.doc, article.title, self.lay, self.ids)
        self.footnotes.start(article)
        if article.note:
            self.note(article.note)
        for block in article.blocks:
            self.block(block)

    def block(self, block) -> None:
        method = self.blocks.get(type(block))
        if method is None:
            raise RenderError(f"Word 排版不支持的内容块：{type(block).__name__}")
        method(block)

    def note(self, paragraphs: tuple[Paragraph, ...], label: str = NOTE_LABEL) -> None:
        """编者按 (or a 更正 notice) in 楷体, the first paragraph opening with the bold label."""
        for i, para in enumerate(paragraphs):
            par = self.add_paragraph(st.NOTE)
            if i == 0:
                self.run(par, label, _Fmt(bold=True))
            self.write(par, para.inlines, _Fmt())

    def paragraph(self, block: Paragraph) -> None:
        self.write(self.add_paragraph(st.BODY), block.inlines, _Fmt())

    def heading(self, block: Heading) -> None:
        style = st.HEADINGS.get(block.level)
        if style is None:
            raise RenderError(f"标题层级只能是1至4级，实际为{block.level}级")
        par = self.add_paragraph(style)
        self.run(par, block.marker, _Fmt())
        self.write(par, block.inlines, _Fmt())
        if block.run_in:
            # a heading that carries its text is an ordinary paragraph for pagination
            put(paragraph_properties(par), el("w:keepNext", val=0))
            self.write(par, block.run_in, _Fmt(bold=False, face=self.lay.font_fangsong))

    def highlights(self, block: Highlights) -> None:
        for item in block.items:
            par = self.add_paragraph(st.BODY)
            self.run(par, item.ordinal, _Fmt(bold=True))
            self.write(par, item.lead, _Fmt(bold=True))
            self.write(par, item.text, _Fmt())

    def table(self, block: Table) -> None:
        """Caption above; a centred grid the width of the type area; header row repeats."""
        ncols = len(block.header)
        if ncols == 0 or any(len(row) != ncols for row in block.rows):
            raise RenderError(f"{block.caption}：每行的单元格数必须与表头相同")
        self.add_paragraph(st.TABLE_CAPTION, block.caption)
        width = twips(mm_to_pt(self.lay.type_width_mm))
        table = self.doc.add_table(rows=1 + len(block.rows), cols=ncols)
        tbl = table_element(table)
        tbl_pr = tbl.tblPr
        put_tbl = [el("w:tblW", w=width, type="dxa"), el("w:jc", val="center"),
                   self._grid_borders(), el("w:tblLayout", type="fixed")]
        for child in list(tbl_pr):
            if child.tag != qn("w:tblStyle"):
                tbl_pr.remove(child)
        for child in put_tbl:
            tbl_pr.append(child)
        col = width // ncols
        for grid_col in tbl.tblGrid:
            grid_col.set(qn("w:w"), str(col))
        all_rows = (block.header, *block.rows)
        last = len(all_rows) - 1
        whole = table_kept_whole([[em_width(c) for c in row] for row in all_rows], self.lay,
                                 note_lines([em_width(n) for n in block.notes], self.lay))
        # Tables hold most of a bulletin's elements, and their cells come in three kinds (header,
        # kept with the next row, free): each kind's properties are built once and copied.
        header, kept, free = (self._cell_ppr(st.TABLE_HEADER, True), self._cell_ppr(st.TABLE_TEXT, True),
                              self._cell_ppr(st.TABLE_TEXT, False))
        cant_split, v_align = el("w:cantSplit"), el("w:vAlign", val="center")
        for r, (values, tr) in enumerate(zip(all_rows, tbl.tr_lst, strict=True)):
            tr_pr = tr.get_or_add_trPr()
            tr_pr.append(deepcopy(cant_split))
            if r == 0:
                tr_pr.append(el("w:tblHeader"))
            # keep-with-next down a short table; in a long one only at its start and its end
            keep = r < last and (whole or r < KEEP_FIRST_ROWS or r >= last - KEEP_LAST_ROWS + 1)
            cell_ppr = header if r == 0 else kept if keep else free
            for value, tc in zip(values, tr.tc_lst, strict=True):
                tc.get_or_add_tcPr().append(deepcopy(v_align))
                p = tc.p_lst[0]  # python-docx's new cell holds one empty paragraph
                p.insert(0, deepcopy(cell_ppr))
                add_text(DocxParagraph(p, table), value)

    def _cell_ppr(self, style: str, keep_next: bool):
        """A table cell paragraph's pPr: its style by id and, if asked, keep-with-next."""
        ppr = el("w:pPr")
        ppr.append(el("w:pStyle", val=self.ids[style]))
        if keep_next:
            ppr.append(el("w:keepNext"))
        return ppr

    def _grid_borders(self):
        edges = {name: border(name, 0.5) for name in
                 ("top", "left", "bottom", "right", "insideH", "insideV")}
        return borders("w:tblBorders", edges)

    def chart(self, block: ChartSpec) -> None:
        """The chart's PNG centred on its own line, its caption below, its alt text in docPr."""
        chart = self.charts.get(block.number)
        if chart is None:
            raise RenderError(f"缺少图{block.number}（{block.title}）的图表图片")
        # Charts are drawn to fit; one drawn to other numbers is scaled down to the type width
        # and the picture cap, so that it never leaves a page more than a third empty.
        scale = min(1.0, self.lay.chart_width_mm / chart.width_mm)
        width_mm, height_mm = fit_figure_mm(chart.width_mm * scale, chart.height_mm * scale, self.lay,
                                            note_lines([em_width(n) for n in block.notes], self.lay))
        run = self.add_paragraph(st.CHART).add_run()
        run.add_picture(io.BytesIO(chart.png), width=Emu(round(width_mm * EMU_PER_MM)),
                        height=Emu(round(height_mm * EMU_PER_MM)))
        doc_pr = run.element.find(".//" + qn("wp:docPr"))
        doc_pr.set("name", f"图{block.number}")
        doc_pr.set("descr", chart.alt)
        self.add_paragraph(st.CHART_CAPTION, chart.caption)

    def add_paragraph(self, style: str, text: str = ""):
        """A body paragraph in the named style, set by the id the template recorded."""
        return add_paragraph(self.doc, self.ids[style], text)

    # ------------------------------------------------------------ inlines

    def write(self, par, inlines, fmt: _Fmt | None = None) -> None:
        fmt = fmt or _Fmt()
        for node in inlines:
            method = self.inlines.get(type(node))
            if method is None:
                raise RenderError(f"Word 排版不支持的行内元素：{type(node).__name__}")
            method(par, node, fmt)

    def text(self, par, node: Text, fmt: _Fmt) -> None:
        # A newline inside text is a soft wrap of the source, not a line break (that is
        # LineBreak): python-docx would turn it into w:br, and a justified paragraph then
        # spreads the line before it across the full width.
        text = join_soft_breaks(node.text)
        if text:
            self.run(par, text, fmt)

    def strong(self, par, node: Strong, fmt: _Fmt) -> None:
        self.write(par, node.children, replace(fmt, bold=True))

    def emphasis(self, par, node: Emphasis, fmt: _Fmt) -> None:
        # Official documents have no italics; emphasis is set in 楷体 instead.
        self.write(par, node.children, replace(fmt, face=self.lay.font_kaiti))

    def line_break(self, par, node: LineBreak, fmt: _Fmt) -> None:
        par.add_run().add_break()

    def run(self, par, text: str, fmt: _Fmt):
        run = add_text(par, text)
        if fmt.bold is not None or fmt.face is not None:
            run_props(run.element.get_or_add_rPr(), cjk=fmt.face, latin=self.lay.font_latin,
                      bold=fmt.bold)
        return run

