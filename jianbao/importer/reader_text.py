"""Plain text of a past bulletin (typed, or extracted from a PDF) → paragraphs and tables, residue removed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jianbao.chinese import columns
from jianbao.importer.pages import strip_pages
from jianbao.importer.source import SourceDoc, SourcePara, SourceTable, Span, clean, tidy_body
from jianbao.importer.text_footnotes import page_footnotes
from jianbao.importer.text_tables import (
    MAX_CELL,
    NUMBER_CELL,
    cell_tables,
    spaced_tables,
    table_end,
    table_rows,
)

UNWRAPPED = 90  # display width (CJK = 2); an A4 bulletin line holds 28 characters, 56
INDENT = re.compile(r"^(?:[ \t]{2,}|\u3000)")
CENTERED = re.compile(r"^(?: {6,}|\u3000{3,})\S")  # pdftotext -layout keeps a centred line's left margin
ORDINALS = "一二三四五六七八九十"
# Lines that always start a paragraph of their own: headings, highlights, list items, captions and the
# notes under them, 本期要目, the 签发 line and the 报尾.
STRUCTURAL = re.compile(rf"^(?:\*\*)?(?:[{ORDINALS}]+[、是]|（[{ORDINALS}]+）|\([{ORDINALS}]+\)|\d+[.．、](?!\d)|（\d+）"
                        r"|[①-⑳]|表\s*\d|图\s*\d|表[：:]|(?:注|数据来源|来源|摄影)[：:]|本期要目|编者按"
                        r"|(?:签发|审核|校对)[：:]|(?:报|送|发|抄送|抄报|分送|印发)[：:]|（?共印)")
TERMINAL = set("。！？；：…!?;:")
CLOSERS = set("”’）」』】》)\"'")
IMPRINT = re.compile(r"^(?:报|送|发|抄送|抄报|分送|主送)[：:]")


def read_text(raw: str) -> SourceDoc:
    """Paragraphs (blank lines, indentation and structure separate them) and tables, page residue dropped.

    Page breaks are no paragraph breaks: once page numbers and running heads are gone, the last line
    of a page and the first of the next are read like any two lines in a row, so a sentence, a
    highlight or a table carries on across the break (and the place is reported as joined).
    """
    doc = SourceDoc("text", unit="行")
    lines = clean(raw.lstrip("\ufeff")).split("\n")
    doc.lines = [line.replace("\f", "") for line in lines]
    notes = page_footnotes(lines, doc)  # before the pages are spliced: a footnote ends its page
    kept, opens = strip_pages(lines, doc.dropped, notes)
    widths = sorted(_width(line) for _, line in kept if line.strip())
    # the width of a full line of the page: a shorter line ends its paragraph in hard-wrapped text
    full = widths[int(len(widths) * 0.9)] if widths else 0
    if full > UNWRAPPED:  # lines longer than a printed line: one paragraph per line, nothing to join
        full = 0
    # pdftotext -layout keeps a paragraph's first-line indent; plain pdftotext and typed text may not
    wrap = Wrap(full, frozenset(opens), any(INDENT.match(line) and not CENTERED.match(line) for _, line in kept))
    block: list[tuple[int, str]] = []
    for number, line in kept:
        if line.strip():
            block.append((number, line.rstrip()))
            continue
        _flush(block, doc, wrap)
        block = []
    _flush(block, doc, wrap)
    doc.items = cell_tables(spaced_tables(doc.items), doc.unsure)
    return doc


@dataclass(frozen=True)
class Wrap:
    """How the text was wrapped: what tells a line that goes on from one that starts a paragraph."""

    full: int  # the display width of a full printed line; 0 when lines are paragraphs (not hard-wrapped)
    opens: frozenset[int]  # numbers of the lines that open a page after a removed page break
    indents: bool  # whether paragraphs keep their first-line indent in this text


def _width(line: str) -> int:
    """Display columns without spaces (which PDF extraction adds around digits): CJK counts 2."""
    return columns("".join(ch for ch in line if not ch.isspace()))


def _flush(block: list[tuple[int, str]], doc: SourceDoc, wrap: Wrap) -> None:
    """The lines of one block (between blank lines) → paragraphs and tables appended to doc.items."""
    full, opens = wrap.full, wrap.opens
    i = 0
    while i < len(block):
        end = table_end(block, i)
        if end > i:
            doc.items.append(SourceTable(block[i][0], table_rows(block[i:end])))
            i = end
            continue
        number, line = block[i]
        text = line.strip(" \t\u3000")
        previous = doc.items[-1] if doc.items else None
        starts_new = (previous is None or i == 0 or not isinstance(previous, SourcePara)
                      or STRUCTURAL.match(text) or not full or _width(block[i - 1][1]) < 0.85 * full
                      # an indented line opens a paragraph, but a 报尾 row's hanging indent does not, nor
                      # the next line of a nested list item, less indented than the item's first line
                      or (INDENT.match(line) and not IMPRINT.match(previous.text)
                          and not _indent(line) < _indent(block[i - 1][1])))
        if starts_new:
            centered = bool(CENTERED.match(line)) and len(text) <= 40
            # a line alone before a blank line or a page break: in plain pdftotext output, maybe a table cell
            alone = i == len(block) - 1 or block[i + 1][0] in opens
            doc.items.append(SourcePara(number, [Span(text)], centered=centered, cell=alone and _cell_like(text)))
        else:  # a hard-wrapped line of the paragraph above
            last = doc.items[-1]
            last.spans = [Span(_join(last.text, text))]
            if number in opens:
                doc.joined.append((number, f"与上一页末行接续（跨页断行，第{last.where}行起的段落）"))
            elif not wrap.indents and _ends_sentence(block[i - 1][1]):
                doc.unsure.append((number, "上一行在句末排满一行，原文没有首行缩进可以判断是否另起一段，"
                                           "已按同一段接上，请核对"))
        i += 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t\u3000"))


def _cell_like(text: str) -> bool:
    """A short line that may be one cell of a table that plain pdftotext printed a cell a line."""
    return (len(text) <= MAX_CELL and not re.search(r"[，。；：！？,;!?]", text) and text[-1] != "、"
            and (not STRUCTURAL.match(text) or bool(NUMBER_CELL.match(text))))


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    while text and text[-1] in CLOSERS:
        text = text[:-1]
    return bool(text) and text[-1] in "。！？!?"


def is_terminal(text: str) -> bool:
    """Does a paragraph end here? A closing quote counts only after a full stop: 。” ends, ” alone does not."""
    text = text.rstrip().removesuffix("**").rstrip()
    while text and text[-1] in CLOSERS:
        if len(text) >= 2 and text[-2] in TERMINAL:
            return True
        if text[-1] in "）)" :
            return False
        text = text[:-1]
    return bool(text) and text[-1] in TERMINAL


def _join(before: str, after: str) -> str:
    """Lines of one sentence join directly; Latin words keep one space between them."""
    if before and after and before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalpha():
        return f"{before} {after}"
    return before + after


def join_broken(paras: list, unit: str = "行") -> tuple[list, list[tuple[int, str]]]:
    """Join paragraphs that a blank line cut mid-sentence (no closing punctuation, the next no heading);
    returns the items and what was joined. A line that may be a table cell is never joined."""
    out: list = []
    joined: list[tuple[int, str]] = []
    for item in paras:
        prev = out[-1] if out else None
        if (isinstance(item, SourcePara) and isinstance(prev, SourcePara) and not item.style and not prev.style
                and not item.cell and not prev.cell
                and not is_terminal(prev.text) and not STRUCTURAL.match(item.text.strip())
                and not _looks_like_heading(prev.text)):
            prev.spans = [Span(_join(prev.text, item.text))]
            joined.append((item.where, f"与上一段接续（上一段没有句末标点，第{prev.where}{unit}）"))
            continue
        out.append(item)
    return out, joined


def _looks_like_heading(text: str) -> bool:
    return bool(STRUCTURAL.match(text.strip())) and len(text.strip()) <= 40 and not is_terminal(text)


def bold_spans(text: str) -> list[Span]:
    """`**…**` from a PDF-to-text converter become bold spans; an unpaired ** is dropped."""
    text = tidy_body(text)
    parts = text.split("**")
    if len(parts) % 2 == 0:  # odd number of marks: the last one has no partner
        parts[-2:] = [parts[-2] + parts[-1]]
    spans = [Span(part, bold=i % 2 == 1) for i, part in enumerate(parts) if part]
    merged: list[Span] = []
    for span in spans:
        if merged and merged[-1].bold == span.bold:
            merged[-1] = Span(merged[-1].text + span.text, span.bold)
        else:
            merged.append(span)
    return merged
