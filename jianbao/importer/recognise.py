"""Read paragraphs → a draft: masthead, 期号, issuer and date, headlines, notes, articles and the 报尾."""

from __future__ import annotations

import datetime
import re

from jianbao.importer import reader_text
from jianbao.importer.blocks import article_blocks, no_angle_urls
from jianbao.importer.footnotes import settle
from jianbao.importer.markings import check_contents, drop_contents, read_marking, signoff, titled_by_contents
from jianbao.importer.numbers import find_candidates
from jianbao.importer.source import SourceDoc, SourcePara, SourceTable, Span, squeeze, tidy_spans, tidy_title
from jianbao.importer.structure import Draft, DraftArticle, DraftPara

NUMBER = re.compile(r"^(增刊)?第(\d{1,3})期(?:[（(]?总第(\d{1,5})期[）)]?)?(.*)$")
CLASSIFICATION = re.compile(r"^(?:内部资料|注意保存|内部刊物|内部参阅|秘密|机密|绝密|内部|★|特急$|加急$)")
NOTE = re.compile(r"^\s*(?:\*\*)?编者按(?:\*\*)?\s*[：:]\s*(?:\*\*)?")
IMPRINT_ROW = re.compile(r"^(报|送|发|抄送|抄报|分送|主送|印发)\s*[：:]\s*(.+?)$")
COPIES = re.compile(r"[（(]?共印\s*(\d+)\s*份[）)]?")
HEADER_SPAN = 14  # the 期号 stands within the first lines of page 1
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def recognise(doc: SourceDoc) -> Draft:
    """The whole draft; every paragraph ends up somewhere, or in `missed` with its place."""
    draft = Draft(unit=doc.unit, lines=[squeeze(line.replace("**", "")) for line in doc.lines],
                  footnotes=doc.footnotes)
    draft.removed.extend(doc.dropped)
    draft.unsure.extend(doc.unsure)
    draft.joined.extend(doc.joined)
    items = [i for i in doc.items if isinstance(i, SourceTable) or i.text.strip() or i.drawing]
    items = [_header_table(item) if n < HEADER_SPAN else item for n, item in enumerate(items)]
    start = _header(items, draft)
    while start < len(items) and isinstance(items[start], SourcePara) and items[start].drawing \
            and not items[start].text.strip():
        start += 1  # the red rule drawn as a shape, or an emblem, under the masthead
    end = _imprint(items, draft)
    _articles(items[start:end], draft, doc.kind)
    check_contents(draft)
    settle(draft)
    draft.candidates = find_candidates(draft)
    for found in (draft.missed, draft.unsure, draft.removed, draft.joined, draft.generated):
        found.sort()
    return draft


def _header_table(item):
    """Mastheads are often laid out in a borderless table (issuer left, date right): read it as a line."""
    if not isinstance(item, SourceTable):
        return item
    text = "\t".join(c for row in item.rows for c in row if c.strip())
    flat = squeeze(text)
    if len(flat) <= 80 and (NUMBER.match(flat) or _DATE_TAIL.search(flat)):
        return SourcePara(item.where, [Span(text)])
    return item


def _plain(item) -> str:
    return squeeze(item.text.replace("**", "")) if isinstance(item, SourcePara) else ""


def cn_number(text: str) -> int | None:
    """二〇一七 → 2017, 十一 → 11, 二十六 → 26; digits pass through."""
    if text.isdigit():
        return int(text)
    if text and all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    if "十" not in text or any(ch not in _CN_DIGITS for ch in tens + ones):
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


_DATE_TAIL = re.compile(r"([〇○零一二三四五六七八九\d][\s〇○零一二三四五六七八九\d]*)年\s*([一二三四五六七八九十\d]{1,3})\s*月"
                        r"\s*([一二三四五六七八九十\d]{1,3})\s*日[\s\u3000]*$")


def parse_date(text: str) -> tuple[str, datetime.date | None]:
    """(what stands before the date, the date) of a line ending 2017年10月11日 or 二〇一七年十月十一日."""
    match = _DATE_TAIL.search(text)
    if not match:
        return text, None
    y, m, d = (cn_number(squeeze(g)) for g in match.groups())
    try:
        date = datetime.date(y, m, d)
    except (TypeError, ValueError):
        return text, None
    return text[:match.start()].strip(" \t\u3000"), date


