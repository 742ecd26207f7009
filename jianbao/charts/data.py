"""What a chart shows, taken from the figures without matplotlib; drawing, alt text and cache share it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jianbao.errors import RenderError
from jianbao.model import ChartSpec, Issue, Period, PeriodFigure, TableFigure, ValueFigure
from jianbao.reader.figures import format_value, percent

KINDS = ("progress", "trend", "share", "ranking")
KIND_NAMES = {"progress": "进度柱状图", "trend": "趋势折线图", "share": "占比图", "ranking": "排名条形图"}


@dataclass(frozen=True)
class Line:
    """One figure's values aligned to the chart's periods (None where it has no value)."""

    label: str
    values: tuple[Decimal | None, ...]
    target: Decimal | None

    @property
    def latest(self) -> Decimal:
        return next(v for v in reversed(self.values) if v is not None)

    @property
    def first(self) -> Decimal:
        return next(v for v in self.values if v is not None)


@dataclass(frozen=True)
class PeriodData:
    """progress and trend: figures by period."""

    kind: str
    unit: str
    periods: tuple[Period, ...]
    lines: tuple[Line, ...]

    @property
    def targets(self) -> tuple[Decimal, ...]:
        """Distinct targets in figure order."""
        seen: list[Decimal] = []
        for line in self.lines:
            if line.target is not None and line.target not in seen:
                seen.append(line.target)
        return tuple(seen)


@dataclass(frozen=True)
class ShareData:
    """share: one value as a part of its whole."""

    kind: str
    unit: str
    label: str
    value: Decimal
    whole: Decimal

    @property
    def percent(self) -> str:
        return percent(self.value, self.whole)


@dataclass(frozen=True)
class RankingData:
    """ranking: one column of a table figure, rows sorted from highest to lowest."""

    kind: str
    unit: str
    label: str
    row_header: str
    column: str
    rows: tuple[tuple[str, Decimal], ...]
    target: Decimal | None

    @property
    def below(self) -> tuple[str, ...]:
        if self.target is None:
            return ()
        return tuple(name for name, value in self.rows if value < self.target)


ChartData = PeriodData | ShareData | RankingData


def fmt(value: Decimal, unit: str) -> str:
    """73 → 73%, 162.72 → 162.72亿元: the number as typed, the unit attached."""
    return format_value(value, unit)


def _period_order(period: Period) -> tuple[int, int]:
    return (period.year, period.month or 0)


def _figures(spec: ChartSpec, issue: Issue, kind_of, what: str) -> list:
    where = f"图{spec.number}（{KIND_NAMES.get(spec.kind, spec.kind)}）"
    if not spec.figures:
        raise RenderError(f"{where}没有指定数字（figures）")
    found = []
    for fig_id in spec.figures:
        fig = issue.figures.get(fig_id)
        if fig is None:
            raise RenderError(f"{where}引用的数字“{fig_id}”在本期中没有定义")
        if not isinstance(fig, kind_of):
            raise RenderError(f"{where}需要{what}，但数字“{fig_id}”不是")
        found.append(fig)
    return found


def chart_data(spec: ChartSpec, issue: Issue, *, column: int = 0) -> ChartData:
    """The data a chart shows; raises RenderError when kind and figures do not fit."""
    if spec.kind in ("progress", "trend"):
        return _period_data(spec, issue)
    if spec.kind == "share":
        return _share_data(spec, issue)
    if spec.kind == "ranking":
        return _ranking_data(spec, issue, column)
    raise RenderError(f"图{spec.number}：不支持的图表类型“{spec.kind}”（可用：{'、'.join(KINDS)}）")


def _one_unit(spec: ChartSpec, figs) -> str:
    units = sorted({f.unit for f in figs})
    if len(units) > 1:
        raise RenderError(f"图{spec.number}中各数字的单位不一致（{'、'.join(u or '无单位' for u in units)}），"
                          "不能画在同一坐标轴上")
    return units[0]


def _period_data(spec: ChartSpec, issue: Issue) -> PeriodData:
    figs: list[PeriodFigure] = _figures(spec, issue, PeriodFigure, "按期数值的数字（values）")
    for fig in figs:
        if not fig.values:
            raise RenderError(f"图{spec.number}：数字“{fig.id}”没有任何一期的数值")
    unit = _one_unit(spec, figs)
    periods = tuple(sorted({p for f in figs for p, _ in f.values}, key=_period_order))
    lines = []
    for fig in figs:
        by_period = dict(fig.values)
        lines.append(Line(fig.label, tuple(by_period.get(p) for p in periods), fig.target))
    return PeriodData(spec.kind, unit, periods, tuple(lines))


def _share_data(spec: ChartSpec, issue: Issue) -> ShareData:
    figs: list[ValueFigure] = _figures(spec, issue, ValueFigure, "单个数值（value）")
    if len(figs) != 1:
        raise RenderError(f"图{spec.number}（占比图）只能引用一个数字，实际引用了{len(figs)}个")
    fig = figs[0]
    if fig.of is None or fig.of <= 0:
        raise RenderError(f"图{spec.number}（占比图）的数字“{fig.id}”需要一个大于零的总量（of）")
    if fig.value < 0:
        raise RenderError(f"图{spec.number}（占比图）的数字“{fig.id}”不能为负数")
    return ShareData(spec.kind, fig.unit, fig.label, fig.value, fig.of)


def _ranking_data(spec: ChartSpec, issue: Issue, column: int) -> RankingData:
    figs: list[TableFigure] = _figures(spec, issue, TableFigure, "表格数字（columns、rows）")
    if len(figs) != 1:
        raise RenderError(f"图{spec.number}（排名条形图）只能引用一个表格数字，实际引用了{len(figs)}个")
    fig = figs[0]
    if not fig.rows or not 0 <= column < len(fig.columns):
        raise RenderError(f"图{spec.number}（排名条形图）的数字“{fig.id}”没有可排名的数据")
    # sorted() is stable, so equal values keep the editor's order.
    rows = tuple(sorted(((name, values[column]) for name, values in fig.rows),
                        key=lambda row: row[1], reverse=True))
    return RankingData(spec.kind, fig.unit, fig.label, fig.row_header, fig.columns[column], rows,
                       fig.target)
