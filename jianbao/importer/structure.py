"""The draft an import recognises: issue header, articles with their blocks, and what was (not) recognised."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from jianbao.importer.source import Span


@dataclass
class DraftPara:
    where: int
    spans: list[Span]


@dataclass
class DraftHeading:
    """A heading without its marker; `spans` may run on after the first 。 (run-in text)."""

    where: int
    level: int
    spans: list[Span]


@dataclass
class DraftTable:
    """A table; with `figure` set, a table figure of that name (its note and source printed under it)."""

    where: int
    title: str
    rows: list[list[str]]
    figure: str = ""
    note: str = ""
    source: str = ""


@dataclass
class DraftItem:
    """A list item: its depth (0 at the top), whether numbered (the marker is the renderer's), its text."""

    where: int
    depth: int
    ordered: bool
    spans: list[Span]


@dataclass
class DraftList:
    where: int
    items: list[DraftItem]


@dataclass
class DraftHighlight:
    where: int
    lead: list[Span]
    text: list[Span]
    guessed: bool = False  # the lead was not bold in the source: it runs to the first 。 by rule


DraftBlock = DraftPara | DraftHeading | DraftTable | DraftList


@dataclass
class DraftArticle:
    where: int
    title: str
    note: list[DraftPara] = field(default_factory=list)
    body: list[DraftBlock] = field(default_factory=list)
    highlights: list[DraftHighlight] = field(default_factory=list)
    closing: list[DraftBlock] = field(default_factory=list)


@dataclass
class Candidate:
    """A number with a unit found in the text, for the editor to turn into a figure (or not)."""

    where: int
    value: str
    unit: str
    sentence: str


@dataclass
class Draft:
    unit: str = "行"  # how places are counted in the source: 行 or 段
    classification: str = ""
    secrecy: str = ""  # 密级, with its 保密期限, and 紧急程度: the marking lines top left of page 1
    secrecy_period: str = ""
    urgency: str = ""
    program: str = ""
    masthead: str = ""
    number: int | None = None
    supplement: bool = False
    total: int | None = None
    issuer: str = ""
    date: datetime.date | None = None
    note: list[DraftPara] = field(default_factory=list)
    articles: list[DraftArticle] = field(default_factory=list)
    distribution: list[tuple[str, str]] = field(default_factory=list)
    copies: int | None = None
    signers: list[tuple[str, str]] = field(default_factory=list)  # (role, name) of the 签发 line
    footnotes: dict[str, list[Span]] = field(default_factory=dict)  # a call's mark character → its text
    candidates: list[Candidate] = field(default_factory=list)
    missed: list[tuple[int, str]] = field(default_factory=list)  # (where, what) not recognised or set aside
    unsure: list[tuple[int, str]] = field(default_factory=list)  # (where, what) guessed: the editor must check
    removed: list[tuple[int, str]] = field(default_factory=list)  # page numbers, running heads: print residue
    joined: list[tuple[int, str]] = field(default_factory=list)  # broken lines joined back
    generated: list[tuple[int, str]] = field(default_factory=list)  # 本期要目: printed again from the draft
    contents: list[str] = field(default_factory=list)  # the 本期要目 lines, without spaces
    figure_tables: int = 0  # tables made table figures (to carry their notes), named table1, table2 …
    lines: list[str] = field(default_factory=list)  # text sources: each line without spaces or ** marks

    def miss(self, where: int, what: str) -> None:
        self.missed.append((where, what))

    def guess(self, where: int, what: str) -> None:
        self.unsure.append((where, what))

    @property
    def to_check(self) -> int:
        """How many places the editor must look at before the draft can be trusted."""
        return len(self.missed) + len(self.unsure) + len(self.joined)

    def locate(self, where: int, snippets: list[str], reach: int = 60) -> int:
        """The line, at or below `where`, where the first of the snippets found stands (text sources)."""
        for snippet in snippets:
            if not snippet:
                continue
            for number in range(max(where, 1), min(where + reach, len(self.lines) + 1)):
                if snippet in self.lines[number - 1]:
                    return number
        return where
