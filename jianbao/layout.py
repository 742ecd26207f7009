"""The official bulletin layout as numbers (transcribed from design/layout.md), overridable per series."""

from __future__ import annotations

from dataclasses import dataclass

MM_PER_PT = 25.4 / 72


def mm_to_pt(mm: float) -> float:
    return mm / MM_PER_PT


@dataclass(frozen=True)
class Layout:
    """Every number of the layout. Tags follow layout.md: [GB] standard, [TPL] template, [CP] practice."""

    # §1 page [GB 5.1, 5.2.1]; right/bottom derived from the 156 x 225 mm type area.
    page_width_mm: float = 210
    page_height_mm: float = 297
    margin_top_mm: float = 37
    margin_bottom_mm: float = 35
    margin_left_mm: float = 28
    margin_right_mm: float = 26

    # §1 body [GB 5.2.2, 7.3.3]; pitch 28.95 pt so that 22 lines fit 225 mm [TPL psknlr].
    body_size_pt: float = 16
    line_pitch_pt: float = 28.95
    first_line_chars: float = 2
    # -0.25 pt per character gives 28 characters per 156 mm line [TPL psknlr].
    char_spacing_pt: float = -0.25

    # §2 masthead [TPL psknlr / CP]. Red: FF0000 is the majority of the templates.
    red: str = "FF0000"
    masthead_size_pt: float = 42
    masthead_top_mm: float = 20
    program_size_pt: float = 16
    classification_size_pt: float = 16
    # Sources give 2.25, 1.9, 1.5, 1.5 and 1.0-1.4 pt: 1.5 pt is the value two agree on.
    red_rule_pt: float = 1.5
    red_rule_gap_mm: float = 4

    # §3 headline [GB 7.3.1]; 35 pt exact lines (Mrered and 360doc agree).
    headline_size_pt: float = 22
    headline_line_pt: float = 35
    headline_chars_per_line: int = 20
    # Two sources embolden, one does not; 小标宋 already carries the weight, and Word's fake
    # bold smears it, so this stays off unless a series asks.
    headline_bold: bool = False

    # §4 headings [GB 7.3.3]; bold on level 3 is the majority, on level 2 the minority.
    heading2_bold: bool = False
    heading3_bold: bool = True

    # §5 captions and tables [CP]
    caption_size_pt: float = 12
    caption_bold: bool = True
    table_size_pt: float = 10.5
    table_line_pt: float = 21
    chart_width_mm: float = 156

    # §6 page numbers [GB 7.5]
    page_number_size_pt: float = 14
    page_number_gap_mm: float = 7

    # §7 报尾 [GB 7.4 by analogy]
    imprint_size_pt: float = 14
    imprint_thick_mm: float = 0.35
    imprint_thin_mm: float = 0.25
    imprint_pitch_ratio: float = 0.95

    # §8 fonts: official names written into documents.
    font_xiaobiaosong: str = "方正小标宋简体"
    font_fangsong: str = "仿宋_GB2312"
    font_kaiti: str = "楷体_GB2312"
    font_heiti: str = "黑体"
    font_songti: str = "宋体"
    font_latin: str = "Times New Roman"

    @property
    def type_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def imprint_pitch_pt(self) -> float:
        return round(self.line_pitch_pt * self.imprint_pitch_ratio, 2)
