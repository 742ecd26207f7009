"""The texts of an issue file the proofreader reads, where each character stands in the file, and spots that become findings.

Checks read the parsed string values (YAML quoting is never mistaken for the text's own quotes)
with every `{{ … }}` masked, and say what they found as Spots: offsets into one value. `locate`
turns an offset into a file line, and a column when the value's line stands in the file as it is:
always in a literal block (`|`), and in a one-line value written without escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from jianbao.proofread.finding import Finding, Fix
from jianbao.reader.load import RawDoc, value_at
from jianbao.reader.paths import field_path

PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")  # figures ({{ funds.value }}) and citations ({{ 图.progress }})
MASK = "\x00"  # what a placeholder reads as: no YAML value can hold it (load.py refuses controls)

TITLE, PROSE, LABEL, NAME = "title", "prose", "label", "name"


@dataclass(frozen=True)
class TextField:
    """One text of the file: its path, its kind (title, prose, label or a row name) and its value."""

    path: tuple
    kind: str
    text: str
    first_line: int
    last_line: int
    literal: bool  # a "|" block: line i of the value is file line first_line + i

    @property
    def field(self) -> str:
        return field_path(self.path)

    @cached_property
    def masked(self) -> str:
        """The text with each placeholder replaced by MASK characters (offsets and line breaks kept)."""
        return PLACEHOLDER.sub(lambda m: re.sub(r"[^\n]", MASK, m.group(0)), self.text)


@dataclass(frozen=True)
class Spot:
    """What a check found at text[start:end]; `new` replaces that stretch when the mend is mechanical."""

    start: int
    end: int
    code: str
    expected: str
    found: str
    hint: str = ""
    new: str | None = None


_ARTICLE_PROSE = ("note", "body", "closing", "summary")
_ELEMENT_TEXTS = {"charts": {"title": LABEL, "note": PROSE, "source": PROSE},
                  "photos": {"title": LABEL, "alt": PROSE, "note": PROSE, "source": PROSE},
                  "tables": {"note": PROSE, "source": PROSE}}


def text_fields(doc: RawDoc) -> list[TextField]:
    """Every text an issue file prints, in file order; anything of the wrong type is skipped (validation says why)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    wanted: list[tuple[tuple, str]] = [(("note",), PROSE), (("correction", "reason"), PROSE)]
    figures = data.get("figures")
    for fig_id, body in (figures.items() if isinstance(figures, dict) else ()):
        if not isinstance(body, dict):
            continue
        base = ("figures", fig_id)
        wanted += [(base + ("label",), LABEL), (base + ("row_header",), LABEL)]
        columns = body.get("columns")
        wanted += [(base + ("columns", i), LABEL) for i in range(len(columns) if isinstance(columns, list) else 0)]
        rows = body.get("rows")
        wanted += [(base + ("rows", name), NAME) for name in (rows if isinstance(rows, dict) else ())]
    articles = data.get("articles")
    for index, article in enumerate(articles if isinstance(articles, list) else ()):
        if not isinstance(article, dict):
            continue
        base = ("articles", index)
        wanted.append((base + ("title",), TITLE))
        wanted += [(base + (key,), PROSE) for key in _ARTICLE_PROSE]
        highlights = article.get("highlights")
        for i, item in enumerate(highlights if isinstance(highlights, list) else ()):
            wanted += [(base + ("highlights", i), PROSE)] if isinstance(item, str) else \
                [(base + ("highlights", i, key), PROSE) for key in ("lead", "text")]
        for key, texts in _ELEMENT_TEXTS.items():
            items = article.get(key)
            for i, _ in enumerate(items if isinstance(items, list) else ()):
                wanted += [(base + (key, i, name), kind) for name, kind in texts.items()]
    out = [field for path, kind in wanted if (field := _field(doc, path, kind)) is not None]
    return sorted(out, key=lambda f: f.first_line)


def _field(doc: RawDoc, path: tuple, kind: str) -> TextField | None:
    if kind == NAME:  # a row name is a key: no span of its own
        line = doc.line(path) or 0
        return TextField(path, kind, str(path[-1]), line, line, False)
    value = value_at(doc.data, path)
    if not isinstance(value, str) or not value.strip():
        return None
    first = doc.text_line(path) or 0
    style, last = doc.text_spans.get(path, (None, first))
    return TextField(path, kind, value, first, max(first, last), style == "|")


def locate(field: TextField, start: int, end: int, lines: list[str]) -> tuple[int, int | None]:
    """The file line of text[start:end], and its column there when the value stands in the file as it is."""
    text = field.text
    if field.kind == NAME:
        return field.first_line, None
    row = text.count("\n", 0, start)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    value_line = text[line_start: len(text) if line_end < 0 else line_end]
    if field.literal:
        number = field.first_line + row
        file_line = lines[number - 1] if 0 < number <= len(lines) else ""
        if value_line and file_line.endswith(value_line):
            return number, len(file_line) - len(value_line) + start - line_start
        return number, None
    if "\n" not in text and 0 < field.first_line <= len(lines) and lines[field.first_line - 1].count(text) == 1:
        return field.first_line, lines[field.first_line - 1].index(text) + start
    # Folded or quoted over several lines: the first line of the value that holds the stretch.
    piece = text[start:end].strip() or text[start:end]
    for number in range(field.first_line, min(field.last_line, len(lines)) + 1):
        if number > 0 and piece and piece in lines[number - 1]:
            return number, None
    return field.first_line, None


def findings_of(file: str, field: TextField, spots: list[Spot], lines: list[str]) -> Iterator[Finding]:
    """The spots of one text as findings; a mechanical mend becomes a Fix where its column is known."""
    for spot in spots:
        line, column = locate(field, spot.start, spot.end, lines)
        fix = None
        old = field.text[spot.start:spot.end]
        if spot.new is not None and column is not None and "\n" not in old and MASK not in old:
            fix = Fix(line, column, old, spot.new)
        yield Finding(file, line or None, field.field, spot.code, spot.expected, spot.found, spot.hint, fix)


def excerpt(text: str, start: int, end: int, around: int = 6) -> str:
    """The stretch with a few characters either side, one line, placeholders shown as ……, to find it by."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    piece = text[max(left, start - around): min(right, end + around)]
    return re.sub(f"{MASK}+", "……", piece)
