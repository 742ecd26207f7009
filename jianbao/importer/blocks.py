"""An article's paragraphs → headings, paragraphs, tables, and one run of highlights (一是、二是……)."""

from __future__ import annotations

import re

from jianbao.importer.figure_notes import notes_said, table_notes, take_notes
from jianbao.importer.lists import read_list
from jianbao.importer.source import SourcePara, SourceTable, Span, squeeze
from jianbao.importer.structure import (
    Draft,
    DraftArticle,
    DraftHeading,
    DraftHighlight,
    DraftPara,
    DraftTable,
)
from jianbao.reader.markup import TYPED_MARKER

CN = "一二三四五六七八九十"
MARKERS = (  # level, pattern of the marker the renderer adds by itself
    (1, re.compile(rf"^([{CN}]+)、\s*")),
    (2, re.compile(rf"^[（(]([{CN}]+)[）)]\s*")),
    (3, re.compile(r"^(\d{1,2})[.．、](?!\d)\s*")),
    (4, re.compile(r"^[（(](\d{1,2})[）)]\s*")),
)
ORDINAL = re.compile(rf"^([{CN}]+)是")
CAPTION = re.compile(r"^表\s*(?:\d+\s*[：:.．]?|[：:])\s*(.*)$")
CHART_CAPTION = re.compile(r"^图\s*\d+\s*[：:.．]?\s*\S")
MAX_HEADING = 40  # a heading sentence longer than this is a paragraph that happens to start with 一、
MAX_LEAD = 60
# <https://…> reads as a link (an error in a bulletin) whatever is escaped: printed with ＜＞ instead.
ANGLE_URL = re.compile(r"<(?:https?|ftp|mailto|javascript):[^<>\n]*>?", re.IGNORECASE)


def no_angle_urls(spans: list[Span], where: int, draft: Draft) -> list[Span]:
    """<https://…> → ＜https://…＞, also when the address runs across differently formatted spans."""
    joined = text_of(spans)
    marks = {i for m in ANGLE_URL.finditer(joined) for i in (m.start(), m.end() - 1) if joined[i] in "<>"}
    if not marks:
        return spans
    draft.miss(where, "尖括号中的网址改用全角＜＞（半角 <网址> 会被当作链接）")
    out, pos = [], 0
    for span in spans:
        chars = [("＜" if ch == "<" else "＞") if pos + k in marks else ch for k, ch in enumerate(span.text)]
        pos += len(span.text)
        out.append(Span("".join(chars), span.bold, span.emphasis))
    return out


def no_angle_url_cells(rows: list[list[str]], where: int, draft: Draft) -> list[list[str]]:
    return [[text_of(no_angle_urls([Span(c)], where, draft)) for c in row] for row in rows]


def cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
    tens, mark, ones = text.partition("十")
    if not mark:
        return digits.get(text, 0) if len(text) == 1 else 0
    return (digits.get(tens, 0) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)


def cut_spans(spans: list[Span], count: int) -> tuple[list[Span], list[Span]]:
    """The first `count` characters of a run of spans, and the rest."""
    head, tail = [], []
    for span in spans:
        if count >= len(span.text):
            head.append(span)
            count -= len(span.text)
        elif count > 0:
            head.append(Span(span.text[:count], span.bold, span.emphasis))
            tail.append(Span(span.text[count:], span.bold, span.emphasis))
            count = 0
        else:
            tail.append(span)
    return head, tail


def text_of(spans: list[Span]) -> str:
    return "".join(s.text for s in spans)


def split_run_together(spans: list[Span]) -> list[list[Span]]:
    """「…机制。**四是启动约谈。**认真…」: a bold 四是 after a full stop begins a highlight of its own."""
    pieces, current = [], []
    for span in spans:
        before = text_of(current).rstrip()
        if span.bold and ORDINAL.match(span.text) and before and before[-1] in "。！？；”":
            pieces.append(current)
            current = []
        current.append(span)
    pieces.append(current)
    return [p for p in pieces if text_of(p).strip()]


def _highlight(where: int, spans: list[Span]) -> tuple[int, DraftHighlight] | None:
    """(ordinal, highlight) when the paragraph opens with 一是 and a lead sentence."""
    match = ORDINAL.match(text_of(spans))
    if not match:
        return None
    _, rest = cut_spans(spans, match.end())
    bold = 0
    for span in rest:
        if not span.bold:
            break
        bold += len(span.text)
    if bold:
        lead, text = cut_spans(rest, bold)
    else:
        stop = text_of(rest).find("。")
        if stop < 0 or stop >= MAX_LEAD:
            return None
        lead, text = cut_spans(rest, stop + 1)
    lead = [Span(s.text, False, s.emphasis) for s in lead]  # the renderer sets the lead bold
    if not text_of(lead).strip():
        return None
    return cn_int(match.group(1)), DraftHighlight(where, lead, text, guessed=not bold)


def _heading(item: SourcePara, counters: list[int], draft: Draft) -> DraftHeading | None:
    text = text_of(item.spans)
    style_level = int(item.style[-1]) if item.style.startswith("heading") else None
    if item.style and style_level is None:
        return None  # a Jianbao body paragraph is a paragraph, whatever it starts with
    for level, pattern in MARKERS:
        match = pattern.match(text)
        if not match or (style_level and style_level != level):
            continue
        head = text[match.end():].split("。")[0]
        if (not style_level and len(head) > MAX_HEADING) or TYPED_MARKER.match(text[match.end():]):
            return None  # too long for a heading, or a second marker the validator would take as typed
        expected = counters[level - 1] + 1
        if (level > 1 and counters[level - 2] == 0) or cn_int(match.group(1)) != expected:
            draft.miss(item.where, f"标题「{text[:12]}」序号不连续或跳级，按普通段落导入（序号保留为文字）")
            return None
        counters[level - 1] = expected
        for deeper in range(level, 4):
            counters[deeper] = 0
        _, spans = cut_spans(item.spans, match.end())
        # a heading has its own face; bold inside it would also hide a second marker from the validator
        return DraftHeading(item.where, level, [Span(text_of(spans))])
    return None


