"""Numbers with units in the imported text: candidates for figures, listed for the editor, never wired in."""

from __future__ import annotations

import re

from jianbao.importer.source import FOOTNOTE_MARK, squeeze
from jianbao.importer.structure import Candidate, Draft, DraftHeading, DraftList, DraftPara

UNITS = ("个百分点", "万平方米", "平方米", "亿元", "万元", "元", "万人", "人次", "%", "％", "人", "名", "个", "所",
         "项", "次", "家", "座", "台", "套", "间", "户", "吨", "辆", "件", "公里", "千米", "米", "倍")
FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(" + "|".join(map(re.escape, UNITS)) + ")")
SENTENCE_END = "。！？；"
MAX_SENTENCE = 60


def find_candidates(draft: Draft) -> list[Candidate]:
    """Every number with a unit in the articles' text (tables excluded: their cells carry no unit)."""
    out: list[Candidate] = []
    for where, text in _texts(draft):
        line = where
        for match in FIGURE.finditer(text):
            unit = "%" if match.group(2) == "％" else match.group(2)
            near = [squeeze(text[max(0, match.start() - k):match.end()]) for k in (8, 4, 0)]
            line = draft.locate(line, near)  # the line of a joined paragraph it stands on
            out.append(Candidate(line, match.group(1), unit, _sentence(text, match.start(), match.end())))
    return sorted(out, key=lambda c: c.where)


def _texts(draft: Draft):
    """(place, text) of every passage, footnote calls left out (a footnote's own text is not searched)."""
    for where, text in _passages(draft):
        yield where, FOOTNOTE_MARK.sub("", text)


def _passages(draft: Draft):
    paras = list(draft.note)
    for article in draft.articles:
        paras += article.note
        for block in article.body:
            yield from _block_texts(block)
        for item in article.highlights:
            yield item.where, "".join(s.text for s in item.lead + item.text)
        for block in article.closing:
            yield from _block_texts(block)
    for para in paras:
        yield para.where, "".join(s.text for s in para.spans)


def _block_texts(block):
    if isinstance(block, (DraftPara, DraftHeading)):
        yield block.where, "".join(s.text for s in block.spans)
    elif isinstance(block, DraftList):
        for item in block.items:
            yield item.where, "".join(s.text for s in item.spans)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a number, cut to a readable length around it."""
    left = max((text.rfind(ch, 0, start) for ch in SENTENCE_END), default=-1) + 1
    rights = [text.find(ch, end) for ch in SENTENCE_END]
    right = min([r + 1 for r in rights if r >= 0], default=len(text))
    sentence = text[left:right].strip()
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    offset = start - left
    lo = max(0, offset - MAX_SENTENCE // 2)
    return ("…" if lo else "") + sentence[lo:lo + MAX_SENTENCE] + "…"
