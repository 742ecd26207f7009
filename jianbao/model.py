"""Typed, frozen model of a series and its issues: what every renderer receives."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from jianbao.deferrable import Deferrable
from jianbao.layout import Layout

PUBLIC = "public"
INTERNAL = "internal"
SUMMARY_MAX = 120  # characters of a 摘要: what the WeChat editor's summary field takes


# ---------------------------------------------------------------- inline text

@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class FootnoteRef:
    """Where a footnote is called: its number within the article (1, 2 …)."""

    number: int


Inline = Text | Strong | Emphasis | LineBreak | FootnoteRef


# ---------------------------------------------------------------- figures

@dataclass(frozen=True)
class Period:
    """A reporting period: a year, or a month of a year."""

    year: int
    month: int | None = None

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月" if self.month else f"{self.year}年"


@dataclass(frozen=True, kw_only=True)
class Figure:
    id: str
    label: str
    unit: str = ""
    release: str | None = None  # None: follows the articles that quote it


@dataclass(frozen=True, kw_only=True)
class ValueFigure(Figure):
    """A single value, optionally a part of a planned whole (value of `of`)."""

    value: Decimal
    of: Decimal | None = None
    target: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class PeriodFigure(Figure):
    """Values by period (in time order) with an optional target."""

    values: tuple[tuple[Period, Decimal], ...]
    target: Decimal | None = None

    @property
    def latest(self) -> tuple[Period, Decimal]:
        return self.values[-1]


@dataclass(frozen=True, kw_only=True)
class TableFigure(Figure):
    """A table of rows (e.g. regions) by columns, all in one unit."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Decimal, ...]], ...]
    target: Decimal | None = None
    row_header: str = "地区"


AnyFigure = ValueFigure | PeriodFigure | TableFigure


# ---------------------------------------------------------------- blocks

@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    """An official heading: level 1..4 with its marker 一、（一）1.（1）.

    `run_in` holds body text that follows the heading sentence in the same paragraph.
    """

    level: int
    marker: str
    inlines: tuple[Inline, ...]
    run_in: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table with its caption 表 N, above it. Cells are display text."""

    number: int
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source_figure: str | None = None
    notes: tuple[str, ...] = ()  # lines under the table: 注：…, 数据来源：…

    @property
    def caption(self) -> str:
        return f"表{self.number} {self.title}" if self.title else f"表{self.number}"


@dataclass(frozen=True)
class ChartSpec:
    """A chart declared by an article, numbered 图 N through the issue."""

    number: int
    kind: str  # progress | trend | share | ranking
    figures: tuple[str, ...]
    title: str
    notes: tuple[str, ...] = ()  # lines under the caption: 注：…, 数据来源：…

    @property
    def caption(self) -> str:
        return f"图{self.number} {self.title}"


@dataclass(frozen=True)
class Photo:
    """A photograph from the project, numbered 图 N with the charts; `data` is the cleaned image.

    The reader turns EXIF orientation into pixels and drops every other metadata (a camera's GPS
    position, its owner's name), so that the same file always gives the same `data`.
    """

    number: int
    title: str
    alt: str
    data: bytes
    kind: str  # "jpeg" | "png": of `data`
    width_px: int
    height_px: int
    path: str  # the source file, relative to the project root, POSIX
    sha256: str  # of the source file's bytes: a changed file is noticed
    notes: tuple[str, ...] = ()

    @property
    def caption(self) -> str:
        return f"图{self.number} {self.title}"

    @property
    def file_name(self) -> str:
        """Its name beside an HTML page and in the press folder."""
        return f"photo-{self.number}.{'jpg' if self.kind == 'jpeg' else 'png'}"


@dataclass(frozen=True)
class Highlight:
    """One work highlight: ordinal 一是, a bold lead sentence, then plain text."""

    ordinal: str
    lead: tuple[Inline, ...]
    text: tuple[Inline, ...]


@dataclass(frozen=True)
class Highlights:
    items: tuple[Highlight, ...]


@dataclass(frozen=True)
class ListItem:
    """One item of a list: its marker (1. （1） ①, or "" when unordered) and its depth (0 at the top)."""

    marker: str
    depth: int
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ItemList:
    """A list, nested lists flattened into it in reading order: the markers are already chosen."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Footnote:
    """A footnote of an article: its number there and its text."""

    number: int
    inlines: tuple[Inline, ...]


Block = Paragraph | Heading | Table | ChartSpec | Photo | Highlights | ItemList


@dataclass(frozen=True)
class Article:
    title: str
    release: str  # PUBLIC | INTERNAL
    note: tuple[Paragraph, ...]  # 编者按, may be empty
    blocks: tuple[Block, ...]
    figures_used: frozenset[str] = frozenset()
    summary: str = ""  # 摘要 for WeChat, at most SUMMARY_MAX characters; empty: taken from the body
    footnotes: tuple[Footnote, ...] = ()

    @property
    def is_public(self) -> bool:
        return self.release == PUBLIC

    @property
    def charts(self) -> tuple[ChartSpec, ...]:
        return tuple(b for b in self.blocks if isinstance(b, ChartSpec))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def photos(self) -> tuple[Photo, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Photo))


