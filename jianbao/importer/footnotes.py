"""Footnote calls in a draft: kept where the format allows footnotes, written out in brackets elsewhere, numbered per article."""

from __future__ import annotations

from jianbao.importer.source import FOOTNOTE_MARK, Span
from jianbao.importer.structure import Draft, DraftHeading, DraftList, DraftPara, DraftTable

SHOWN = 20  # characters of a footnote quoted in the report
MAX_TITLE = 80  # the format's longest title


def settle(draft: Draft) -> None:
    """Calls outside body and closing paragraphs, headings and list items (where the format has no
    footnotes: 编者按, highlights, titles, table cells and notes) become the note in brackets, and
    calls of a note without text are dropped; each place is reported."""
    for para in draft.note:
        para.spans = _inline(para.spans, para.where, draft)
    for article in draft.articles:
        article.title = _title(article.title, article.where, draft)
        for para in article.note:
            para.spans = _inline(para.spans, para.where, draft)
        for item in article.highlights:
            item.lead = _inline(item.lead, item.where, draft)
            item.text = _inline(item.text, item.where, draft)
        for block in article.body + article.closing:
            if isinstance(block, DraftTable):
                block.title = _inline_text(block.title, block.where, draft)
                block.rows = [[_inline_text(cell, block.where, draft) for cell in row] for row in block.rows]
                block.note = _inline_text(block.note, block.where, draft)
                block.source = _inline_text(block.source, block.where, draft)
            elif isinstance(block, (DraftPara, DraftHeading)):
                block.spans = _empty_calls(block.spans, block.where, draft)
            elif isinstance(block, DraftList):
                for item in block.items:
                    item.spans = _empty_calls(item.spans, item.where, draft)


def _title(title: str, where: int, draft: Draft) -> str:
    """A title's footnotes in brackets, unless that makes it longer than a title may be: then left out."""
    if not FOOTNOTE_MARK.search(title):
        return title
    if len(FOOTNOTE_MARK.sub(lambda m: f"（{_text_of(draft, m.group())}）", title)) <= MAX_TITLE:
        return _inline_text(title, where, draft)
    notes = "".join(f"「{_text_of(draft, m)}」" for m in FOOTNOTE_MARK.findall(title))
    draft.miss(where, f"标题的脚注{notes}未导入（写入标题会超过 {MAX_TITLE} 字），请改写在正文中")
    return FOOTNOTE_MARK.sub("", title)


def _text_of(draft: Draft, mark: str) -> str:
    return "".join(s.text for s in draft.footnotes.get(mark, [])).strip()


def _inline(spans: list[Span], where: int, draft: Draft) -> list[Span]:
    out = []
    for span in spans:
        out.append(Span(_inline_text(span.text, where, draft), span.bold, span.emphasis))
    return out


def _inline_text(text: str, where: int, draft: Draft) -> str:
    """Each call in `text` replaced by its note in brackets (the validator's advice: 这里可改用括号说明)."""
    def bracket(match) -> str:
        note = _text_of(draft, match.group())
        if not note:
            draft.miss(where, "没有说明文字的脚注号，已略去")
            return ""
        draft.guess(where, f"脚注「{_short(note)}」所在位置不能加脚注（标题、编者按、工作亮点、表格），"
                           "已改为括号中的说明，请核对")
        return f"（{note.rstrip('。')}）"
    return FOOTNOTE_MARK.sub(bracket, text)


def _empty_calls(spans: list[Span], where: int, draft: Draft) -> list[Span]:
    """Calls whose note has no text are dropped (a call with no text is an error): the rest stay."""
    out = []
    for span in spans:
        def keep(match) -> str:
            if _text_of(draft, match.group()):
                return match.group()
            draft.miss(where, "没有说明文字的脚注号，已略去")
            return ""
        text = FOOTNOTE_MARK.sub(keep, span.text)
        if text:
            out.append(Span(text, span.bold, span.emphasis))
    return out


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


class Calls:
    """Footnote numbers in one article: [^1], [^2] … in the order they are called, the closing going on from
    the body; each field ends with the texts of the notes it calls (a field's calls need its own texts)."""

    def __init__(self, draft: Draft, write):
        self.draft = draft
        self.write = write  # spans → one line of markdown
        self.numbers: dict[str, int] = {}
        self.field: list[str] = []  # marks called in the field being written

    def line(self, text: str) -> str:
        """A line of markdown with its mark characters as calls."""
        return FOOTNOTE_MARK.sub(lambda m: self._call(m.group()), text)

    def _call(self, mark: str) -> str:
        number = self.numbers.setdefault(mark, len(self.numbers) + 1)
        if mark not in self.field:
            self.field.append(mark)
        return f"[^{number}]"

    def texts(self) -> list[str]:
        """`[^n]: 说明` for each note the field called; the next field starts afresh."""
        out = []
        for mark in self.field:
            text = FOOTNOTE_MARK.sub("", self.write(self.draft.footnotes.get(mark, [])))
            out.append(f"[^{self.numbers[mark]}]: {text}")
        self.field = []
        return out
