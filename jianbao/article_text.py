"""Every text of an article, block by block and inline by inline: the one walk search, feed and leak check read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from jianbao.model import (
    Article,
    ChartSpec,
    Emphasis,
    FootnoteRef,
    Heading,
    Highlights,
    Inline,
    ItemList,
    LineBreak,
    Paragraph,
    Photo,
    Strong,
    Table,
    Text,
)


class UnknownNodeError(TypeError):
    """A block or inline type this walk was not taught: its text would silently be missing."""

    def __init__(self, kind: str, node: object):
        name = type(node).__name__
        super().__init__(f"article_text does not know the {kind} type {name}: teach article_text.py "
                         f"its text, or search, the feed and the press leak check would miss it")


def footnote_call(number: int) -> str:
    """How a footnote's call reads in plain text (search, the feed, the press Markdown): ［1］.

    Full-width brackets, as endnotes are called in Chinese print: they need no Markdown escape,
    cannot be taken for a list marker (① is one) or for the 〔2017〕 of a document number.
    """
    return f"［{number}］"


def _cut(number: int) -> str:
    return "\n"


def plain_text(inlines: tuple[Inline, ...], call: Callable[[int], str] | None = None) -> str:
    """The characters of a run of inlines, without markup (a line break is a newline).

    A footnote's call adds nothing (a 摘要 reads on without it), or what `call` makes of its number.
    """
    parts = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, (Strong, Emphasis)):
            parts.append(plain_text(node.children, call))
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, FootnoteRef):
            parts.append(call(node.number) if call else "")
        else:
            raise UnknownNodeError("inline", node)
    return "".join(parts)


def _both(inlines: tuple[Inline, ...]) -> tuple[str, str]:
    """(shown, words) of a run of inlines: the call ［1］ shown. The words read on over a call, and
    again cut at it: the leak check then finds them whether a renderer prints the call or not, and
    whatever it prints there."""
    joined, cut = plain_text(inlines), plain_text(inlines, _cut)
    return plain_text(inlines, footnote_call), joined if joined == cut else f"{joined}\n{cut}"


@dataclass(frozen=True)
class Passage:
    """One piece of an article's text, read two ways.

    `shown` is what a reader sees: a heading with its marker (一、), a highlight with its ordinal
    (一是), a list item with its marker (1.), a table, chart or photo by its caption (表1 …,
    图2 …), table cells spaced, a footnote's call and its note as ［1］. `words` is what the author
    wrote, nothing added and cells run together: the form in which internal text is looked for in
    press files, whatever layout a renderer gave it. A photo's alt text is words only: a screen
    reader says it, but neither a page nor search shows it.
    """

    shown: str
    words: str


def _notes(notes: tuple[str, ...]) -> Iterator[Passage]:
    """The 注：… and 数据来源：… lines under a table, chart or photo."""
    for note in notes:
        yield Passage(note, note)


def _block_passages(block) -> Iterator[Passage]:
    if isinstance(block, Paragraph):
        yield Passage(*_both(block.inlines))
    elif isinstance(block, Heading):
        shown, words = _both(block.inlines + block.run_in)
        yield Passage(block.marker + shown, words)
    elif isinstance(block, Table):
        yield Passage(block.caption, block.title)
        for cells in (block.header, *block.rows):
            yield Passage(" ".join(cells), "".join(cells))
        yield from _notes(block.notes)
    elif isinstance(block, ChartSpec):
        yield Passage(block.caption, block.title)
        yield from _notes(block.notes)
    elif isinstance(block, Photo):
        yield Passage(block.caption, block.title)
        yield Passage("", block.alt)
        yield from _notes(block.notes)
    elif isinstance(block, Highlights):
        for item in block.items:
            shown, words = _both(item.lead + item.text)
            yield Passage(item.ordinal + shown, words)
    elif isinstance(block, ItemList):
        for item in block.items:
            shown, words = _both(item.inlines)
            yield Passage(item.marker + shown, words)
    else:
        raise UnknownNodeError("block", block)


def passages(article: Article) -> list[Passage]:
    """The article's 编者按, its blocks in reading order, then its footnotes (the title is a field of its own)."""
    out = [Passage(*_both(p.inlines)) for p in article.note]
    for block in article.blocks:
        out += _block_passages(block)
    for note in article.footnotes:
        shown, words = _both(note.inlines)
        out.append(Passage(footnote_call(note.number) + shown, words))
    return out


def reading_text(article: Article) -> str:
    """The body as a reader sees it, one non-empty passage a line: what search finds and the feed shows."""
    return "\n".join(p.shown.strip() for p in passages(article) if p.shown.strip())


def written_texts(article: Article) -> list[str]:
    """The title, the 摘要 and every passage's own words (empty ones included): what the leak check cuts up."""
    return [article.title, article.summary, *(p.words for p in passages(article))]
