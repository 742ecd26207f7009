"""Importing past bulletins: Word files built by Jianbao come back exactly; PDF text comes back usable."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from jianbao.article_text import plain_text
from jianbao.importer import ImportRefused, import_bulletin
from jianbao.importer.report import report_lines, verdict
from jianbao.model import Heading, Highlights, Paragraph, Table
from jianbao.pipeline.build import build, check

from project_helpers import ROOT, copy_samples, series_only
from word_files import minimal_docx as _docx

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_7df7c45ae6b8d18e.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

MASTHEAD = """\
自治区全面改善农村义务教育薄弱学校基本办学条件

工作简报

第 9 期

自治区“全面改薄”厅际协调小组办公室 2018 年 3 月 5 日

{title}

"""


def write_text(tmp_path: Path, body: str, title: str = "春季开学工作情况", encoding: str = "utf-8") -> Path:
    path = tmp_path / "past.txt"
    path.write_bytes((MASTHEAD.format(title=title) + body).encode(encoding))
    return path


def docx_texts(path: Path) -> list[tuple[str, str]]:
    """(style, text) of every paragraph, table cells included, then of every footnote's paragraphs.

    Pictures (charts and photos), their captions and the 注/数据来源 lines under them are left out:
    a draft cannot carry a picture, so they are reported instead (a table's notes are compared).
    """
    package = zipfile.ZipFile(path)
    out = []
    under_picture = False
    for p in etree.fromstring(package.read("word/document.xml")).iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        style = style.get(W + "val") if style is not None else ""
        if p.findall(f".//{W}drawing") or style.startswith("JBChart"):
            under_picture = True
            continue
        if under_picture and style == "JBFigureNote":
            continue
        under_picture = False
        out.append((style, _paragraph_text(p)))
    if "word/footnotes.xml" in package.namelist():
        for note in etree.fromstring(package.read("word/footnotes.xml")).iter(W + "footnote"):
            out += [(f"footnote {note.get(W + 'id')}", _paragraph_text(p)) for p in note.iter(W + "p")]
    return out


def _paragraph_text(p) -> str:
    return "".join(n.text or "" if n.tag == W + "t" else "\t" if n.tag == W + "tab" else "\n"
                   for n in p.iter(W + "t", W + "tab", W + "br"))


def bulletins(paths) -> list[Path]:
    """The bulletin .docx of each issue (build/<series>/<year>/<nn>/<series>-<year>-<nn>.docx), press files aside."""
    return sorted(p for p in paths if p.suffix == ".docx" and p.stem == "-".join(p.parts[-4:-1]))


def article_blocks(result):
    return result.issue.articles[0].blocks


# ------------------------------------------------------------------ round trip of Jianbao's own Word files

def test_word_files_built_by_the_project_come_back_as_the_same_text(tmp_path):
    samples = copy_samples(tmp_path / "samples")
    built = bulletins(build(samples))
    assert len(built) == len(list((samples.root / "bulletins").rglob("*.yaml"))) >= 5
    archive = series_only(tmp_path / "archive")
    charts = {}
    for docx in built:
        result = import_bulletin(docx, archive)  # the series is found from the masthead
        assert result.path.relative_to(archive.root).parts[:3] == ("bulletins",) + tuple(docx.parts[-4:-2])
        charts[docx.name] = sum("图片" in what for _, what in result.draft.missed)
    assert charts == {"dudao-2017-03.docx": 2, "dudao-2017-zk01.docx": 0, "gaibo-2017-07.docx": 1,
                      "gaibo-2017-08.docx": 4, "gaibo-2017-09.docx": 5}  # 08: 3 charts, 1 photo; 09: 4 charts, 1 photo
    rebuilt = {p.name: p for p in bulletins(build(archive))}
    for docx in built:
        assert docx_texts(rebuilt[docx.name]) == docx_texts(docx), docx.name
    # the supplement keeps its own file name and numbering
    assert (archive.root / "bulletins" / "dudao" / "2017" / "zk01.yaml").is_file()


def test_highlights_tables_and_headings_come_back_as_structure(tmp_path):
    samples = copy_samples(tmp_path / "samples")
    docx = next(p for p in bulletins(build(samples)) if p.name == "gaibo-2017-08.docx")
    result = import_bulletin(docx, series_only(tmp_path / "archive"))
    blocks = article_blocks(result)
    # the list items under 2. (（1）（2）（3）, nested ①②) are not headings
    assert [b.marker for b in blocks if isinstance(b, Heading)] == ["一、", "（一）", "1.", "（1）", "2.", "（二）", "二、"]
    # in reading order: the figure table is placed under 1., the markdown table under （二）
    assert [b.caption for b in blocks if isinstance(b, Table)] == ["表1 各地州市校舍建设进度（%）", "表2 各类资金落实情况"]
    highlights = next(b for b in blocks if isinstance(b, Highlights)).items
    assert [plain_text(h.lead) for h in highlights] == ["盯住短板地区。", "严把工程质量。", "做好收尾结算。"]
    assert "# 总体进展" in result.text and "一、" not in result.text  # markers are the renderer's
    assert "候选数字" in result.text and "#   181.30 | 亿元 |" in result.text
    # literal numbers stay literal: the one placeholder places the table that keeps its notes (a table figure)
    yaml_lines = "\n".join(line for line in result.text.split("\n") if not line.startswith("#"))
    assert re.findall(r"\{\{.*?\}\}", yaml_lines) == ["{{ 表.table1 }}"]


# ------------------------------------------------------------------ the real PDF-extracted issue

@pytest.fixture
def seed():
    if not SEED.is_file():
        pytest.skip(f"the real issue text is read from ../shared and is absent here: {SEED}")
    return SEED


def test_pdf_text_of_a_real_issue_gives_a_draft_that_builds(seed, tmp_path):
    archive = series_only(tmp_path)
    result = import_bulletin(seed, archive)
    assert result.series_id == "gaibo" and result.path == archive.root / "bulletins/gaibo/2017/07.yaml"
    issue = result.issue
    assert (issue.number, issue.date.isoformat()) == (7, "2017-10-11")
    assert issue.headline == "全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"
    highlights = next(b for b in article_blocks(result) if isinstance(b, Highlights)).items
    assert [plain_text(h.lead) for h in highlights] == [
        "高位推动，强力推进工作。", "迅速行动，层层落实责任。", "强化督查，推动落地见效。", "启动约谈，实行问责制度。",
        "统筹资金，加大教育投入。", "加强培训，夯实工作基础。", "加强宣传，营造良好氛围。"]
    # lines a page break cut are joined, and no ** or stray spaces survive
    texts = [plain_text(b.inlines) for b in article_blocks(result) if isinstance(b, Paragraph)]
    assert texts[1].endswith("完成了国家提出的2017年双“超70%”任务。")
    assert plain_text(highlights[2].text).endswith("同时，建立了“全面改薄”督导检查常态化机制。")
    assert "**" not in result.text and "2014 年" not in result.text
    found = {(c.value, c.unit) for c in result.draft.candidates}
    assert {("36", "%"), ("18", "%"), ("73", "%"), ("87", "%"), ("6", "亿元"), ("162.72", "亿元"),
            ("80.79", "%"), ("64", "个"), ("5", "名")} <= found
    assert not any(c.unit in ("年", "月", "日") for c in result.draft.candidates)
    written = build(archive)
    docx = bulletins(written)[0]
    paragraphs = [t for _, t in docx_texts(docx)]
    assert "四是启动约谈，实行问责制度。认真落实“全面改薄”以县为主实施的责任，" in "\n".join(paragraphs)
    assert any(t.startswith("七是加强宣传，营造良好氛围。自治区建立了信息报送制度") for t in paragraphs)


def test_the_cli_reports_what_was_and_was_not_recognised(seed, tmp_path):
    series_only(tmp_path)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(seed), "--root", str(tmp_path)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "已识别：报头「工作简报」" in out and "期号（第7期）" in out and "日期（2017年10月11日）" in out
    assert "7 条工作亮点" in out and "15 个候选数字" in out
    assert "未识别或未导入：\n  第27行：报尾" in out
    assert "已写入草稿：bulletins/gaibo/2017/07.yaml" in out
    again = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(seed), "--root", str(tmp_path)],
                           capture_output=True, text=True, cwd=tmp_path)
    assert again.returncode == 1 and "不会覆盖" in again.stderr and "Traceback" not in again.stderr


# ------------------------------------------------------------------ text rules

def test_an_existing_file_is_never_overwritten(tmp_path):
    archive = series_only(tmp_path)
    source = write_text(tmp_path, "开学准备工作顺利。\n")
    target = archive.root / "bulletins/gaibo/2018/09.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("编辑已经改过的内容\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="文件已存在，不会覆盖"):
        import_bulletin(source, archive)
    assert target.read_text(encoding="utf-8") == "编辑已经改过的内容\n"
    other = import_bulletin(source, archive, output=tmp_path / "elsewhere.yaml")
    assert other.path.read_text(encoding="utf-8").startswith("# 从 past.txt 导入的草稿")


def test_a_dry_run_reports_even_when_the_draft_file_exists(tmp_path):
    archive = series_only(tmp_path)
    source = write_text(tmp_path, "开学准备工作顺利。\n")
    target = archive.root / "bulletins/gaibo/2018/09.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("编辑已经改过的内容\n", encoding="utf-8")
    result = import_bulletin(source, archive, dry_run=True)
    assert result.exists and result.path == target and result.issue.number == 9
    assert any("目标文件已存在：bulletins/gaibo/2018/09.yaml" in note for note in result.notes)
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(source), "--dry-run",
                           "--root", str(archive.root)], capture_output=True, text=True, cwd=archive.root)
    assert done.returncode == 0, done.stderr
    assert "已识别：" in done.stdout and "请注意：目标文件已存在：bulletins/gaibo/2018/09.yaml" in done.stdout
    assert done.stdout.strip().splitlines()[-1].startswith("未写入（--dry-run）：bulletins/gaibo/2018/09.yaml")
    assert target.read_text(encoding="utf-8") == "编辑已经改过的内容\n"


def test_only_a_draft_with_nothing_missed_or_guessed_is_called_checked(tmp_path):
    archive = series_only(tmp_path)
    clean = import_bulletin(write_text(tmp_path, "开学准备工作顺利。\n\n报：教育部全面改薄工作办公室。\n"), archive,
                            dry_run=True)
    assert clean.draft.to_check == 0 and "（已通过检查；" in verdict(clean.draft, "a.yaml")
    body = "各地扎实做好开学准备，全区\n\n中小学校全部按时开学。\n"  # joined: no closing punctuation
    guessed = import_bulletin(write_text(tmp_path, body), archive, output=tmp_path / "b.yaml")
    line = verdict(guessed.draft, "b.yaml")
    assert guessed.draft.to_check == 2 and "已通过检查" not in line and "有 2 处" in line  # + no 报尾
    text = guessed.path.read_text(encoding="utf-8")
    assert "# 导入时有 2 处未识别、按推测处理或跨页接上" in text
    assert "#   第13行｜跨页或断行接上：与上一段接续" in text


def test_headings_lose_their_typed_markers_and_keep_their_levels(tmp_path):
    body = ("各地扎实做好开学准备。\n\n一、总体情况\n\n（一）校舍安全。全部完成排查。\n\n1.重点地区\n\n"
            "（1）南疆四地州\n\n已完成整改。\n\n（二）教材发放\n\n二、下一步工作\n\n继续推进。\n")
    result = import_bulletin(write_text(tmp_path, body), series_only(tmp_path))
    blocks = article_blocks(result)
    assert [(b.level, b.marker, plain_text(b.inlines)) for b in blocks if isinstance(b, Heading)] == [
        (1, "一、", "总体情况"), (2, "（一）", "校舍安全。"), (3, "1.", "重点地区"), (4, "（1）", "南疆四地州"),
        (2, "（二）", "教材发放"), (1, "二、", "下一步工作")]
    assert "## 校舍安全。全部完成排查。" in result.text and "（一）" not in result.text


def test_a_heading_out_of_sequence_stays_literal_text_and_is_reported(tmp_path):
    body = "开学准备顺利。\n\n（二）教材发放\n\n全部到位。\n"
    result = import_bulletin(write_text(tmp_path, body), series_only(tmp_path))
    texts = [plain_text(b.inlines) for b in article_blocks(result) if isinstance(b, Paragraph)]
    assert "（二）教材发放" in texts
    assert any(where == 13 and "序号不连续" in what for where, what in result.draft.missed)


def test_markdown_characters_in_old_text_stay_literal(tmp_path):
    lines = ["1. first batch opened;", "- 3 schools later;", "#topic see[通知](附件)与[甲][乙]。",
             "a*b*c and x_y_z, {{ name }} > 0;", "+ plus;", "网址<https://jyt.example.cn>。"]
    result = import_bulletin(write_text(tmp_path, "\n\n".join(lines) + "\n"), series_only(tmp_path))
    texts = [plain_text(b.inlines) for b in article_blocks(result) if isinstance(b, Paragraph)]
    assert texts == lines[:-1] + ["网址＜https://jyt.example.cn＞。"]  # <url> is link syntax: said with ＜＞
    assert any(where == 21 and "网址" in what for where, what in result.draft.missed)


def test_page_numbers_are_dropped_and_reported_with_their_line(tmp_path):
    body = "各地扎实做好开学准备，全区\n\n— 2 —\n\n中小学校全部按时开学。\n"
    result = import_bulletin(write_text(tmp_path, body), series_only(tmp_path))
    texts = [plain_text(b.inlines) for b in article_blocks(result) if isinstance(b, Paragraph)]
    assert texts == ["各地扎实做好开学准备，全区中小学校全部按时开学。"]
    assert (13, "页码「— 2 —」") in result.draft.removed
    assert any("已去除页码和页眉页脚（1 处）：第13行「— 2 —」" in line for line in report_lines(result.draft))


def test_a_short_line_cut_off_its_sentence_is_joined_again(tmp_path):
    # the short middle line stands alone like a table cell, but one short line makes no table
    body = "开学前，各地开展了安全检查，\n\n扎实做好开学准备\n\n全区中小学校全部按时开学。\n"
    result = import_bulletin(write_text(tmp_path, body), series_only(tmp_path))
    texts = [plain_text(b.inlines) for b in article_blocks(result) if isinstance(b, Paragraph)]
    assert texts == ["开学前，各地开展了安全检查，扎实做好开学准备全区中小学校全部按时开学。"]


def test_tables_in_text_keep_their_caption(tmp_path):
    body = ("各地进度如下。\n\n表1 各地开学情况\n地区    开学学校    比例\n喀什地区    120    98%\n和田地区    86    95%\n\n"
            "以上为初步统计。\n")
    result = import_bulletin(write_text(tmp_path, body), series_only(tmp_path))
    table = next(b for b in article_blocks(result) if isinstance(b, Table))
    assert table.caption == "表1 各地开学情况"
    assert table.header == ("地区", "开学学校", "比例") and table.rows[1] == ("和田地区", "86", "95%")
    assert "表：各地开学情况\n" in result.text


def test_highlights_before_more_headings_stay_paragraphs(tmp_path):
    # one highlights list per article, printed after the body: a run followed by headings cannot move there
    body = ("一、主要做法\n\n一是加强领导。成立专班。\n\n二是压实责任。逐级签订责任书。\n\n二、存在问题\n\n"
            "一是进度不均。南疆较慢。\n\n二是资金缺口。尚有缺口。\n\n三是质量隐患。个别工程。\n")
    result = import_bulletin(write_text(tmp_path, body), series_only(tmp_path))
    blocks = article_blocks(result)
    highlights = next(b for b in blocks if isinstance(b, Highlights)).items
    assert [plain_text(h.lead) for h in highlights] == ["进度不均。", "资金缺口。", "质量隐患。"]
    texts = [plain_text(b.inlines) for b in blocks if isinstance(b, Paragraph)]
    assert texts == ["一是加强领导。成立专班。", "二是压实责任。逐级签订责任书。"]
    assert any("未转为工作亮点" in what for _, what in result.draft.missed)


def test_gbk_text_and_chinese_dates_are_read(tmp_path):
    text = ("教育督导简报\n\n第3期（总第43期）\n\n自治区人民政府教育督导委员会办公室\n\n二〇一七年十一月十五日\n\n"
            "专项督导情况\n\n督导覆盖64个县（市、区）。\n\n报：国务院教育督导委员会办公室。\n（共印45份）\n")
    path = tmp_path / "old.txt"
    path.write_bytes(text.encode("gbk"))
    result = import_bulletin(path, series_only(tmp_path))
    assert (result.series_id, result.issue.number, result.issue.date.isoformat()) == ("dudao", 3, "2017-11-15")
    assert result.encoding == "GB18030"
    assert "# total: 43" in result.text  # printed 总第 N 期 is offered, not imposed
    assert result.draft.distribution == [("报", "国务院教育督导委员会办公室")] and result.draft.copies == 45
    assert "copies:" not in result.text  # the series prints 45 already


def test_unknown_masthead_is_refused_with_a_series_to_create(tmp_path):
    text = "督查通报\n\n第 2 期\n\n自治区督查室 2018年1月9日\n\n标题\n\n正文。\n"
    path = tmp_path / "other.txt"
    path.write_text(text, encoding="utf-8")
    archive = series_only(tmp_path)
    with pytest.raises(ImportRefused) as refused:
        import_bulletin(path, archive)
    message = str(refused.value)
    assert "--series" in message and 'title: "督查通报"' in message and 'issuer: "自治区督查室"' in message
    with pytest.raises(ImportRefused, match="系列「nope」不存在"):
        import_bulletin(path, archive, series_id="nope")
    assert import_bulletin(path, archive, series_id="gaibo").issue.series.id == "gaibo"


def test_missing_issue_number_asks_for_the_option(tmp_path):
    path = tmp_path / "bare.txt"
    path.write_text("情况通报\n\n各地工作进展顺利。\n", encoding="utf-8")
    archive = series_only(tmp_path)
    with pytest.raises(ImportRefused, match="--number"):
        import_bulletin(path, archive, series_id="gaibo")
    import datetime
    result = import_bulletin(path, archive, series_id="gaibo", number=3, date=datetime.date(2016, 5, 4))
    assert result.path.name == "03.yaml" and result.issue.headline == "情况通报"


# ------------------------------------------------------------------ Word files from elsewhere

def _p(*runs, center=False):
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    out = []
    for text, bold in runs:
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>')
    return f"<w:p>{ppr}{''.join(out)}</w:p>"


def test_a_word_file_from_another_office_is_read_by_its_formatting(tmp_path):
    cell = lambda t: f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>"  # noqa: E731
    table = "<w:tbl>" + "".join(f"<w:tr>{cell(a)}{cell(b)}</w:tr>" for a, b in
                                 (("地区", "完成率"), ("喀什地区", "68%"))) + "</w:tbl>"
    body = "".join([
        _p(("自治区全面改善农村义务教育薄弱学校基本办学条件", False), center=True),
        _p(("工作简报", False), center=True), _p(("第5期", False), center=True),
        _p(("自治区“全面改薄”厅际协调小组办公室　　　　2017年6月2日", False)),
        _p(("加快进度 确保质量", False), center=True),
        _p(("　　截至5月底，竣工率为", False), ("52%", True), ("。", False)),
        _p(("表1 各地完成情况", False), center=True), table,
        _p(("一是", True), ("加强调度；", True), ("每周通报。", False)),
        _p(("二是", True), ("严格验收。", True), ("逐项核查。", False)),
        _p(("报：教育部全面改薄工作办公室。", False)), _p(("（共印60份）", False)),
    ])
    path = tmp_path / "other-office.docx"
    path.write_bytes(_docx(body))
    result = import_bulletin(path, series_only(tmp_path / "archive"))
    assert (result.series_id, result.issue.number, result.issue.headline) == ("gaibo", 5, "加快进度 确保质量")
    blocks = article_blocks(result)
    assert plain_text(blocks[0].inlines) == "截至5月底，竣工率为52%。" and "**52%**" in result.text
    assert blocks[1].caption == "表1 各地完成情况" and blocks[1].rows == (("喀什地区", "68%"),)
    highlights = blocks[2].items
    assert [plain_text(h.lead) for h in highlights] == ["加强调度；", "严格验收。"]
    assert '- lead: "加强调度；"' in result.text and '- "严格验收。逐项核查。"' in result.text
    assert result.draft.distribution == [("报", "教育部全面改薄工作办公室")]


def test_a_masthead_laid_out_in_a_table_under_a_drawn_red_rule(tmp_path):
    cell = lambda t: f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>"  # noqa: E731
    issuer_row = f"<w:tbl><w:tr>{cell('自治区人民政府教育督导委员会办公室')}{cell('2017年11月15日')}</w:tr></w:tbl>"
    body = "".join([
        _p(("内部资料 注意保存", False)), _p(("教育督导简报", False), center=True),
        _p(("第3期（总第43期）", False), center=True), issuer_row, "<w:p><w:r><w:pict/></w:r></w:p>",
        _p(("专项督导情况", False), center=True), _p(("督导覆盖64个县。", False)),
    ])
    path = tmp_path / "table-masthead.docx"
    path.write_bytes(_docx(body))
    result = import_bulletin(path, series_only(tmp_path / "archive"))
    assert (result.series_id, result.issue.date.isoformat(), result.issue.headline) == (
        "dudao", "2017-11-15", "专项督导情况")
    assert result.draft.classification == "内部资料 注意保存" and result.draft.total == 43


def test_text_saved_from_word_has_one_paragraph_per_line(tmp_path):
    long = "各地按照自治区统一部署，认真组织开展春季开学安全大检查，对校舍、食堂、宿舍逐一排查，发现隐患立即整改到位。"
    body = f"{long}\n{long.replace('各地', '南疆四地州')}\n一是压实责任。层层签订责任书。\n二是强化督查。开展明查暗访。\n"
    result = import_bulletin(write_text(tmp_path, body), series_only(tmp_path))
    texts = [plain_text(b.inlines) for b in article_blocks(result) if isinstance(b, Paragraph)]
    assert texts == [long, long.replace("各地", "南疆四地州")]
    assert len(next(b for b in article_blocks(result) if isinstance(b, Highlights)).items) == 2


def test_old_doc_files_are_refused_with_advice(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportRefused, match="另存为"):
        import_bulletin(path, series_only(tmp_path / "archive"))


def test_a_draft_validates_through_the_pipeline_check(tmp_path):
    archive = series_only(tmp_path)
    result = import_bulletin(write_text(tmp_path, "一是加强领导。成立专班。\n\n二是压实责任。签订责任书。\n"), archive)
    assert [i.number for i in check(archive)] == [9]
    assert "highlights:" in result.text and "body:" not in result.text


# ------------------------------------------------------------------ a printed bulletin, through PDF and back

@pytest.mark.libreoffice
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)")
def test_text_extracted_from_the_pdf_of_a_bulletin_gives_back_its_structure(tmp_path):
    samples = copy_samples(tmp_path / "samples")
    docx = next(p for p in bulletins(build(samples)) if p.name == "gaibo-2017-07.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=180)
    original = import_bulletin(docx, series_only(tmp_path / "reference"), dry_run=True).issue
    leads = [plain_text(h.lead) for b in original.articles[0].blocks if isinstance(b, Highlights) for h in b.items]
    archive = series_only(tmp_path / "archive")
    for layout in ([], ["-layout"]):  # plain reading order, and columns kept with spaces
        text = tmp_path / f"pdf{len(layout)}.txt"
        subprocess.run(["pdftotext", *layout, str(tmp_path / "gaibo-2017-07.pdf"), str(text)], check=True)
        result = import_bulletin(text, archive, output=tmp_path / f"draft{len(layout)}.yaml")
        issue = result.issue
        assert (result.series_id, issue.number, issue.date, issue.headline) == (
            "gaibo", 7, original.date, original.headline), layout
        highlights = [b for b in issue.articles[0].blocks if isinstance(b, Highlights)]
        assert [plain_text(h.lead) for h in highlights[0].items] == leads, layout
        assert len(result.draft.distribution) == 3 and result.draft.copies == 60, layout
        assert any("页码" in what for _, what in result.draft.removed), layout


def test_a_pipe_table_with_empty_cells_is_read(tmp_path):
    body = "各地进度如下。\n\n表1 各地开学情况\n| 地区 | 比例 |\n|---|---|\n| 喀什地区 | |\n| | 95% |\n\n以上为初步统计。\n"
    result = import_bulletin(write_text(tmp_path, body), series_only(tmp_path))
    table = next(b for b in article_blocks(result) if isinstance(b, Table))
    assert table.rows == (("喀什地区", ""), ("", "95%"))
