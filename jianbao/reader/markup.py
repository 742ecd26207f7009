"""Markdown bodies → model blocks through Python-Markdown's element tree (the only markdown import)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import markdown

from jianbao.article_text import plain_text
from jianbao.chinese import join_soft_breaks
from jianbao.model import Emphasis, Heading, Inline, LineBreak, Paragraph, Strong, Table, Text
from jianbao.reader.figures import chinese_numeral

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
# An editor who types the marker by hand would get it twice: 一、一、.
TYPED_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）|\(\d+\))")
TABLE_TITLE = re.compile(r"^表[：:]\s*(.+)$")

UNSUPPORTED = {
    "ul": ("无序列表", "请改用 highlights（一是、二是……）或分级标题"),
    "ol": ("编号列表", "请改用 highlights（一是、二是……）或分级标题"),
    "blockquote": ("引用块（>）", "简报正文不使用引用块"),
    "pre": ("代码块", "简报正文不使用代码块"),
    "code": ("代码（`）", "去掉反引号"),
    "a": ("链接", "简报正文不使用链接，请直接写出网址或名称"),
    "img": ("图片", "图表请在 charts 中声明"),
    "hr": ("分隔线", "去掉 --- 行"),
    "h5": ("五级标题", "正文标题最多四级：# 一、 ## （一） ### 1. #### （1）"),
    "h6": ("六级标题", "正文标题最多四级：# 一、 ## （一） ### 1. #### （1）"),
}
# Where in the source an unsupported element most likely stands, to give its line.
SOURCE_HINTS = {"ul": r"^\s*[-*+]\s", "ol": r"^\s*\d+\.\s", "blockquote": r"^\s*>", "pre": r"^( {4}|```)",
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
    ("a", re.compile(r"(?<!!)\[[^\[\]\n]*\][ ]?[(\[]|^ {0,3}\[[^\[\]\n]+\]:|<(?:https?|ftp|mailto|javascript):[^<>\n]*>",
                     re.IGNORECASE)),
]


def _new_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables"])
    # Raw HTML and entities stay literal text: the renderers escape them, so nothing active survives.
    md.preprocessors.deregister("html_block")
    for name in ("html", "entity", "reference", "link", "image_link", "image_reference", "short_reference",
                 "short_image_ref", "autolink", "automail"):
        md.inlinePatterns.deregister(name)
    md.parser.blockprocessors.deregister("reference")
    return md


_MD = _new_markdown()


def _tree(source: str) -> ET.Element:
    _MD.reset()
    # A trailing newline would become an empty last row of a table that ends the text.
    root = _MD.parser.parseDocument(source.rstrip("\n").split("\n")).getroot()
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

    def __init__(self, source: str):
        self.source = source
        self.problems: list[MarkupProblem] = []
        self.counters = [0, 0, 0, 0]

    def unsupported(self, el: ET.Element) -> None:
        name, hint = UNSUPPORTED.get(el.tag, (f"<{el.tag}>", "请删去"))
        self.problems.append(MarkupProblem(_line_of(self.source, el.tag), "简报支持的 Markdown（段落、"
                                           "加粗、斜体、四级标题、表格）", name, hint))

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
            else:
                self.unsupported(child)
            if child.tail:
                out.append(Text(child.tail))
        return _merge_text(out)

    def blocks(self, root: ET.Element) -> list:
        out: list = []
        for el in root:
            if el.tag == "p":
                out.append(Paragraph(self.inlines(el)))
            elif el.tag in HEADING_TAGS:
                heading = self.heading(el)
                if heading:
                    out.append(heading)
            elif el.tag == "table":
                out.append(self.table(el, out))
            else:
                self.unsupported(el)
        return out

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
                out.append(MarkupProblem(number, "简报支持的 Markdown（段落、加粗、斜体、四级标题、表格）", name, hint))
                break
    return out


def parse_blocks(source: str) -> tuple[list, list[MarkupProblem]]:
    """Paragraphs, headings (numbered 一、（一）1.（1） within this text) and tables (numbered later)."""
    walker = _Walker(source)
    blocks = walker.blocks(_tree(source))
    return blocks, _unique(_link_problems(source) + walker.problems)


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
    return _merge_text(inlines), _unique(_link_problems(source) + walker.problems)
