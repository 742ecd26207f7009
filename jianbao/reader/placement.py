"""Where an article's charts, photos and tables stand, and the numbers 图 N and 表 N they take in reading order.

An editor places an element by a line of its own, `{{ 图.progress }}` or `{{ 表.inspected }}`, in the
article's body or closing, and cites it anywhere in the issue by the same words inside a sentence
(见{{ 图.progress }}), which print as 图2. Elements that are not placed keep the place they always
had: tables after the body, then charts, then photos, then the highlights and the closing. Numbers
are given once the whole issue is read, in reading order (`number_through`), and citations, held
until then as sentinels, take them: a number never drifts from the element it names.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from jianbao.model import Article, ChartSpec, Photo, Table

ID = r"[A-Za-z_][A-Za-z0-9_]*"
PLACE_LINE = re.compile(rf"^[ \t]*\{{\{{\s*(图|表)\s*[.．:：]\s*({ID})\s*\}}\}}[ \t]*$")
REFERENCE = re.compile(r"\{\{\s*(图|表)\s*[.．:：]\s*([^{}]*?)\s*\}\}")
SENTINEL = "\ue000{kind}:{id}\ue000"  # what a placement line becomes for the markdown reader
CITATION = "\ue001{kind}:{id}\ue001"  # a citation until the numbers are known
CITATION_MARK = re.compile("\ue001(图|表):([^\ue001]+)\ue001")


@dataclass
class Element:
    """A chart or photo (图) or a table (表) declared by an article."""

    kind: str
    id: str  # "" when it has none: then it cannot be placed or cited
    article: int
    path: tuple  # where it is declared, for messages
    placed: int = 0  # how often a placement line names it
    cited: int = 0


@dataclass
class Plan:
    """Every element of an issue, numbered in reading order."""

    elements: list[Element] = field(default_factory=list)

    def find(self, kind: str, ident: str, article: int | None = None) -> list[Element]:
        return [e for e in self.elements if e.kind == kind and e.id == ident and ident
                and (article is None or e.article == article)]

    def unused(self) -> list[Element]:
        """Charts and photos given an id that nothing places or cites: a reference was probably mistyped.

        A table's id is its figure's name, given in any case, so an unplaced table is not one of them."""
        return [e for e in self.elements if e.id and e.kind == "图" and not e.placed and not e.cited]


def placement_lines(text: str) -> list[tuple[int, str, str]]:
    """(line offset, 图|表, id) of each placement line in a text."""
    out = []
    for offset, line in enumerate(text.split("\n")):
        match = PLACE_LINE.match(line)
        if match:
            out.append((offset, match.group(1), match.group(2)))
    return out


def mark_placements(text: str) -> str:
    """The text with each placement line turned into its sentinel paragraph (line count kept)."""
    lines = text.split("\n")
    for offset, kind, ident in placement_lines(text):
        lines[offset] = SENTINEL.format(kind=kind, id=ident)
    return "\n".join(lines)


def _declared(article: dict, index: int) -> list[Element]:
    """The article's elements in their default order: tables, charts, photos (the YAML may be wrong:
    anything that is not a list of entries declares nothing here, and validation says why)."""
    out = []
    for key, kind in (("tables", "表"), ("charts", "图"), ("photos", "图")):
        items = article.get(key)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            ident = ""
            if key == "tables":
                ident = item if isinstance(item, str) else (item.get("figure") if isinstance(item, dict) else "")
            elif isinstance(item, dict):
                ident = item.get("id") or ""
            ident = ident.strip() if isinstance(ident, str) else ""
            out.append(Element(kind, ident, index, ("articles", index, key, i)))
    return out


def plan_issue(articles: object) -> Plan:
    """Every element the articles declare, with its id, before any text is read."""
    plan = Plan()
    if isinstance(articles, list):
        for index, article in enumerate(articles):
            if isinstance(article, dict):
                plan.elements += _declared(article, index)
    return plan


def number_through(articles: list[Article], names: dict[int, tuple[str, str]]) -> list[Article]:
    """图 N (charts and photos) and 表 N (tables) in reading order through the issue; then every
    citation takes the number of the element it names. `names` maps id(block) to (图|表, id)."""
    counters = {"图": 0, "表": 0}
    numbers: dict[tuple[str, str], int] = {}
    out = []
    for article in articles:
        blocks = []
        for block in article.blocks:
            if isinstance(block, (ChartSpec, Photo, Table)):
                kind = "表" if isinstance(block, Table) else "图"
                counters[kind] += 1
                if id(block) in names:
                    numbers[names[id(block)]] = counters[kind]
                block = dataclasses.replace(block, number=counters[kind])
            blocks.append(block)
        out.append(dataclasses.replace(article, blocks=tuple(blocks)))

    def cite(text: str) -> str:
        if "\ue001" not in text:
            return text
        return CITATION_MARK.sub(lambda m: f"{m[1]}{numbers.get((m[1], m[2]), '?')}", text)

    return [_each_text(article, cite) for article in out]


def _each_text(value, fix):
    """`value` with `fix` applied to every string inside it (dataclasses and tuples rebuilt)."""
    if isinstance(value, str):
        return fix(value)
    if isinstance(value, tuple):
        return tuple(_each_text(v, fix) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _each_text(getattr(value, f.name), fix)
                                              for f in dataclasses.fields(value) if f.init})
    return value
