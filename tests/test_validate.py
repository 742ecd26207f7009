"""Validation: exact messages with file:line, field, expected and found; all problems at once."""

import textwrap

import pytest

from jianbao.model import Heading, Highlights, Table
from jianbao.pipeline.build import check

from project_helpers import issue, make_project, problems_of

ARTICLE = """\
articles:
  - title: 标题
    body: 正文。
"""


def test_minimal_issue_validates(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE)})
    [only] = check(project)
    assert only.number_label == "第1期" and only.date_label == "2017年10月11日"
    assert only.articles[0].release == "internal"  # nothing is public unless said so


def test_unknown_key_has_did_you_mean(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE + "statu: draft\n")})
    assert problems_of(project) == [
        "bulletins/demo/2017/01.yaml:7: statu：应为已知的字段，实际为未知字段「statu」（是否想写 status？）"]


def test_every_problem_of_every_file_at_once(tmp_path):
    project = make_project(tmp_path, {
        "demo/2017/01.yaml": "series: demo\nnumbr: 1\ndate: 2017-10-11\n" + ARTICLE,
        "demo/2017/02.yaml": issue("articles:\n  - title: 甲\n    release: pubic\n", number=2).replace(
            "number: 1", "number: 2"),
    })
    assert problems_of(project) == [
        "bulletins/demo/2017/01.yaml:1: number：应为必填字段 number，实际为缺少该字段",
        "bulletins/demo/2017/01.yaml:2: numbr：应为已知的字段，实际为未知字段「numbr」（是否想写 number？）",
        "bulletins/demo/2017/02.yaml:6: 第1篇文章 release：应为以下之一：public（公开，可供新闻发布）、"
        "internal（内部，不对外），实际为「pubic」（是否想写 public？）",
    ]


def test_unknown_placeholder_names_its_line(tmp_path):
    text = issue("""\
        figures:
          rate: {label: 竣工率, unit: "%", values: {2017-04: 36, 2017-08: 73}}
        articles:
          - title: 标题
            body: |
              第一行{{ rate.latest }}。

              第三行{{ rat.latest }}。
        """)
    project = make_project(tmp_path, {"demo/2017/01.yaml": text})
    assert problems_of(project) == [
        "bulletins/demo/2017/01.yaml:11: 第1篇文章 body：应为已定义的数字名（rate），"
        "实际为{{ rat.latest }}（是否想写 rate？）"]


def test_unknown_attribute_lists_the_known_ones(tmp_path):
    text = issue("""\
        figures:
          funds: {label: 资金, unit: 亿元, value: 162.72, of: 201.41}
        articles:
          - {title: "{{ funds.shares }}"}
        """)
    [problem] = problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    assert problem == ("bulletins/demo/2017/01.yaml:7: 第1篇文章 title：应为funds 的属性之一（label、value、of、share），"
                       "实际为{{ funds.shares }}（是否想写 share？）")


def test_placeholders_are_formatted_the_chinese_way(tmp_path):
    text = issue("""\
        figures:
          rate: {label: 竣工率, unit: "%", target: 70, values: {2017-04: 36, 2017-08: 73}}
          funds: {label: 资金, unit: 亿元, value: 162.72, of: 201.41}
        articles:
          - title: 标题
            body: "{{ rate.latest_period }}{{ rate }}，目标{{ rate.target }}，资金{{ funds }}占{{ funds.share }}。"
        """)
    [only] = check(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    paragraph = only.articles[0].blocks[0]
    assert paragraph.inlines[0].text == "2017年8月73%，目标70%，资金162.72亿元占80.79%。"
    assert only.articles[0].figures_used == {"rate", "funds"}


def test_bad_values_report_expected_and_found(tmp_path):
    text = issue(textwrap.dedent("""\
        figures:
          rate: {label: 竣工率, unit: "%", values: {2017-08: "73%", 2017-04: 36}}
          gap: {label: 缺口, value: -1}
          nan: {label: 非数, value: .nan}
          late: {label: 倒序, values: {2017-08: 1, 2017-04: 2}}
        """) + ARTICLE)
    assert problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text})) == [
        "bulletins/demo/2017/01.yaml:5: figures.rate.values.2017-08：应为数字，实际为「73%」（数字不要加引号或单位，单位写在 unit 字段）",
        "bulletins/demo/2017/01.yaml:6: figures.gap.value：应为不小于 0 的数字，实际为-1",
        "bulletins/demo/2017/01.yaml:7: figures.nan.value：应为有限的数字，实际为NaN",
        "bulletins/demo/2017/01.yaml:8: figures.late.values：应为按时间先后排列、不重复的时期，实际为顺序颠倒或重复（最后一项视为最新值）",
    ]


