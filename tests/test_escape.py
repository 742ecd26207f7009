"""Each text format escapes for itself: Markdown (two renderers), CSV formula prefixes, JSON in a page, XML 1.0."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal as D
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianbao.archive.feed import render_feed
from jianbao.archive.figures import FigureHistory, Value, figures_csv, histories
from jianbao.archive.search import shard_entries
from jianbao.archive.site import archive_site
from jianbao.escape import csv_cell, json_in_script, markdown_plain, markdown_text, xml_text
from jianbao.model import (
    LineBreak,
    Paragraph,
    Strong,
    Table,
    TableFigure,
    Text,
    ValueFigure,
)
from jianbao.press.export import press_markdown

from model_fixtures import demo_issue, t

HOSTILE = [
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "![x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
    "a|b", "| a | b |", "1. 总体", "- 项目", "+ 项目", "> 引用", "```", "~~~", "===", "---", "# 标题", "C#",
    "&lt;script&gt;", "&#60;b&#62;", "&copy;", "~~删除~~", "<http://x.invalid>", "    缩进代码", "*斜体*",
    "_下划_", "**粗体**", "`代码`", "[1]: http://x.invalid", "\\", "a\\*b", "<!-- 注释 -->", "</p><p>",
    "12) 项", "- - -", "* * *", "{: .cls}", "[^1]", "<javascript:alert(1)>", "前\n\n后", "前\n- 项",
]
PLAIN = ["3.5%", "2017-08", "1~2月", "-3.5", "+86", "（一）基本情况", "全区“全面改薄”工作成效明显", "A & B"]


# ---------------------------------------------------------------- Markdown

class _Seen(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append("!--")


def seen(html: str) -> tuple[set[str], str]:
    parser = _Seen()
    parser.feed(html)
    parser.close()
    return set(parser.tags), squeeze("".join(parser.text))


def squeeze(text: str) -> str:
    return " ".join(text.split())


def python_markdown(source: str) -> str:
    # Full Python-Markdown: raw HTML, entities, links, lists all on (the project's reader turns them off).
    return markdown.markdown(source, extensions=["tables"])


def commonmark(source: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(source)


RENDERERS = [python_markdown, commonmark]
CONTEXTS = {  # how the press writer places a text, and the elements that context makes on purpose
    "paragraph": (lambda md: md, {"p"}),
    "after a line break": (lambda md: "前  \n" + md, {"p", "br"}),
    "heading": (lambda md: "## " + md, {"h2"}),
}


def check_markdown(text: str, render) -> None:
    assert markdown_plain(markdown_text(text)) == re.sub(r"[ \t\n\r\f\v]+", " ", text)
    expected = squeeze(text)
    if not expected:
        return
    for name, (place, tags) in CONTEXTS.items():
        got_tags, got_text = seen(render(place(markdown_text(text))))
        prefix = "前 " if name == "after a line break" else ""
        assert got_tags == tags, (name, text, got_tags)
        assert got_text == squeeze(prefix + expected), (name, text, got_text)
    cell = markdown_text(text)
    table = f"| 甲 | {cell} |\n| --- | --- |\n| {cell} | 乙 |\n"
    got_tags, got_text = seen(render(table))
    assert got_tags == {"table", "thead", "tbody", "tr", "th", "td"}, (text, got_tags)
    assert got_text == squeeze(f"甲 {expected} {expected} 乙"), (text, got_text)


@pytest.mark.parametrize("render", RENDERERS, ids=lambda r: r.__name__)
@pytest.mark.parametrize("text", HOSTILE + PLAIN)
def test_markdown_text_renders_as_itself_and_nothing_else(text, render):
    check_markdown(text, render)


MARKDOWN_BITS = st.sampled_from(
    list("\\`*_{}[]()#+-.!|<>~=&;: \t\n0123456789aZ中文，。（）　") + ["1.", "- ", "<a>", "](", "&lt;", "&#60;",
                                                                  "```", "~~", "==", "---", "    ", "  \n"])
MARKDOWN_TEXTS = st.lists(MARKDOWN_BITS, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN_TEXTS)
def test_any_text_renders_as_itself_in_python_markdown(text):
    check_markdown(text, python_markdown)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN_TEXTS)
def test_any_text_renders_as_itself_in_commonmark(text):
    check_markdown(text, commonmark)


def test_chinese_text_and_plain_numbers_are_left_readable():
    for text in PLAIN:
        assert markdown_text(text) == text
    assert markdown_text("全区（一）：“改薄”，《通知》——3.5%。") == "全区（一）：“改薄”，《通知》——3.5%。"


def hostile_issue():
    """The demo issue with markup in the title, a paragraph after a line break, a table cell and the issuer."""
    issue = demo_issue()
    public = issue.articles[0]
    blocks = (
        Paragraph((Text("正文<script>alert(1)</script>"), LineBreak(), Text("1. 不是列表"), LineBreak(),
                   Text("==="), Text("[点此](javascript:alert(1))"))),
        Paragraph((Strong(t("<b>粗</b>")), Text("- 不是列表"))),
        Table(1, "表<i>题</i>", ("地区|列", "竣工率"), (("乌鲁木齐市 | 伪列", "95"), ("<td>喀什</td>", "-3")), None),
        *(b for b in public.blocks if type(b).__name__ == "Highlights"),
    )
    public = dataclasses.replace(public, title="# <img src=x onerror=alert(1)>标题", blocks=blocks,
                                 figures_used=frozenset(), note=(Paragraph(t("> 编者按[x](y)")),))
    series = dataclasses.replace(issue.series, issuer="办公室</p><script>x</script>")
    return dataclasses.replace(issue, series=series, articles=(public,), figures={})


@pytest.mark.parametrize("render", RENDERERS, ids=lambda r: r.__name__)
def test_press_markdown_keeps_hostile_text_as_text(render):
    md = press_markdown(hostile_issue(), {})
    html = render(md)
    tags, text = seen(html)
    assert tags <= {"h1", "p", "br", "strong", "blockquote", "table", "thead", "tbody", "tr", "th", "td"}, tags
    assert tags >= {"h1", "table", "blockquote"}
    for written in ["# <img src=x onerror=alert(1)>标题", "正文<script>alert(1)</script>", "1. 不是列表",
                    "[点此](javascript:alert(1))", "<b>粗</b>", "- 不是列表", "表<i>题</i>", "地区|列",
                    "乌鲁木齐市 | 伪列", "<td>喀什</td>", "办公室</p><script>x</script>", "> 编者按[x](y)"]:
        assert written in text, written
    # The table keeps its two columns: a | in a cell stays inside the cell.
    assert len(re.findall(r"<th[ >]", html)) == 2 and len(re.findall(r"<td[ >]", html)) == 4


# ---------------------------------------------------------------- CSV

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1", "\r=1", " =HYPERLINK(\"http://x\")",
            "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_formula_like_text_cells_get_an_apostrophe(cell):
    assert csv_cell(cell) == "'" + cell


def test_numbers_and_ordinary_text_stay_as_they_are():
    assert csv_cell(D("-3.5")) == D("-3.5") and csv_cell(7) == 7
    for cell in ["约谈人数", "2017-08", "第7期", "'已有撇号", ""]:
        assert csv_cell(cell) == cell
    with pytest.raises(TypeError):
        csv_cell(1.5)


def test_figures_csv_opens_without_formulas_and_keeps_numbers():
    issue = demo_issue()
    figures = {
        "bad": TableFigure(id="bad", label="=HYPERLINK(\"http://x\",\"点\")", unit="@SUM(A1)", target=None,
                           columns=("+列", "\t=列"), rows=(("-行+1", (D("-3.5"), D(2))),)),
        "neg": ValueFigure(id="neg", label="-变化", unit="%", value=D("-12.25")),
    }
    rows = list(csv.reader(io.StringIO(figures_csv(histories([dataclasses.replace(issue, figures=figures)]))
                                       .decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    value_column = header.index("数值")
    assert len(body) == 3
    for row in body:
        for index, cell in enumerate(row):
            if index != value_column:
                assert not re.match(r"[ ]*[=+\-@\t\r]", cell), (header[index], cell)
        assert D(row[value_column]) in {D("-3.5"), D(2), D("-12.25")}  # a number, sign and all
    assert {row[1] for row in body} == {"'=HYPERLINK(\"http://x\",\"点\")", "'-变化"}
    assert {row[6] for row in body} - {""} == {"'-行+1"} and {row[7] for row in body} - {""} == {"'+列", "'\t=列"}
    assert sorted(row[value_column] for row in body) == ["-12.25", "-3.5", "2"]


def test_history_csv_writes_values_as_numbers():
    issue = demo_issue()
    history = FigureHistory("x", "名称", "%", "value", (Value(issue, "2017-10", "", "", D("-0.5")),))
    assert figures_csv([history]).decode("utf-8-sig").splitlines()[1].endswith(",-0.5")


# ---------------------------------------------------------------- XML (Atom feed)

def test_feed_drops_characters_xml_forbids():
    issue = demo_issue(status="published")
    public = dataclasses.replace(issue.articles[0], title="标题\x0b含\x00控制\ufffe字符\x1f",
                                 blocks=(Paragraph(t("正文\x0c第一段\x08")),))
    issue = dataclasses.replace(issue, articles=(public,), figures={})
    feed = render_feed(issue.series, [issue])
    root = ET.fromstring(feed)  # parses: nothing XML 1.0 forbids is left
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.find("a:entry/a:title", ns).text == "标题含控制字符"
    assert "正文第一段" in root.find("a:entry/a:content", ns).text


def test_xml_text_keeps_tab_newline_and_chinese():
    assert xml_text("甲\t乙\n丙\r丁") == "甲\t乙\n丙\r丁"
    assert xml_text("\x00\x01\x0b\x0c\x1f\ud800\uffff") == ""


# ---------------------------------------------------------------- JSON inside a page

def test_json_in_script_cannot_end_its_element_and_reads_back_the_same():
    data = {"t": "</script><script>alert(1)</script><!--", "x": "行\u2028分\u2029段"}
    text = json_in_script(json.dumps(data, ensure_ascii=False))
    assert "<" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == data


def test_the_archive_search_shards_hold_hostile_titles_safely():
    issue = demo_issue(status="published")
    public = dataclasses.replace(issue.articles[0], title="</script><script>alert(1)</script>\u2028",
                                 blocks=(Paragraph(t("<!--正文")),), figures_used=frozenset())
    issue = dataclasses.replace(issue, articles=(public,), figures={})
    files = {a.path: a.data for a in archive_site([issue], {}, set(), None)}
    index = files["index.html"].decode("utf-8")
    block = re.search(r'<script type="application/json" id="search-shards">(.*?)</script>', index, re.S).group(1)
    assert json.loads(block) == ["search/gaibo/2017.js"]
    data = files["search/gaibo/2017.js"].decode("utf-8")
    assert "<" not in data and "\u2028" not in data  # older JavaScript ends a line at U+2028
    assert shard_entries(data.encode())[0]["t"] == "</script><script>alert(1)</script>\u2028"
