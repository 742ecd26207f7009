"""Importing the elements of issue #18 from Word: lists, footnotes, notes under figures, 本期要目, marking and 签发 lines.

The samples' own Word files come back exactly (tests/test_import.py compares their texts); here each
element is checked as structure in the draft, and Word files as another office writes them show
what is guessed and reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jianbao.article_text import plain_text
from jianbao.importer import import_bulletin
from jianbao.importer.report import recognised, report_lines
from jianbao.model import Highlights, ItemList, Paragraph, Table
from jianbao.pipeline.build import build

from project_helpers import copy_samples, series_only
from word_files import minimal_docx as _docx


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """Each sample's bulletin .docx imported (dry run): file name → ImportResult."""
    root = tmp_path_factory.mktemp("elements")
    built = [p for p in build(copy_samples(root / "samples")) if p.suffix == ".docx" and "press" not in p.parts]
    archive = series_only(root / "archive")
    return {p.name: import_bulletin(p, archive, dry_run=True) for p in built}


def items(result, article: int = 0) -> list:
    return [(i.marker, i.depth, plain_text(i.inlines)) for b in result.issue.articles[article].blocks
            if isinstance(b, ItemList) for i in b.items]


# ------------------------------------------------------------------ Jianbao's own Word files

def test_list_items_come_back_as_nested_markdown_lists_not_headings(samples):
    result = samples["gaibo-2017-08.docx"]
    # under the heading 2. the items print （1）（2）（3） and ①②: the draft says 1. and nests by indent
    assert items(result) == [("（1）", 0, "项目开工晚。部分项目到2017年下半年才完成招标，实际施工不足半年。"),
                             ("（2）", 0, "有效施工期短。南疆入冬后土建工程陆续停工，剩余工程量集中在明年春季。"),
                             ("（3）", 0, "配套资金到位慢。主要是："),
                             ("①", 1, "部分县财力薄弱，县级自筹资金缺口较大；"), ("②", 1, "对口援疆资金拨付周期较长，影响工程款结算。")]
    assert "      3. 配套资金到位慢。主要是：\n          1. 部分县财力薄弱" in result.text
    # an article without headings: 1. with （1） nested; no guess is reported for a Jianbao file
    assert [m for m, _, _ in items(samples["gaibo-2017-07.docx"], 1)] == ["1.", "2.", "（1）", "（2）", "3."]
    assert not any("列表" in what for _, what in samples["gaibo-2017-07.docx"].draft.unsure)
    # top-level bulleted items print as plain body paragraphs and come back as such
    second = [plain_text(b.inlines) for b in result.issue.articles[1].blocks if isinstance(b, Paragraph)]
    assert "安全检查到位，消防、用电等设施检查合格后方可启用；" in second
    assert "1 个列表（共 5 项）" in recognised(result.draft)


def test_footnotes_come_back_as_calls_with_their_texts(samples):
    result = samples["gaibo-2017-08.docx"]
    assert "告别了大班额和“大通铺”[^1]，寄宿生" in result.text
    assert "\n      [^1]: 指多名学生挤睡在同一张通铺上的简易宿舍。\n" in result.text
    article = result.issue.articles[1]
    assert [(n.number, plain_text(n.inlines)) for n in article.footnotes] == [(1, "指多名学生挤睡在同一张通铺上的简易宿舍。")]
    # 07's footnote is in its first article, 09's in its third: numbered 1 in each
    assert "[^1]: 指到2017年底" in samples["gaibo-2017-07.docx"].text
    assert [len(a.footnotes) for a in samples["gaibo-2017-09.docx"].issue.articles] == [0, 0, 1]
    assert "1 条脚注" in recognised(result.draft)


def test_notes_under_a_table_make_it_a_table_figure_and_chart_notes_are_reported(samples):
    result = samples["gaibo-2017-08.docx"]
    table = next(b for b in result.issue.articles[0].blocks if isinstance(b, Table))
    assert table.caption == "表1 各地州市校舍建设进度（%）" and table.source_figure == "table1"
    assert table.notes == ("注：两项比率均按2014—2016年规划项目计算。", "数据来源：全国改薄办“双月报”系统（截至2017年11月底）")
    assert table.rows[0] == ("乌鲁木齐市", "95", "98")
    assert '      "乌鲁木齐市": [95, 98]' in result.text and "      {{ 表.table1 }}\n" in result.text
    assert any("按数字表格导入" in what for _, what in result.draft.unsure)
    # a chart's notes cannot come back without it: they are quoted with the picture
    assert any("图3" in what and "「注：规划总投入为2014—2018年五项工程合计。」「数据来源：自治区财政厅、教育厅」" in what
               for _, what in result.draft.missed)
    assert "规划总投入为2014—2018年五项工程合计" not in result.text.split("# 需要核对")[0]


