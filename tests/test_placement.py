"""Charts, photos and tables placed in the body, cited by number, and numbered in reading order through the issue."""

from textwrap import dedent

from jianbao.model import ChartSpec, Heading, Highlights, Paragraph, Table
from jianbao.pipeline.build import check

from project_helpers import issue, make_project, problems_of

FIGURES = """\
figures:
  rate: {label: 竣工率, unit: "%", values: {2017-04: 36, 2017-08: 73}}
  regions:
    label: 各地竣工率
    unit: "%"
    columns: [竣工率]
    rows: {喀什地区: [68], 和田地区: [71]}
"""


def only_issue(tmp_path, text):
    [found] = check(make_project(tmp_path, {"demo/2017/01.yaml": issue(text)}))
    return found


def kinds(article) -> list[str]:
    out = []
    for block in article.blocks:
        if isinstance(block, Heading):
            out.append(block.marker)
        elif isinstance(block, (Table, ChartSpec)):
            out.append(f"{'表' if isinstance(block, Table) else '图'}{block.number}")
        elif isinstance(block, Highlights):
            out.append("highlights")
        elif isinstance(block, Paragraph):
            out.append("p")
    return out


def test_chart_and_table_stand_under_their_own_headings_and_text_cites_their_numbers(tmp_path):
    found = only_issue(tmp_path, FIGURES + dedent("""\
        articles:
          - title: 第一篇
            body: |
              # 建设进度
              全区进展见{{ 图.progress }}，各地见{{ 表.regions }}。

              {{ 图.progress }}

              # 各地情况
              {{ 表.regions }}

              # 下一步工作
              继续推进。
            tables: [regions]
            charts:
              - {id: progress, kind: progress, figures: [rate]}
            highlights:
              - 高位推动。批示。
        """))
    [article] = found.articles
    assert kinds(article) == ["一、", "p", "图1", "二、", "表1", "三、", "p", "highlights"]
    assert article.blocks[1].inlines[0].text == "全区进展见图1，各地见表1。"


def test_numbers_follow_reading_order_across_articles_and_citations_reach_forward(tmp_path):
    found = only_issue(tmp_path, FIGURES + dedent("""\
        articles:
          - title: 第一篇
            body: 第二篇的图是{{ 图.second }}，本篇的图是{{ 图.first }}。
            charts:
              - {id: first, kind: progress, figures: [rate]}
          - title: 第二篇
            body: |
              先有一段。

              {{ 图.second }}
            charts:
              - {kind: trend, figures: [rate]}
              - {id: second, kind: progress, figures: [rate]}
        """))
    first, second = found.articles
    assert first.blocks[0].inlines[0].text == "第二篇的图是图2，本篇的图是图1。"
    # placed first in its article, so 图2; the unplaced chart follows the body as before, 图3
    assert kinds(second) == ["p", "图2", "图3"]
    assert [c.kind for c in found.charts] == ["progress", "progress", "trend"]


def test_unplaced_elements_keep_their_old_place(tmp_path):
    found = only_issue(tmp_path, FIGURES + dedent("""\
        articles:
          - title: 标题
            body: 正文。
            tables: [regions]
            charts:
              - {kind: progress, figures: [rate]}
            closing: 结尾。
        """))
    assert kinds(found.articles[0]) == ["p", "表1", "图1", "p"]


def test_markdown_tables_and_figure_tables_share_one_count(tmp_path):
    found = only_issue(tmp_path, FIGURES + dedent("""\
        articles:
          - title: 标题
            body: |
              {{ 表.regions }}

              表：手写表

              | 项目 | 数量 |
              | --- | --- |
              | 甲 | 1 |
            tables: [regions]
        """))
    assert [(t.number, t.title) for t in found.articles[0].tables] == [(1, "各地竣工率（%）"), (2, "手写表")]


def test_placement_and_citation_mistakes_are_each_reported_at_their_line(tmp_path):
    text = issue(FIGURES + dedent("""\
        articles:
          - title: 第一篇
            body: |
              见{{ 图.progres }}。

              {{ 图.progress }}

              {{ 图.progress }}

              {{ 图.elsewhere }}
            charts:
              - {id: progress, kind: progress, figures: [rate]}
              - {id: spare, kind: trend, figures: [rate]}
          - title: 第二篇
            body: 正文。
            charts:
              - {id: elsewhere, kind: trend, figures: [rate]}
        """))
    problems = problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    assert problems == [
        "bulletins/demo/2017/01.yaml:14: 第1篇文章 body：应为本期声明过的图的名字（elsewhere、progress、spare），"
        "实际为{{ 图.progres }}（图用 charts 或 photos 的 id，表用 tables 中的数字名）",
        "bulletins/demo/2017/01.yaml:18: 第1篇文章 body：应为每个图只放置一次，实际为{{ 图.progress }} 第2次出现"
        "（要再次提到它，请在句中引用（如“见{{ 图.progress }}”））",
        "bulletins/demo/2017/01.yaml:20: 第1篇文章 body：应为本篇文章声明的图（progress、spare），"
        "实际为{{ 图.elsewhere }}（图.elsewhere 由第2篇文章声明，只能放在那篇文章中；在这里可以引用它的编号）",
        "bulletins/demo/2017/01.yaml:23: 第1篇文章 charts 第2项 id：应为在正文中放置（单独一行写 {{ 图.spare }}）"
        "或引用的名字，实际为「spare」没有用到（不需要指定位置时，删去 id 即可放在默认位置）",
    ]


def test_a_table_used_twice_cannot_be_cited(tmp_path):
    text = issue(FIGURES + dedent("""\
        articles:
          - title: 甲
            body: 见{{ 表.regions }}。
            tables: [regions]
          - title: 乙
            body: 正文。
            tables: [regions]
        """))
    assert problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text})) == [
        "bulletins/demo/2017/01.yaml:13: 第1篇文章 body：应为只指一个表的名字，实际为{{ 表.regions }} 在本期出现 2 次"
        "（同一个表格数字用在两处时无法引用，请只保留一处）"]


def test_notes_under_tables_and_charts_are_not_doubled(tmp_path):
    found = only_issue(tmp_path, FIGURES + dedent("""\
        articles:
          - title: 标题
            body: 正文。
            tables:
              - {figure: regions, note: 数据截至8月底。, source: "数据来源：自治区教育厅"}
            charts:
              - {kind: progress, figures: [rate], note: "注：按项目数计。"}
        """))
    article = found.articles[0]
    assert article.tables[0].notes == ("注：数据截至8月底。", "数据来源：自治区教育厅")
    assert article.charts[0].notes == ("注：按项目数计。",)


def test_a_photo_source_reads_as_where_the_picture_comes_from(tmp_path):
    from test_photos import jpeg

    text = issue(dedent("""\
        articles:
          - title: 标题
            body: 正文。
            photos:
              - {file: a.jpg, title: 甲, alt: 乙, source: 和田地区教育局}
              - {file: a.jpg, title: 甲, alt: 乙, source: "摄影：张三"}
        """))
    project = make_project(tmp_path, {"demo/2017/01.yaml": text})
    (tmp_path / "bulletins/demo/2017/a.jpg").write_bytes(jpeg())
    [found] = check(project)
    assert [p.notes for p in found.photos] == [("来源：和田地区教育局",), ("摄影：张三",)]