def _header(items: list, draft: Draft) -> int:
    """Classification, program, masthead, 期号, issuer and date; returns where the articles begin."""
    number_at = None
    for i, item in enumerate(items[:HEADER_SPAN]):
        if item.__class__ is SourcePara and (item.style == "number" or NUMBER.match(_plain(item))):
            number_at = i
            break
    if number_at is None:
        draft.miss(items[0].where if items else 1, "期号（未找到“第 N 期”）")
        return 0
    match = NUMBER.match(_plain(items[number_at]))
    if match:
        draft.supplement, draft.number = bool(match.group(1)), int(match.group(2))
        draft.total = int(match.group(3)) if match.group(3) else None
    before = [i for i in items[:number_at] if isinstance(i, SourcePara) and i.text.strip()]
    rest = []
    for item in before:
        if item.style == "classification" or (not item.style and CLASSIFICATION.match(_plain(item))):
            if not read_marking(item.text, item.where, draft):  # 秘密★6个月 and 加急 are the issue's own
                draft.classification = tidy_title(item.text)
        else:
            rest.append(item)
    masthead = [i for i in rest if i.style == "masthead"] or rest[-1:]
    if masthead:
        draft.masthead = squeeze(masthead[-1].text)
        draft.program = "".join(squeeze(i.text) for i in rest if i is not masthead[-1])
    end = number_at + 1
    trailing = match.group(4) if match else ""
    candidates = [(number_at, trailing)] if trailing else []
    candidates += [(j, items[j].text) for j in range(number_at + 1, min(number_at + 4, len(items)))
                   if isinstance(items[j], SourcePara)]
    for j, text in candidates:
        issuer, date = parse_date(text.replace("**", ""))
        if date:
            draft.date, end = date, j + 1
            if not issuer and j > number_at + 1 and isinstance(items[j - 1], SourcePara):
                issuer = items[j - 1].text
            draft.issuer = squeeze(issuer)
            break
    else:
        draft.miss(items[number_at].where, "编印单位和日期（期号之后没有“2017年10月11日”样式的日期）")
    return end


def _imprint(items: list, draft: Draft) -> int:
    """The 报尾 rows at the end (报：… 送：… 发：… 共印 N 份) and the 签发 line above them (the 报尾
    table's first row, or a line of its own); returns where they begin."""
    rows: list[str] = []
    end = len(items)
    while end > 0:
        item = items[end - 1]
        lines = ([c for row in item.rows for c in row] if isinstance(item, SourceTable)
                 else [item.text] if not item.drawing else [])
        lines = [line for line in lines if line.strip()]
        signers = signoff(lines[0]) if lines else []
        body = lines[1:] if signers else lines
        if not lines or not all(IMPRINT_ROW.match(squeeze(_no_copies(x))) or COPIES.fullmatch(squeeze(x))
                                for x in body):
            break
        rows = body + rows
        end -= 1
        if signers:
            draft.signers = signers
            # in text the roles may stand a line each: 签发：… above 审核：…
            while end > 0 and isinstance(items[end - 1], SourcePara) and signoff(items[end - 1].text):
                draft.signers = signoff(items[end - 1].text) + draft.signers
                end -= 1
            break
    if not rows:
        draft.miss(items[-1].where if items else 1, "报尾（末尾没有“报：”“送：”“发：”等行；报尾按系列设置印出）")
    for line in rows:
        copies = COPIES.search(squeeze(line))
        if copies:
            draft.copies = int(copies.group(1))
        row = IMPRINT_ROW.match(squeeze(_no_copies(line)))
        if row:
            draft.distribution.append((row.group(1), row.group(2).rstrip("。")))
    return end


def _no_copies(line: str) -> str:
    return COPIES.sub("", line.split("\t")[0] if COPIES.search(line) else line)


def _is_headline(item, kind: str) -> bool:
    if not isinstance(item, SourcePara) or item.drawing:
        return False
    if item.style:
        return item.style == "headline"
    text = item.text.strip()
    return (item.centered and len(text) <= 80 and not re.search(r"[，。；！？]", text)
            and not reader_text.STRUCTURAL.match(text))


def _articles(items: list, draft: Draft, kind: str) -> None:
    # 编者按 for the whole issue stands between the masthead and the first headline
    i = 0
    while i < len(items) and isinstance(items[i], SourcePara) and (
            items[i].style == "note" or NOTE.match(items[i].text)) and not _is_headline(items[i], kind):
        draft.note.append(_note_para(items[i], kind, draft))
        i += 1
    items = drop_contents(items[i:], draft)
    if not items:
        draft.miss(1, "正文（报头之后没有内容）")
        return
    groups = titled_by_contents(items, "".join(draft.contents)) if kind == "text" else None
    if groups is None:
        groups = _groups(items, draft, kind)
    for group in groups:
        draft.articles.append(_article(group, draft, kind))


