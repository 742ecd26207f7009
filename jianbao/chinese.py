"""Chinese text: how wide it is, how a soft line break joins it, and where a headline breaks (禁则)."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# 行首禁则: closing marks that never start a line; 行尾禁则: opening marks that never end one
# (GB/T 15834 practice). The dash and ellipsis are in the first set so a —— or …… is never split.
NO_LINE_START = frozenset("，。、；：？！”’）》」』】〕〗〉…—·%‰℃,.;:?!)]}")
NO_LINE_END = frozenset("“‘（《「『【〔〖〈([{")

_TITLE_SPACE = re.compile(r"[ \t\u3000]+")
_SOFT_BREAK = re.compile(r"[ \t]*(?:\n[ \t]*)+")


# ---------------------------------------------------------------- width

def is_zero_width(ch: str) -> bool:
    """A combining or format mark (accent, zero-width joiner): it takes no room of its own."""
    return bool(unicodedata.combining(ch)) or unicodedata.category(ch) in ("Mn", "Me", "Cf")


def is_wide(ch: str) -> bool:
    """A character a Chinese font sets one full em wide and a terminal gives two columns.

    That is every wide and fullwidth character (汉字, ，。（）, Ａ) and, of those Unicode calls
    ambiguous, the punctuation, symbols and numerals (“”‘’…—·①Ⅰ×), which Chinese fonts and
    consoles draw wide; ambiguous letters (é, α, д) and combining marks stay narrow.
    """
    width = unicodedata.east_asian_width(ch)
    if width in ("F", "W"):
        return True
    return width == "A" and not unicodedata.category(ch).startswith(("L", "M"))


def em_width(text: str) -> float:
    """Width of `text` set in a Chinese font, in em: wide characters 1, marks 0, the rest ½."""
    return sum(0.0 if is_zero_width(c) else 1.0 if is_wide(c) else 0.5 for c in text)


def columns(text: str) -> int:
    """Terminal columns of `text`: wide characters two, marks none, the rest one."""
    return int(2 * em_width(text))


def clip_to_columns(text: str, width: int) -> str:
    """The longest start of `text` that fits `width` terminal columns (marks stay with their letter)."""
    used = 0
    for i, c in enumerate(text):
        used += columns(c)
        if used > width:
            return text[:i]
    return text


# ---------------------------------------------------------------- soft line breaks

def join_soft_breaks(text: str) -> str:
    """A line break of the source disappears beside Chinese text and becomes a space between Latin words.

    The break is a wrap of the editor, not of the bulletin (a line break of the bulletin is the
    model's LineBreak): Chinese has no spaces between words, Latin words need one. Blanks around
    the break go with it; a break at either end of `text` goes without a trace.
    """
    return _join_gaps(_SOFT_BREAK, text)


def one_line_title(title: str) -> str:
    """A headline set on one line (a WeChat title): its line-break spaces go, Latin words keep theirs.

    A space in a title marks where the headline may break (docs/format.md); set on one line, a
    space beside Chinese text is no longer wanted, while one between Latin words or numbers is.
    """
    return _join_gaps(_TITLE_SPACE, title.strip())


def _join_gaps(gap: re.Pattern, text: str) -> str:
    """Each gap `gap` matches goes where it touches Chinese text or an end, and is one space
    between Latin words: the rule of soft line breaks and of a headline's break spaces alike."""
    def join(match: re.Match) -> str:
        start, end = match.start(), match.end()
        if start == 0 or end == len(text) or is_wide(text[start - 1]) or is_wide(text[end]):
            return ""
        return " "
    return gap.sub(join, text)


# ---------------------------------------------------------------- headline lines

def can_break_between(before: str, after: str) -> bool:
    """Whether a line may end with `before` and the next start with `after` (no space between them).

    Not before a closing mark or a combining mark, not after an opening mark, and not inside a
    run of narrow characters, which keeps Latin words and figures such as 2017 or 85.6% whole.
    """
    return (after not in NO_LINE_START and before not in NO_LINE_END and not is_zero_width(after)
            and (is_wide(before) or is_wide(after)))


class _Break(NamedTuple):
    end: int  # where the line before the break ends
    start: int  # where the next line starts (one later when a space is dropped)
    inside_phrase: bool


def _breaks(text: str) -> list[_Break]:
    out = []
    for p in range(1, len(text)):
        if text[p] == " ":
            # A space between phrases: the preferred place (GB 7.3.1 keeps words whole).
            if text[p - 1] not in NO_LINE_END and text[p + 1] not in NO_LINE_START:
                out.append(_Break(p, p + 1, False))
        elif text[p - 1] != " " and can_break_between(text[p - 1], text[p]):
            out.append(_Break(p, p, True))
    return out


def headline_lines(title: str, max_em: float) -> list[str]:
    """The lines of a headline: balanced, at most `max_em` wide, broken at phrase spaces where possible.

    Word and HTML print these same lines (GB 7.3.1: 回行时词意完整, 排列对称, 长短适宜). Of all
    ways to break, the one chosen has, in this order of importance: the least width beyond
    `max_em` (more than none only where a run cannot be broken at all), the fewest breaks inside
    a phrase, the fewest lines, the narrowest widest line, and the most even widths (least sum of
    squares); on a tie the shorter first line, so that lines widen downwards like a 梯形. No line
    starts with a closing mark or ends with an opening one. A space at a break is dropped.
    """
    text = " ".join(title.split())
    if not text:
        return []
    if em_width(text) <= max_em:
        return [text]
    offset = [0.0]
    for c in text:
        offset.append(offset[-1] + em_width(c))
    breaks = _breaks(text)
    plan = _cheapest(breaks, offset, max_em, cap=float("inf"))
    goal = plan[0][0]
    if goal[0] == 0:
        # The narrowest cap on line width that still reaches the same number of lines and of
        # breaks inside phrases; then the most even lines under that cap.
        ends = [b.end for b in breaks] + [len(text)]
        starts = [0] + [b.start for b in breaks]
        caps = sorted({w for s in starts for e in ends if e > s
                       for w in [offset[e] - offset[s]] if w <= max_em})
        low, high = 0, len(caps) - 1
        while low < high:
            middle = (low + high) // 2
            trial = _cheapest(breaks, offset, max_em, cap=caps[middle])
            if trial[0] is not None and trial[0][0][:3] == goal[:3]:
                high = middle
            else:
                low = middle + 1
        plan = _cheapest(breaks, offset, max_em, cap=caps[low])
    lines, start = [], 0
    while True:
        b = plan[start][1]
        if b is None:
            lines.append(text[start:])
            return lines
        lines.append(text[start:b.end])
        start = b.start


def _cheapest(breaks: list[_Break], offset: list[float], max_em: float, cap: float) -> dict:
    """For each place a line may start: the cheapest way to set the rest, with no line wider than
    `cap`, as (cost, the break that ends its first line), or None when no way keeps to the cap.

    Costs are (width beyond max_em, breaks inside a phrase, lines, sum of squared widths): summed
    line by line and compared in that order, so the cheapest rest after each break is all a start
    needs to know.
    """
    end = len(offset) - 1
    best: dict[int, tuple[tuple, _Break | None] | None] = {}
    for start in sorted({0} | {b.start for b in breaks}, reverse=True):
        chosen = None
        for b in [None, *(b for b in breaks if b.end > start)]:
            line_end, rest = (end, ((0.0, 0, 0, 0.0), None)) if b is None else (b.end, best[b.start])
            width = offset[line_end] - offset[start]
            if width > cap or rest is None:
                continue
            after = rest[0]
            total = (max(0.0, width - max_em) + after[0], (b is not None and b.inside_phrase) + after[1],
                     1 + after[2], width * width + after[3])
            if chosen is None or total < chosen[0]:
                chosen = (total, b)
        best[start] = chosen
    return best