def test_chart_kind_must_match_its_figures(tmp_path):
    text = issue("""\
        figures:
          funds: {label: 资金, unit: 亿元, value: 162.72}
        articles:
          - title: 标题
            charts:
              - {kind: share, figures: [funds]}
              - {kind: pie, figures: [funds]}
        """)
    assert problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text})) == [
        "bulletins/demo/2017/01.yaml:9: 第1篇文章 charts 第1项 figures：应为占比图需要1 个带总数 of 的单个数值，实际为funds",
        "bulletins/demo/2017/01.yaml:10: 第1篇文章 charts 第2项 kind：应为以下之一：progress（进度柱状图）、trend（趋势折线图）、"
        "share（占比图）、ranking（地区排名图），实际为「pie」",
    ]


def test_a_chart_with_an_empty_figure_list_is_an_error_not_a_crash(tmp_path):
    text = issue("""\
        figures:
          funds: {label: 资金, unit: 亿元, value: 162.72, of: 201.41}
        articles:
          - title: 标题
            charts:
              - {kind: share, figures: []}
        """)
    assert problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text})) == [
        "bulletins/demo/2017/01.yaml:9: 第1篇文章 charts 第1项 figures：应为占比图要画的数字名（至少一个），实际为空列表"]


def test_public_article_may_not_quote_internal_figure(tmp_path):
    text = issue("""\
        figures:
          secret: {label: 内部数, value: 3, release: internal}
        articles:
          - title: 公开稿
            release: public
            body: 数字{{ secret }}。
        """)
    [problem] = problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    assert "公开文章「公开稿」引用了内部数字 secret（内部数）" in problem
    assert problem.startswith("bulletins/demo/2017/01.yaml:7: 第1篇文章：")


def test_headings_numbering_and_run_in(tmp_path):
    text = issue("""\
        articles:
          - title: 标题
            body: |
              # 总体
              ## 建设。正文接排。
              ## 采购
              ### 细项
              #### 更细
              # 下步
        """)
    [only] = check(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    headings = [b for b in only.articles[0].blocks if isinstance(b, Heading)]
    assert [h.marker for h in headings] == ["一、", "（一）", "（二）", "1.", "（1）", "二、"]
    assert headings[1].inlines[0].text == "建设。" and headings[1].run_in[0].text == "正文接排。"


def test_heading_problems(tmp_path):
    text = issue("""\
        articles:
          - title: 标题
            body: |
              ## 跳级
              # 一、手写序号
        """)
    assert problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text})) == [
        "bulletins/demo/2017/01.yaml:7: 第1篇文章 body：应为# 级标题之后才出现 ##，实际为「跳级」跳级"
        "（标题层级依次为 # 一、 ## （一） ### 1. #### （1））",
        "bulletins/demo/2017/01.yaml:8: 第1篇文章 body：应为不带序号的标题，实际为「一、手写序号」（序号由程序自动生成，请删去手写的序号）",
    ]


def test_highlights_tables_and_charts_are_numbered(tmp_path):
    text = issue("""\
        figures:
          rate: {label: 竣工率, unit: "%", target: 70, values: {2017-04: 36, 2017-08: 73}}
          regions: {label: 各地进度, unit: "%", columns: [竣工率], rows: {甲: [80], 乙: [60]}}
        articles:
          - title: 一
            body: |
              表：手写表

              | 甲 | 乙 |
              | -- | -- |
              | 1 | 2 |
            tables: [regions]
            charts: [{kind: progress, figures: [rate]}]
            highlights: [高位推动。正文一。, {lead: 迅速行动。, text: 正文二。}]
          - title: 二
            charts: [{kind: ranking, figures: [regions], title: 排名}]
        """)
    [only] = check(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    first, second = only.articles
    tables = [b for b in first.blocks if isinstance(b, Table)]
    assert [t.caption for t in tables] == ["表1 手写表", "表2 各地进度（%）"]
    assert tables[1].rows == (("甲", "80"), ("乙", "60"))
    assert [c.caption for c in only.charts] == ["图1 竣工率进度", "图2 排名"]
    [highlights] = [b for b in first.blocks if isinstance(b, Highlights)]
    assert [(h.ordinal, h.lead[0].text, h.text[0].text) for h in highlights.items] == [
        ("一是", "高位推动。", "正文一。"), ("二是", "迅速行动。", "正文二。")]


@pytest.mark.parametrize("body, found", [
    ("> 引用", "引用块（>）"), ("[链接](http://x)", "链接"),
    ("![图](x.png)", "Markdown 图片"), ("`代码`", "代码（`）"), ("##### 五级", "五级标题"),
])
def test_unsupported_markdown_is_an_error_not_dropped(tmp_path, body, found):
    text = issue(f"articles:\n  - title: 标题\n    body: |\n      正文\n\n      {body}\n")
    [problem] = problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    assert f"实际为{found}" in problem and problem.startswith("bulletins/demo/2017/01.yaml:9: 第1篇文章 body")


def test_raw_html_stays_text(tmp_path):
    text = issue("articles:\n  - title: 标题\n    body: '<script>alert(1)</script> &amp;'\n")
    [only] = check(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    assert only.articles[0].blocks[0].inlines[0].text == "<script>alert(1)</script> &amp;"


def test_duplicate_numbers_and_total_numbering(tmp_path):
    series = {"demo": "title: 简报\nissuer: 办公室\nshow_total: true\ntotal_offset: 40\n"}
    project = make_project(tmp_path, {
        "demo/2017/01.yaml": issue(ARTICLE),
        "demo/2017/02.yaml": issue(ARTICLE).replace("number: 1", "number: 2").replace("10-11", "11-11"),
        "demo/2017/zk1.yaml": issue("supplement: true\n" + ARTICLE),
    }, series)
    issues = check(project)
    assert [(i.number_label, i.total_label) for i in issues] == [
        ("第1期", "总第41期"), ("增刊第1期", ""), ("第2期", "总第42期")]
    (tmp_path / "bulletins/demo/2017/03.yaml").write_text(issue(ARTICLE + "total: 7\n"), encoding="utf-8")
    assert problems_of(project) == [
        "bulletins/demo/2017/03.yaml:2: number：应为同一系列同一年内不重复的期号，实际为第1期与 bulletins/demo/2017/01.yaml:2 重复",
        "bulletins/demo/2017/03.yaml:7: total：应为总第42期（按存档推算），实际为总第7期（检查 total 或系列的 total_offset）",
    ]


def test_unknown_series_and_bad_series_file(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE).replace("series: demo", "series: dmeo")},
                           {"demo": "title: 简报\nissuer: 办公室\nlayout: {red: red, line_pich_pt: 29}\n"})
    assert problems_of(project) == [
        "bulletins/demo/2017/01.yaml:1: series：应为已定义的简报系列（无），实际为「dmeo」（系列定义在 content/series/<名字>.yaml）",
        "content/series/demo.yaml:3: layout.line_pich_pt：应为已知的字段，实际为未知字段「line_pich_pt」（是否想写 line_pitch_pt？）",
        "content/series/demo.yaml:3: layout.red：应为六位十六进制颜色（如 FF0000），实际为「red」",
    ]


