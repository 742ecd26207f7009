"""What a reader hands to recognition: paragraphs as styled text spans, and tables, each with its place."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from jianbao.chinese import is_wide

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_LINE_SEPARATORS = re.compile(r"[\u2028\u2029\x85]")
# A footnote call stands in the text as one character of a private use plane, so that cutting, tidying
# and joining text carry it along like any other character. clean() removes such characters from the
# source first: every one found later is a call. FOOTNOTE_BASE + n calls the source's footnote n.
FOOTNOTE_BASE = 0xF0000
FOOTNOTE_MARK = re.compile("[\U000F0000-\U000FFFFD]")


@dataclass(frozen=True)
class Span:
    """A run of text with the formatting recognition cares about."""

    text: str
    bold: bool = False
    emphasis: bool = False


@dataclass
class SourcePara:
    """One paragraph of the source; `where` is its line (text) or paragraph number (Word)."""

    where: int
    spans: list[Span]
    style: str = ""  # a recognised role from a Word style: headline, heading1 … note, chart, caption …
    centered: bool = False
    drawing: bool = False  # holds a picture (a chart in a built bulletin)
    cell: bool = False  # a short line alone between blank lines (text): maybe a table cell, never joined on
    numbered: tuple[int, bool] | None = None  # Word's own list numbering: (level, ordered), the number not in the text

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class SourceTable:
    where: int
    rows: list[list[str]]


@dataclass
class SourceDoc:
    """A read source: its items in order and what the reader already set aside."""

    kind: str  # "text" | "docx"
    items: list = field(default_factory=list)  # SourcePara | SourceTable
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (where, why) of removed residue
    unsure: list[tuple[int, str]] = field(default_factory=list)  # (where, what) the reader guessed: to check
    joined: list[tuple[int, str]] = field(default_factory=list)  # (where, what) lines joined across a page break
    unit: str = "行"  # how `where` is counted: 行 for text, 段 for Word
    lines: list[str] = field(default_factory=list)  # text sources: the lines as read, to point at places
    footnotes: dict[str, list[Span]] = field(default_factory=dict)  # a call's mark character → the note's text


def footnote_mark(n: int) -> str:
    """The character that stands for a call of the source's footnote `n` (0 ≤ n < 65534)."""
    return chr(FOOTNOTE_BASE + n)


def clean(text: str) -> str:
    """Remove invisible and control characters that would break YAML or show as boxes."""
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\u00a0", " ").replace("\r", "")
    return "".join(ch for ch in text
                    if ch in "\n\t\f" or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn"))


_BLANKS = re.compile(r"[ \t]+")
_LATIN = re.compile(r"[0-9A-Za-z%.]")


def _blanks_beside_wide(text: str, *, latin_across: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each run of spaces and tabs with a wide character on one side and, when
    `latin_across`, a digit, Latin letter, % or . on the other."""
    def wide(at: int) -> bool:
        return 0 <= at < len(text) and is_wide(text[at])

    def latin(at: int) -> bool:
        return 0 <= at < len(text) and bool(_LATIN.fullmatch(text[at]))

    out = []
    for match in _BLANKS.finditer(text):
        before, after = match.start() - 1, match.end()
        if latin_across:
            hit = (wide(before) and latin(after)) or (latin(before) and wide(after))
        else:
            hit = wide(before) or wide(after)
        if hit:
            out.append(match.span())
    return out


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    kept, pos = [], 0
    for start, end in spans:
        kept.append(text[pos:start])
        pos = end
    return "".join(kept) + text[pos:]


def tidy_body(text: str) -> str:
    """Body text: PDF extraction puts spaces around digits and between characters; Chinese has none."""
    return re.sub(r"[ \t]{2,}", " ", _without(text, _blanks_beside_wide(text))).strip(" \t\u3000")


def tidy_spans(spans: list[Span]) -> list[Span]:
    """tidy_body across span boundaries: the spaces to drop are found in the joined text."""
    joined = "".join(s.text for s in spans)
    drop = set()
    for start, end in _blanks_beside_wide(joined):
        drop.update(range(start, end))
    for pattern in (re.compile(r"(?<=[ \t])[ \t]+"), re.compile(r"^[ \t\u3000]+|[ \t\u3000]+$")):
        for match in pattern.finditer(joined):
            drop.update(range(match.start(), match.end()))
    out, pos = [], 0
    for span in spans:
        kept = "".join(ch for i, ch in enumerate(span.text, start=pos) if i not in drop)
        pos += len(span.text)
        if kept:
            if out and (out[-1].bold, out[-1].emphasis) == (span.bold, span.emphasis):
                out[-1] = Span(out[-1].text + kept, span.bold, span.emphasis)
            else:
                out.append(Span(kept, span.bold, span.emphasis))
    return out


def tidy_title(text: str) -> str:
    """A headline keeps the spaces between its phrases (preferred line breaks) but not around digits."""
    text = re.sub(r"[ \t\u3000\n]+", " ", text).strip()
    return _without(text, _blanks_beside_wide(text, latin_across=True))


def squeeze(text: str) -> str:
    """Text compared for recognition: no spaces of any kind, and no footnote calls."""
    return FOOTNOTE_MARK.sub("", re.sub(r"[\s\u3000]+", "", text))
