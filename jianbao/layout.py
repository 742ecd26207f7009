"""The official bulletin layout as numbers (transcribed from design/layout.md), overridable per series."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MM_PER_PT = 25.4 / 72
# Below this a chart's axes, labels and legend no longer fit: a series setting that leaves less for a
# picture is overruled (the page then may stay emptier than a third rather than the chart unreadable).
MIN_PICTURE_MM = 30.0
# What stays on a page with a picture, in body lines: a heading kept with it above, the gap above the
# picture (a quarter line) and its one-line caption below (12 pt captions take less than a line).
KEPT_WITH_PICTURE_LINES = 2.25
# A table cell's padding, left and right together, in em of the table's text (Word's default cell
# margins are 1.9 mm a side, the page's 0.6 em).
CELL_PADDING_EM = 1.2


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
    # Issue #18: a block that cannot break (a picture with its caption and a heading kept with it,
    # the start of a table with its caption) and moves to the next page leaves at most its own
    # height empty there. At a third of the type area's height [DER 225 / 3] no page before the
    # last is more than a third empty, in Word, WPS, LibreOffice and the browser alike.
    figure_max_height_mm: float = 75

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
    def type_height_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm

    @property
    def imprint_pitch_pt(self) -> float:
        return round(self.line_pitch_pt * self.imprint_pitch_ratio, 2)

    @property
    def picture_max_height_mm(self) -> float:
        """The tallest a picture (chart, photo) may stand: figure_max_height_mm less what stays on
        its page with it."""
        kept_mm = KEPT_WITH_PICTURE_LINES * self.line_pitch_pt * MM_PER_PT
        return max(MIN_PICTURE_MM, self.figure_max_height_mm - kept_mm)


def note_lines(widths_em: Sequence[float], layout: Layout) -> int:
    """The lines that notes under a caption or a table (注：…, 数据来源：…) take, given each note's
    width in em: set in the table's type across the type width."""
    per_line = layout.type_width_mm / (layout.table_size_pt * MM_PER_PT)
    return sum(max(1, math.ceil(w / per_line)) for w in widths_em)


def fit_figure_mm(width_mm: float, height_mm: float, layout: Layout,
                  notes: int = 0) -> tuple[float, float]:
    """A picture of width_mm x height_mm scaled, aspect kept, to fit the type width and the
    picture height cap (never enlarged): the size Word and the printed page give it. `notes` lines
    under its caption (note_lines) stay with it too, so the picture gives up their room."""
    if width_mm <= 0 or height_mm <= 0:
        return width_mm, height_mm
    cap = max(MIN_PICTURE_MM, layout.picture_max_height_mm - notes * layout.table_line_pt * MM_PER_PT)
    scale = min(1.0, layout.type_width_mm / width_mm, cap / height_mm)
    return width_mm * scale, height_mm * scale


def table_kept_whole(cell_widths_em: Sequence[Sequence[float]], layout: Layout, notes: int = 0) -> bool:
    """Whether a table stays in one piece: with its caption, a heading kept with it and `notes`
    lines under it (note_lines), it is no taller than figure_max_height_mm. `cell_widths_em` holds
    each row's cell text widths in em, header first; a cell wider than its column wraps onto more
    lines (columns share the width)."""
    columns = max((len(row) for row in cell_widths_em), default=1) or 1
    room_em = layout.type_width_mm / columns / (layout.table_size_pt * MM_PER_PT) - CELL_PADDING_EM
    lines = sum(max((math.ceil(w / max(room_em, 1.0)) for w in row), default=1) or 1
                for row in cell_widths_em) + notes
    height_pt = lines * layout.table_line_pt + 2 * layout.line_pitch_pt
    return height_pt * MM_PER_PT <= layout.figure_max_height_mm
