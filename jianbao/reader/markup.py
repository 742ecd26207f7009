"""Markdown bodies → model blocks through Python-Markdown's element tree (the only markdown import)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import markdown
from markdown.extensions.footnotes import NBSP_PLACEHOLDER

from jianbao.article_text import plain_text
from jianbao.chinese import join_soft_breaks
from jianbao.model import (
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    ItemList,
    LineBreak,
    ListItem,
    Paragraph,
    Strong,
    Table,
    Text,
)
from jianbao.reader.figures import chinese_numeral

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
# An editor who types the marker by hand would get it twice: 一、一、.
TYPED_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）|\(\d+\))")
TABLE_TITLE = re.compile(r"^表[：:]\s*(.+)$")
# A line that stands for a chart, photo or table declared by the article (reader/placement.py).
PLACEMENT = re.compile("^\ue000(图|表):([^\ue000]+)\ue000$")
# Markers of an ordered list, by level: 3 is 「1.」, 4 is 「（1）」 (the heading markers of those
# levels, GB/T 9704 7.3.3), 5 and below 「①」.
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
MAX_LIST_DEPTH = 3

UNSUPPORTED = {
    "blockquote": ("引用块（>）", "简报正文不使用引用块"),
    "pre": ("代码块", "简报正文不使用代码块"),
    "code": ("代码（`）", "去掉反引号"),
    "a": ("链接", "简报正文不使用链接，请直接写出网址或名称"),
    "img": ("Markdown 图片", "照片请在 photos 中声明，图表在 charts 中声明，再在正文中单独一行写 {{ 图.名字 }}"),
    "hr": ("分隔线", "去掉 --- 行"),
    "h5": ("五级标题", "正文标题最多四级：# 一、 ## （一） ### 1. #### （1）"),
    "h6": ("六级标题", "正文标题最多四级：# 一、 ## （一） ### 1. #### （1）"),
}
# Where in the source an unsupported element most likely stands, to give its line.
SOURCE_HINTS = {"blockquote": r"^\s*>", "pre": r"^( {4}|```)",
                "code": r"`", "a": r"\]\(|<https?:", "img": r"!\[", "hr": r"^\s*(-{3,}|\*{3,})\s*$",
                "h5": r"^#{5}\s", "h6": r"^#{6}\s"}


@dataclass(frozen=True)
class MarkupProblem:
    line_offset: int  # lines below the first line of the text
    expected: str
    found: str
    hint: str = ""


# Links and images are found by these linear scans of the source instead of by Python-Markdown, whose
# bracket matching is quadratic: 20,000 "[" took 90 s. Reference definitions ("[1]: http://…") would
# otherwise vanish from the text.
LINK_SYNTAX = [
    ("img", re.compile(r"!\[[^\[\]\n]*\][ ]?[(\[]")),
    ("a", re.compile(r"(?<!!)\[(?!\^)[^\[\]\n]*\][ ]?[(\[]|^ {0,3}\[(?!\^)[^\[\]\n]+\]:|<(?:https?|ftp|mailto|javascript):[^<>\n]*>",
                     re.IGNORECASE)),
]


def _new_markdown() -> markdown.Markdown:
    # sane_lists: a numbered list after a bulleted one is a list of its own, as an editor means it.
    md = markdown.Markdown(extensions=["tables", "sane_lists", "footnotes"])
    # Raw HTML and entities stay literal text: the renderers escape them, so nothing active survives.
    md.preprocessors.deregister("html_block")
    for name in ("html", "entity", "reference", "link", "image_link", "image_reference", "short_reference",
                 "short_image_ref", "autolink", "automail"):
        md.inlinePatterns.deregister(name)
    md.parser.blockprocessors.deregister("reference")
    return md


_MD = _new_markdown()


LIST_LINE = re.compile(r"^ {0,3}([-*+]|\d{1,3}[.)])\s+\S")


def _separate_lists(lines: list[str]) -> list[str]:
    """A blank line before a list that follows a paragraph, or a list of the other kind, directly.

    Python-Markdown wants one there and otherwise runs the items into the line above; editors
    (and CommonMark) do not. Problems are located by searching the original text, so the lines
    added here move no line number.
    """
    out: list[str] = []
    for line in lines:
        item = LIST_LINE.match(line)
        if item and out and out[-1].strip():
            before = LIST_LINE.match(out[-1])
            kind = item.group(1)[0].isdigit()
            if (before is None and not out[-1].startswith((" ", "\t", "|"))) or \
                    (before is not None and before.group(1)[0].isdigit() != kind):
                out.append("")
        out.append(line)
    return out


ANY_LIST_LINE = re.compile(r"^( *)(?:[-*+]|\d{1,3}[.)])\s+\S")


def _nest_lists(lines: list[str]) -> list[str]:
    """Nested list items indented as the editor indented them (2 spaces, 3, a tab's worth) moved to
    the 4 spaces per level Python-Markdown reads, which otherwise runs them into the outer list."""
    out: list[str] = []
    indents: list[int] = []  # the indent of each open level
    for line in lines:
        item = ANY_LIST_LINE.match(line)
        if item:
            width = len(item.group(1))
            while len(indents) > 1 and width < indents[-1] - 1:
                indents.pop()
            if not indents or width >= indents[-1] + 2:  # one space more is the same level
                indents.append(width)
            out.append(" " * 4 * (len(indents) - 1) + line.lstrip(" "))
            continue
        if line.strip() and not line.startswith(" "):
            indents = []  # a paragraph, heading or table: the list is over
        out.append(line)
    return out


def _tree(source: str) -> ET.Element:
    _MD.reset()
    # A trailing newline would become an empty last row of a table that ends the text.
    lines = _nest_lists(_separate_lists(source.rstrip("\n").split("\n")))
    root = _MD.parser.parseDocument(lines).getroot()
    for processor in _MD.treeprocessors:
        if processor.__class__.__name__ == "PrettifyTreeprocessor":
            continue
        root = processor.run(root) or root
    return root


def _line_of(source: str, tag: str) -> int:
    pattern = SOURCE_HINTS.get(tag)
    if pattern:
        for number, line in enumerate(source.split("\n")):
            if re.search(pattern, line):
                return number
    return 0


class _Walker:
    """One method per element; any other element is a problem, never dropped."""

    def __init__(self, source: str, first_footnote: int = 1):
        self.source = source
        self.problems: list[MarkupProblem] = []
        self.counters = [0, 0, 0, 0]
        self.level = 0  # the level of the latest heading: a list's markers go one below it
        self.first_footnote = first_footnote
        self.footnote_numbers: dict[str, int] = {}  # Python-Markdown's id → number in the article
        self.footnotes: list[Footnote] = []

    def unsupported(self, el: ET.Element) -> None:
        name, hint = UNSUPPORTED.get(el.tag, (f"<{el.tag}>", "请删去"))
        self.problems.append(MarkupProblem(_line_of(self.source, el.tag), "简报支持的 Markdown（段落、"
                                           "加粗、斜体、四级标题、列表、表格、脚注）", name, hint))

    def inlines(self, el: ET.Element) -> tuple[Inline, ...]:
        out: list[Inline] = []
        if el.text:
            out.append(Text(el.text))
        for child in el:
            if child.tag == "strong":
                out.append(Strong(self.inlines(child)))
            elif child.tag == "em":
                out.append(Emphasis(self.inlines(child)))
            elif child.tag == "br":
                out.append(LineBreak())
            elif child.tag == "sup" and child.get("id", "").startswith("fnref"):
                out.append(FootnoteRef(self.footnote_number(child)))
            else:
                self.unsupported(child)
            if child.tail:
                out.append(Text(child.tail))
        return _merge_text(out)

    def footnote_number(self, sup: ET.Element) -> int:
        """Footnotes are numbered in the order they are first called, from `first_footnote` on."""
        link = sup.find("a")
        key = (link.get("href", "") if link is not None else "").removeprefix("#fn:")
        if key not in self.footnote_numbers:
            self.footnote_numbers[key] = self.first_footnote + len(self.footnote_numbers)
        return self.footnote_numbers[key]

    def blocks(self, root: ET.Element) -> list:
        out: list = []
        for el in root:
            if el.tag == "p":
                paragraph = Paragraph(self.inlines(el))
                place = PLACEMENT.match(_text(paragraph.inlines))
                out.append(Placement(place.group(1), place.group(2)) if place else paragraph)
            elif el.tag in ("ul", "ol"):
                out.append(ItemList(tuple(self.list_items(el, 0))))
            elif el.tag == "div" and el.get("class") == "footnote":
                self.footnote_texts(el)
            elif el.tag in HEADING_TAGS:
                heading = self.heading(el)
                if heading:
                    out.append(heading)
            elif el.tag == "table":
                out.append(self.table(el, out))
            else:
                self.unsupported(el)
        return out

    def list_items(self, el: ET.Element, depth: int) -> list[ListItem]:
        """Items of a list and, below each, its nested lists: 1. then （1） then ①, under the heading level."""
        if depth >= MAX_LIST_DEPTH:
            self.problems.append(MarkupProblem(_line_of_text(self.source, "".join(el.itertext())[:12].strip()),
                                               f"不超过 {MAX_LIST_DEPTH} 层的列表", "列表嵌套过深", "请减少嵌套层次"))
            return []
        out: list[ListItem] = []
        for n, li in enumerate((c for c in el if c.tag == "li"), start=1):
            marker = _list_marker(max(3, self.level + 1) + depth, n) if el.tag == "ol" else ""
            inlines: list[Inline] = []
            nested: list[ListItem] = []
            own, rest = ET.Element("p"), []  # a tight item's own text, then its paragraphs and lists
            own.text = li.text
            for child in li:
                (rest if rest or child.tag in ("ul", "ol", "p") else own).append(child)
            if (own.text or "").strip() or len(own):
                inlines.extend(self.inlines(own))
            for child in rest:
                if child.tag in ("ul", "ol"):
                    nested += self.list_items(child, depth + 1)
                    continue
                if inlines:
                    inlines.append(LineBreak())
                inlines.extend(self.inlines(child if child.tag == "p" else _wrapped(child)))
            out.append(ListItem(marker, depth, _merge_text(inlines)))
            out += nested
        return out

    def footnote_texts(self, div: ET.Element) -> None:
        """The footnotes' texts, in the order they were called; one never called is a problem."""
        texts: dict[str, tuple[Inline, ...]] = {}
        for li in div.iter("li"):
            key = li.get("id", "").removeprefix("fn:")
            for p in li.findall("p"):
                for back in p.findall("a"):
                    if back.get("class") == "footnote-backref":
                        p.remove(back)
            inlines = _merge_text([node for p in li.findall("p") for node in self.inlines(p)])
            texts[key] = _strip_end(inlines)
        for key in texts:
            if key not in self.footnote_numbers:
                self.problems.append(MarkupProblem(_line_of_text(self.source, f"[^{key}]:"), "在正文中引用的脚注",
                                                   f"脚注 [^{key}] 写了说明但正文中没有引用", f"在要加注的文字后写 [^{key}]，或删去这条说明"))
        for key, number in sorted(self.footnote_numbers.items(), key=lambda kv: kv[1]):
            self.footnotes.append(Footnote(number, texts.get(key, ())))

    def heading(self, el: ET.Element) -> Heading | None:
        level = HEADING_TAGS[el.tag]
        inlines = self.inlines(el)
        text = plain_text(inlines)
        line = _line_of_text(self.source, text[:12])
        if TYPED_MARKER.match(text):
            self.problems.append(MarkupProblem(line, "不带序号的标题", f"「{text[:20]}」", "序号由程序自动生成，请删去手写的序号"))
        if level > 1 and self.counters[level - 2] == 0:
            self.problems.append(MarkupProblem(line, f"{'#' * (level - 1)} 级标题之后才出现 {'#' * level}",
                                               f"「{text[:20]}」跳级", "标题层级依次为 # 一、 ## （一） ### 1. #### （1）"))
            return None
        if self.counters[level - 1] >= 99:
            self.problems.append(MarkupProblem(line, "同一级下不超过 99 个标题", f"「{text[:20]}」超出 99 个",
                                               "请合并或分级"))
            return None
        self.counters[level - 1] += 1
        self.level = level
        for deeper in range(level, 4):
            self.counters[deeper] = 0
        n = self.counters[level - 1]
        marker = {1: f"{chinese_numeral(n)}、", 2: f"（{chinese_numeral(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]
        head, rest = _split_run_in(inlines)
        return Heading(level, marker, head, rest)

    def table(self, el: ET.Element, previous: list) -> Table:
        rows = [[("".join(cell.itertext())).strip() for cell in tr] for tr in el.iter("tr")]
        header, body = (tuple(rows[0]), tuple(tuple(r) for r in rows[1:])) if rows else ((), ())
        title = ""
        if previous and isinstance(previous[-1], Paragraph):
            match = TABLE_TITLE.match(_text(previous[-1].inlines))
            if match:
                title = match.group(1).strip()
                previous.pop()
        return Table(0, title, header, body)


@dataclass(frozen=True)
class Placement:
    """A line that stands for a chart or photo (图) or a table (表) the article declares."""

    kind: str
    id: str


def _list_marker(level: int, n: int) -> str:
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    return CIRCLED[n - 1] if n <= len(CIRCLED) else f"（{n}）"


def _wrapped(child: ET.Element) -> ET.Element:
    holder = ET.Element("p")
    holder.append(child)
    return holder


def _strip_end(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A footnote's text without the no-break space Python-Markdown puts before its back-link."""
    if inlines and isinstance(inlines[-1], Text):
        rest = inlines[-1].text.replace(NBSP_PLACEHOLDER, "").rstrip("\u00a0 ")
        return inlines[:-1] + ((Text(rest),) if rest else ())
    return inlines


def _text(inlines) -> str:
    return "".join(i.text if isinstance(i, Text) else _text(getattr(i, "children", ())) for i in inlines)


def _line_of_text(source: str, snippet: str) -> int:
    for number, line in enumerate(source.split("\n")):
        if snippet and snippet in line:
            return number
    return 0


def _merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            node = Text(join_soft_breaks(node.text))
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)


def _split_run_in(inlines: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """「（一）校舍建设。竣工率…」: the heading ends at its first 。 and the rest is body text."""
    for index, node in enumerate(inlines):
        if isinstance(node, Text) and "。" in node.text:
            head, _, tail = node.text.partition("。")
            rest = ((Text(tail),) if tail else ()) + inlines[index + 1:]
            if rest:
                return inlines[:index] + (Text(head + "。"),), _merge_text(list(rest))
    return inlines, ()


_ESCAPED = re.compile(r"\\[\\\[\]()<>!]")


def _link_problems(source: str) -> list[MarkupProblem]:
    out = []
    for number, line in enumerate(source.split("\n")):
        line = _ESCAPED.sub("", line)  # \[x\](y) is text the editor escaped on purpose
        for tag, pattern in LINK_SYNTAX:
            if pattern.search(line):
                name, hint = UNSUPPORTED[tag]
                out.append(MarkupProblem(number, "简报支持的 Markdown（段落、加粗、斜体、四级标题、列表、表格、脚注）", name, hint))
                break
    return out


def parse_blocks(source: str, first_footnote: int = 1) -> tuple[list, list[MarkupProblem], list[Footnote]]:
    """Paragraphs, headings (numbered 一、（一）1.（1） within this text), lists, tables (numbered
    later), placements of the article's charts, photos and tables, and the footnotes, numbered
    from `first_footnote` (a closing continues the body's numbers)."""
    walker = _Walker(source, first_footnote)
    blocks = walker.blocks(_tree(source))
    problems = walker.problems + _unresolved_footnotes(source, walker)
    return blocks, _unique(_link_problems(source) + problems), walker.footnotes


UNRESOLVED_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def _unresolved_footnotes(source: str, walker: _Walker) -> list[MarkupProblem]:
    """A call [^x] with no text [^x]: … stays literal in Python-Markdown's output: say so."""
    out = []
    for number, line in enumerate(source.split("\n")):
        for match in UNRESOLVED_FOOTNOTE.finditer(line):
            if match.group(1) not in walker.footnote_numbers:
                out.append(MarkupProblem(number, f"有说明的脚注（另起一行写 [^{match.group(1)}]: 说明文字）",
                                         f"脚注 [^{match.group(1)}] 没有说明", "在正文末尾另起一行写出这条脚注的说明"))
    return out


def _unique(problems: list[MarkupProblem]) -> list[MarkupProblem]:
    """One message per kind of problem and line: 1,000 backticks on a line are one problem."""
    return list(dict.fromkeys(problems))


def parse_inline(source: str) -> tuple[tuple[Inline, ...], list[MarkupProblem]]:
    """One line of inline markdown (a highlight's lead or text) as inlines."""
    walker = _Walker(source)
    root = _tree(source)
    inlines: list[Inline] = []
    for el in root:
        if el.tag == "p":
            if inlines:
                inlines.append(LineBreak())
            inlines.extend(walker.inlines(el))
        else:
            walker.unsupported(el)
    called = [MarkupProblem(0, "不带脚注的文字", f"脚注 [^{m.group(1)}]", "脚注只能加在 body 和 closing 中；"
                            "这里可改用括号说明") for m in UNRESOLVED_FOOTNOTE.finditer(source)]
    return _merge_text(inlines), _unique(_link_problems(source) + walker.problems + called)
