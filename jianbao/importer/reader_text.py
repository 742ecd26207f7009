"""Plain text of a past bulletin (typed, or extracted from a PDF) → paragraphs and tables, residue removed."""

from __future__ import annotations

import re

from jianbao.chinese import columns
from jianbao.importer.source import SourceDoc, SourcePara, SourceTable, Span, clean, tidy_body

PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－─―~～]+\s*\d{1,3}\s*[-—–－─―~～]+|\d{1,3}|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
                         r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
UNWRAPPED = 90  # display width (CJK = 2); an A4 bulletin line holds 28 characters, 56
BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
INDENT = re.compile(r"^(?:[ \t]{2,}|\u3000)")
CENTERED = re.compile(r"^(?: {6,}|\u3000{3,})\S")  # pdftotext -layout keeps a centred line's left margin
ORDINALS = "一二三四五六七八九十"
# Lines that always start a paragraph of their own: headings, highlights, captions, the 报尾.
STRUCTURAL = re.compile(rf"^(?:\*\*)?(?:[{ORDINALS}]+[、是]|（[{ORDINALS}]+）|\([{ORDINALS}]+\)|\d+[.．、](?!\d)|（\d+）"
                        r"|表\s*\d|图\s*\d|表[：:]|编者按|(?:报|送|发|抄送|抄报|分送|印发)[：:]|（?共印)")
TERMINAL = set("。！？；：…!?;:")
CLOSERS = set("”’）」』】》)\"'")
IMPRINT = re.compile(r"^(?:报|送|发|抄送|抄报|分送|主送)[：:]")
PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
COLUMN_GAP = re.compile(r"\t+|[ \u3000]{2,}")


def read_text(raw: str) -> SourceDoc:
    """Paragraphs (blank lines, indentation and structure separate them) and tables, page numbers dropped."""
    doc = SourceDoc("text", unit="行")
    lines = clean(raw.lstrip("\ufeff")).split("\n")
    doc.lines = lines
    block: list[tuple[int, str]] = []
    widths = sorted(_width(line) for line in lines if line.strip())
    # the width of a full line of the page: a shorter line ends its paragraph in hard-wrapped text
    full = widths[int(len(widths) * 0.9)] if widths else 0
    if full > UNWRAPPED:  # lines longer than a printed line: one paragraph per line, nothing to join
        full = 0
    for number, line in enumerate(lines, start=1):
        if "\f" in line:  # a page break (pdftotext puts it before a page's first line) ends a block
            _flush(block, doc, full)
            block = []
            line = line.replace("\f", "")
        if line.strip() and PAGE_NUMBER.match(line) and (not BARE_NUMBER.match(line) or _page_end(lines, number)):
            doc.dropped.append((number, f"页码「{line.strip()}」"))
            continue
        if line.strip():
            block.append((number, line.rstrip()))
            continue
        _flush(block, doc, full)
        block = []
    _flush(block, doc, full)
    doc.items = _spaced_tables(doc.items)
    return doc


def _spaced_tables(items: list) -> list:
    """Rows that pdftotext -layout printed with blank lines between them: aligned one-line paragraphs."""
    out: list = []
    run: list[SourcePara] = []

    def flush():
        if len(run) >= 2:
            out.append(SourceTable(run[0].where, [_cells(p.text) for p in run]))
        else:
            out.extend(run)
        run.clear()

    for item in items:
        cells = _cells(item.text) if isinstance(item, SourcePara) else []
        if len(cells) >= 2 and all(len(c) <= 20 and c[-1] not in "。，；" for c in cells) and (
                not run or len(_cells(run[0].text)) == len(cells)):
            run.append(item)
            continue
        flush()
        if len(cells) >= 2 and all(len(c) <= 20 and c[-1] not in "。，；" for c in cells):
            run.append(item)
            continue
        out.append(item)
    flush()
    return out


def _page_end(lines: list[str], number: int) -> bool:
    """A bare number is a page number only as the last line of a page (before a form feed or the end)."""
    for line in lines[number:]:
        if line.startswith("\f"):
            return True
        if line.strip():
            return False
    return True


def _width(line: str) -> int:
    """Display columns without spaces (which PDF extraction adds around digits): CJK counts 2."""
    return columns("".join(ch for ch in line if not ch.isspace()))


def _flush(block: list[tuple[int, str]], doc: SourceDoc, full: int) -> None:
    i = 0
    while i < len(block):
        table_end = _table_end(block, i)
        if table_end > i:
            doc.items.append(SourceTable(block[i][0], [_cells(line) for _, line in block[i:table_end]
                                                       if not PIPE_RULE.match(line)]))
            i = table_end
            continue
        number, line = block[i]
        text = line.strip(" \t\u3000")
        previous = doc.items[-1] if doc.items else None
        starts_new = (previous is None or i == 0 or not isinstance(previous, SourcePara)
                      or STRUCTURAL.match(text) or not full or _width(block[i - 1][1]) < 0.85 * full
                      # an indented line opens a paragraph, but a 报尾 row's hanging indent does not
                      or (INDENT.match(line) and not IMPRINT.match(previous.text)))
        if starts_new:
            centered = bool(CENTERED.match(line)) and len(text) <= 40
            doc.items.append(SourcePara(number, [Span(text)], centered=centered))
        else:  # a hard-wrapped line of the paragraph above
            last = doc.items[-1]
            last.spans = [Span(_join(last.text, text))]
        i += 1


def _table_end(block, i) -> int:
    """The end of a table starting at line i (pipe rows, or two or more aligned columns), else i."""
    j = i
    while j < len(block) and PIPE_ROW.match(block[j][1]):
        j += 1
    if j - i >= 2:
        return j
    j, width = i, None
    while j < len(block):
        cells = _cells(block[j][1])
        if len(cells) < 2 or any(len(c) > 20 or c[-1] in "。，；" for c in cells) or width not in (None, len(cells)):
            break
        width, j = len(cells), j + 1
    return j if j - i >= 2 else i


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|") and line.endswith("|"):
        return [c.strip() for c in re.split(r"(?<!\\)\|", line[1:-1])]
    return [c.strip() for c in COLUMN_GAP.split(line.strip(" \t\u3000")) if c.strip()]


def _is_terminal(text: str) -> bool:
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
    """Join paragraphs that a page break cut mid-sentence; returns the items and what was joined."""
    out: list = []
    joined: list[tuple[int, str]] = []
    for item in paras:
        prev = out[-1] if out else None
        if (isinstance(item, SourcePara) and isinstance(prev, SourcePara) and not item.style and not prev.style
                and not _is_terminal(prev.text) and not STRUCTURAL.match(item.text.strip())
                and not _looks_like_heading(prev.text)):
            prev.spans = [Span(_join(prev.text, item.text))]
            joined.append((item.where, f"与上一段接续（跨页断行，第{prev.where}{unit}）"))
            continue
        out.append(item)
    return out, joined


def _looks_like_heading(text: str) -> bool:
    return bool(STRUCTURAL.match(text.strip())) and len(text.strip()) <= 40 and not _is_terminal(text)


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