# ---------------------------------------------------------------- project and series

@dataclass(frozen=True)
class Site:
    """Project-wide settings (content/site.yaml): the address the public site is served from."""

    url: str = ""  # site_url, ending in "/"; "" when not set (the public site links relatively)


@dataclass(frozen=True)
class Recipient:
    label: str  # 报 | 送 | 发 | 抄送 …
    to: str


@dataclass(frozen=True)
class Series:
    id: str
    title: str
    issuer: str
    program: str = ""
    classification: str = ""
    numbering: str = "yearly"  # yearly | continuous
    show_total: bool = False  # print 总第 N 期
    total_offset: int = 0  # issues published before the archive began
    distribution: tuple[Recipient, ...] = ()
    copies: int | None = None
    chart_fonts: tuple[str, ...] = ()
    contents: str = "auto"  # 本期要目: auto (when an issue has several articles) | always | never
    sign_roles: tuple[str, ...] = ("签发",)  # the sign-off roles printed above the 报尾, in order
    layout: Layout = field(default_factory=Layout)
    retention: str = ""  # 保管期限 of its issues (DA/T 22-2015): 永久 | 定期30年 | 定期10年; for the archive export


def chinese_date(day: datetime.date) -> str:
    """2017年10月11日: Arabic numerals, full year, no zero padding (GB/T 9704 7.3.5.4)."""
    return f"{day.year}年{day.month}月{day.day}日"


def number_label(number: int, supplement: bool) -> str:
    """第7期, or 增刊第2期: a supplement is numbered apart from the regular issues."""
    return f"增刊第{number}期" if supplement else f"第{number}期"


def issue_name(series_title: str, year: int, number_text: str) -> str:
    """How every message, and a press release's 来源, names an issue: 《工作简报》2017年第7期.

    The series title in 书名号, being the name of a publication; the year, since a 期号 alone
    repeats from year to year. `number_text` is a number_label.
    """
    return f"《{series_title}》{year}年{number_text}"


@dataclass(frozen=True)
class Cover:
    """The WeChat cover image of an issue (cover:), as validated: the press folder carries a clean copy."""

    given: str  # the path as written in the issue file
    path: str  # resolved, relative to the project root, POSIX
    sha256: str  # of the file's bytes when validated: a changed file is noticed
    width: int
    height: int
    kind: str  # "jpeg" | "png"

    @property
    def file_name(self) -> str:
        """Its name in the press folder."""
        return "cover.jpg" if self.kind == "jpeg" else "cover.png"


@dataclass(frozen=True)
class Correction:
    """A 更正 of a published issue: why and when; the archive keeps the version it replaces."""

    reason: str
    date: datetime.date
    # Whether the reason may be read outside; the notice itself always goes out with public articles.
    release: str = INTERNAL

    @property
    def label(self) -> str:
        """The notice's opening words: 更正（2017年10月13日）："""
        return f"更正（{chinese_date(self.date)}）："


