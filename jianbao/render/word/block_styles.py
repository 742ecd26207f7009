"""Styles of the blocks issue #18 added (lists, notes), added to a bulletin or press template.

Each paragraph style is based on a style the template already has (正文, 图题) and sets only what
differs from it, so it takes that template's line spacing: the bulletin's exact 22-line pitch, or
the press release's 1.5 lines.
"""

from __future__ import annotations

from collections.abc import Mapping

from docx.enum.style import WD_STYLE_TYPE

from jianbao.layout import Layout
from jianbao.render.word import styles as st
from jianbao.render.word.xml import el, indent, put, run_props, twips

# Nested list items, by depth (1, 2): a body paragraph moved right by two characters a level.
# The reader nests lists three deep (markup.MAX_LIST_DEPTH), so depths 1 and 2 are all there is.
LIST_INDENTS = {1: "JB List Indent 1", 2: "JB List Indent 2"}
FIGURE_NOTE = "JB Figure Note"  # 注：… / 数据来源：… under a table, or under a chart's or photo's caption


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

