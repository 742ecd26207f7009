"""Footnotes at the foot of a page of PDF text: the note taken out of the text, its call marked where it stands."""

from __future__ import annotations

import re

from jianbao.chinese import columns
from jianbao.importer.pages import page_numbers, split_pages
from jianbao.importer.source import SourceDoc, Span, footnote_mark, tidy_body

MARK_LINE = re.compile(r"^\s*([1-9]|[12]\d)\s*$")  # articles number their footnotes from 1: a few at most
FOOT = 12  # the lines at the foot of a page where its footnotes may stand
DENSER = 1.08  # a footnote's full line holds more than the body's (小四 against 三号)
SHORT = 20  # a note not ending a sentence must be longer than a table cell (text_tables.MAX_CELL)
IMPRINT = re.compile(r"^\s*(?:(?:报|送|发|抄送|抄报|分送|主送|印发)\s*[：:]|[（(]?共印)")
# What opens a line of the text, never a footnote: a note under a table or chart, a caption, a heading
NOT_A_NOTE = re.compile(r"^\s*(?:注|数据来源|来源|摄影|签发)\s*[：:]|^\s*[表图]\s*\d|^\s*[一二三四五六七八九十]+[、是]")
CJK = re.compile(r"[\u4e00-\u9fff]")
# A call is the mark printed small right after a word or a closing quote, glued to what follows:
# 双“超 70%”1任务, 大通铺” 1，. Not after 图, 表, 第 (图 1）is a reference), nor before a unit (1 年).
CALL = r"(?<=[\u4e00-\u9fff”’」』）)》])(?<![图表第共约近达为至到])\s?{mark}(?=[^\d\s.．%％年月日时分秒个名人次项所家座台套间户吨辆件米倍元亿万千百]|$)"


def page_footnotes(lines: list[str], doc: SourceDoc) -> set[int]:
    """Footnotes found at the foot of each page, put in `doc.footnotes` with their calls marked in
    `lines` (source.footnote_mark); returns the indexes of the lines they took, which are no text.

    pdftotext prints a footnote's mark on a line of its own, its text after it (-layout) or before
    it (plain reading order, the mark last on the page); its call is a bare number in the text above.
    A foot that does not read so (no call on the page) stays text, and the place is reported.
    """
    pages = split_pages(lines)
    numbers = page_numbers(lines, pages)
    widths = sorted(_width(line) for line in lines if line.strip())
    full = widths[int(len(widths) * 0.9)] if widths else 0
    taken: set[int] = set()
    for page in pages:
        filled = [i for i in page if i not in numbers and lines[i].replace("\f", "").strip()]
        marks = [i for i in filled[-FOOT:] if MARK_LINE.match(lines[i].replace("\f", ""))]
        for k, mark in enumerate(marks):
            bound = marks[k + 1] if k + 1 < len(marks) else page[-1] + 1
            text = [i for i in filled if mark < i < bound and not IMPRINT.match(lines[i])]
            if not text and mark == filled[-1]:
                text = _lines_before(lines, filled, mark, full)
            note = tidy_body("".join(lines[i].replace("\f", "").strip() for i in text))
            # a note is a sentence (a table's cells, a cell a line, are short and end with none)
            if not text or not CJK.search(note) or NOT_A_NOTE.match(lines[text[0]]) or not (
                    note.endswith(("。", "！", "？", "）", ".")) or len(note) > SHORT):
                continue
            number = MARK_LINE.match(lines[mark].replace("\f", "")).group(1)
            above = [i for i in filled if i < min(text + [mark]) and i not in taken]
            call = _call(lines, above, number)
            if call is None:
                doc.unsure.append((mark + 1, f"页脚的「{number}」及「{_short(note)}」像是脚注，但正文中找不到脚注号"
                                             f"“{number}”，已按正文导入，请核对"))
                continue
            line, match = call
            char = footnote_mark(len(doc.footnotes) + 1)
            lines[line] = lines[line][:match.start()] + char + lines[line][match.end():]
            doc.footnotes[char] = [Span(note)]
            taken |= {mark, *text}
            doc.unsure.append((mark + 1, f"页脚的「{number} {_short(note)}」按脚注导入（第{line + 1}行中的“{number}”"
                                         "为脚注号），请核对"))
    return taken


def _width(line: str) -> int:
    return columns("".join(ch for ch in line if not ch.isspace()))


def _lines_before(lines: list[str], filled: list[int], mark: int, full: int) -> list[int]:
    """The note above its mark (plain reading order): the line right above, and above that the lines
    fuller than the body's full line, which only the footnote's smaller type makes."""
    at = filled.index(mark)
    out = [filled[at - 1]] if at > 0 else []
    for i in reversed(filled[:at - 1]):
        if not full or _width(lines[i]) <= full * DENSER:
            break
        out.insert(0, i)
    return out


def _call(lines: list[str], above: list[int], number: str) -> tuple[int, re.Match] | None:
    """(line, match) of the call of footnote `number` in the lines above its note, the last one found."""
    pattern = re.compile(CALL.format(mark=re.escape(number)))
    for i in reversed(above):
        found = list(pattern.finditer(lines[i]))
        if found:
            return i, found[-1]
    return None


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"