def test_series_layout_overrides_reach_the_model(tmp_path):
    series = {"demo": "title: 简报\nissuer: 办公室\nlayout: {line_pitch_pt: 29, headline_bold: true}\n"}
    [only] = check(make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE)}, series))
    assert only.series.layout.line_pitch_pt == 29 and only.series.layout.headline_bold is True


def test_soft_line_breaks_vanish_between_chinese_characters(tmp_path):
    text = issue("articles:\n  - title: 标题\n    body: |\n      第一行\n      第二行 with\n      Latin words\n")
    [only] = check(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    assert only.articles[0].blocks[0].inlines[0].text == "第一行第二行 with Latin words"


def test_markdown_edge_cases(tmp_path):
    text = issue(textwrap.dedent("""\
        articles:
          - title: 标题
            body: |
              见\\[附件\\](第2页)。

              # **甲**乙

              表：末尾的表

              | 甲 | 乙 |
              | -- | -- |
              | 1 | 2 |
        """))
    [only] = check(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    paragraph, heading, table = only.articles[0].blocks
    assert paragraph.inlines[0].text == "见[附件](第2页)。"  # escaped on purpose: text, not a link
    assert heading.marker == "一、"  # bold text is not a typed marker
    assert table.rows == (("1", "2"),)  # no empty row from the text's final newline


def test_a_broken_series_is_reported_once_not_as_unknown_in_every_issue(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE)}, {"demo": "title: 简报\n"})
    assert problems_of(project) == ["content/series/demo.yaml:1: issuer：应为必填字段 issuer，实际为缺少该字段"]


def test_links_out_of_the_project_are_not_read(tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(issue(ARTICLE), encoding="utf-8")
    project = make_project(tmp_path / "project", {})
    link = tmp_path / "project" / "bulletins" / "demo" / "2017" / "01.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    assert problems_of(project) == [
        "bulletins/demo/2017/01.yaml: （文件）：应为项目目录内的文件，实际为指向项目之外的符号链接（出于安全考虑不读取；请把文件复制到项目中）"]


def test_a_linked_folder_out_of_the_project_is_not_read(tmp_path):
    elsewhere = tmp_path / "elsewhere" / "2017"
    elsewhere.mkdir(parents=True)
    (elsewhere / "01.yaml").write_text(issue(ARTICLE), encoding="utf-8")
    project = make_project(tmp_path / "project", {"demo/2016/01.yaml": issue(ARTICLE).replace("2017-", "2016-")})
    (tmp_path / "project" / "bulletins" / "demo" / "2017").symlink_to(elsewhere)
    (tmp_path / "project" / "bulletins" / "other").symlink_to(tmp_path / "elsewhere")
    assert project.issue_files() == [tmp_path / "project" / "bulletins" / "demo" / "2016" / "01.yaml"]
    moved = make_project(tmp_path / "moved", {})
    (tmp_path / "moved" / "bulletins").symlink_to(tmp_path / "elsewhere")
    assert moved.issue_files() == []
