"""Model objects built directly in Python, so renderer tests do not depend on YAML or validation."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace
from decimal import Decimal as D
from functools import lru_cache

from jianbao.model import (
    INTERNAL,
    PUBLIC,
    Article,
    ChartSpec,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Highlight,
    Highlights,
    Issue,
    ItemList,
    ListItem,
    Paragraph,
    Period,
    PeriodFigure,
    Photo,
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


@lru_cache(maxsize=4)
def photo_bytes(width: int = 480, height: int = 320, kind: str = "jpeg") -> bytes:
    """A small clean photo (a sky and a red-roofed house), as the reader would leave it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (200, 220, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 6, height // 2, width * 5 // 6, height - 10), fill=(180, 90, 60))
    draw.polygon([(width // 8, height // 2), (width // 2, height // 6), (width * 7 // 8, height // 2)],
                 fill=(120, 60, 40))
    out = io.BytesIO()
    image.save(out, "JPEG" if kind == "jpeg" else "PNG", quality=80)
    return out.getvalue()


def demo_photo(number: int, title: str = "新建成的乡村学校教学楼", alt: str = "一座红色屋顶的两层教学楼，楼前是操场",
               notes: tuple[str, ...] = ("注：摄于2017年11月。", "数据来源：县教育局。")) -> Photo:
    return Photo(number, title, alt, photo_bytes(), "jpeg", 480, 320,
                 f"bulletins/gaibo/2017/photos/school-{number}.jpg", "0" * 64, notes)


def rich_issue(**over) -> Issue:
    """demo_issue with every element issue #18 added: lists, a photo, notes under tables and charts,
    footnotes, 本期要目, 加急 and the signers; the internal article carries each of them too."""
    base = demo_issue()
    public, internal = base.articles
    blocks = list(public.blocks)
    blocks[0] = Paragraph((Text("截至2017年8月底，全区校舍建设竣工率达到73%"), FootnoteRef(1),
                           Text("，设备采购完成率达到87%，双双超过70%的目标。")))
    lists = ItemList((
        ListItem("1.", 0, t("逐校建立验收台账；")),
        ListItem("2.", 0, (Text("分片组织交叉检查"), FootnoteRef(2), Text("："))),
        ListItem("（1）", 1, t("南疆片区由自治区统一组织；")),
        ListItem("（2）", 1, t("北疆片区由各地州自行组织。")),
        ListItem("3.", 0, t("对问题项目限期整改。")),
    ))
    bullets = ItemList((ListItem("", 0, t("公示验收结果；")), ListItem("", 0, t("建立长效管护机制。"))))
    table = replace(blocks[6], notes=("注：竣工率按项目个数计算。", "数据来源：各地州市上报。"))
    chart = replace(blocks[7], number=2, notes=("数据来源：自治区教育厅。",))
    numbered = [replace(b, number=b.number + 1) if isinstance(b, ChartSpec) else b for b in blocks[8:]]
    public = replace(public, blocks=(blocks[0], lists, *blocks[1:6], table, demo_photo(1), chart, bullets,
                                     *numbered),
                     footnotes=(Footnote(1, t("竣工率按已交付使用的校舍面积计算。")),
                                Footnote(2, (Text("交叉检查由"), Strong(t("相邻地州")), Text("互派人员。")))))
    internal = replace(internal, blocks=internal.blocks + (
        ItemList((ListItem("1.", 0, (Text("约谈对象名单已报纪检部门"), FootnoteRef(1))),)),
        replace(demo_photo(6, "约谈现场照片不得外传", "会议室内约谈进度滞后地区分管领导的现场",
                           ("注：内部照片仅供存档备查。",)), path="bulletins/gaibo/2017/photos/talk.jpg"),
    ), footnotes=(Footnote(1, t("名单含县级分管领导十四人。")),))
    values = dict(series=demo_series(contents="always", sign_roles=("签发", "审核")), articles=(public, internal),
                  urgency="加急", signers=(("签发", "张三"), ("审核", "李四")))
    values.update(over)
    return replace(base, **values)
