"""Lists, footnotes, typed ordinals, 密级/紧急程度, signers and 本期要目 as the reader makes them."""

from textwrap import dedent

import pytest

from jianbao.model import FootnoteRef, ItemList, Text
from jianbao.pipeline.build import check

from project_helpers import SERIES, issue, make_project, problems_of


def read(tmp_path, text, series=SERIES):
    [found] = check(make_project(tmp_path, {"demo/2017/01.yaml": issue(text)}, {"demo": series}))
    return found


def problems(tmp_path, text, series=SERIES):
    return problems_of(make_project(tmp_path, {"demo/2017/01.yaml": issue(text)}, {"demo": series}))


def items(block: ItemList) -> list[tuple[int, str, str]]:
    return [(i.depth, i.marker, "".join(n.text for n in i.inlines if isinstance(n, Text))) for i in block.items]


def test_ordered_lists_take_the_marker_below_the_heading_and_nest_one_level_down(tmp_path):
    found = read(tmp_path, """\
        articles:
          - title: 标题
            body: |
              开头的列表，与上一行之间不必空行：
              1. 甲
              2. 乙
                  1. 乙之一
                      - 细目

              # 主要做法
              ## 加强督导
              1. 实地核查
              2. 约谈问责

              ### 约谈情况
              1. 约谈县市
              - 无序一
              - 无序二
        """)
    lists = [b for b in found.articles[0].blocks if isinstance(b, ItemList)]
    assert [items(b) for b in lists] == [
        [(0, "1.", "甲"), (0, "2.", "乙"), (1, "（1）", "乙之一"), (2, "", "细目")],
        [(0, "1.", "实地核查"), (0, "2.", "约谈问责")],
        [(0, "（1）", "约谈县市")],
        [(0, "", "无序一"), (0, "", "无序二")],
    ]


def test_footnotes_are_numbered_per_article_through_body_and_closing(tmp_path):
    found = read(tmp_path, """\
        articles:
          - title: 甲
            body: |
              竣工率[^rate]达到73%，资金[^money]到位。

              [^money]: 含地方债资金。
              [^rate]: 按项目个数计算。
            closing: |
              下一步[^next]继续推进。

              [^next]: 见自治区工作方案。
          - title: 乙
            body: |
              另一篇[^a]。

              [^a]: 从1编起。
        """)
    first, second = found.articles
    assert [(f.number, f.inlines[0].text) for f in first.footnotes] == [
        (1, "按项目个数计算。"), (2, "含地方债资金。"), (3, "见自治区工作方案。")]
    assert [n.number for n in first.blocks[0].inlines if isinstance(n, FootnoteRef)] == [1, 2]
    assert [(f.number, f.inlines[0].text) for f in second.footnotes] == [(1, "从1编起。")]


def test_footnote_mistakes_are_named(tmp_path):
    assert problems(tmp_path, """\
        articles:
          - title: 甲
            body: |
              没有说明的脚注[^x]。

              [^y]: 没有被引用。
            highlights:
              - 领句。正文[^1]。
        """) == [
        "bulletins/demo/2017/01.yaml:7: 第1篇文章 body：应为有说明的脚注（另起一行写 [^x]: 说明文字），"
        "实际为脚注 [^x] 没有说明（在正文末尾另起一行写出这条脚注的说明）",
        "bulletins/demo/2017/01.yaml:9: 第1篇文章 body：应为在正文中引用的脚注，"
        "实际为脚注 [^y] 写了说明但正文中没有引用（在要加注的文字后写 [^y]，或删去这条说明）",
        "bulletins/demo/2017/01.yaml:11: 第1篇文章 highlights 第1条：应为不带脚注的文字，"
        "实际为脚注 [^1]（脚注只能加在 body 和 closing 中；这里可改用括号说明）",
    ]


@pytest.mark.parametrize("typed, ordinal", [("三是严把质量关口。加强验收。", "三是"), ("一、高位推动。批示。", "一、"),
                                            ("（二）迅速行动。部署。", "（二）"), ("1. 加强培训。办班。", "1.")])
