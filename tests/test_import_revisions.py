"""Importing a .docx with tracked changes: read as if every change were accepted, and each one reported."""

from __future__ import annotations

from pathlib import Path

from jianbao.article_text import plain_text
from jianbao.importer import import_bulletin
from jianbao.importer.report import report_lines, verdict
from jianbao.model import Highlights, Paragraph, Table

from project_helpers import series_only
from word_files import minimal_docx as docx

WHO = 'w:author="李编辑" w:date="2017-06-01T09:00:00Z"'


def r(text: str, bold: bool = False) -> str:
    return f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def gone(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'


def p(*parts: str, center: bool = False, mark: str = "") -> str:
    """A paragraph of raw run XML; `mark` is a revision of the paragraph mark itself (w:del: joined to the next)."""
    props = ('<w:jc w:val="center"/>' if center else "") + (f"<w:rPr>{mark}</w:rPr>" if mark else "")
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{''.join(parts)}</w:p>"


def cell(*parts: str) -> str:
    return f"<w:tc>{p(*parts)}</w:tc>"


MASTHEAD = "".join([
    p(r("自治区全面改善农村义务教育薄弱学校基本办学条件"), center=True), p(r("工作简报"), center=True),
    p(r("第5期"), center=True), p(r("自治区“全面改薄”厅际协调小组办公室　　　　2017年6月2日")),
    p(r("加快进度 确保质量"), center=True),
])

DELETED_ROW = f'<w:trPr><w:del w:id="6" {WHO}/></w:trPr>'
INSERTED_VALUE = f'<w:ins w:id="7" {WHO}>{r("68%")}</w:ins>'
TABLE = ("<w:tbl>" + f"<w:tr>{cell(r('地区'))}{cell(r('完成率'))}</w:tr>"
         + f"<w:tr>{DELETED_ROW}{cell(r('昌吉州'))}{cell(r('99%'))}</w:tr>"  # deleted: its row goes
         + f"<w:tr>{cell(r('喀什地区'))}{cell(INSERTED_VALUE)}</w:tr>" + "</w:tbl>")

REVIEWED = MASTHEAD + "".join([
    # 6: an inserted sentence, which python-docx's Paragraph.runs does not see
    p(r("截至5月底，"), f'<w:ins w:id="1" {WHO}>{r("全区校舍建设竣工率为52%，")}</w:ins>', r("进度符合预期。")),
    # 7: a deletion, and a link whose text sits in w:hyperlink
    p(r("各地"), f'<w:del w:id="2" {WHO}>{gone("基本")}</w:del>', r("完成了排查，详见"),
      f'<w:hyperlink w:history="1">{r("教育厅网站")}</w:hyperlink>', r("。")),
    # 8 → 9: a sentence moved from one paragraph to the next
    p(r("设备采购同步推进。"), f'<w:moveFrom w:id="3" {WHO}>{r("课桌椅已配送到校。")}</w:moveFrom>'),
    p(r("实验仪器正在安装。"), f'<w:moveTo w:id="4" {WHO}>{r("课桌椅已配送到校。")}</w:moveTo>'),
    # 10 + 11: a deleted paragraph mark joins two paragraphs into one
    p(r("资金拨付加快，"), mark=f'<w:del w:id="5" {WHO}/>'), p(r("已到位九成。")),
    # 12: a content control around a paragraph
    f'<w:sdt><w:sdtPr/><w:sdtContent>{p(r("质量抽查全部合格。"))}</w:sdtContent></w:sdt>',
    p(r("表1 各地完成情况"), center=True),
    TABLE,
    p(r("一是", True), f'<w:ins w:id="8" {WHO}>{r("加强调度；", True)}</w:ins>', r("每周通报。")),
    p(r("二是", True), r("严格验收。", True), r("逐项核查"), f'<w:del w:id="9" {WHO}>{gone("，发现问题立即整改")}</w:del>',
      r("。")),
    p(r("报：教育部全面改薄工作办公室。")), p(r("（共印60份）")),
])


def reviewed(tmp_path: Path) -> Path:
    path = tmp_path / "reviewed.docx"
    path.write_bytes(docx(REVIEWED))
    return path


def test_tracked_changes_are_read_as_accepted(tmp_path):
    result = import_bulletin(reviewed(tmp_path), series_only(tmp_path / "archive"))
    blocks = result.issue.articles[0].blocks
    texts = [plain_text(b.inlines) for b in blocks if isinstance(b, Paragraph)]
    assert texts == ["截至5月底，全区校舍建设竣工率为52%，进度符合预期。", "各地完成了排查，详见教育厅网站。",
                     "设备采购同步推进。", "实验仪器正在安装。课桌椅已配送到校。", "资金拨付加快，已到位九成。",
                     "质量抽查全部合格。"]
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.rows == (("喀什地区", "68%"),)  # the deleted row is gone, the inserted value is there
    highlights = next(b for b in blocks if isinstance(b, Highlights)).items
    assert [plain_text(h.lead) for h in highlights] == ["加强调度；", "严格验收。"]
    assert plain_text(highlights[1].text) == "逐项核查。"


def test_each_tracked_change_is_reported_with_its_paragraph(tmp_path):
    result = import_bulletin(reviewed(tmp_path), series_only(tmp_path / "archive"))
    unsure = dict(result.draft.unsure)
    assert unsure[6] == "已按“接受全部修订”导入：插入「全区校舍建设竣工率为52%，」"
    assert unsure[7] == "已按“接受全部修订”导入：删除「基本」"
    assert unsure[8] == "已按“接受全部修订”导入：移出「课桌椅已配送到校。」"
    assert unsure[9] == "已按“接受全部修订”导入：移入「课桌椅已配送到校。」"
    assert unsure[10] == "已按“接受全部修订”导入：删除分段（与下一段合为一段）"
    assert unsure[14] == "表格已按“接受全部修订”导入：删除表格行；插入「68%」"
    assert unsure[16] == "已按“接受全部修订”导入：删除「，发现问题立即整改」"
    lines = report_lines(result.draft)
    assert "  第6段：已按“接受全部修订”导入：插入「全区校舍建设竣工率为52%，」" in lines
    assert "已通过检查" not in verdict(result.draft, "x.yaml")
    assert not any("小标题" in what for what in unsure.values())  # the leads were bold: no guess


def test_a_word_file_without_changes_still_passes(tmp_path):
    plain = MASTHEAD + p(r("截至5月底，竣工率为52%。")) + p(r("报：教育部全面改薄工作办公室。"))
    path = tmp_path / "clean.docx"
    path.write_bytes(docx(plain))
    result = import_bulletin(path, series_only(tmp_path / "archive"))
    assert result.draft.unsure == [] and result.draft.to_check == 0
    assert "已通过检查" in verdict(result.draft, "x.yaml")
