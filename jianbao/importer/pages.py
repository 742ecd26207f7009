"""Text extracted from a PDF, page by page: page numbers and running heads removed, the pages spliced back together."""

from __future__ import annotations

import re

from jianbao.importer.source import squeeze

PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－─―~～]+\s*\d{1,3}\s*[-—–－─―~～]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
                         r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
EDGE = 2  # running heads and feet stand within the first or last two lines of a page
MAX_HEAD = 40
_WORDS = re.compile(r"[^\W\d_]")  # a letter or a CJK character: a head says something, it is no bare number


def split_pages(lines: list[str]) -> list[list[int]]:
    """Line indexes page by page. pdftotext starts each page after the first with a form feed; text
    without form feeds is cut after each page number line (— 2 —), where a page evidently ended."""
    pages: list[list[int]] = [[]]
    feeds = any("\f" in line for line in lines)
    for index, line in enumerate(lines):
        if feeds and "\f" in line and pages[-1]:
            pages.append([])
        pages[-1].append(index)
        if not feeds and PAGE_NUMBER.match(line):
            pages.append([])
    return [page for page in pages if page]


def _edges(lines: list[str], page: list[int], skip: set[int], top: bool = True) -> list[int]:
    """The first (when `top`) and last EDGE non-blank lines of a page, those in `skip` left out."""
    filled = [i for i in page if i not in skip and lines[i].replace("\f", "").strip()]
    return (filled[:EDGE] if top else []) + filled[-EDGE:]


def _head_key(line: str) -> str:
    """A running head compared across pages: no spaces, and any number alike (第 2 页, 2017年第8期)."""
    return re.sub(r"\d+", "#", squeeze(line.replace("\f", "")))


def running_heads(lines: list[str], pages: list[list[int]], numbers: set[int]) -> set[int]:
    """Lines repeated at the top or foot of two or more pages: a running head or foot, never text.

    The top of page 1 is the masthead's and is neither counted nor removed: a bulletin's running
    head often repeats its title, which page 1 prints as the masthead.
    """
    if len(pages) < 2:
        return set()
    seen: dict[str, set[int]] = {}
    where: dict[str, list[int]] = {}
    for n, page in enumerate(pages):
        for i in _edges(lines, page, numbers, top=n > 0):
            key = _head_key(lines[i])
            if len(key) > MAX_HEAD or len(_WORDS.findall(key)) < 2 or key.endswith(("。", "；", "，")):
                continue
            seen.setdefault(key, set()).add(n)
            where.setdefault(key, []).append(i)
    return {i for key, pages_ in seen.items() if len(pages_) >= 2 for i in where[key]}


def page_numbers(lines: list[str], pages: list[list[int]]) -> set[int]:
    """Page number lines: — 2 —, 第 2 页 anywhere; a bare number only at the top or foot of its page,
    and only when it is that page's number (a table's last cell may end a page too)."""
    found = {i for i, line in enumerate(lines) if line.strip() and PAGE_NUMBER.match(line)}
    for n, page in enumerate(pages, start=1):
        filled = [i for i in page if lines[i].replace("\f", "").strip()]
        for i in filled[:1] + filled[-1:]:
            bare = BARE_NUMBER.match(lines[i].replace("\f", ""))
            if bare and (int(bare.group(1)) == n or len(pages) == 1 and i == filled[-1]):
                found.add(i)
    return found


def strip_pages(lines: list[str], dropped: list[tuple[int, str]],
                skip: set[int] | frozenset[int] = frozenset()) -> tuple[list[tuple[int, str]], set[int]]:
    """The lines with page residue removed and the pages spliced: (line number, text) in order, and the
    numbers of the lines that open a page after a removed break, where a paragraph may carry on.

    Blank lines next to a page break are dropped with it: whether the first line of a page goes on
    with the paragraph above is for the paragraph rules to say (line width, indent, structure), as
    for any two lines in a row. What was removed is added to `dropped` with its line number; the
    lines in `skip` (footnotes, taken out and reported already) are left out as they are.
    """
    pages = split_pages(lines)
    numbers = page_numbers(lines, pages)
    heads = running_heads(lines, pages, numbers)
    out: list[tuple[int, str]] = []
    opens: set[int] = set()
    for n, page in enumerate(pages):
        kept = []
        for i in page:
            text = lines[i].replace("\f", "")
            if i in skip:
                continue
            if i in numbers:
                dropped.append((i + 1, f"页码「{text.strip()}」"))
            elif i in heads:
                dropped.append((i + 1, f"页眉或页脚「{' '.join(text.split())}」"))
            else:
                kept.append((i + 1, text))
        if n > 0:  # the blank lines around the break go, so the pages meet line to line
            while out and not out[-1][1].strip():
                out.pop()
            while kept and not kept[0][1].strip():
                kept.pop(0)
            if kept:
                opens.add(kept[0][0])
        out += kept
    return out, opens
