"""Every text of an article, block by block and inline by inline: the one walk search, feed and leak check read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from jianbao.model import (
    Article,
    ChartSpec,
    Emphasis,
    Heading,
    Highlights,
    Inline,
    LineBreak,
    Paragraph,
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


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The characters of a run of inlines, without markup (a line break is a newline)."""
    parts = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, (Strong, Emphasis)):
            parts.append(plain_text(node.children))
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            raise UnknownNodeError("inline", node)
    return "".join(parts)


@dataclass(frozen=True)
class Passage:
    """One piece of an article's text, read two ways.

    `shown` is what a reader sees: a heading with its marker (一、), a highlight with its ordinal
    (一是), a table or chart by its caption (表1 …, 图2 …), table cells spaced. `words` is what the
    author wrote, nothing added and cells run together: the form in which internal text is looked
    for in press files, whatever layout a renderer gave it.
    """

    shown: str
    words: str


def _block_passages(block) -> Iterator[Passage]:
    if isinstance(block, Paragraph):
        text = plain_text(block.inlines)
        yield Passage(text, text)
    elif isinstance(block, Heading):
        text = plain_text(block.inlines) + plain_text(block.run_in)
        yield Passage(block.marker + text, text)
    elif isinstance(block, Table):
        yield Passage(block.caption, block.title)
        for cells in (block.header, *block.rows):
            yield Passage(" ".join(cells), "".join(cells))
    elif isinstance(block, ChartSpec):
        yield Passage(block.caption, block.title)
    elif isinstance(block, Highlights):
        for item in block.items:
            text = plain_text(item.lead) + plain_text(item.text)
            yield Passage(item.ordinal + text, text)
    else:
        raise UnknownNodeError("block", block)


def passages(article: Article) -> list[Passage]:
    """The article's 编者按, then its blocks, in reading order (the title is a field of its own)."""
    out = [Passage(text, text) for text in (plain_text(p.inlines) for p in article.note)]
    for block in article.blocks:
        out += _block_passages(block)
    return out


def reading_text(article: Article) -> str:
    """The body as a reader sees it, one non-empty passage a line: what search finds and the feed shows."""
    return "\n".join(p.shown.strip() for p in passages(article) if p.shown.strip())


def written_texts(article: Article) -> list[str]:
    """The title, the 摘要 and every passage's own words (empty ones included): what the leak check cuts up."""
    return [article.title, article.summary, *(p.words for p in passages(article))]
