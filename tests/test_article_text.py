"""The one walk over an article's text: both readings of each block, and a loud stop at a type it does not know."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from typing import get_args

import pytest

from jianbao.archive.feed import render_feed
from jianbao.archive.search import archive_entries, build_database, public_site_entries
from jianbao.article_text import UnknownNodeError, passages, plain_text, reading_text, written_texts
from jianbao.errors import LeakError
from jianbao.model import (
    Article,
    Block,
    ChartSpec,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Highlight,
    Highlights,
    Inline,
    ItemList,
    LineBreak,
    ListItem,
    Paragraph,
    Photo,
    Strong,
    Table,
    Text,
)
from jianbao.press.export import leak_check
from jianbao.write import Artifact

from model_fixtures import demo_issue, rich_issue, t


@dataclass(frozen=True)
class Quote:
    """A block type the walk was never taught (as a new kind of block would arrive)."""

    text: str


@dataclass(frozen=True)
class Underline:
    children: tuple


SECRET = "CANARY-QUOTE-5e1b 约谈对象名单已报纪检部门"


def with_line_break() -> Article:
    public = rich_issue().articles[0]
    return replace(public, blocks=public.blocks + (Paragraph((Text("第一行"), LineBreak(), Text("第二行"))),))


def test_the_fixture_holds_every_block_and_inline_type_of_the_model():
    """So the tests below walk every type; a new one in model.Block or model.Inline fails here first."""
    article = with_line_break()
    blocks = {type(b) for b in article.blocks}
    assert blocks == set(get_args(Block))
    inlines = set()

    def collect(nodes):
        for node in nodes:
            inlines.add(type(node))
            collect(getattr(node, "children", ()))
    for block in article.blocks:
        for field in ("inlines", "run_in"):
            collect(getattr(block, field, ()))
        for item in getattr(block, "items", ()):
            collect(item.inlines if isinstance(item, ListItem) else item.lead + item.text)
    for note in article.footnotes:
        collect(note.inlines)
    assert inlines == set(get_args(Inline))


# Every field of the types that hold an article's text, and how the walk reads it ("shown": the
# reading text only, "both": both readings, None: no text). A new field fails below: say whether it
# holds text, and if so teach article_text.py to read it.
FIELDS = {
    Article: {"title": "written_texts", "summary": "written_texts", "release": None, "note": "both", "blocks": "both",
              "figures_used": None, "footnotes": "both"},
    Paragraph: {"inlines": "both"},
    Heading: {"level": None, "marker": "shown", "inlines": "both", "run_in": "both"},
    Table: {"number": "shown", "title": "both", "header": "both", "rows": "both", "source_figure": None,
            "notes": "both"},
    ChartSpec: {"number": "shown", "kind": None, "figures": None, "title": "both", "notes": "both"},  # figure labels: via issue.figures
    Photo: {"number": "shown", "title": "both", "alt": "words", "data": None, "kind": None, "width_px": None,
            "height_px": None, "path": None, "sha256": None, "notes": "both"},  # the file's name: photo-N, no text
    Highlights: {"items": "both"},
    Highlight: {"ordinal": "shown", "lead": "both", "text": "both"},
    ItemList: {"items": "both"},
    ListItem: {"marker": "shown", "depth": None, "inlines": "both"},
    Footnote: {"number": "shown", "inlines": "both"},
    Text: {"text": "both"}, Strong: {"children": "both"}, Emphasis: {"children": "both"}, LineBreak: {},
    FootnoteRef: {"number": "shown"},
}


def test_every_block_and_inline_type_has_its_fields_listed():
    assert set(get_args(Block)) | set(get_args(Inline)) <= set(FIELDS)


@pytest.mark.parametrize("kind", sorted(FIELDS, key=lambda k: k.__name__), ids=lambda k: k.__name__)
def test_every_field_of_a_text_type_is_known_to_the_walk(kind):
    assert {f.name for f in dataclasses.fields(kind)} == set(FIELDS[kind]), (
        f"{kind.__name__} has a new field: if it holds text, article_text.py must read it")


def test_both_readings_of_each_block():
    shown = reading_text(with_line_break()).split("\n")
    words = written_texts(with_line_break())
    assert words[0] == "全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"  # the title, for the leak check only
    assert words[1] == ""  # the 摘要, empty here: for the leak check only
    assert shown[0] == words[2] == "本期刊登全区“全面改薄”工作最新进展，供各地参考。"  # 编者按
    for seen, written in [
        ("一、总体进展", "总体进展"),
        ("累计落实资金162.72亿元，占规划总投入的80.79%。", "累计落实资金162.72亿元，占规划总投入的80.79%。"),
        ("（一）校舍建设。竣工率由4月底的36%提高到8月底的73%。", "校舍建设。竣工率由4月底的36%提高到8月底的73%。"),
        ("表1 各地州市进度（%）", "各地州市进度（%）"),
        ("地区 竣工率 采购完成率", "地区竣工率采购完成率"),
        ("喀什地区 68 86", "喀什地区6886"),
        ("图5 进度变化趋势", "进度变化趋势"),
        ("一是高位推动，强力推进。自治区领导专题听取工作汇报，对下阶段任务作出安排。",
         "高位推动，强力推进。自治区领导专题听取工作汇报，对下阶段任务作出安排。"),
    ]:
        assert seen in shown and written in words, seen
    assert shown[-4:-2] == ["第一行", "第二行"] and words[-3] == "第一行\n第二行"
    assert len(passages(with_line_break())) == len(words) - 2


def test_both_readings_of_the_elements_of_issue_18():
    """Lists, photos, notes under tables and figures, footnotes: shown as on the page, and every word
    the author wrote in the leak check's reading (a photo's alt text there only)."""
    article = with_line_break()
    shown = reading_text(article).split("\n")
    words = written_texts(article)
    for seen, written in [
        ("截至2017年8月底，全区校舍建设竣工率达到73%［1］，设备采购完成率达到87%，双双超过70%的目标。",
         "截至2017年8月底，全区校舍建设竣工率达到73%，设备采购完成率达到87%，双双超过70%的目标。\n"
         "截至2017年8月底，全区校舍建设竣工率达到73%\n，设备采购完成率达到87%，双双超过70%的目标。"),
        ("1.逐校建立验收台账；", "逐校建立验收台账；"),
        ("（2）北疆片区由各地州自行组织。", "北疆片区由各地州自行组织。"),
        ("公示验收结果；", "公示验收结果；"),  # unordered: no marker
        ("注：竣工率按项目个数计算。", "注：竣工率按项目个数计算。"),
        ("图1 新建成的乡村学校教学楼", "新建成的乡村学校教学楼"),
        ("数据来源：县教育局。", "数据来源：县教育局。"),
        ("数据来源：自治区教育厅。", "数据来源：自治区教育厅。"),
        ("［2］交叉检查由相邻地州互派人员。", "交叉检查由相邻地州互派人员。"),
    ]:
        assert seen in shown and written in words, seen
    alt = "一座红色屋顶的两层教学楼，楼前是操场"
    assert alt in words and not any(alt in line for line in shown)
    assert shown[-2:] == ["［1］竣工率按已交付使用的校舍面积计算。", "［2］交叉检查由相邻地州互派人员。"]
    assert plain_text(article.blocks[0].inlines) == words[3].split("\n")[0]  # a 摘要 reads on over the call


def test_an_empty_table_title_is_no_line_of_the_reading_text():
    article = Article("标题", "public", (), (replace(demo_issue().articles[0].blocks[6], title=""),))
    assert reading_text(article).split("\n")[0] == "表1"
    assert written_texts(article)[:3] == ["标题", "", ""]


def test_an_unknown_block_type_raises_and_names_it():
    article = Article("标题", "internal", (), (Paragraph(t("正文。")), Quote(SECRET)))
    for read in (passages, reading_text, written_texts):
        with pytest.raises(UnknownNodeError, match="block type Quote"):
            read(article)


def test_an_unknown_inline_type_raises_and_names_it():
    inlines = (Text("正文"), Strong((Underline((Text(SECRET),)),)))
    with pytest.raises(UnknownNodeError, match="inline type Underline"):
        plain_text(inlines)
    article = Article("标题", "internal", (Paragraph((Emphasis(inlines),)),), ())
    with pytest.raises(UnknownNodeError, match="inline type Underline"):
        written_texts(article)
    assert isinstance(UnknownNodeError("block", object()), TypeError)  # the CLI's 内部错误, not an input error


def issue_with(block) -> object:
    issue = demo_issue(status="published")
    public, internal = issue.articles
    return replace(issue, articles=(public, replace(internal, blocks=internal.blocks + (block,))))


@pytest.mark.parametrize("block", [Quote(SECRET), Paragraph((Underline((Text(SECRET),)),))],
                         ids=["block", "inline"])
def test_the_leak_check_cannot_be_bypassed_by_an_unknown_type(block):
    """Internal text in a type the walk does not know stops the leak check; it is never let through."""
    issue = issue_with(block)
    leaking = Artifact("press/gaibo-2017-07.md", f"正文\n\n{SECRET}\n".encode())
    with pytest.raises(UnknownNodeError):
        leak_check(issue, [leaking])
    # The same text in a known type is caught as a leak: the error above is not the only guard.
    with pytest.raises(LeakError, match="CANARY-QUOTE-5e1b"):
        leak_check(issue_with(Paragraph(t(SECRET))), [leaking])


def test_search_and_the_feed_stop_at_an_unknown_type_too():
    internal_only = issue_with(Quote(SECRET))
    with pytest.raises(UnknownNodeError):
        build_database([internal_only])  # indexes internal articles too
    public = demo_issue(status="published")
    first = public.articles[0]
    unknown = replace(public, articles=(replace(first, blocks=first.blocks + (Quote(SECRET),)),))
    for read in (lambda: archive_entries([unknown]), lambda: public_site_entries([unknown]),
                 lambda: render_feed(unknown.series, [unknown])):
        with pytest.raises(UnknownNodeError):
            read()
