"""The Word document's styles, built from the series layout (layout.md §10) into each template once."""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

from jianbao.layout import Layout, mm_to_pt
from jianbao.render.word.xml import (
    border,
    borders,
    el,
    exact_spacing,
    fonts,
    half_points,
    indent,
    put,
    run_props,
    twips,
)

CLASSIFICATION = "JB Classification"
PROGRAM = "JB Program"
MASTHEAD = "JB Masthead"
ISSUE_NUMBER = "JB Issue Number"
ISSUER_LINE = "JB Issuer Line"
HEADLINE = "JB Headline"
NOTE = "JB Note"
BODY = "JB Body"
HEADINGS = {1: "JB Heading 1", 2: "JB Heading 2", 3: "JB Heading 3", 4: "JB Heading 4"}
TABLE_CAPTION = "JB Table Caption"
TABLE_HEADER = "JB Table Header"
TABLE_TEXT = "JB Table Text"
CHART = "JB Chart"
CHART_CAPTION = "JB Chart Caption"
IMPRINT = "JB Imprint"
PAGE_NUMBER = "JB Page Number"


@dataclass(frozen=True)
class StyleSpec:
    name: str
    cjk: str
    size_pt: float
    align: str = "both"  # w:jc value
    line_pt: float | None = None  # exact line height; None: single (auto) spacing
    first_chars: float = 0
    bold: bool = False
    color: str | None = None
    latin: str | None = None  # None: the layout's Latin face
    keep_next: bool = False
    keep_lines: bool = False
    outline: int | None = None  # 0-based outline level, for Word's navigation pane
    tight: bool = False  # run spacing so that 28 characters fill the 156 mm line
    before_pt: float = 0


def specs(lay: Layout, program_pt: float, masthead_pt: float) -> list[StyleSpec]:
    """One spec per element of the bulletin; sizes and faces from the layout."""
    pitch, body = lay.line_pitch_pt, lay.body_size_pt
    fs, ks, hei = lay.font_fangsong, lay.font_kaiti, lay.font_heiti
    xbs = lay.font_xiaobiaosong
    head_fonts = {1: (hei, False), 2: (ks, lay.heading2_bold), 3: (fs, lay.heading3_bold),
                  4: (fs, False)}
    out = [
        StyleSpec(CLASSIFICATION, hei, lay.classification_size_pt, "left", pitch, tight=True),
        # Exact lines slightly taller than the type keep the masthead's vertical position
        # predictable (the spacer above it is computed from this height).
        StyleSpec(PROGRAM, xbs, program_pt, "center", round(program_pt * 1.2, 1),
                  color=lay.red),
        StyleSpec(MASTHEAD, xbs, masthead_pt, "center", round(masthead_pt * 1.2, 1),
                  color=lay.red),
        StyleSpec(ISSUE_NUMBER, fs, body, "center", pitch, tight=True),
        StyleSpec(ISSUER_LINE, fs, body, "left", pitch, tight=True),
        StyleSpec(HEADLINE, xbs, lay.headline_size_pt, "center", lay.headline_line_pt,
                  bold=lay.headline_bold, keep_next=True, keep_lines=True, outline=0),
        StyleSpec(NOTE, ks, body, "both", pitch, first_chars=lay.first_line_chars, tight=True),
        StyleSpec(BODY, fs, body, "both", pitch, first_chars=lay.first_line_chars, tight=True),
        StyleSpec(TABLE_CAPTION, fs, lay.caption_size_pt, "center", pitch,
                  bold=lay.caption_bold, keep_next=True),
        StyleSpec(TABLE_HEADER, hei, lay.table_size_pt, "center", lay.table_line_pt),
        StyleSpec(TABLE_TEXT, fs, lay.table_size_pt, "center", lay.table_line_pt),
        # a little air above a chart, which may follow a table or text directly
        StyleSpec(CHART, fs, body, "center", None, keep_next=True,
                  before_pt=round(pitch / 4, 1)),
        # Single spacing: LibreOffice draws an exact-height line over an image that
        # keep-with-next has just moved to a new page.
        StyleSpec(CHART_CAPTION, fs, lay.caption_size_pt, "center", None,
                  bold=lay.caption_bold),
        StyleSpec(IMPRINT, fs, lay.imprint_size_pt, "left", lay.imprint_pitch_pt),
        # GB 7.5 asks for 宋体 numerals, so the Latin slots carry 宋体 too.
        StyleSpec(PAGE_NUMBER, lay.font_songti, lay.page_number_size_pt, "left",
                  lay.page_number_size_pt, latin=lay.font_songti),
    ]
    for level, (face, bold) in head_fonts.items():
        out.append(StyleSpec(HEADINGS[level], face, body, "both", pitch,
                             first_chars=lay.first_line_chars, bold=bold, keep_next=True,
                             outline=level, tight=True))
    return out