@dataclass(frozen=True)
class Issue(Deferrable):
    # An issue's body: what most builds of a large archive never look at (reader/deferred.py, issue 21).
    DEFERRED = ("articles", "figures", "note")

    series: Series
    number: int
    date: datetime.date
    articles: tuple[Article, ...]
    figures: Mapping[str, AnyFigure]
    status: str = "draft"  # draft | published
    supplement: bool = False
    total: int | None = None  # 总第 N 期, when the series counts it
    # 编者按 for the whole issue; no class-level default, which a deferred issue would answer unloaded
    note: tuple[Paragraph, ...] = field(default_factory=tuple)
    copies: int | None = None  # overrides the series' 共印 N 份
    source: str = ""  # path of the issue file, relative to the project, for manifests
    correction: Correction | None = None  # set when a published issue is corrected (更正)
    cover: Cover | None = None  # the WeChat 封面 (cover:), copied to the press folder
    secrecy: str = ""  # 密级 of this issue: 秘密 | 机密 | 绝密; "" leaves the series' classification line
    secrecy_period: str = ""  # 保密期限, printed after a ★: 1年, 6个月
    urgency: str = ""  # 紧急程度: 特急 | 加急
    signers: tuple[tuple[str, str], ...] = ()  # (role, name) in the series' order: 签发 张三

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def number_label(self) -> str:
        return number_label(self.number, self.supplement)

    @property
    def name(self) -> str:
        """The issue as messages name it: 《工作简报》2017年第7期."""
        return issue_name(self.series.title, self.year, self.number_label)

    @property
    def total_label(self) -> str:
        return f"总第{self.total}期" if self.series.show_total and self.total else ""

    @property
    def date_label(self) -> str:
        return chinese_date(self.date)

    @cached_property  # asked for thousands of times in a build of a large archive
    def slug(self) -> str:
        """Stable output folder: <series>/<year>/<nn> (增刊 as zk<nn>)."""
        nn = f"zk{self.number:02d}" if self.supplement else f"{self.number:02d}"
        return f"{self.series.id}/{self.year}/{nn}"

    @cached_property
    def file_stem(self) -> str:
        return self.slug.replace("/", "-")

    # Cached: a deferred issue (deferred()) is given these (SUMMARY_PROPERTIES), and answers them unloaded.
    @cached_property
    def headline(self) -> str:
        return self.articles[0].title if self.articles else ""

    @property
    def print_copies(self) -> int | None:
        return self.copies if self.copies is not None else self.series.copies

    @cached_property
    def article_count(self) -> int:
        return len(self.articles)

    @cached_property
    def figures_digest(self) -> str:
        """The issue's figures as one short text: what the archive's figures pages show of its body."""
        return hashlib.sha256(repr(self.figures).encode("utf-8")).hexdigest()

    @cached_property
    def charts(self) -> tuple[ChartSpec, ...]:
        return tuple(c for a in self.articles for c in a.charts)

    @cached_property
    def photos(self) -> tuple[Photo, ...]:
        return tuple(p for a in self.articles for p in a.photos)

    @property
    def marking_lines(self) -> tuple[str, ...]:
        """The top-left lines of page 1 (GB/T 9704 7.2.2–7.2.3): 密级★期限 (or the series' line), 紧急程度."""
        if self.secrecy:
            mark = f"{self.secrecy}★{self.secrecy_period}" if self.secrecy_period else self.secrecy
        else:
            mark = self.series.classification
        return tuple(line for line in (mark, self.urgency) if line)

    @property
    def shows_contents(self) -> bool:
        """Whether a 本期要目 opens the body: the series decides; auto means several articles."""
        wanted = self.series.contents
        return wanted == "always" or (wanted == "auto" and len(self.articles) > 1)

    @property
    def signoff_line(self) -> str:
        """签发：张三　审核：李四 — printed above the 报尾 where the series prints them; "" when none."""
        return "　".join(f"{role}：{name}" for role, name in self.signers)
