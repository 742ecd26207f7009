"""Figures over time: values matched by id together with label and unit, never two indicators on one line."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal as D

from jianbao.archive.figures import figures_csv, histories, trend_carriers
from jianbao.model import Period, PeriodFigure, ValueFigure
from jianbao.pipeline.build import build

from model_fixtures import demo_issue
from project_helpers import make_project


def rate(label="设备采购完成率", unit="%", **values):
    return PeriodFigure(id="equipment", label=label, unit=unit,
                        values=tuple((Period(int(k[1:5]), int(k[6:])), D(v)) for k, v in values.items()))


def issue(number, year, figure):
    return demo_issue(number=number, date=datetime.date(year, 12, 1), figures={"equipment": figure})


def lines(found):
    return [(h.slug, h.label, h.unit, [(v.issue.year, v.period, str(v.value)) for v in h.values]) for h in found]


def test_the_same_indicator_runs_on_across_years():
    found = histories([issue(7, 2017, rate(y2017_08=87)), issue(3, 2018, rate(y2018_06=95))])
    assert lines(found) == [("equipment", "设备采购完成率", "%", [(2017, "2017-08", "87"), (2018, "2018-06", "95")])]
    assert found[0].note == "" and len(found[0].points) == 2


def test_two_indicators_sharing_an_id_are_never_merged():
    amount = ValueFigure(id="equipment", label="设备购置金额", unit="万元", value=D(3200))
    found = histories([issue(7, 2017, rate(y2017_08=87)), issue(3, 2019, amount), issue(8, 2017, rate(y2017_11=94))])
    assert lines(found) == [
        ("equipment", "设备采购完成率", "%", [(2017, "2017-08", "87"), (2017, "2017-11", "94")]),
        ("equipment-2", "设备购置金额", "万元", [(2019, "2019-12", "3200")])]
    assert found[0].note == "2017年第8期之后编号 equipment 用于「设备购置金额」（万元），见下一条"
    assert found[1].note == "与「设备采购完成率」（%）编号同为 equipment，但单位不同，是另一个数字，分开列出"
    assert [c.figures["equipment"].values for c in trend_carriers(
        [issue(7, 2017, rate(y2017_08=87)), issue(8, 2017, rate(y2017_11=94)), issue(3, 2019, amount)])] == [
        ((Period(2017, 8), D(87)), (Period(2017, 11), D(94)))]  # one trend line, of the rate alone


def test_a_renamed_figure_starts_a_new_line_with_a_note():
    found = histories([issue(7, 2017, rate(y2017_08=87)), issue(2, 2018, rate("设备购置完成率", y2018_03=90)),
                       issue(5, 2018, rate("设备 购置完成率", y2018_06=96))])  # a space is no new name
    assert [(h.slug, h.label, len(h.values)) for h in found] == [
        ("equipment", "设备采购完成率", 1), ("equipment-2", "设备 购置完成率", 2)]
    assert found[1].note == ("自2018年第2期起名称由「设备采购完成率」（%）改为「设备 购置完成率」（%），"
                             "另起一条，数值未与原名称的连成一线")
    assert found[0].note == "2017年第7期之后编号 equipment 用于「设备 购置完成率」（%），见下一条"
    rows = list(csv.reader(io.StringIO(figures_csv(found).decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["设备采购完成率", "设备 购置完成率", "设备 购置完成率"]


def test_the_figures_page_shows_each_indicator_with_its_note(tmp_path):
    issue_file = """\
        series: demo
        number: {n}
        date: {d}
        figures:
          equipment: {{label: {label}, unit: "{unit}", values: {{{values}}}}}
        articles:
          - title: 第{n}期
            body: 数字{{{{ equipment.latest }}}}。
        """
    project = make_project(tmp_path, {
        "demo/2017/01.yaml": issue_file.format(n=1, d="2017-06-01", label="设备采购完成率", unit="%",
                                               values="2017-04: 18, 2017-05: 40"),
        "demo/2017/02.yaml": issue_file.format(n=2, d="2017-12-01", label="设备购置金额", unit="万元",
                                               values="2017-10: 3200, 2017-11: 4100"),
    })
    build(project)
    page = (project.out / "demo/figures.html").read_text(encoding="utf-8")
    assert 'id="f-equipment"' in page and 'id="f-equipment-2"' in page
    assert "编号同为 equipment，但单位不同，是另一个数字，分开列出。" in page
    assert (project.out / "demo/figures/equipment.svg").is_file()
    assert (project.out / "demo/figures/equipment-2.svg").is_file()
