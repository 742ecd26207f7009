"""Page geometry, odd/even page-number footers and the 报尾 block of the Word bulletin (layout.md §1, §6, §7)."""

from __future__ import annotations

from collections.abc import Mapping

from docx.oxml.ns import qn
from docx.shared import Twips

from jianbao.chinese import em_width
from jianbao.layout import Layout, mm_to_pt
from jianbao.model import Issue
from jianbao.render.word import styles as st
from jianbao.render.word.oxml import (
    cell_element,
    paragraph_element,
    paragraph_properties,
    section_element,
    table_element,
)
from jianbao.render.word.template import set_style
from jianbao.render.word.xml import (
    border,
    borders,
    el,
    exact_spacing,
    indent,
    mm_twips,
    nil_border,
    page_field_runs,
    put,
    twips,
)

# Where the dash sits inside the page-number line, as a fraction of the type size below the
# line top; calibrated on LibreOffice renders so the dash lands 7 mm below the type area.
DASH_DROP_RATIO = 0.5


def setup_page(doc, lay: Layout) -> None:
    section = doc.sections[0]
    section.page_width = Twips(mm_twips(lay.page_width_mm))
    section.page_height = Twips(mm_twips(lay.page_height_mm))
    section.top_margin = Twips(mm_twips(lay.margin_top_mm))
    section.bottom_margin = Twips(mm_twips(lay.margin_bottom_mm))
    section.left_margin = Twips(mm_twips(lay.margin_left_mm))
    section.right_margin = Twips(mm_twips(lay.margin_right_mm))
    section.gutter = Twips(0)
    section.header_distance = Twips(mm_twips(lay.margin_top_mm / 2))
    # The footer line is exactly one type size high; its top goes DASH_DROP_RATIO of a size
    # above the point 7 mm below the type area, where the dash should be (GB 7.5).
    size = lay.page_number_size_pt
    footer_pt = mm_to_pt(lay.margin_bottom_mm - lay.page_number_gap_mm) \
        + DASH_DROP_RATIO * size - size
    section.footer_distance = Twips(twips(footer_pt))
    grid = section_element(section).find(qn("w:docGrid"))
    # No line grid: exact line heights already give 22 lines, and LibreOffice would turn a
    # typed grid into its own snapping text grid.
    grid.attrib.clear()
    grid.set(qn("w:linePitch"), str(twips(lay.line_pitch_pt)))


