"""Model objects built directly in Python, so renderer tests do not depend on YAML or validation."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

from jianbao.model import (
    INTERNAL,
    PUBLIC,
    Article,
    ChartSpec,
    Emphasis,
    Heading,
    Highlight,
    Highlights,
    Issue,
    Paragraph,
    Period,
    PeriodFigure,
    Recipient,
    Series,
    Strong,
    Table,
    TableFigure,
    Text,
    ValueFigure,
)


def t(s: str) -> tuple:
    return (Text(s),)


def demo_series(**over) -> Series:
    values = dict(
        id="gaibo",
        title="工作简报",
        program="自治区全面改善农村义务教育薄弱学校基本办学条件",
        issuer="自治区“全面改薄”厅际协调小组办公室",
        distribution=(
            Recipient("报", "教育部全面改薄工作办公室"),
            Recipient("送", "自治区党委、人民政府有关领导"),
            Recipient("发", "各地（州、市）、县（市、区）教育局"),
        ),
        copies=60,
    )
    values.update(over)
    return Series(**values)


def demo_figures() -> dict:
    return {
        "construction": PeriodFigure(
            id="construction", label="校舍建设竣工率", unit="%", target=D(70),
            values=((Period(2017, 4), D(36)), (Period(2017, 8), D(73)))),
        "equipment": PeriodFigure(
            id="equipment", label="设备采购完成率", unit="%", target=D(70),
            values=((Period(2017, 4), D(18)), (Period(2017, 8), D(87)))),
        "funds": ValueFigure(id="funds", label="累计落实资金", unit="亿元",
                             value=D("162.72"), of=D("201.41")),
        "by_prefecture": TableFigure(
            id="by_prefecture", label="各地州市进度", unit="%", target=D(70),
            columns=("竣工率", "采购完成率"),
            rows=(("乌鲁木齐市", (D(95), D(98))), ("喀什地区", (D(68), D(86))),
                  ("和田地区", (D(64), D(81))), ("伊犁州", (D(79), D(90))))),
    }


def demo_issue(**over) -> Issue:
    highlights = Highlights(tuple(
        Highlight(ordinal, t(lead), t(text)) for ordinal, lead, text in [
            ("一是", "高位推动，强力推进。", "自治区领导专题听取工作汇报，对下阶段任务作出安排。"),
            ("二是", "迅速行动，层层压实责任。", "7月13日召开视频调度会，建立“每月一通报”机制。"),
            ("三是", "强化督查，推动落地见效。", "5名厅级领导带队分四组，对14个地州市64个县（市、区）开展专项督导。"),
        ]))
    public = Article(
        title="全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显",
        release=PUBLIC,
        note=(Paragraph(t("本期刊登全区“全面改薄”工作最新进展，供各地参考。")),),
        blocks=(
            Paragraph(t("截至2017年8月底，全区校舍建设竣工率达到73%，设备采购完成率达到87%，双双超过70%的目标。")),
            Heading(1, "一、", t("总体进展")),
            Paragraph((Text("累计落实资金"), Strong(t("162.72亿元")), Text("，占规划总投入的"),
                       Emphasis(t("80.79%")), Text("。"))),
            Heading(2, "（一）", t("校舍建设。"), t("竣工率由4月底的36%提高到8月底的73%。")),
            Heading(3, "1.", t("设备采购")),
            Heading(4, "（1）", t("采购进度")),
            Table(1, "各地州市进度（%）", ("地区", "竣工率", "采购完成率"),
                  (("乌鲁木齐市", "95", "98"), ("喀什地区", "68", "86")), "by_prefecture"),
            ChartSpec(1, "progress", ("construction", "equipment"), "校舍建设与设备采购进度"),
            ChartSpec(2, "share", ("funds",), "资金落实情况"),
            ChartSpec(3, "ranking", ("by_prefecture",), "各地州市校舍建设竣工率"),
            ChartSpec(4, "trend", ("construction", "equipment"), "进度变化趋势"),
            highlights,
        ),
        figures_used=frozenset({"construction", "equipment", "funds", "by_prefecture"}),
    )
    internal = Article(
        title="约谈进度滞后地区情况",
        release=INTERNAL,
        note=(),
        blocks=(Paragraph(t("9月26日对8个县（市）及6个地州分管领导进行约谈。CANARY-INTERNAL-7f3a")),),
    )
    values = dict(
        series=demo_series(), number=7, date=datetime.date(2017, 10, 11),
        articles=(public, internal), figures=demo_figures(), source="bulletins/gaibo/2017/07.yaml",
    )
    values.update(over)
    return Issue(**values)
