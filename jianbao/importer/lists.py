"""List items (1. （1） ①, and unmarked items indented) told apart from headings and paragraphs, nested by depth."""

from __future__ import annotations

import re

from jianbao.importer.source import SourcePara, Span
from jianbao.importer.structure import Draft, DraftItem, DraftList

# The markers an ordered item prints, by level (reader/markup.py): 3 is 1., 4 is （1）, 5 and below ①.
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
LIST_MARKERS = (
    (3, re.compile(r"^(\d{1,2})[.．、](?!\d)")),
    (4, re.compile(r"^[（(](\d{1,2})[）)]")),
    (5, re.compile(rf"^([{CIRCLED}])")),
)
# Jianbao's Word files: a top-level item is a body paragraph, a nested one is indented by its style.
DEPTHS = {"body": 0, "list1": 1, "list2": 2}
MAX_DEPTH = 2  # lists nest three levels deep (markup.MAX_LIST_DEPTH)
TERMINAL = tuple("。；！？：…;:!?")


def marker(text: str) -> tuple[int, int, int] | None:
    """(level, number, length) of the ordered item marker `text` opens with."""
    for level, pattern in LIST_MARKERS:
        match = pattern.match(text)
        if match:
            value = match.group(1)
            number = CIRCLED.index(value) + 1 if level == 5 else int(value)
            return level, number, match.end()
    return None


def _level(base: int, depth: int) -> int:
    return min(base + depth, 5)


def read_list(items: list, i: int, heading: int, before: str, draft: Draft) -> tuple[DraftList, int] | None:
    """The list that starts at items[i], and where it ends; None when no list starts there.

    An ordered item's marker is one level below the latest heading (`heading`, 0 for none) and one
    more per depth: 1. under 一、（一） or none, （1） under 1., ① under （1）. In Jianbao's Word files the
    paragraph style gives the depth and a heading has a heading style, so that is certain. Elsewhere
    the markers give the depth, and a run of items is a list (not headings) when at least two stand
    together with no text between them and they are sentences, or follow a line ending in ：; the
    guess is reported.
    """
    first = items[i]
    if not isinstance(first, SourcePara) or first.drawing:
        return None
    if first.numbered is not None:
        entries, end = _by_numbering(items, i)
        draft.guess(entries[0].where, f"{len(entries)} 项按 Word 的自动编号导入为列表（序号由程序按所在标题的层级"
                                      "生成，编号的样式可能与原件不同），请核对")
        return DraftList(entries[0].where, entries), end
    base = max(3, heading + 1)
    styled = first.style in DEPTHS
    if first.style and not styled:
        return None
    found = _styled(items, i, base) if styled else _by_markers(items, i, base, before)
    if found is None:
        return None
    entries, end = found
    listed = DraftList(entries[0].where, entries)
    if not styled:
        draft.guess(entries[0].where, f"{len(entries)} 项按列表导入（序号由程序按所在标题的层级生成），请核对")
    return listed, end


def _styled(items: list, i: int, base: int) -> tuple[list[DraftItem], int] | None:
    """Items by their Jianbao styles. The markers must be the renderer's (a closing's list is under no
    heading, hence level 3 too), with no space after them: an escaped "1. …" typed as text has one."""
    entries: list[DraftItem] = []
    numbers = [0] * (MAX_DEPTH + 1)
    chosen = None
    j = i
    while j < len(items):
        item = items[j]
        if not isinstance(item, SourcePara) or item.drawing or item.style not in DEPTHS:
            break
        depth = DEPTHS[item.style]
        if depth > (entries[-1].depth + 1 if entries else 0):
            break
        found = marker(item.text)
        ordered = False
        if found and not item.text[found[2]:found[2] + 1].isspace():
            level, number, length = found
            bases = [chosen] if chosen else [base, 3]
            fits = [b for b in bases if _level(b, depth) == level]
            if fits and number == numbers[depth] + 1:
                chosen, ordered = fits[0], True
        if not ordered and depth == 0:
            # an unmarked body paragraph is an item only as the parent of nested items right below it
            nested = j + 1 < len(items) and getattr(items[j + 1], "style", "") == "list1"
            if entries or not nested:
                break
        numbers[depth] = numbers[depth] + 1 if ordered else 0
        numbers[depth + 1:] = [0] * (MAX_DEPTH - depth)
        entries.append(_item(item, depth, ordered, found[2] if ordered else 0))
        j += 1
    if not entries or not any(e.ordered or e.depth for e in entries):
        return None
    return entries, j


def _by_markers(items: list, i: int, base: int, before: str) -> tuple[list[DraftItem], int] | None:
    """Items by their markers alone (text, and Word files from elsewhere)."""
    entries: list[DraftItem] = []
    numbers = [0] * (MAX_DEPTH + 1)
    j = i
    while j < len(items):
        item = items[j]
        found = marker(item.text.strip()) if isinstance(item, SourcePara) and not item.drawing \
            and not item.style else None
        if not found:
            break
        level, number, length = found
        depth = level - base if level < 5 else min(MAX_DEPTH, 5 - base + (level - 5))
        if not 0 <= depth <= (entries[-1].depth + 1 if entries else 0) or number != numbers[depth] + 1:
            break
        numbers[depth] = number
        numbers[depth + 1:] = [0] * (MAX_DEPTH - depth)
        entries.append(_item(item, depth, True, len(item.text) - len(item.text.lstrip()) + length))
        j += 1
    top = [e for e in entries if e.depth == 0]
    sentences = all("".join(s.text for s in e.spans).rstrip().endswith(TERMINAL) for e in top)
    if len(top) < 2 or not (sentences or before.rstrip().endswith(("：", ":"))):
        return None
    return entries, j


def _by_numbering(items: list, i: int) -> tuple[list[DraftItem], int]:
    """Paragraphs Word numbers itself (the numbers are not in the text), nested by Word's level."""
    entries: list[DraftItem] = []
    top = items[i].numbered[0]
    j = i
    while j < len(items) and isinstance(items[j], SourcePara) and items[j].numbered is not None \
            and not items[j].drawing:
        level, ordered = items[j].numbered
        depth = min(level - top, (entries[-1].depth + 1) if entries else 0, MAX_DEPTH)
        if depth < 0:
            break
        entries.append(_item(items[j], depth, ordered, 0))
        j += 1
    return entries, j


def _item(item: SourcePara, depth: int, ordered: bool, cut: int) -> DraftItem:
    """The item without its marker (the renderer prints it) and the space after it."""
    spans, skip = [], cut
    for span in item.spans:
        text = span.text[skip:] if skip else span.text
        skip = max(0, skip - len(span.text))
        if not spans:
            text = text.lstrip(" \t\u3000")
        if text:
            spans.append(Span(text, span.bold, span.emphasis))
    return DraftItem(item.where, depth, ordered, spans)
