"""One name for an issue wherever a message or a press release mentions it: 《工作简报》2017年第7期."""

from __future__ import annotations

import datetime
from pathlib import Path

from jianbao.model import issue_name
from jianbao.newissue import NewIssue

from model_fixtures import demo_issue, demo_series


def test_an_issue_is_named_by_series_in_book_title_marks_year_and_number():
    assert demo_issue().name == "《工作简报》2017年第7期"
    assert demo_issue(number=2, supplement=True).name == "《工作简报》2017年增刊第2期"
    assert issue_name("教育督导简报", 2018, "第1期") == "《教育督导简报》2018年第1期"


def test_a_new_issue_is_announced_by_the_same_name_and_its_total():
    series = demo_series(show_total=True)
    plan = NewIssue(series, Path("bulletins/gaibo/2017/08.yaml"), 8, 130, datetime.date(2017, 11, 20))
    assert plan.label == "《工作简报》2017年第8期（总第130期）"
    supplement = NewIssue(series, Path("x.yaml"), 1, None, datetime.date(2017, 11, 20), supplement=True)
    assert supplement.label == "《工作简报》2017年增刊第1期"
