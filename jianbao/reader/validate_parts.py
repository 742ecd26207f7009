"""Validation of the parts shared by issues: series files, figures and chart declarations."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from decimal import Decimal

from jianbao.layout import Layout
from jianbao.model import (
    INTERNAL,
    PUBLIC,
    AnyFigure,
    ChartSpec,
    PeriodFigure,
    Recipient,
    Series,
    TableFigure,
    ValueFigure,
)
from jianbao.project import PUBLIC_DIR
from jianbao.reader.figures import period_from_key
from jianbao.reader.load import INVALID
from jianbao.reader.schema import MISSING, Checker, describe

IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SERIES_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
RELEASES = {PUBLIC: "公开，可供新闻发布", INTERNAL: "内部，不对外"}
SERIES_KEYS = ["title", "program", "issuer", "classification", "numbering", "show_total", "total_offset",
               "distribution", "copies", "chart_fonts", "contents", "sign_roles", "layout", "retention"]
CONTENTS = {"auto": "多篇文章时印", "always": "总是印", "never": "不印"}
# 保管期限 of a series' issues, as DA/T 22-2015 (归档文件整理规则) names them; the archive export carries it.
RETENTION = {"永久": "永久保存", "定期30年": "保存30年", "定期10年": "保存10年"}
FIGURE_KEYS = ["label", "unit", "release", "value", "of", "target", "values", "columns", "rows", "row_header"]
CHART_KINDS = {"progress": "进度柱状图", "trend": "趋势折线图", "share": "占比图", "ranking": "地区排名图"}
CHART_KEYS = ["id", "kind", "figures", "title", "note", "source"]
NOTE_PREFIXES = {"note": "注：", "source": "数据来源："}
# Plausible ranges of layout numbers, by unit: beyond them a renderer would draw nonsense or fail.
LAYOUT_RANGES = {"_mm": (0, 1000), "_pt": (0.5, 200), "_chars": (0, 10), "_ratio": (0.5, 2),
                 "_per_line": (5, 100)}
LAYOUT_EXCEPTIONS = {"char_spacing_pt": (-10, 10), "red_rule_pt": (0, 20), "page_width_mm": (50, 1000),
                     "page_height_mm": (50, 1000), "chart_width_mm": (20, 1000)}
MIN_TYPE_AREA_MM = 40
MAX_ROW_NAME = 20


def validate_series(check: Checker, series_id: str) -> Series | None:
    before = len(check.problems)
    if not SERIES_ID.match(series_id):
        check.add((), "由小写字母、数字、- 或 _ 组成的文件名", f"「{series_id}」")
    elif series_id == PUBLIC_DIR:  # build/public/ is the public site
        check.add((), f"{PUBLIC_DIR} 以外的文件名", f"「{series_id}」",
                  f"build/{PUBLIC_DIR}/ 是公开网站的文件夹，请给系列换一个名字")
    if check.mapping((), SERIES_KEYS, required=["title", "issuer"]) is None:
        return None
    distribution = []
    for i, _ in enumerate(check.items(("distribution",), max_items=20)):
        if check.mapping(("distribution", i), ["label", "to"], required=["label", "to"]) is not None:
            label = check.text(("distribution", i, "label"), required=True, single_line=True, max_len=4)
            to = check.text(("distribution", i, "to"), required=True, single_line=True, max_len=500)
            distribution.append(Recipient(label.rstrip("：:"), to))
    fonts = tuple(check.text(("chart_fonts", i), required=True, single_line=True)
                  for i, _ in enumerate(check.items(("chart_fonts",), max_items=20)))
    series = Series(
        id=series_id,
        title=check.text(("title",), required=True, single_line=True, max_len=30),
        issuer=check.text(("issuer",), required=True, single_line=True, max_len=60),
        program=check.text(("program",), single_line=True, max_len=60),
        classification=check.text(("classification",), single_line=True, max_len=30),
        numbering=check.choice(("numbering",), {"yearly": "每年从第1期编起", "continuous": "连续编号"}, "yearly"),
        show_total=check.boolean(("show_total",)),
        total_offset=check.integer(("total_offset",), minimum=0, maximum=99999, default=0),
        distribution=tuple(distribution),
        copies=check.integer(("copies",), minimum=1, maximum=1_000_000),
        chart_fonts=fonts,
        contents=check.choice(("contents",), CONTENTS, "auto"),
        sign_roles=_sign_roles(check),
        layout=_layout(check),
        retention=check.choice(("retention",), RETENTION, ""),
    )
    # A value the loader refused (a tag, a control character) was reported there, not here.
    return series if len(check.problems) == before and not check.doc.load_problems else None


def _sign_roles(check: Checker) -> tuple[str, ...]:
    """The sign-off roles the series prints (签发, 审核, 校对 …); 签发 alone unless it says otherwise."""
    if check.get(("sign_roles",)) in (MISSING, None):
        return ("签发",)
    roles = [check.text(("sign_roles", i), required=True, single_line=True, max_len=6).strip()
             for i, _ in enumerate(check.items(("sign_roles",), max_items=6))]
    for i, role in enumerate(roles):
        if role in roles[:i]:
            check.add(("sign_roles", i), "不重复的职责", f"「{role}」")
    return tuple(dict.fromkeys(r for r in roles if r))


def _layout(check: Checker) -> Layout:
    """Layout overrides: every number of layout.md is a setting a series may change."""
    known = {f.name: f for f in fields(Layout)}
    given = check.get(("layout",))
    if given is MISSING or given is None or given is INVALID:
        return Layout()
    if check.mapping(("layout",), list(known)) is None:
        return Layout()
    values = {}
    for key in given:
        if key not in known:
            continue
        path = ("layout", key)
        kind = known[key].type
        if kind == "bool":
            values[key] = check.boolean(path, default=getattr(Layout, key))
        elif kind == "str":
            values[key] = check.text(path, required=True, single_line=True)
        elif kind == "int":
            low, high = _layout_range(key)
            values[key] = check.integer(path, minimum=int(low), maximum=int(high), default=getattr(Layout, key))
        else:
            low, high = _layout_range(key)
            number = check.number(path, minimum=Decimal(str(low)), maximum=Decimal(str(high)))
            values[key] = float(number) if number is not None else getattr(Layout, key)
    layout = replace(Layout(), **{k: v for k, v in values.items() if k != "red"})
    for side, size, margins in (("宽", "page_width_mm", ("margin_left_mm", "margin_right_mm")),
                                ("高", "page_height_mm", ("margin_top_mm", "margin_bottom_mm"))):
        area = getattr(layout, size) - sum(getattr(layout, m) for m in margins)
        if area < MIN_TYPE_AREA_MM:
            check.add(("layout",), f"版心{side}度不小于 {MIN_TYPE_AREA_MM} 毫米（纸张减去两侧页边距）",
                      f"{area:g} 毫米", "检查纸张尺寸和页边距")
    if "red" in values and not re.fullmatch(r"[0-9A-Fa-f]{6}", values["red"]):
        check.add(("layout", "red"), "六位十六进制颜色（如 FF0000）", describe(values["red"]))
        values.pop("red")
    return replace(Layout(), **values)


def _layout_range(key: str) -> tuple[float, float]:
    if key in LAYOUT_EXCEPTIONS:
        return LAYOUT_EXCEPTIONS[key]
    return next((r for suffix, r in LAYOUT_RANGES.items() if key.endswith(suffix)), (0, 1000))


def validate_figures(check: Checker) -> tuple[dict[str, AnyFigure], set[str]]:
    """The valid figures, and the names of those already reported as wrong (not reported again)."""
    out: dict[str, AnyFigure] = {}
    given = check.get(("figures",))
    if given is MISSING or given is None or given is INVALID:
        return out, set()
    if not isinstance(given, dict):
        check.add(("figures",), "键值对（数字名: 定义）", describe(given))
        return out, set()
    for fig_id in given:
        path = ("figures", fig_id)
        if not IDENT.match(str(fig_id)):
            check.add(path, "由英文字母、数字和下划线组成的数字名（如 construction）", f"「{fig_id}」",
                      "名字用于正文中的 {{ 名字.属性 }}")
            continue
        figure = _figure(check, path, str(fig_id))
        if figure is not None:
            out[str(fig_id)] = figure
    return out, {str(k) for k in given} - set(out)


def _figure(check: Checker, path: tuple, fig_id: str) -> AnyFigure | None:
    body = check.mapping(path, FIGURE_KEYS, required=["label"])
    if body is None:
        return None
    before = len(check.problems)
    kinds = [k for k in ("value", "values", "rows") if k in body]
    if len(kinds) != 1:
        check.add(path, "value（单个数值）、values（按时期的数值）或 rows（表格）三者之一",
                  "、".join(kinds) if kinds else "都没有")
        return None
    common = dict(id=fig_id, label=check.text(path + ("label",), required=True, single_line=True, max_len=40),
                  unit=check.text(path + ("unit",), single_line=True, max_len=10),
                  release=check.choice(path + ("release",), RELEASES, "") or None)
    target = check.number(path + ("target",))
    if kinds == ["value"]:
        for wrong in ("columns", "row_header"):
            if wrong in body:
                check.add(path + (wrong,), "只用于表格（rows）的字段", f"字段 {wrong}")
        value = check.number(path + ("value",), required=True)
        of = check.number(path + ("of",), minimum=Decimal("0.000001"))
        if value is not None and of is not None and value > of:
            check.add(path + ("value",), f"不大于总数 of（{of}）", str(value))
        figure = ValueFigure(**common, value=value or Decimal(0), of=of, target=target)
    elif kinds == ["values"]:
        figure = PeriodFigure(**common, values=_periods(check, path + ("values",)), target=target)
    else:
        figure = _table(check, path, common, target)
    return figure if len(check.problems) == before else None


def _periods(check: Checker, path: tuple) -> tuple:
    given = check.get(path)
    if given is INVALID:
        return ()
    if not isinstance(given, dict) or not given:
        check.add(path, "按时期的数值（如 2017-04: 36）", describe(given))
        return ()
    out = []
    for key in given:
        period = period_from_key(str(key))
        if period is None:
            check.add(path + (key,), "时期，写作 年-月（2017-04）或 年（2017）", f"「{key}」")
            continue
        value = check.number(path + (key,), required=True)
        if value is not None:
            out.append((period, value))
    keys = [(p.year, p.month or 0) for p, _ in out]
    if keys != sorted(keys) or len(set(keys)) != len(keys):
        check.add(path, "按时间先后排列、不重复的时期", "顺序颠倒或重复", "最后一项视为最新值")
    return tuple(out)


def _table(check: Checker, path: tuple, common: dict, target) -> TableFigure:
    for wrong in ("of", "value"):
        if wrong in check.get(path):
            check.add(path + (wrong,), "只用于单个数值的字段", f"字段 {wrong}")
    columns = tuple(check.text(path + ("columns", i), required=True, single_line=True, max_len=20)
                    for i, _ in enumerate(check.items(path + ("columns",), required=True, max_items=12)))
    rows = []
    given = check.get(path + ("rows",))
    if given is INVALID:
        pass
    elif not isinstance(given, dict) or not given:
        check.add(path + ("rows",), "各行的数值（如 喀什地区: [68, 86]）", describe(given))
    else:
        for name in list(given)[:500]:
            row_path = path + ("rows", name)
            if len(str(name)) > MAX_ROW_NAME:
                # Row names label a ranking chart's bars: a long one leaves no room to draw them.
                check.add(row_path, f"不超过 {MAX_ROW_NAME} 个字的行名", f"{len(str(name))} 个字")
                continue
            cells = check.items(row_path, required=True)
            if columns and len(cells) != len(columns):
                check.add(row_path, f"{len(columns)} 个数值（与 columns 一致）", f"{len(cells)} 个")
                continue
            values = tuple(check.number(row_path + (i,), required=True) for i in range(len(cells)))
            if None not in values:
                rows.append((str(name), values))
    row_header = check.text(path + ("row_header",), single_line=True, max_len=10) or "地区"
    return TableFigure(**common, columns=columns, rows=tuple(rows), target=target, row_header=row_header)


def known_names(figures) -> str:
    return "、".join(figures) or "本期尚未定义数字"


def validate_chart(check: Checker, path: tuple, figures: dict[str, AnyFigure], number: int,
                   broken: set[str] = frozenset()) -> ChartSpec | None:
    body = check.mapping(path, CHART_KEYS, required=["kind", "figures"])
    if body is None:
        return None
    before = len(check.problems)
    kind = check.choice(path + ("kind",), CHART_KINDS, "")
    ids = [check.text(path + ("figures", i), required=True, single_line=True)
           for i, _ in enumerate(check.items(path + ("figures",), required=True, max_items=6))]
    for i, fig_id in enumerate(ids):
        if fig_id not in figures and fig_id not in broken:
            check.add(path + ("figures", i), f"已定义的数字名（{known_names(figures)}）", f"「{fig_id}」")
    if check.get(path + ("figures",)) == [] and kind:
        check.add(path + ("figures",), f"{CHART_KINDS[kind]}要画的数字名（至少一个）", "空列表")
    if len(check.problems) > before or not kind or any(i in broken for i in ids):
        return None
    chosen = [figures[i] for i in ids]
    wanted = {"progress": (PeriodFigure, "按时期的数值（values）", 6), "trend": (PeriodFigure, "按时期的数值（values）", 6),
              "share": (ValueFigure, "带总数 of 的单个数值", 1), "ranking": (TableFigure, "表格数字（rows）", 1)}[kind]
    if len(chosen) > wanted[2] or any(not isinstance(f, wanted[0]) for f in chosen) or \
            (kind == "share" and chosen[0].of is None):
        check.add(path + ("figures",), f"{CHART_KINDS[kind]}需要{wanted[2] if wanted[2] == 1 else '1 至 6'} 个{wanted[1]}",
                  "、".join(f"{f.id}" for f in chosen))
        return None
    title = check.text(path + ("title",), single_line=True, max_len=40) or _default_title(kind, chosen)
    check_id(check, path + ("id",))
    return ChartSpec(number, kind, tuple(ids), title, element_notes(check, path))


def check_id(check: Checker, path: tuple) -> str:
    """An element's id, by which the body places it ({{ 图.id }}): letters, digits and _ only."""
    ident = check.text(path, single_line=True)
    if ident and not IDENT.match(ident):
        check.add(path, "由英文字母、数字和下划线组成的名字（如 progress）", f"「{ident}」", "正文中用 {{ 图.名字 }} 放置或引用")
    return ident


def element_notes(check: Checker, path: tuple, photo: bool = False) -> tuple[str, ...]:
    """The lines under a chart, photo or table: 注：… and 数据来源：… (a typed prefix is not doubled).

    A photo's source is where the picture comes from, not data: 来源：…, or the 摄影：… line an
    editor may write instead.
    """
    out = []
    for key, prefix in NOTE_PREFIXES.items():
        text = check.text(path + (key,), single_line=True, max_len=200).strip()
        if key == "source":
            text = re.sub(r"^(?:数据|图片)?来源\s*[：:]\s*", "", text).strip()
            if photo:
                prefix = "" if re.match(r"^摄影\s*[：:]", text) else "来源："
        else:
            text = re.sub(r"^注\s*[：:]\s*", "", text).strip()
        if text:
            out.append(prefix + text)
    return tuple(out)


def _default_title(kind: str, figures: list) -> str:
    labels = "与".join(f.label for f in figures)
    return {"progress": f"{labels}进度", "trend": f"{labels}变化趋势"}.get(kind, labels)