def _groups(items: list, draft: Draft, kind: str) -> list[list]:
    """The items article by article: a headline (its style, or its look in text) starts the next."""
    groups: list[list] = []
    for j, item in enumerate(items):
        # in plain text a later headline shows itself by the 编者按 right below it
        noted = (kind == "text" and j + 1 < len(items) and isinstance(items[j + 1], SourcePara)
                 and NOTE.match(items[j + 1].text) and isinstance(item, SourcePara)
                 and len(item.text.strip()) <= 40 and not re.search(r"[，。；！？]", item.text))
        titled = noted or (kind == "text" and _lone_title(items, j))
        starts = j == 0 or ((titled or _is_headline(item, kind)) and not _is_headline(items[j - 1], kind))
        if starts and kind == "text" and groups and len(groups[-1]) == 1 and _short_line(groups[-1][0]):
            starts = False  # the first line of a headline broken over two lines: nothing stands under it
        if starts:
            groups.append([])
            if kind == "text" and len(groups) > 1 and not _is_headline(item, kind):
                why = "其下的“编者按”" if noted else "单独一行、没有标点的短句"
                draft.guess(item.where, f"按{why}推断此处另起一篇文章「{squeeze(item.text)[:20]}」，请核对")
        groups[-1].append(item)
    return groups


def _lone_title(items: list, j: int) -> bool:
    """Plain text: a short line with no punctuation between a finished paragraph (or a picture, a
    table) and a paragraph of sentences reads as the next article's headline; it is reported as a guess."""
    item = items[j]
    if j == 0 or j + 1 >= len(items) or not _short_line(item) or item.cell or re.search(r"[！？!?]", item.text):
        return False
    after, before = items[j + 1], items[j - 1]
    if not isinstance(after, SourcePara) or not re.search(r"[，。；]", after.text):
        return False
    return not isinstance(before, SourcePara) or before.drawing or reader_text.is_terminal(before.text) or bool(
        re.match(r"^图\s*\d", before.text.strip()))


def _short_line(item) -> bool:
    return (isinstance(item, SourcePara) and not item.drawing and len(squeeze(item.text)) <= 30
            and not re.search(r"[，。；：,;]", item.text) and not reader_text.STRUCTURAL.match(item.text.strip()))


def _article(items: list, draft: Draft, kind: str) -> DraftArticle:
    first = items[0]
    title_parts = [first]
    rest = items[1:]
    if kind == "text" and first.style != "headline":  # (a headline found by 本期要目 is whole)
        # a headline broken over lines: short pieces without sentence punctuation
        while rest and _short_line(rest[0]) and len(rest) > 1:
            title_parts.append(rest.pop(0))
        if len(title_parts) > 1:
            draft.guess(first.where, f"标题由 {len(title_parts)} 个短行合成，请核对是否有误")
    else:
        while rest and _is_headline(rest[0], kind):
            title_parts.append(rest.pop(0))
    title = tidy_title(" ".join(p.text.replace("**", "") for p in title_parts if isinstance(p, SourcePara)))
    if "{{" in title:  # a title is no markdown: nothing escapes a placeholder there
        title = title.replace("{{", "{ {")
        draft.miss(first.where, "标题中的“{{”改为“{ {”（“{{ }}”用于引用数字）")
    article = DraftArticle(first.where, title)
    if not isinstance(first, SourcePara) or len(title) > 80 or not title:
        draft.miss(first.where, "标题（未找到不超过 80 字的标题，已填“待补标题”）")
        article.title = "（待补标题）"
        rest = items
    while rest and isinstance(rest[0], SourcePara) and (rest[0].style == "note" or NOTE.match(rest[0].text)):
        article.note.append(_note_para(rest.pop(0), kind, draft))
    if kind == "text":
        rest, joined = reader_text.join_broken(rest, draft.unit)
        draft.joined.extend(joined)
    for item in rest:
        if isinstance(item, SourcePara):
            item.spans = reader_text.bold_spans(item.text) if kind == "text" else tidy_spans(item.spans)
    article_blocks(article, rest, draft)
    return article


def _note_para(item: SourcePara, kind: str, draft: Draft) -> DraftPara:
    spans = reader_text.bold_spans(item.text) if kind == "text" else tidy_spans(item.spans)
    text = "".join(s.text for s in spans)
    label = re.match(r"^\s*编者按\s*[：:]", text)
    if label:  # the label is printed by the renderer
        cut = label.end()
        out = []
        for span in spans:
            taken = min(cut, len(span.text))
            cut -= taken
            if span.text[taken:]:
                out.append(Span(span.text[taken:], span.bold, span.emphasis))
        spans = out
    return DraftPara(item.where, no_angle_urls(spans, item.where, draft))
