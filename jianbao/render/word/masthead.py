"""Page 1 masthead (报头) of the Word bulletin, and article headlines as one paragraph of lines (layout.md §2, §3)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from jianbao.chinese import em_width, headline_lines
from jianbao.layout import Layout, mm_to_pt
from jianbao.model import Issue
from jianbao.render.word import styles as st
from jianbao.render.word.oxml import paragraph_properties
from jianbao.render.word.template import add_paragraph, add_text
from jianbao.render.word.xml import el, exact_spacing, put

# Fraction of the type width a one-line mark may take (psknlr's shrink rule, layout.md §2.2).
FIT_RATIO = 0.96
# The ink of a CJK glyph starts about 0.12 × size below the top of an exact line of 1.2 × size
# (measured on LibreOffice renders): the spacer above the mark is shortened by that much.
GLYPH_TOP_RATIO = 0.12


def fit_size(text: str, max_pt: float, lay: Layout) -> float:
    """The largest size (in half points) ≤ max_pt at which `text` fits one line of the type area."""
    width = mm_to_pt(lay.type_width_mm) * FIT_RATIO / max(1.0, em_width(text))
    return min(max_pt, math.floor(width * 2) / 2)


def masthead_sizes(issue: Issue) -> tuple[float, float]:
    lay = issue.series.layout
    program = fit_size(issue.series.program, lay.program_size_pt, lay) if issue.series.program \
        else lay.program_size_pt
    return program, fit_size(issue.series.title, lay.masthead_size_pt, lay)


def add_masthead(doc, issue: Issue, note: bool, ids: Mapping[str, str]) -> None:
    """Marking lines, program line, red title, 第N期, issuer/date over the red rule, blank lines.

    With something between the rule and the first headline (`note`: a 更正 notice, the issue's
    编者按 or 本期要目) only one blank line follows the rule; the caller writes it and one more
    blank line, so the headline keeps its distance.
    """
    series, lay = issue.series, issue.series.layout
    program_pt, title_pt = masthead_sizes(issue)
    first_pt = program_pt if series.program else title_pt
    room = mm_to_pt(lay.masthead_top_mm) - GLYPH_TOP_RATIO * first_pt
    used_pt = add_marking_lines(doc, issue.marking_lines, room, lay, ids)
    gap = room - used_pt
    if gap >= 1:
        spacer = doc.add_paragraph()
        put(paragraph_properties(spacer), exact_spacing(round(gap, 1)))
    if series.program:
        add_paragraph(doc, ids[st.PROGRAM], series.program)
    add_paragraph(doc, ids[st.MASTHEAD], series.title)
    doc.add_paragraph()
    number = issue.number_label
    if issue.total_label:
        number += f"（{issue.total_label}）"
    add_paragraph(doc, ids[st.ISSUE_NUMBER], number)
    doc.add_paragraph()
    add_paragraph(doc, ids[st.ISSUER_LINE], f"{series.issuer}\t{issue.date_label}")
    for _ in range(1 if note else 2):
        doc.add_paragraph()


def add_marking_lines(doc, lines: tuple[str, ...], room_pt: float, lay: Layout,
                      ids: Mapping[str, str]) -> float:
    """密级★期限 and 紧急程度 (or the series' 内部资料 line), one a line, top left (GB 7.2.3); their height.

    At the body pitch two lines would push the red name below its 20 mm: then they close up
    to share the room above it.
    """
    if not lines:
        return 0.0
    pitch = lay.line_pitch_pt
    closed = pitch * len(lines) > room_pt
    if closed:
        pitch = math.floor(room_pt / len(lines) * 10) / 10
    for line in lines:
        par = add_paragraph(doc, ids[st.CLASSIFICATION], line)
        if closed:
            put(paragraph_properties(par), exact_spacing(pitch))
    return pitch * len(lines)


def add_headline(doc, title: str, lay: Layout, ids: Mapping[str, str]):
    """The headline as one paragraph, its lines (the same as in HTML) joined by line breaks."""
    par = add_paragraph(doc, ids[st.HEADLINE])
    for i, line in enumerate(headline_lines(title, lay.headline_chars_per_line)):
        run = add_text(par, line)
        if i:
            run.element.insert(run.element.index(run.element.find(el("w:t").tag)), el("w:br"))
    return par
