"""Proofreading an issue's numbers, names and dates, and the samples: each check once at its line, clean samples silent."""

from __future__ import annotations

import datetime

import pytest

from jianbao.errors import InputError
from jianbao.pipeline import proof_cache
from jianbao.pipeline.build import build, check
from jianbao.proofread.run import read_file

from project_helpers import copy_samples, make_project
from proof_helpers import FILE, TODAY, article, findings_of, proofread

FIGURES = """\
figures:
  construction:
    label: 校舍建设竣工率
    unit: "%"
    target: 70
    values: {2017-04: 36, 2017-08: 73}
  by_region:
    label: 各地进度
    unit: "%"
    columns: [竣工率, 增长]
    rows:
      喀什地区: [68, 186]
      和田: [88, 20]
"""
BODY_AT = f"{FILE}:21: 第1篇文章 body："


def test_a_rate_over_100_percent_unless_the_figure_allows_it(tmp_path):
    text = FIGURES.replace("2017-08: 73", "2017-08: 250").replace("[88, 20]", "[101, 20]")
    assert proofread(tmp_path, text + article("进展顺利。")) == [
        f"{FILE}:9: figures.construction.values.2017-08：应为不超过 100% 的比率（校舍建设竣工率），实际为250%"
        "（建议核对；确实可以超过 100% 的比率，请在数字 construction 中写 may_exceed_100: true）",
        f"{FILE}:16: figures.by_region.rows.和田 第1列：应为不超过 100% 的比率（竣工率），实际为101%"
        "（建议核对；确实可以超过 100% 的比率，请在数字 by_region 中写 may_exceed_100: true）"]
    allowed = text.replace("values: {", "may_exceed_100: true\n    values: {").replace(
        "    columns:", "    may_exceed_100: true\n    columns:")
    assert proofread(tmp_path, allowed + article("进展顺利。")) == []


def test_a_period_after_the_issue_date(tmp_path):
    text = FIGURES.replace("2017-08: 73", "2017-08: 73, 2017-12: 80, 2018: 90")
    assert proofread(tmp_path, text + article("进展顺利。")) == [
        f"{FILE}:9: figures.construction.values.2017-12：应为不晚于本期日期（2017年10月11日）的时期，实际为2017年12月"
        "（建议核对时期，或本期的 date）",
        f"{FILE}:9: figures.construction.values.2018：应为不晚于本期日期（2017年10月11日）的时期，实际为2018年"
        "（建议核对时期，或本期的 date）"]


def test_a_number_typed_in_the_text_that_a_figure_holds(tmp_path):
    body = "竣工率达到73%，目标{{ construction.target }}，另一县为173%，增长20%。"
    assert proofread(tmp_path, FIGURES + article(body)) == [
        BODY_AT + "应为引用数字的 {{ by_region.和田.增长 }}，实际为手写的「20%」，与数字 by_region.和田.增长 相同"
        "（建议改为 {{ by_region.和田.增长 }}，数字改动时正文随之一致）",
        BODY_AT + "应为引用数字的 {{ construction.latest }}，实际为手写的「73%」，与数字 construction.latest 相同"
        "（建议改为 {{ construction.latest }}，数字改动时正文随之一致）"]


def test_one_place_written_two_ways(tmp_path):
    assert proofread(tmp_path, FIGURES + article("喀什各县和田地区，喀什市另计。")) == [
        BODY_AT + "应为同一地名在本期中写法一致，实际为「和田地区」与「和田」（第 16 行）两种写法（建议统一写法）",
        BODY_AT + "应为同一地名在本期中写法一致，实际为「喀什」与「喀什地区」（第 15 行）两种写法（建议统一写法）"]


# ------------------------------------------------------------------ dates across the series

def issue_text(number: int, date: str, extra: str = "") -> str:
    return f"series: demo\nnumber: {number}\ndate: {date}\n{extra}" + article("各地进展顺利。")


def test_an_issue_dated_in_the_future_of_the_day_given(tmp_path):
    project = make_project(tmp_path, {"demo/2018/01.yaml": issue_text(1, "2018-02-01")})
    assert [str(f) for f in findings_of(project)] == [
        "bulletins/demo/2018/01.yaml:3: date：应为不晚于今天（2018年1月31日）的日期，实际为2018-02-01（建议核对签发日期）"]
    assert findings_of(project, today=datetime.date(2018, 2, 1)) == []
    assert findings_of(project, today=None) == []  # no day given: not checked, and the clock is never read


def test_a_later_number_dated_earlier_and_strict_makes_it_an_error(tmp_path):
    project = make_project(tmp_path, {"demo/2017/08.yaml": issue_text(8, "2017-12-20"),
                                      "demo/2017/09.yaml": issue_text(9, "2017-12-10"),
                                      "demo/2017/07.yaml": issue_text(7, "2017-10-11")})
    message = ("bulletins/demo/2017/09.yaml:3: date：应为不早于第8期（2017-12-20，bulletins/demo/2017/08.yaml）的日期，"
               "实际为2017-12-10（第9期）（期号应与日期先后一致：建议核对本期的 date 或 number）")
    assert [str(f) for f in findings_of(project)] == [message]
    with pytest.raises(InputError) as stopped:
        check(project, strict=True, today=TODAY)
    assert [str(p) for p in stopped.value.problems] == [message]


