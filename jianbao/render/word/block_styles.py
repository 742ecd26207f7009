"""Styles of the blocks issue #18 added (lists, notes, 本期要目, 签发 line, footnotes), added to a bulletin or press template.

Each paragraph style but the footnote's is based on a style the template already has (正文, 编者按,
图题, 报尾) and sets only what differs from it, so it takes that template's line spacing: the
bulletin's exact 22-line pitch, or the press release's 1.5 lines. Footnotes sit apart from the body
and look the same in both.
"""

from __future__ import annotations

from collections.abc import Mapping

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from jianbao.layout import Layout
from jianbao.render.word import styles as st
from jianbao.render.word.xml import RPR_SEQ, el, exact_spacing, indent, put, run_props, twips

# Nested list items, by depth (1, 2): a body paragraph moved right by two characters a level.
# The reader nests lists three deep (markup.MAX_LIST_DEPTH), so depths 1 and 2 are all there is.
LIST_INDENTS = {1: "JB List Indent 1", 2: "JB List Indent 2"}
FIGURE_NOTE = "JB Figure Note"  # 注：… / 数据来源：… under a table, or under a chart's or photo's caption
CONTENTS_HEADING = "JB Contents Heading"
CONTENTS_ENTRY = "JB Contents Entry"
SIGNOFF = "JB Signoff"
# Word's own names for its built-in footnote styles: Word then uses them for a footnote an
# editor adds by hand, and shows them under their Chinese names (脚注文本, 脚注引用).
FOOTNOTE_TEXT = "footnote text"
FOOTNOTE_REFERENCE = "footnote reference"
FOOTNOTE_IDS = {FOOTNOTE_TEXT: "FootnoteText", FOOTNOTE_REFERENCE: "FootnoteReference"}
# A footnote's lines: 小四 on a line of 1.5 sizes, tighter than the body's pitch, as footnotes are
# set everywhere; exact, so that the page foot they take is the same in Word, WPS and LibreOffice.
FOOTNOTE_LINE_RATIO = 1.5


def add_block_styles(doc, lay: Layout, ids: Mapping[str, str]) -> dict[str, str]:
    """The styles above, added to a template whose own styles are `ids` (name → id); returns theirs."""
    body, chars = lay.body_size_pt, lay.first_line_chars
    out = {}
    for depth, name in LIST_INDENTS.items():
        style = _derived(doc, name, st.BODY)
        # GB 7.3.3's 左空二字 on the first line, the whole item two characters further in per level
        put(style.element.get_or_add_pPr(), _indent_chars(left=2 * depth, first=chars, size_pt=body))
        out[name] = style.style_id
    # Notes are small print that belongs to the figure: the caption's 仿宋 小四, not bold, flush
    # left and justified like body text (no first-line indent: a 注： line is not a paragraph).
    note = _derived(doc, FIGURE_NOTE, st.CHART_CAPTION)
    put(note.element.get_or_add_pPr(), indent())
    put(note.element.get_or_add_pPr(), el("w:jc", val="both"))
    run_props(note.element.get_or_add_rPr(), bold=False)
    out[FIGURE_NOTE] = note.style_id
    # 本期要目: a 黑体 heading (the face of 一、 headings), the titles in 楷体 like the 编者按 they
    # stand beside, two characters in, a wrapped title aligned under its first character.
    heading = _derived(doc, CONTENTS_HEADING, st.BODY)
    ppr = heading.element.get_or_add_pPr()
    put(ppr, el("w:keepNext"))
    put(ppr, indent())
    put(ppr, el("w:jc", val="center"))
    run_props(heading.element.get_or_add_rPr(), cjk=lay.font_heiti, latin=lay.font_latin)
    out[CONTENTS_HEADING] = heading.style_id
    entry = _derived(doc, CONTENTS_ENTRY, st.NOTE)
    put(entry.element.get_or_add_pPr(), _indent_chars(left=chars, first=0, size_pt=body))
    out[CONTENTS_ENTRY] = entry.style_id
    if st.IMPRINT in ids:  # the bulletin's: a press release names no staff
        signoff = _derived(doc, SIGNOFF, st.IMPRINT)
        ppr = signoff.element.get_or_add_pPr()
        # right-aligned one character in, as the 版记's 印发日期 (GB 7.4.3)
        put(ppr, indent(right_pt=lay.imprint_size_pt))
        put(ppr, el("w:jc", val="right"))
        out[SIGNOFF] = signoff.style_id
    out.update(_footnote_styles(doc, lay))
    return out


def _derived(doc, name: str, base: str):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    return style


def _indent_chars(*, left: float, first: float, size_pt: float):
    """w:ind in characters and twips both, as xml.indent writes a first-line indent (layout.md §9)."""
    attrs = {"leftChars": round(left * 100), "left": twips(left * size_pt),
             "firstLineChars": round(first * 100), "firstLine": twips(first * size_pt)}
    return el("w:ind", **attrs)


def _footnote_styles(doc, lay: Layout) -> dict[str, str]:
    """脚注文本 in 仿宋 小四 on exact lines, no indent; 脚注引用 a superscript of the text around it."""
    size = lay.caption_size_pt
    text = doc.styles.add_style(FOOTNOTE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = doc.styles["Normal"]
    ppr = text.element.get_or_add_pPr()
    put(ppr, exact_spacing(size * FOOTNOTE_LINE_RATIO))
    put(ppr, indent())
    put(ppr, el("w:jc", val="both"))
    run_props(text.element.get_or_add_rPr(), cjk=lay.font_fangsong, latin=lay.font_latin, size_pt=size)
    mark = doc.styles.add_style(FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER)
    mark.base_style = doc.styles["Default Paragraph Font"]
    put(mark.element.get_or_add_rPr(), el("w:vertAlign", val="superscript"), RPR_SEQ)
    for style in (text, mark):
        style.style_id = FOOTNOTE_IDS[style.name]
        # built-in styles, which Word knows by name: not custom ones
        style.element.attrib.pop(qn("w:customStyle"), None)
    return {FOOTNOTE_TEXT: text.style_id, FOOTNOTE_REFERENCE: mark.style_id}