# The defaults every part of a document may refer to; the template's other ~160 styles are unused.
KEPT_TEMPLATE_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}


def build_styles(doc, lay: Layout, program_pt: float, masthead_pt: float) -> dict[str, str]:
    """Normal, the document defaults, and one paragraph style per element; returns name → style id."""
    prune_styles(doc)
    _doc_defaults(doc, lay)
    normal = doc.styles["Normal"].element
    ppr = normal.get_or_add_pPr()
    put(ppr, el("w:widowControl", val=0))  # widow control would break the 22-line page
    # Word otherwise pads CJK/Latin and CJK/digit boundaries, which breaks the 28-char line.
    put(ppr, el("w:autoSpaceDE", val=0))
    put(ppr, el("w:autoSpaceDN", val=0))
    put(ppr, exact_spacing(lay.line_pitch_pt))
    put(ppr, el("w:jc", val="both"))
    run_props(normal.get_or_add_rPr(), cjk=lay.font_fangsong, latin=lay.font_latin,
              size_pt=lay.body_size_pt)
    return {spec.name: _add(doc, lay, spec).style_id for spec in specs(lay, program_pt, masthead_pt)}


def prune_styles(doc) -> None:
    """Remove the template's styles other than the defaults: Word's style list shows the house styles only."""
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_TEMPLATE_STYLES:
            doc.styles.element.remove(style)


def _add(doc, lay: Layout, spec: StyleSpec):
    """The paragraph style of `spec`, added to the document; its id is whatever python-docx assigned."""
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    node = style.element
    ppr = node.get_or_add_pPr()
    if spec.keep_next:
        put(ppr, el("w:keepNext"))
    if spec.keep_lines:
        put(ppr, el("w:keepLines"))
    put(ppr, exact_spacing(spec.line_pt, spec.before_pt))
    put(ppr, indent(first_chars=spec.first_chars, char_pt=spec.size_pt))
    put(ppr, el("w:jc", val=spec.align))
    if spec.outline is not None:
        put(ppr, el("w:outlineLvl", val=spec.outline))
    if spec.name == ISSUER_LINE:
        _issuer_line(ppr, lay)
    run_props(node.get_or_add_rPr(), cjk=spec.cjk, latin=spec.latin or lay.font_latin,
              size_pt=spec.size_pt, bold=spec.bold, color=spec.color,
              spacing_pt=lay.char_spacing_pt if spec.tight else 0)
    return style


def _issuer_line(ppr, lay: Layout) -> None:
    """Issuer left, date on a right tab at the type width, the red rule 4 mm below (§2.2)."""
    tabs = el("w:tabs")
    tabs.append(el("w:tab", val="right", pos=twips(mm_to_pt(lay.type_width_mm))))
    put(ppr, tabs)
    rule = border("bottom", lay.red_rule_pt, lay.red, mm_to_pt(lay.red_rule_gap_mm))
    put(ppr, borders("w:pBdr", {"bottom": rule}))


def _doc_defaults(doc, lay: Layout) -> None:
    """Replace the template's theme fonts (which would override explicit names) and spacing."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = el("w:rPrDefault")
    rpr = el("w:rPr")
    rpr.append(fonts(lay.font_fangsong, lay.font_latin))
    rpr.append(el("w:sz", val=half_points(lay.body_size_pt)))
    rpr.append(el("w:szCs", val=half_points(lay.body_size_pt)))
    rpr.append(el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    rpr_default.append(rpr)
    ppr_default = el("w:pPrDefault")
    ppr = el("w:pPr")
    ppr.append(el("w:spacing", before=0, after=0, line=240, lineRule="auto"))
    ppr_default.append(ppr)
    for child in list(defaults):
        defaults.remove(child)
    defaults.append(rpr_default)
    defaults.append(ppr_default)


# Public names for the press layout (render/word/press.py), which builds its own style set.
add_style = _add
doc_defaults = _doc_defaults