def add_page_numbers(doc, lay: Layout, ids: Mapping[str, str]) -> None:
    """"— n —" with a PAGE field: odd pages right, even pages left, one character in."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    one_char = lay.page_number_size_pt
    for footer, align, ind in ((section.footer, "right", {"right_pt": one_char}),
                               (section.even_page_footer, "left", {"left_pt": one_char})):
        footer.is_linked_to_previous = False
        par = set_style(footer.paragraphs[0], ids[st.PAGE_NUMBER])
        ppr = paragraph_properties(par)
        put(ppr, indent(**ind))
        put(ppr, el("w:jc", val=align))
        par.add_run("— ")
        for run in page_field_runs():
            paragraph_element(par).append(run)
        par.add_run(" —")


def add_imprint(doc, issue: Issue, ids: Mapping[str, str]):
    """报尾 at the foot of the last page: thick rules, 报/送/发 rows, （共印N份）; its table, or None."""
    lay = issue.series.layout
    rows = imprint_rows(issue)
    if not rows:
        return None
    width_pt = mm_to_pt(lay.type_width_mm)
    char = lay.imprint_size_pt
    table = doc.add_table(rows=len(rows), cols=1)
    # Word, WPS and LibreOffice lay footnotes out at the foot of the page whatever floats there:
    # an issue with footnotes has its 报尾 follow the text instead of floating over them.
    floating = not any(article.footnotes for article in issue.articles)
    _imprint_box(table, lay, width_pt, floating)
    if not floating:
        _keep_last_line_with(table, ids[st.BODY])
    for i, (label, text, copies) in enumerate(rows):
        cell = table.cell(i, 0)
        cell.width = Twips(twips(width_pt))
        par = set_style(cell.paragraphs[0], ids[st.IMPRINT])
        ppr = paragraph_properties(par)
        if label:
            hang = char * (em_width(label) + 1)
            put(ppr, indent(left_pt=char + hang, hanging_pt=hang, right_pt=char))
        else:
            put(ppr, indent(left_pt=char, right_pt=char))
        if copies:
            tabs = el("w:tabs")
            tabs.append(el("w:tab", val="right", pos=twips(width_pt - char)))
            put(ppr, tabs)
        if not label and i:
            # a row of its own for the copies: thin rule above it (版记 geometry, GB 7.4.1)
            thin = border("top", mm_to_pt(lay.imprint_thin_mm))
            cell_element(cell).get_or_add_tcPr().append(borders("w:tcBorders", {"top": thin}))
        par.add_run(text + (f"\t{copies}" if copies else ""))
        if not floating:  # the block stays whole on the last page
            table_element(table).tr_lst[i].get_or_add_trPr().append(el("w:cantSplit"))
            if i < len(rows) - 1:
                put(ppr, el("w:keepNext"))
    # Word needs a paragraph after a table; it also anchors the floating block. One point
    # high, so it does not push the block to a new page by itself.
    tail = doc.add_paragraph()
    put(paragraph_properties(tail), exact_spacing(1))
    return table


def imprint_rows(issue: Issue) -> list[tuple[str, str, str | None]]:
    """(label, text, copies-on-this-row) for each 报尾 row; copies ride on the last row if they fit."""
    lay = issue.series.layout
    rows = []
    for r in issue.series.distribution:
        # the list ends with a full stop (GB 7.4.2), whatever punctuation the editor left
        to = r.to.strip().rstrip("，,；;、")
        if not to.endswith("。"):
            to += "。"
        rows.append([r.label, f"{r.label}：{to}", None])
    if issue.print_copies:
        copies = f"（共印{issue.print_copies}份）"
        per_line = mm_to_pt(lay.type_width_mm) / lay.imprint_size_pt - 2
        if rows and em_width(rows[-1][1]) + 1 + em_width(copies) <= per_line:
            rows[-1][2] = copies
        else:
            rows.append(["", "", copies])
    return [tuple(r) for r in rows]


def _keep_last_line_with(table, body_style: str) -> None:
    """The text's last paragraph keeps with a 报尾 that follows the text, so that a 报尾 that must
    move to a new page takes the end of the text with it instead of standing there alone. Only a
    body paragraph: a caption would bring its picture, and the block would outgrow a third of a page."""
    node = table_element(table).getprevious()
    while node is not None and not (node.tag == qn("w:p") and "".join(node.itertext()).strip()):
        node = node.getprevious()
    style = node.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if node is not None else None
    if style is not None and style.get(qn("w:val")) == body_style:
        ppr = node.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            node.insert(0, ppr)
        put(ppr, el("w:keepNext"))


def _imprint_box(table, lay: Layout, width_pt: float, floating: bool) -> None:
    """The 报尾 table: floating at the bottom of the type area, which text may not overlap, or
    (`floating` False) in the flow of the text, its rows kept together."""
    tbl_pr = table_element(table).tblPr
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    tbl_pr.append(el("w:tblStyle", val="TableNormal"))
    if floating:
        # Horizontally the table is placed from the page edge: LibreOffice (7.4) keeps a
        # margin-anchored table as wide as the type area inline instead of floating it.
        tbl_pr.append(el("w:tblpPr", leftFromText=0, rightFromText=0, topFromText=0,
                         bottomFromText=0, vertAnchor="margin", horzAnchor="page",
                         tblpX=mm_twips(lay.margin_left_mm), tblpYSpec="bottom"))
        tbl_pr.append(el("w:tblOverlap", val="never"))
    tbl_pr.append(el("w:tblW", w=twips(width_pt), type="dxa"))
    thick = mm_to_pt(lay.imprint_thick_mm)
    tbl_pr.append(borders("w:tblBorders", {
        "top": border("top", thick), "left": nil_border("left"),
        "bottom": border("bottom", thick), "right": nil_border("right"),
        "insideH": nil_border("insideH"), "insideV": nil_border("insideV")}))
    tbl_pr.append(el("w:tblLayout", type="fixed"))
    margins = el("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        margins.append(el(f"w:{edge}", w=0, type="dxa"))
    tbl_pr.append(margins)
    grid = table_element(table).tblGrid
    for col in grid.findall(qn("w:gridCol")):
        col.set(qn("w:w"), str(twips(width_pt)))
