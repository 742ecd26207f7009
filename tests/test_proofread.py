"""Proofreading the texts of an issue: leftovers and Chinese punctuation and typography, each with its exact message.

Every check is planted in a one-article issue whose body is line 8 of its file; the fixed "today"
of proof_helpers stands in for the clock.
"""

from __future__ import annotations

import datetime
import shutil

from jianbao.newissue import create_issue
from jianbao.proofread.leftovers import SAMPLE_MARK
from jianbao.proofread.texts import LABEL, PROSE, TITLE, text_fields
from jianbao.reader.load import load_file

from project_helpers import ROOT, make_project
from proof_helpers import FILE, article, findings_of, proofread

AT = f"{FILE}:8: 第1篇文章 body："


def one(tmp_path, body: str, title: str = "全区工作取得进展") -> list[str]:
    return proofread(tmp_path, article(body, title))


# ------------------------------------------------------------------ leftovers

def test_every_sample_text_of_a_fresh_skeleton_is_found(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    project = make_project(tmp_path, {}, series={})
    plan = create_issue(project, "gaibo", datetime.date(2017, 12, 28))
    found = {f.field for f in findings_of(project) if f.code == "leftover-sample"}
    doc, _ = load_file(plan.path, project.name(plan.path))
    texts = [f for f in text_fields(doc) if f.kind in (PROSE, TITLE) or (f.kind == LABEL and f.path[-1] == "label")]
    assert texts and all(SAMPLE_MARK in f.text for f in texts), "every sample text of the skeleton carries 示例"
    assert sorted(f.field for f in texts if f.field not in found) == []


def test_sample_text_is_found_once_per_field_at_its_line(tmp_path):
    assert one(tmp_path, "示例：这段文字来自模板。示例。", title="示例标题请改为本期的主标题") == [
        f"{FILE}:5: 第1篇文章 title：应为本期的内容，实际为新建时模板中的示例文字「示例标题请改为本期的主标」"
        "（建议改为本期的内容，用不到的整段删去）",
        AT + "应为本期的内容，实际为新建时模板中的示例文字「示例：这段文字来自模板。」（建议改为本期的内容，用不到的整段删去）"]


def test_marks_left_for_later(tmp_path):
    assert one(tmp_path, "TODO 待补充数字，有待补充完善，XX县，○○乡【待核实】。") == [
        AT + "应为定稿的文字，实际为待办标记「TODO」（TODO 待补充数字）（建议补上内容后删去标记）",
        AT + "应为定稿的文字，实际为待办标记「XX」（待补充完善，XX县，○○乡【）（建议补上内容后删去标记）",
        AT + "应为定稿的文字，实际为待办标记「○○」（善，XX县，○○乡【待核实】）（建议补上内容后删去标记）",
        AT + "应为定稿的文字，实际为待办标记「【待核实】」（X县，○○乡【待核实】。）（建议补上内容后删去标记）",
        AT + "应为定稿的文字，实际为待办标记「待补充」（TODO 待补充数字，有待补）（建议补上内容后删去标记）"]


def test_a_placeholder_text_and_an_article_with_a_title_only(tmp_path):
    assert one(tmp_path, "正文。") == [AT + "应为本期的内容，实际为占位的文字「正文。」（建议写上内容，或删去这一项）"]
    assert proofread(tmp_path, "articles:\n  - title: 全区工作取得进展\n    release: public\n") == [
        f"{FILE}:5: 第1篇文章：应为有正文的文章，实际为只有标题的文章「全区工作取得进展」"
        "（建议补上正文（body）、亮点（highlights）或图表，或删去这篇文章）"]


# ------------------------------------------------------------------ punctuation (GB/T 15834)

def test_doubled_or_conflicting_marks(tmp_path):
    assert one(tmp_path, "全区目标已经完成，。下一步继续推进；；") == [
        AT + "应为一个标点，实际为连用的「，。」（建议只留「。」）",
        AT + "应为一个标点，实际为连用的「；；」（建议只留「；」）"]
    assert one(tmp_path, "全区目标，；下一步继续推进。。。") == [
        AT + "应为一个标点，实际为连用的「。。。」（建议只留省略号「……」）",
        AT + "应为一个标点，实际为连用的「，；」（建议只留其中一个）"]


def test_marks_that_may_stand_together_are_not_found(tmp_path):
    assert one(tmp_path, "难道不是吗？！这样……可以——好。他说：“《通知》要求‘按时完成’（见附件）。”") == []


def test_half_width_marks_between_chinese_characters(tmp_path):
    assert one(tmp_path, "全区竣工率较高,设备采购完成率较低;质量:良好。是否达标?") == [
        AT + "应为全角标点「，」，实际为半角「,」（区竣工率较高,设备采购完成）（建议改为「，」）",
        AT + "应为全角标点「：」，实际为半角「:」（率较低;质量:良好。是否达）（建议改为「：」）",
        AT + "应为全角标点「；」，实际为半角「;」（购完成率较低;质量:良好。）（建议改为「；」）",
        AT + "应为全角标点「？」，实际为半角「?」（好。是否达标?）（建议改为「？」）"]
    assert one(tmp_path, "上午9:30召开会议，标语为 Hello, world。") == []


def test_half_width_parentheses_in_chinese_text(tmp_path):
    assert one(tmp_path, "各县(市、区)均已完成。") == [
        AT + "应为全角括号「（）」，实际为半角括号「(市、区)」（建议改为「（市、区）」）"]


def test_unpaired_quotes_and_brackets(tmp_path):
    assert one(tmp_path, "他说：“全面改薄成效明显。《通知》已印发》。") == [
        AT + "应为成对的「“”」，实际为只有前半「“」（他说：“全面改薄成效）（建议补上「”」或删去「“」）",
        AT + "应为成对的「《》」，实际为只有后半「》」（通知》已印发》。）（建议补上「《」或删去「》」）"]


def test_ascii_quotes_in_chinese_text_but_not_yaml_quoting(tmp_path):
    assert one(tmp_path, '各地"全面改薄"进展顺利，他说"好。') == [
        AT + "应为中文引号「“”」或「‘’」，实际为英文引号「\"」（展顺利，他说\"好。）（建议改为中文引号）",
        AT + "应为中文引号「“”」，实际为英文引号「\"全面改薄\"」（建议改为「“全面改薄”」）"]
    quoted = "articles:\n  - title: \"全区工作取得进展\"\n    body: '各地进展顺利。'\n"
    assert proofread(tmp_path, quoted) == []


# ------------------------------------------------------------------ spaces and numbers (GB/T 15835)

def test_stray_spaces_but_not_in_a_title(tmp_path):
    assert one(tmp_path, "设备采购 完成率较高，截至 2017年底。", title="全力攻坚 工作成效明显") == [
        AT + "应为汉字与数字之间不空格，实际为「截至 20」中间有空格（建议删去空格）",
        AT + "应为汉字之间不空格，实际为「采购 完成」中间有空格（建议删去空格）"]


def test_full_width_digits_and_letters(tmp_path):
    assert one(tmp_path, "完成率为７３％，到位率为85％，ＡＢ级。") == [
        AT + "应为半角数字和字母，实际为全角「％」（建议改为「%」）",
        AT + "应为半角数字和字母，实际为全角「７３％」（建议改为「73%」）",
        AT + "应为半角数字和字母，实际为全角「ＡＢ」（建议改为「AB」）"]


def test_a_number_split_from_its_unit(tmp_path):
    assert one(tmp_path, "完成率为73 %，共14 个县。") == [
        AT + "应为数字紧接单位，实际为「14 个」中间有空格（建议改为「14个」）",
        AT + "应为数字紧接单位，实际为「73 %」中间有空格（建议改为「73%」）"]


def test_dates_written_with_dots_in_running_text(tmp_path):
    assert one(tmp_path, "截至2017.10，资金162.50万元，2017.10.11召开会议。") == [
        AT + "应为写作“年月日”的日期，实际为「2017.10.11」（建议写作「2017年10月11日」；如是数字，请核对）",
        AT + "应为写作“年月日”的日期，实际为「2017.10」（建议写作「2017年10月」；如是数字，请核对）"]


def test_placeholders_are_not_read_as_text(tmp_path):
    body = ("figures:\n  t:\n    label: 进度\n    columns: [县（市、区）]\n    rows:\n      甲: [1]\n"
            "articles:\n  - title: 全区工作\n    body: |\n      共{{ t.甲.县（市、区） }}个，见{{ 表.t }}。\n    tables: [t]\n")
    assert proofread(tmp_path, body) == []


def test_a_line_of_a_block_is_found_at_its_own_line(tmp_path):
    body = "articles:\n  - title: 全区工作\n    body: |\n      第一段。\n\n      第二段，。\n"
    assert proofread(tmp_path, body) == [
        f"{FILE}:9: 第1篇文章 body：应为一个标点，实际为连用的「，。」（建议只留「。」）"]