def test_the_contents_block_is_left_out_and_said_to_be(samples):
    result = samples["gaibo-2017-09.docx"]
    assert "本期要目" not in result.text and [a.title for a in result.issue.articles][0] == "全区改薄项目年度验收 基本完成"
    assert result.draft.generated == [(10, "「本期要目」及其下的各篇标题")]  # the entries are the titles: nothing to check
    assert not any("本期要目" in what for _, what in result.draft.unsure + result.draft.missed)
    assert any(line.startswith("已略去程序生成的内容") and "本期要目" in line for line in report_lines(result.draft))


def test_marking_lines_and_the_signoff_line_become_issue_fields(samples):
    supplement = samples["dudao-2017-zk01.docx"]
    assert (supplement.issue.secrecy, supplement.issue.secrecy_period) == ("秘密", "6个月")
    assert supplement.issue.signers == (("签发", "李国强"), ("审核", "张丽华"))
    assert 'secrecy: "秘密"\nsecrecy_period: "6个月"\n' in supplement.text and supplement.draft.classification == ""
    urgent = samples["gaibo-2017-08.docx"]
    assert urgent.issue.urgency == "加急" and urgent.issue.signers == (("签发", "马建新"),)
    assert "紧急程度（加急）" in recognised(urgent.draft) and "签发行（签发：马建新）" in recognised(urgent.draft)
    # the 签发 line of an issue with footnotes stands in the 报尾 table all the same
    assert samples["gaibo-2017-09.docx"].issue.signers == (("签发", "欧阳金丝雀"),)
    assert all(len(r.draft.distribution) == 3 for r in samples.values())


# ------------------------------------------------------------------ Word files from elsewhere

