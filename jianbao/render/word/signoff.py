"""The 签发/审核 line of a bulletin: right above the 报尾, as the first row of its block at the foot of the last page."""

from __future__ import annotations

from collections.abc import Mapping

from jianbao.layout import mm_to_pt
from jianbao.model import Issue
from jianbao.render.word.block_styles import SIGNOFF
from jianbao.render.word.oxml import cell_element, paragraph_properties, table_element
from jianbao.render.word.template import add_paragraph, add_text, set_style
from jianbao.render.word.xml import border, borders, el, nil_border, put


def add_signoff(doc, imprint, issue: Issue, ids: Mapping[str, str]) -> None:
    """issue.signoff_line (签发：张三　审核：李四) just above the 报尾's first thick rule.

    `imprint` is the 报尾 table (page.add_imprint), or None when the series prints no 报尾: the
    line then ends the text. Never called for a press release, which names no staff.
    """
    line = issue.signoff_line
    if not line:
        return
    if imprint is None:
        add_paragraph(doc, ids[SIGNOFF], line)
        return
    # A new first row of the 报尾 block, so the line floats with it at the foot of the last page.
    imprint.add_row()
    tbl = table_element(imprint)
    rows = tbl.tr_lst
    rows[0].addprevious(rows[-1])
    cell = imprint.rows[0].cells[0]
    # The block's top edge is its thick rule (GB 7.4.1): this row, above the rule, takes the
    # table's top edge away and draws the rule under itself instead.
    thick = mm_to_pt(issue.series.layout.imprint_thick_mm)
    tc_pr = cell_element(cell).get_or_add_tcPr()
    tc_pr.append(borders("w:tcBorders", {"top": nil_border("top"), "bottom": border("bottom", thick)}))
    par = set_style(cell.paragraphs[0], ids[SIGNOFF])
    put(paragraph_properties(par), el("w:keepNext"))  # with the 报尾 when it follows the text
    add_text(par, line)