def test_a_typed_highlight_ordinal_is_an_error_not_printed_twice(tmp_path, typed, ordinal):
    assert problems(tmp_path, f"""\
        articles:
          - title: 甲
            highlights:
              - {typed}
              - lead: {typed.split("。")[0]}。
        """) == [
        f"bulletins/demo/2017/01.yaml:7: 第1篇文章 highlights 第1条：应为不带序号的领句，实际为「{typed[:20]}」"
        f"（“一是、二是……”由程序按顺序加上，请删去手写的“{ordinal}”）",
        f"bulletins/demo/2017/01.yaml:8: 第1篇文章 highlights 第2条 lead：应为不带序号的领句，"
        f"实际为「{typed.split('。')[0]}。」（“一是、二是……”由程序按顺序加上，请删去手写的“{ordinal}”）",
    ]


def test_secrecy_and_urgency_make_the_top_left_lines_in_standard_order(tmp_path):
    found = read(tmp_path, """\
        secrecy: 秘密
        secrecy_period: 1年
        urgency: 加急
        articles:
          - title: 甲
            body: 正文。
        """, SERIES + "classification: 内部资料\n")
    assert found.marking_lines == ("秘密★1年", "加急")


def test_without_secrecy_the_series_line_stays(tmp_path):
    found = read(tmp_path, "urgency: 特急\narticles:\n  - title: 甲\n", SERIES + "classification: 内部资料\n")
    assert found.marking_lines == ("内部资料", "特急")


def test_a_classified_issue_releases_nothing_and_its_period_is_checked(tmp_path):
    assert problems(tmp_path, """\
        secrecy: 机密
        secrecy_period: 一年
        articles:
          - title: 甲
            release: public
        """) == [
        "bulletins/demo/2017/01.yaml:5: secrecy_period：应为保密期限，如 1年、6个月、长期（阿拉伯数字），实际为「一年」",
        "bulletins/demo/2017/01.yaml:8: 第1篇文章 release：应为涉密简报中的内部文章（release: internal），"
        "实际为release: public（标有密级的简报不对外发布；公开的内容请另出一期不涉密的简报）",
    ]


def test_signers_follow_the_series_roles_and_order(tmp_path):
    series = SERIES + "sign_roles: [签发, 审核, 校对]\n"
    found = read(tmp_path, "signers: {校对: 王五, 签发: 张三}\narticles:\n  - title: 甲\n", series)
    assert found.signoff_line == "签发：张三　校对：王五"
    assert problems(tmp_path, "signers: {审核: 李四}\narticles:\n  - title: 甲\n") == [
        "bulletins/demo/2017/01.yaml:4: signers.审核：应为已知的字段，实际为未知字段「审核」（可用的字段：签发）"]


@pytest.mark.parametrize("setting, articles, shown", [
    ("", 1, False), ("", 2, True), ("contents: always\n", 1, True), ("contents: never\n", 3, False)])
def test_contents_follow_the_series_setting(tmp_path, setting, articles, shown):
    text = "articles:\n" + "".join(f"  - title: 文章{n}\n" for n in range(articles))
    assert read(tmp_path, text, SERIES + setting).shows_contents is shown


def test_the_skeleton_markers_do_not_leak_into_other_fields(tmp_path):
    """A highlight's lead that only starts like an ordinal word (一是非) is no typed ordinal."""
    found = read(tmp_path, dedent("""\
        articles:
          - title: 甲
            highlights:
              - 十分重视。召开会议。
        """))
    assert found.articles[0].blocks[0].items[0].ordinal == "一是"


@pytest.mark.parametrize("step", [2, 3, 4])
def test_nested_items_indented_two_or_three_spaces_nest_as_with_four(tmp_path, step):
    pad = " " * step
    body = f"1. 南疆\n{pad}1. 喀什地区\n{pad}2. 和田地区\n{pad * 2}- 墨玉县\n2. 北疆\n"
    text = "articles:\n  - title: 标题\n    body: |\n" + "".join(f"      {line}\n" for line in body.splitlines())
    [block] = read(tmp_path, text).articles[0].blocks
    assert items(block) == [(0, "1.", "南疆"), (1, "（1）", "喀什地区"), (1, "（2）", "和田地区"), (2, "", "墨玉县"),
                            (0, "2.", "北疆")]
