"""Text made safe for each output format: Markdown, CSV cells, JSON inside a page, XML 1.0 text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

# ---------------------------------------------------------------- Markdown
#
# The press .md is opened in whatever Markdown tool the press office has (Typora, a WeChat
# Markdown editor, GitHub, Python-Markdown), so only escapes every CommonMark renderer and
# Python-Markdown read the same way are used: a backslash before the punctuation both treat as
# escapable, and an entity where Python-Markdown has no backslash escape (<, =, ~). CJK text and
# punctuation are never touched; ASCII marks that form structure only at the start of a line
# (- + > = 1.) are escaped only there, so 2017-08 and 3.5% stay as written.

_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")  # ASCII only: the ideographic space 　 is text
_ANYWHERE = re.compile(r"[\\`*_{}\[\]#|]")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_TILDES = re.compile(r"~{2,}")  # ~~strike~~ and ~~~ fences; one ~ (1~2月) stays
# List items need a space after their marker; a - or = line under a paragraph makes it a heading.
_LINE_START = re.compile(r"^( ?)(?:(>|-(?=[ -]|$)|\+(?=[ ]|$))|(=)(?=[ =]|$)|(\d+)([.)])(?=[ ]|$))")
# Exactly the entities markdown_text writes, for markdown_plain to read back.
_ENTITIES = {"&lt;": "<", "&amp;": "&", "&#61;": "=", "&#126;": "~"}
_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]#|+\-.>)])|&lt;|&amp;|&#61;|&#126;")


def _line_start(match: re.Match) -> str:
    space, mark, equals, digits, dot = match.groups()
    if mark:
        return f"{space}\\{mark}"
    if equals:
        return f"{space}&#61;"
    return f"{space}{digits}\\{dot}"


def markdown_text(text: str) -> str:
    """Plain text as Markdown that renders as exactly this text, in a paragraph, heading, table
    cell, link-free alt text or emphasis: no raw HTML, link, list, heading, code, rule or table.

    Runs of ASCII whitespace (line breaks included) become one space, as a page would show them:
    a line break is the model's LineBreak, never part of a text. The start of the text is treated
    as the start of a line, since a writer may put it there.
    """
    text = _WHITESPACE.sub(" ", text)
    # Entities first: the # of &#60; must still be there to be seen, and the & of an entity
    # written here must not be escaped again.
    text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;")
    text = _ANYWHERE.sub(r"\\\g<0>", text)
    text = _TILDES.sub(lambda m: "&#126;" * len(m.group()), text)
    return _LINE_START.sub(_line_start, text, count=1)


def markdown_plain(markdown: str) -> str:
    """The text a reader of Markdown written with markdown_text sees: its escapes undone."""
    return _UNESCAPE.sub(lambda m: m.group(1) or _ENTITIES[m.group()], markdown)


# ---------------------------------------------------------------- CSV
#
# A spreadsheet (Excel, WPS, LibreOffice) runs a cell that starts with = + - @ (or a tab or
# carriage return before one) as a formula: OWASP's CSV injection. Text cells that start so get
# a leading apostrophe. Numbers are written as numbers, so -3.5 stays a negative number a
# spreadsheet can sum: only str cells are text.

_FORMULA_START = re.compile(r"^[ ]*[=+\-@\t\r]")


def csv_cell(value: str | int | Decimal) -> str | int | Decimal:
    """A cell for csv.writer: text that a spreadsheet would run as a formula, prefixed with '."""
    if isinstance(value, str):
        return "'" + value if _FORMULA_START.match(value) else value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return value
    raise TypeError(f"a CSV cell is text or a number, not {type(value).__name__}")


def csv_row(values: Iterable[str | int | Decimal]) -> list:
    """A row for csv.writer, each cell through csv_cell."""
    return [csv_cell(v) for v in values]


# ---------------------------------------------------------------- JSON

def json_in_script(json_data: str) -> str:
    """JSON that may sit inside a <script> element: no "<" (so no </script> nor <!--), and no
    U+2028/U+2029, which end a line in older JavaScript. The JSON value is unchanged."""
    return json_data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# ---------------------------------------------------------------- XML

# Characters XML 1.0 forbids anywhere (ElementTree writes them and the file no longer parses):
# C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text an XML 1.0 document can hold: the characters it forbids are removed (ElementTree
    escapes & < > and quotes itself)."""
    return _NOT_XML.sub("", text)