def article_blocks(article: DraftArticle, items: list, draft: Draft) -> None:
    """Fill body, highlights and closing: paragraphs before the highlights, the highlights, those after."""
    blocks: list = []  # DraftPara | DraftHeading | DraftTable | DraftList | (ordinal, DraftHighlight, DraftPara)
    counters = [0, 0, 0, 0]
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if isinstance(item, SourceTable):
            table = DraftTable(item.where, "", _square(no_angle_url_cells(item.rows, item.where, draft)))
            draft.miss(item.where, "表格标题（表格上方没有“表1 …”或“表：…”，生成时只印“表N”）")
            i = _table_and_notes(table, items, i, blocks, draft)
            continue
        item.spans = no_angle_urls(item.spans, item.where, draft)
        text = squeeze(item.text)
        if item.drawing:
            caption = ""
            if i < len(items) and isinstance(items[i], SourcePara) and (
                    items[i].style == "chart_caption" or CHART_CAPTION.match(squeeze(items[i].text))):
                caption = items[i].text.strip()
                i += 1
            notes, i = take_notes(items, i)
            draft.miss(item.where, f"图片{('「' + caption + '」') if caption else ''}{_under(notes)}"
                                   "（草稿不能带图片：图表请用 figures 和 charts、照片请用 photos 重新声明）")
            if not text:
                continue
        if item.style == "chart_caption" or (not item.style and CHART_CAPTION.match(text) and len(text) <= 40):
            notes, i = take_notes(items, i)
            draft.miss(item.where, f"图题「{item.text.strip()}」{_under(notes)}（原图未导入，请用 charts 或 photos 重新声明）")
            continue
        caption = CAPTION.match(item.text.strip())
        if caption and len(text) <= 50 and i < len(items) and isinstance(items[i], SourceTable):
            rows = no_angle_url_cells(items[i].rows, items[i].where, draft)
            title = text_of(no_angle_urls([Span(caption.group(1).strip())], item.where, draft))
            i = _table_and_notes(DraftTable(item.where, title, _square(rows)), items, i + 1, blocks, draft)
            continue
        if caption and len(text) <= 50:
            draft.miss(item.where, f"表格「{item.text.strip()}」的内容未能按表格识别，已按普通段落导入，请核对")
        before = blocks[-1] if blocks else None
        listed = read_list(items, i - 1, max((n + 1 for n in range(4) if counters[n]), default=0),
                           text_of(before.spans) if isinstance(before, DraftPara) else "", draft)
        if listed:
            blocks.append(listed[0])
            i = listed[1]
            continue
        heading = _heading(item, counters, draft)
        if heading:
            blocks.append(heading)
            continue
        for piece in split_run_together(item.spans):
            where = draft.locate(item.where, [squeeze(text_of(piece))[:10]])
            found = _highlight(where, piece)
            para = DraftPara(where, piece)
            blocks.append((found[0], found[1], para) if found else para)
    _place(article, blocks, draft)


def _table_and_notes(table: DraftTable, items: list, i: int, blocks: list, draft: Draft) -> int:
    """The table, and the 注/数据来源 lines under it (items[i:]) attached to it if they can be; where they end."""
    notes, i = take_notes(items, i)
    if notes:
        blocks.extend(table_notes(table, notes, draft))
    else:
        blocks.append(table)
    return i


def _under(notes: list) -> str:
    return f"及其下的{notes_said(notes)}" if notes else ""


def _square(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows if any(c.strip() for c in r)]


def _place(article: DraftArticle, blocks: list, draft: Draft) -> None:
    """The longest run 一是、二是、三是… with no heading after it becomes `highlights`."""
    runs: list[tuple[int, int]] = []
    start = None
    for index, block in enumerate(blocks + [None]):
        if isinstance(block, tuple):
            if block[0] == 1:
                if start is not None:
                    runs.append((start, index))
                start = index
                continue
            if start is not None and block[0] == index - start + 1:
                continue
        if start is not None:
            runs.append((start, index))
            start = None
    heading_at = [i for i, b in enumerate(blocks) if isinstance(b, DraftHeading)]
    usable = [r for r in runs if not any(h >= r[1] for h in heading_at)]
    chosen = max(usable, key=lambda r: r[1] - r[0], default=None)
    for run in runs:
        if run != chosen:
            draft.miss(blocks[run[0]][1].where, "一组“一是……”未转为工作亮点（每篇只有一组，"
                       "或其后还有标题），按普通段落导入")
    flat = [b[2] if isinstance(b, tuple) else b for b in blocks]
    if chosen is None:
        article.body = flat
        return
    article.body = flat[:chosen[0]]
    article.highlights = [b[1] for b in blocks[chosen[0]:chosen[1]]]
    article.closing = flat[chosen[1]:]
    guessed = sum(h.guessed for h in article.highlights)
    if guessed:  # the renderer sets the lead bold: a wrong cut would print the wrong words bold
        draft.guess(article.highlights[0].where, f"{guessed} 条工作亮点的小标题按第一个句号划分"
                    "（原件中看不出加粗的小标题），请核对")