def _p(*runs, center=False) -> str:
    """A paragraph of runs: text, or (text, "b") bold, or ("", n) the call of footnote n."""
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    out = []
    for run in runs:
        text, kind = run if isinstance(run, tuple) else (run, "")
        if isinstance(kind, int):
            out.append(f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{kind}"/></w:r>')
            continue
        rpr = "<w:rPr><w:b/></w:rPr>" if kind == "b" else ""
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>')
    return f"<w:p>{ppr}{''.join(out)}</w:p>"


def _note(n: int, text: str) -> str:
    return (f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>')


def _cell(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


HEAD = [_p("秘密★一年"), _p("特急"), _p("工作简报", center=True), _p("第5期", center=True),
        _p("自治区“全面改薄”厅际协调小组办公室　　　　2017年6月2日")]


def test_a_word_file_from_elsewhere_gives_lists_footnotes_and_fields_with_its_guesses(tmp_path):
    table = "<w:tbl>" + "".join(f"<w:tr>{_cell(a)}{_cell(b)}</w:tr>" for a, b in
                                 (("地区", "完成率"), ("喀什地区", "68%"))) + "</w:tbl>"
    body = "".join(HEAD + [
        _p("本期要目", center=True), _p("加快进度 确保质量"), _p("其他工作"),
        _p("加快进度 确保质量", center=True),
        _p("截至5月底，竣工率为52%", ("", 1), "。"),
        _p("主要做法有："), _p("1.加强调度；"), _p("2.严格验收。"),
        _p("表1 各地完成情况", center=True), table, _p("注：完成率按项目个数计算。"),
        _p("一是", ("加强调度。", "b"), "每周通报", ("", 2), "。"), _p("二是", ("严格验收。", "b"), "逐项核查。"),
        _p("其他工作", center=True), _p("按计划推进。"),
        _p("签发：张三　审核：李四"), _p("报：教育部全面改薄工作办公室。"), _p("（共印60份）"),
    ])
    path = tmp_path / "other.docx"
    separator = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    path.write_bytes(_docx(body, separator + _note(1, "竣工率按校舍面积计算。") + _note(2, "每周一通报上周进度。")))
    result = import_bulletin(path, series_only(tmp_path / "archive"))
    issue, draft = result.issue, result.draft
    assert (issue.secrecy, issue.secrecy_period, issue.urgency) == ("秘密", "1年", "特急")
    assert any("保密期限「一年」按“1年”导入" in what for _, what in draft.unsure)
    assert [a.title for a in issue.articles] == ["加快进度 确保质量", "其他工作"]  # 本期要目 left out
    assert draft.generated and not any("本期要目" in what for _, what in draft.unsure)
    blocks = issue.articles[0].blocks
    # a footnote in the text stays one; one in a highlight (where the format has none) goes in brackets
    assert "竣工率为52%[^1]。" in result.text and "[^1]: 竣工率按校舍面积计算。" in result.text
    highlights = next(b for b in blocks if isinstance(b, Highlights)).items
    assert plain_text(highlights[0].text) == "每周通报（每周一通报上周进度）。"
    assert any("已改为括号中的说明" in what for _, what in draft.unsure)
    # two numbered sentences after a line ending in ： are a list: a guess, said so
    assert [(m, plain_text(t)) for b in blocks if isinstance(b, ItemList) for m, _, t in
            [(i.marker, i.depth, i.inlines) for i in b.items]] == [("1.", "加强调度；"), ("2.", "严格验收。")]
    assert any("2 项按列表导入" in what for _, what in draft.unsure)
    # 68% is no plain number: the table stays a markdown table and its note a paragraph, reported
    assert next(b for b in blocks if isinstance(b, Table)).source_figure is None
    assert any("注：完成率按项目个数计算。" in what and "按正文段落导入" in what for _, what in draft.missed)
    assert issue.signers == (("签发", "张三"),)  # gaibo prints 签发 only
    assert any("「审核：李四」未写入 signers" in note for note in result.notes)


def test_footnote_texts_keep_bold_and_a_second_call_shares_the_number(tmp_path):
    note = ('<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 见</w:t></w:r>'
            '<w:r><w:rPr><w:b/></w:rPr><w:t>附件</w:t></w:r><w:r><w:t>。</w:t></w:r></w:p></w:footnote>')
    body = "".join(HEAD[2:] + [_p("标题", center=True), _p("第一处", ("", 3), "，第二处。"), _p("以上。")])
    path = tmp_path / "notes.docx"
    path.write_bytes(_docx(body, note))
    result = import_bulletin(path, series_only(tmp_path / "archive"))
    assert "第一处[^1]，第二处。" in result.text and "[^1]: 见**附件**。" in result.text
    assert [plain_text(n.inlines) for n in result.issue.articles[0].footnotes] == ["见附件。"]


# ------------------------------------------------------------------ typed text and text from PDF

def _text(tmp_path: Path, body: str, top: str = "", contents: str = "") -> Path:
    path = tmp_path / "past.txt"
    path.write_text(f"{top}工作简报\n\n第 9 期\n\n自治区“全面改薄”厅际协调小组办公室 2018 年 3 月 5 日\n\n{contents}"
                    f"{body}", encoding="utf-8")
    return path


def test_text_gives_marking_lines_a_signoff_line_and_notes_under_a_table(tmp_path):
    body = ("春季开学工作情况\n\n各地进度如下。\n\n表1 各地开学情况\n| 地区 | 开学学校 |\n|---|---|\n| 喀什地区 | 120 |\n"
            "| 和田地区 | 86 |\n\n注：按已开学学校统计。\n\n数据来源：各地教育局报送\n\n以上为初步统计。\n\n"
            "签发：张三\n\n审核：李四\n\n报：教育部全面改薄工作办公室。\n")
    result = import_bulletin(_text(tmp_path, body, top="机密★长期\n\n加急\n\n"), series_only(tmp_path / "a"))
    issue = result.issue
    assert (issue.secrecy, issue.secrecy_period, issue.urgency) == ("机密", "长期", "加急")
    assert issue.signers == (("签发", "张三"),) and result.draft.signers == [("签发", "张三"), ("审核", "李四")]
    table = next(b for b in issue.articles[0].blocks if isinstance(b, Table))
    assert (table.caption, table.notes) == ("表1 各地开学情况", ("注：按已开学学校统计。", "数据来源：各地教育局报送"))
    assert [plain_text(b.inlines) for b in issue.articles[0].blocks if isinstance(b, Paragraph)] == [
        "各地进度如下。", "以上为初步统计。"]
    assert "figures:" in result.text and '"喀什地区": [120]' in result.text


def test_numbered_sentences_in_text_are_a_list_and_headings_stay_headings(tmp_path):
    body = ("春季开学工作情况\n\n一、总体情况\n\n（一）开学进度\n\n1.重点地区\n\n南疆四地州进度较慢，主要原因有：\n\n"
            "（1）开工晚；\n\n（2）配套资金到位慢，主要是：\n\n① 县级自筹不足；\n\n② 援疆资金拨付慢。\n\n"
            "（3）施工期短。\n\n2.其他地区\n\n进展顺利。\n")
    result = import_bulletin(_text(tmp_path, body), series_only(tmp_path / "a"))
    blocks = result.issue.articles[0].blocks
    assert [(b.marker, plain_text(b.inlines)) for b in blocks if hasattr(b, "marker")] == [
        ("一、", "总体情况"), ("（一）", "开学进度"), ("1.", "重点地区"), ("2.", "其他地区")]
    assert [(i.marker, i.depth, plain_text(i.inlines)) for b in blocks if isinstance(b, ItemList) for i in b.items] == [
        ("（1）", 0, "开工晚；"), ("（2）", 0, "配套资金到位慢，主要是："), ("①", 1, "县级自筹不足；"),
        ("②", 1, "援疆资金拨付慢。"), ("（3）", 0, "施工期短。")]
    assert any("5 项按列表导入" in what for _, what in result.draft.unsure)


def test_a_contents_block_that_names_other_titles_is_reported(tmp_path):
    contents = "本期要目\n春季开学工作情况\n校舍安全检查情况\n\n"
    body = "春季开学工作情况\n\n开学准备工作顺利。\n"
    result = import_bulletin(_text(tmp_path, body, contents=contents), series_only(tmp_path / "a"))
    assert [a.title for a in result.issue.articles] == ["春季开学工作情况"]
    assert result.draft.generated and any("本期要目" in what and "不一致" in what for _, what in result.draft.unsure)
    assert "本期要目" not in result.text.split("# 需要核对")[0]


def test_a_page_foot_number_without_a_call_stays_text_and_is_reported(tmp_path):
    body = ("春季开学工作情况\n\n各地扎实做好开学准备，全区中小学校全部按时开学。\n\n3\n"
            "指春季学期开学的全部中小学校。\n\n— 1 —\n\f校舍安全检查已全部完成。\n\n— 2 —\n")
    result = import_bulletin(_text(tmp_path, body), series_only(tmp_path / "a"))
    assert not result.issue.articles[0].footnotes
    assert any("像是脚注，但正文中找不到脚注号“3”" in what for _, what in result.draft.unsure)
    called = body.replace("按时开学。", "按时开学3。")
    result = import_bulletin(_text(tmp_path, called), series_only(tmp_path / "b"))
    assert [plain_text(n.inlines) for n in result.issue.articles[0].footnotes] == ["指春季学期开学的全部中小学校。"]
    assert "全部按时开学[^1]。" in result.text


def test_paragraphs_word_numbers_itself_are_a_list_by_its_levels(tmp_path):
    numbering = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>')

    def item(text: str, level: int) -> str:
        return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="5"/></w:numPr></w:pPr>'
                f"<w:r><w:t>{text}</w:t></w:r></w:p>")
    body = "".join(HEAD[2:] + [_p("标题", center=True), _p("要求如下："), item("逐项整改；", 0), item("按月报送：", 0),
                               item("工程进度；", 1), item("采购进度。", 1), item("实行问责。", 0), _p("以上。")])
    path = tmp_path / "numbered.docx"
    path.write_bytes(_docx(body, numbering=numbering))
    result = import_bulletin(path, series_only(tmp_path / "archive"))
    assert [(i.marker, i.depth, plain_text(i.inlines)) for b in result.issue.articles[0].blocks
            if isinstance(b, ItemList) for i in b.items] == [
        ("1.", 0, "逐项整改；"), ("2.", 0, "按月报送："), ("", 1, "工程进度；"), ("", 1, "采购进度。"), ("3.", 0, "实行问责。")]
    assert "      2. 按月报送：\n          - 工程进度；" in result.text
    assert any("5 项按 Word 的自动编号导入为列表" in what for _, what in result.draft.unsure)
