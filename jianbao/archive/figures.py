"""Named figures across a series' issues: their values over time, as CSV rows and trend charts."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jianbao.escape import csv_row
from jianbao.model import (
    Article,
    ChartSpec,
    Issue,
    Period,
    PeriodFigure,
    RenderedChart,
    Series,
    TableFigure,
    ValueFigure,
)
from jianbao.reader.figures import format_value
from jianbao.reader.numbering import by_series, issue_order

CSV_HEADER = ("数字", "名称", "单位", "期号", "印发日期", "时期", "行", "列", "数值")


@dataclass(frozen=True)
class Value:
    issue: Issue
    period: str  # 2017-08, 2017, or the issue's month for single values
    row: str
    column: str
    value: Decimal


@dataclass(frozen=True)
class FigureHistory:
    """Every value one named figure took in the series' issues, oldest issue first."""

    id: str
    label: str
    unit: str
    shape: str  # value | period | table
    values: tuple[Value, ...]

    @property
    def points(self) -> tuple[tuple[Period, Decimal], ...]:
        """One value per period for a trend line: a later issue's value replaces an earlier one's."""
        if self.shape == "table":
            return ()
        found: dict[Period, Decimal] = {}
        for v in self.values:
            year, _, month = v.period.partition("-")
            found[Period(int(year), int(month) if month else None)] = v.value
        return tuple(sorted(found.items(), key=lambda kv: (kv[0].year, kv[0].month or 0)))


def histories(issues: Sequence[Issue]) -> list[FigureHistory]:
    """The figures of one series' issues, by id (label and unit from the latest issue that has it)."""
    by_id: dict[str, list] = {}
    for issue in sorted(issues, key=issue_order):
        for fig_id, fig in issue.figures.items():
            by_id.setdefault(fig_id, []).append((issue, fig))
    out = []
    for fig_id, found in sorted(by_id.items()):
        latest = found[-1][1]
        values: list[Value] = []
        shapes = set()
        for issue, fig in found:
            if isinstance(fig, ValueFigure):
                shapes.add("value")
                values.append(Value(issue, f"{issue.year}-{issue.date.month:02d}", "", "", fig.value))
            elif isinstance(fig, PeriodFigure):
                shapes.add("period")
                values += [Value(issue, p.key, "", "", v) for p, v in fig.values]
            elif isinstance(fig, TableFigure):
                shapes.add("table")
                values += [Value(issue, "", row, col, v) for row, cells in fig.rows
                           for col, v in zip(fig.columns, cells, strict=True)]
        units = {fig.unit for _, fig in found}
        # Mixed shapes or units cannot share one line: the values are listed, but not drawn.
        shape = shapes.pop() if len(shapes) == 1 and len(units) == 1 else "table"
        out.append(FigureHistory(fig_id, latest.label, latest.unit, shape, tuple(values)))
    return out


def figures_csv(histories_: Sequence[FigureHistory]) -> bytes:
    """One row per value; UTF-8 with a BOM so that Excel opens the Chinese correctly. Text cells that
    a spreadsheet would run as a formula start with '; the value stays a number."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_row(CSV_HEADER))
    for h in histories_:
        for v in h.values:
            writer.writerow(csv_row((h.id, h.label, h.unit, v.issue.number_label, v.issue.date.isoformat(),
                                     v.period, v.row, v.column, v.value)))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def display(value: Decimal, unit: str) -> str:
    return format_value(value, unit)


def trend_carrier(series: Series, history: FigureHistory) -> Issue | None:
    """A stand-in issue holding only the figure's trend chart (draw_charts takes issues and caches
    by content), or None when the figure has fewer than two values or is a table."""
    points = history.points
    if len(points) < 2 or history.shape == "table":
        return None
    figure = PeriodFigure(id=history.id, label=history.label, unit=history.unit, values=points)
    spec = ChartSpec(1, "trend", (history.id,), f"{history.label}历次数值")
    return Issue(series=series, number=1, date=datetime.date(points[-1][0].year, 1, 1),
                 articles=(Article(history.label, "internal", (), (spec,), frozenset({history.id})),),
                 figures={history.id: figure})


def trend_carriers(issues: Sequence[Issue]) -> list[Issue]:
    """The stand-in issues of every trend chart the archive site of these issues draws."""
    found = (trend_carrier(items[0].series, history)
             for items in by_series(issues).values() for history in histories(items))
    return [carrier for carrier in found if carrier is not None]


def trend_chart(series: Series, history: FigureHistory, cache_dir: Path | None) -> RenderedChart | None:
    """The figure's values over the issues as a trend chart, drawn by jianbao.charts (same style, same cache)."""
    carrier = trend_carrier(series, history)
    if carrier is None:
        return None
    from jianbao.charts.draw import draw_charts

    return draw_charts(carrier, cache_dir=cache_dir)[1]
