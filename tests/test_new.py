"""`python build.py new SERIES`: the next issue's file, numbered from the archive, valid as written, never overwriting."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jianbao.model import (
    ChartSpec,
    Heading,
    Highlights,
    ItemList,
    Paragraph,
    PeriodFigure,
    Table,
    TableFigure,
    ValueFigure,
)
from jianbao.newissue import create_issue, plan_next
from jianbao.pipeline.build import build, check
from jianbao.project import Project
from jianbao.reader.validate import ISSUE_KEYS
from jianbao.reader.validate_article import ARTICLE_KEYS
from jianbao.reader.validate_parts import CHART_KINDS, FIGURE_KEYS

from project_helpers import ROOT, copy_samples, issue, make_project


def run(*args, cwd: Path):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def new_issue_of(project, rel: str):
    return next(i for i in check(project) if i.source == rel)


def test_new_then_check_passes_and_numbers_follow_the_archive(tmp_path):
    copy_samples(tmp_path)
    result = run("new", "dudao", "--date", "2017-12-28", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "bulletins/dudao/2017/04.yaml" in result.stdout
    text = (tmp_path / "bulletins/dudao/2017/04.yaml").read_text(encoding="utf-8")
    assert re.search(r"^number: 4$", text, re.M) and re.search(r"^total: 44$", text, re.M)
    assert re.search(r"^date: 2017-12-28$", text, re.M) and re.search(r"^series: dudao$", text, re.M)
    checked = run("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    made = new_issue_of(Project(tmp_path), "bulletins/dudao/2017/04.yaml")
    assert (made.number, made.total, made.date) == (4, 44, datetime.date(2017, 12, 28))
    assert made.status == "draft"


def test_second_new_takes_the_next_number_and_leaves_the_first_alone(tmp_path):
    project = copy_samples(tmp_path)
    first = create_issue(project, "gaibo", datetime.date(2017, 12, 28))
    first.path.write_text(first.path.read_text(encoding="utf-8") + "# 编辑改过\n", encoding="utf-8")
    second = create_issue(project, "gaibo", datetime.date(2017, 12, 29))
    assert (first.number, second.number) == (10, 11)  # the samples reach 第9期
    assert first.path.read_text(encoding="utf-8").endswith("# 编辑改过\n")
    assert len(check(project)) == len(list((project.root / "bulletins").rglob("*.yaml")))


def test_existing_file_is_never_overwritten(tmp_path):
    # 09.yaml exists but says number 8 (a typo): the next number is 9, whose file is taken.
    make_project(tmp_path, {
        "demo/2017/08.yaml": issue("articles:\n  - title: 甲\n").replace("number: 1", "number: 8"),
        "demo/2017/09.yaml": "series: demo\nnumber: 8\n",
    })
    original = (tmp_path / "bulletins/demo/2017/09.yaml").read_bytes()
    result = run("new", "demo", "--date", "2017-11-01", cwd=tmp_path)
    assert result.returncode == 1
    assert "bulletins/demo/2017/09.yaml 已经存在" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "bulletins/demo/2017/09.yaml").read_bytes() == original
    assert sorted(p.name for p in (tmp_path / "bulletins/demo/2017").iterdir()) == ["08.yaml", "09.yaml"]


def test_broken_draft_still_holds_its_number(tmp_path):
    project = make_project(tmp_path, {
        "demo/2017/01.yaml": issue("articles:\n  - title: 甲\n"),
        "demo/2017/02.yaml": "series: demo\nnumber: 2\ndate: 2017-10-12\narticles:\n\t- title: 乙\n",
    })
    assert plan_next(project, "demo", datetime.date(2017, 10, 20)).number == 3


def test_yearly_numbering_restarts_but_total_counts_on(tmp_path):
    project = copy_samples(tmp_path)
    made = create_issue(project, "dudao", datetime.date(2018, 1, 5))
    assert made.path == tmp_path / "bulletins/dudao/2018/01.yaml"
    assert (made.number, made.total) == (1, 44)
    assert any(i.source == "bulletins/dudao/2018/01.yaml" and i.total == 44 for i in check(project))


def test_continuous_series_counts_across_years(tmp_path):
    series = "title: 工作简报\nissuer: 测试办公室\nnumbering: continuous\n"
    project = make_project(tmp_path, {
        "demo/2016/07.yaml": issue("articles:\n  - title: 甲\n").replace("number: 1", "number: 7")
                                                               .replace("2017-10-11", "2016-12-01"),
        "demo/2017/08.yaml": issue("articles:\n  - title: 乙\n").replace("number: 1", "number: 8"),
    }, series={"demo": series})
    made = create_issue(project, "demo", datetime.date(2018, 2, 1))
    assert made.path == tmp_path / "bulletins/demo/2018/09.yaml"
    assert made.number == 9
    assert len(check(project)) == 3


def test_supplement_has_its_own_sequence_and_no_total(tmp_path):
    copy_samples(tmp_path)
    result = run("new", "dudao", "--supplement", "--date", "2017-12-20", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "bulletins/dudao/2017/zk02.yaml"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^supplement: true$", text, re.M) and not re.search(r"^total:", text, re.M)
    assert run("check", cwd=tmp_path).returncode == 0


def test_unknown_series_lists_the_known_ones(tmp_path):
    copy_samples(tmp_path)
    result = run("new", "nosuch", "--date", "2017-12-20", cwd=tmp_path)
    assert result.returncode == 1
    assert "没有系列「nosuch」" in result.stderr and "dudao、gaibo" in result.stderr
    assert not (tmp_path / "bulletins/nosuch").exists()


def test_bad_date_option_is_explained_in_chinese(tmp_path):
    copy_samples(tmp_path)
    result = run("new", "gaibo", "--date", "2017-13-01", cwd=tmp_path)
    assert result.returncode == 1 and "年-月-日" in result.stderr


@pytest.fixture(scope="module")
def skeleton_project(tmp_path_factory):
    project = copy_samples(tmp_path_factory.mktemp("skeleton"))
    made = create_issue(project, "gaibo", datetime.date(2018, 3, 15))
    return project, made


def test_skeleton_shows_every_feature_of_the_format(skeleton_project):
    project, made = skeleton_project
    built = new_issue_of(project, project.name(made.path))
    blocks = [b for a in built.articles for b in a.blocks]
    kinds = {type(b) for b in blocks}
    assert {Paragraph, Heading, Table, ChartSpec, Highlights, ItemList} <= kinds
    items = [i for b in blocks if isinstance(b, ItemList) for i in b.items]
    assert {i.depth for i in items} == {0, 1} and any(not i.marker for i in items), "nested, and unordered"
    assert any(a.footnotes for a in built.articles)
    assert any(b.notes for b in blocks if isinstance(b, Table)) and any(c.notes for c in built.charts)
    assert {b.level for b in blocks if isinstance(b, Heading)} == {1, 2, 3, 4}
    assert any(b.run_in for b in blocks if isinstance(b, Heading))
    assert {c.kind for c in built.charts} == set(CHART_KINDS)
    assert {type(f) for f in built.figures.values()} == {ValueFigure, PeriodFigure, TableFigure}
    assert {a.release for a in built.articles} == {"public", "internal"}
    assert built.note and built.articles[0].note
    assert any(b.source_figure for b in blocks if isinstance(b, Table)), "a table from a figure"
    assert any(b.source_figure is None for b in blocks if isinstance(b, Table)), "a markdown table"
    text = made.path.read_text(encoding="utf-8")
    for key in ISSUE_KEYS + ARTICLE_KEYS + FIGURE_KEYS:
        assert re.search(rf"^[ #-]*{key}:", text, re.M), f"field {key} is not shown"
    assert "{{ 图.progress }}" in text and "见{{ 表.by_region }}" in text, "an element placed, one cited"
    assert "- lead:" in text and re.search(r"^      - [^{]+。", text, re.M), "both highlight forms"


def test_skeleton_comments_speak_chinese(skeleton_project):
    _, made = skeleton_project
    for line in made.path.read_text(encoding="utf-8").splitlines():
        comment = line.strip()
        if comment.startswith("#") and not comment.startswith("# total:") and not comment.startswith("# copies:") \
                and not comment.startswith("# supplement:"):
            assert re.search(r"[\u4e00-\u9fff]", comment) or set(comment) <= set("#=- "), line


def test_skeleton_builds_word_and_html(skeleton_project):
    project, made = skeleton_project
    written = build(project, [made.path])
    names = {p.name for p in written}
    assert {"gaibo-2018-01.docx", "index.html", "fig-4.svg"} <= names
