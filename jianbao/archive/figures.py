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
    Series,
    TableFigure,
    ValueFigure,
)
from jianbao.reader.figures import format_value
from jianbao.reader.numbering import by_series, issue_order
from jianbao.rendered import RenderedChart

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
    """Every value one indicator took in the series' issues, oldest issue first.

    An indicator is a figure id with its label and unit: the same id under another label or unit is
    another indicator, with a history (and a line on the chart) of its own.
    """

    id: str
    label: str
    unit: str
    shape: str  # value | period | table
    values: tuple[Value, ...]
    key: str = ""  # unique in the series, for anchors and file names: the id, then id-2, id-3 … (ids have no -)
    note: str = ""  # how it relates to the other indicators under the same id (Chinese), or ""

    @property
    def slug(self) -> str:
        return self.key or self.id

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
    """The indicators of one series' issues, by id, then in the order they first appeared.

    Values are matched by id together with label and unit, never by id alone: an office that reuses
    an id (equipment: 设备采购完成率 in %, later 设备购置金额 in 万元) has two indicators, and their
    values must not be drawn as one line. A renamed figure is taken for a new indicator too (a new
    name usually means a new definition), and both histories say so in a note.
    """
    found: dict[tuple[str, str, str], list] = {}
    for issue in sorted(issues, key=issue_order):
        for fig_id, fig in issue.figures.items():
            # spaces in a label are layout, not a new name
            found.setdefault((fig_id, "".join(fig.label.split()), fig.unit), []).append((issue, fig))
    by_id: dict[str, list[tuple[str, str, str]]] = {}
    for key in found:  # insertion order: the order of first appearance
        by_id.setdefault(key[0], []).append(key)
    out = []
    for fig_id in sorted(by_id):
        keys = by_id[fig_id]
        for n, key in enumerate(keys):
            shape, values = _values(found[key])
            latest = found[key][-1][1]
            out.append(FigureHistory(fig_id, latest.label, latest.unit, shape, values,
                                     fig_id if n == 0 else f"{fig_id}-{n + 1}",
                                     _note(found, keys, n)))
    return out


def _values(found: list) -> tuple[str, tuple[Value, ...]]:
    """The values of one indicator as each issue reported them, and the shape they can be drawn in."""
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
    # Mixed shapes cannot share one line: the values are listed, but not drawn.
    return (shapes.pop() if len(shapes) == 1 else "table"), tuple(values)


def _note(found: dict, keys: list, n: int) -> str:
    """What the reader of the figures page must know about the indicators sharing this one's id."""
    def named(key) -> str:
        fig = found[key][-1][1]
        return f"「{fig.label}」" + (f"（{fig.unit}）" if fig.unit else "")

    def when(key, at: int) -> str:
        issue = found[key][at][0]
        return f"{issue.year}年{issue.number_label}"

    said = []
    if n > 0:
        before, mine = keys[n - 1], keys[n]
        if before[2] == mine[2]:
            said.append(f"自{when(mine, 0)}起名称由{named(before)}改为{named(mine)}，另起一条，"
                        "数值未与原名称的连成一线")
        else:
            said.append(f"与{named(before)}编号同为 {mine[0]}，但单位不同，是另一个数字，分开列出")
    if n + 1 < len(keys):
        said.append(f"{when(keys[n], -1)}之后编号 {keys[n][0]} 用于{named(keys[n + 1])}，见下一条")
    return "；".join(said)


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
