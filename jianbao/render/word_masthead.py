"""Page 1 masthead (报头) of the Word bulletin, and the wrapping of article headlines (layout.md §2, §3)."""

from __future__ import annotations

import math
from itertools import combinations
from typing import Mapping

from ..layout import Layout, mm_to_pt
from ..model import Issue
from . import word_styles as st
from .word_oxml import paragraph_properties
from .word_template import add_paragraph, add_text
from .word_xml import el, exact_spacing, put, text_width

# Fraction of the type width a one-line mark may take (psknlr's shrink rule, layout.md §2.2).
FIT_RATIO = 0.96
# The ink of a CJK glyph starts about 0.12 × size below the top of an exact line of 1.2 × size
# (measured on LibreOffice renders): the spacer above the mark is shortened by that much.
GLYPH_TOP_RATIO = 0.12

# Beyond this many ways to break a headline, fall back to cutting it evenly.
MAX_SPLITS = 5000
NO_LINE_START = set("，。、；：？！”’）》」』】…—·%")
NO_LINE_END = set("“‘（《「『【")


def fit_size(text: str, max_pt: float, lay: Layout) -> float:
    """The largest size (in half points) ≤ max_pt at which `text` fits one line of the type area."""
    width = mm_to_pt(lay.type_width_mm) * FIT_RATIO / max(1.0, text_width(text))
    return min(max_pt, math.floor(width * 2) / 2)


def masthead_sizes(issue: Issue) -> tuple[float, float]:
    lay = issue.series.layout
    program = fit_size(issue.series.program, lay.program_size_pt, lay) if issue.series.program \
        else lay.program_size_pt
    return program, fit_size(issue.series.title, lay.masthead_size_pt, lay)


def add_masthead(doc, issue: Issue, note: bool, ids: Mapping[str, str]) -> None:
    """Classification, program line, red title, 第N期, issuer/date over the red rule, blank lines.

    With an issue-level 编者按 (`note`) only one blank line follows the rule; the caller
    writes the note and one more blank line, so the headline keeps its distance.
    """
    series, lay = issue.series, issue.series.layout
    used_pt = 0.0
    if series.classification:
        add_paragraph(doc, ids[st.CLASSIFICATION], series.classification)
        used_pt += lay.line_pitch_pt
    program_pt, title_pt = masthead_sizes(issue)
    first_pt = program_pt if series.program else title_pt
    gap = mm_to_pt(lay.masthead_top_mm) - used_pt - GLYPH_TOP_RATIO * first_pt
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


def add_headline(doc, title: str, lay: Layout, ids: Mapping[str, str]):
    """The headline as one paragraph, its lines split at phrase spaces and joined by breaks."""
    par = add_paragraph(doc, ids[st.HEADLINE])
    for i, line in enumerate(split_headline(title, lay.headline_chars_per_line)):
        run = add_text(par, line)
        if i:
            run.element.insert(run.element.index(run.element.find(el("w:t").tag)), el("w:br"))
    return par


def split_headline(title: str, max_chars: int) -> list[str]:
    """Balanced lines of at most `max_chars`, broken at spaces between phrases (GB 7.3.1).

    Phrases kept on one line keep their space; a space at a break is dropped. A phrase
    longer than a line is cut into balanced pieces that respect CJK line-breaking rules.
    """
    title = " ".join(title.split())
    if text_width(title) <= max_chars:
        return [title] if title else []
    tokens: list[tuple[str, str]] = []  # (separator before, text)
    for phrase in title.split(" "):
        pieces = _cut(phrase, max_chars)
        tokens.append((" ", pieces[0]))
        tokens.extend(("", piece) for piece in pieces[1:])
    tokens[0] = ("", tokens[0][1])
    n = len(tokens)
    fewest = max(1, math.ceil(text_width(title.replace(" ", "")) / max_chars))
    for k in range(fewest, n + 1):
        if math.comb(n - 1, k - 1) > MAX_SPLITS:
            break
        best = None
        for cuts in combinations(range(1, n), k - 1):
            lines = _join(tokens, (0, *cuts, n))
            widths = [text_width(line) for line in lines]
            if max(widths) > max_chars:
                continue
            mean = sum(widths) / k
            key = (max(widths), sum((w - mean) ** 2 for w in widths))
            if best is None or key < best[0]:
                best = (key, lines)
        if best:
            return best[1]
    return _cut(title.replace(" ", ""), max_chars)


def _join(tokens, bounds) -> list[str]:
    lines = []
    for a, b in zip(bounds, bounds[1:]):
        text = tokens[a][1] + "".join(sep + piece for sep, piece in tokens[a + 1:b])
        lines.append(text)
    return lines


def _cut(text: str, max_chars: int) -> list[str]:
    """Cut a phrase into balanced pieces no wider than max_chars."""
    total = text_width(text)
    if total <= max_chars:
        return [text]
    count = math.ceil(total / max_chars)
    target = total / count
    pieces, current = [], ""
    for ch in text:
        if current and text_width(current) >= target and len(pieces) < count - 1 \
                and ch not in NO_LINE_START and current[-1] not in NO_LINE_END:
            pieces.append(current)
            current = ""
        current += ch
    pieces.append(current)
    return pieces