def test_a_supplement_dated_outside_the_year_of_its_folder(tmp_path):
    project = make_project(tmp_path, {"demo/2017/zk01.yaml": issue_text(1, "2018-01-05", "supplement: true\n")})
    assert [str(f) for f in findings_of(project)] == [
        "bulletins/demo/2017/zk01.yaml:3: date：应为2017年内的日期（文件在 2017/ 文件夹中），实际为2018-01-05"
        "（增刊应在所属年度内印发：建议核对日期，或把文件移到 2018/ 文件夹）"]


def test_findings_are_warnings_of_check_and_build_and_errors_under_strict(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue_text(1, "2017-10-11").replace("顺利。", "顺利，。")})
    message = f"{FILE}:8: 第1篇文章 body：应为一个标点，实际为连用的「，。」（建议只留「。」）"
    warnings: list[str] = []
    check(project, warn=warnings.append, today=TODAY)
    assert warnings == [message]
    warnings.clear()
    assert build(project, warn=warnings.append, today=TODAY)
    assert message in warnings
    for run in (check, build):
        with pytest.raises(InputError) as stopped:
            run(project, strict=True, today=TODAY)
        assert [str(p) for p in stopped.value.problems] == [message]


# ------------------------------------------------------------------ the samples

def test_the_samples_report_nothing(tmp_path):
    assert findings_of(copy_samples(tmp_path)) == []


PLANTED = [  # (what is planted in a copy of 08.yaml: old → new, and the check that finds it on the new text's line)
    ("  - title: 冲刺收官 全区“全面改薄”主要指标持续向好", "  - title: 示例标题请改为本期的主标题", "leftover-sample"),
    ("的年度目标。", "的年度目标，。", "punct-doubled"),
    ("全区校舍建设竣工率达到", "全区校舍建设竣工率,达到", "punct-halfwidth"),
    ("南疆四地州仍是短板。", "南疆四地州仍是“短板。", "punct-unpaired"),
    ("*多数*已超过目标", '"多数"已超过目标', "punct-ascii-quote"),
    ("居全区首位。", "居全区 首位。", "space-stray"),
    ("占规划总投入的", "占规划总投入（１００）的", "fullwidth-digit"),
    ("| 中央补助 | 98.60 |", "| 中央补助 | 98.60 亿元 |", "space-unit"),
    ("累计落实资金{{ funds.value }}", "截至2017.12累计落实资金{{ funds.value }}", "date-dotted"),
    ("逐县列出问题清单", "逐县列出问题清单TODO", "leftover-mark"),
    ("      喀什地区: [68, 86]", "      喀什地区: [68, 186]", "rate-over-100"),
    ("values: {2017-04: 36, 2017-08: 73, 2017-11: 86}", "values: {2017-04: 36, 2017-08: 73, 2018-01: 86}",
     "period-future"),
    ("比{{ construction.2017-08 }}又提高了一步", "比73%又提高了一步", "number-typed"),
    ("南疆四地州仍是短板。", "喀什仍是短板。", "name-variant"),
]


def plant(project, rel: str, old: str, new: str) -> int:
    """Replace `old` (found once) by `new` in a sample; returns the line `new` stands on."""
    path = project.root / "bulletins" / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize("old, new, code", PLANTED, ids=[p[2] for p in PLANTED])
def test_each_mistake_planted_in_a_sample_is_reported_once_at_its_line(tmp_path, old, new, code):
    project = copy_samples(tmp_path)
    line = plant(project, "gaibo/2017/08.yaml", old, new)
    found = [(f.file, f.line, f.code) for f in findings_of(project)]
    assert found == [("bulletins/gaibo/2017/08.yaml", line, code)]


def test_the_series_mistakes_planted_in_the_samples(tmp_path):
    project = copy_samples(tmp_path)
    order = plant(project, "gaibo/2017/09.yaml", "date: 2017-12-28", "date: 2017-12-10")
    year = plant(project, "dudao/2017/zk01.yaml", "date: 2017-12-01", "date: 2018-01-05")
    future = plant(project, "dudao/2017/03.yaml", "date: 2017-11-15", "date: 2018-02-15")
    assert [(f.file, f.line, f.code) for f in findings_of(project)] == [
        ("bulletins/dudao/2017/03.yaml", future, "date-future"),
        ("bulletins/dudao/2017/03.yaml", future, "date-year"),
        ("bulletins/dudao/2017/zk01.yaml", year, "date-year"),
        ("bulletins/gaibo/2017/09.yaml", order, "number-order")]


def test_a_build_keeps_what_each_file_was_found_to_have_and_reads_an_edited_file_again(tmp_path, monkeypatch):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue_text(1, "2017-10-11").replace("顺利。", "顺利，。"),
                                      "demo/2017/02.yaml": issue_text(2, "2017-10-20")})
    build(project, today=TODAY)
    assert project.proofread_cache.is_file()
    reads: list[str] = []
    monkeypatch.setattr(proof_cache, "read_file", lambda source: reads.append(source.issue.source) or read_file(source))
    message = f"{FILE}:8: 第1篇文章 body：应为一个标点，实际为连用的「，。」（建议只留「。」）"
    assert [str(f) for f in findings_of(project)] == [message] and reads == [], "check reads the build's record"
    path = project.root / "bulletins/demo/2017/02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("顺利。", "顺利；；"), encoding="utf-8")
    assert len(findings_of(project)) == 2 and reads == ["bulletins/demo/2017/02.yaml"]
    project.proofread_cache.write_text("{damaged", encoding="utf-8")
    reads.clear()
    assert len(findings_of(project)) == 2 and sorted(reads) == [FILE, "bulletins/demo/2017/02.yaml"]
