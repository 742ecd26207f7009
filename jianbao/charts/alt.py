"""Alt text and the data table of a chart, in Chinese, from its data alone (never imports matplotlib)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jianbao.charts.data import ChartData, Line, PeriodData, RankingData, ShareData, fmt

# Beyond this many rows the alt text names only the ends; the data table still has every row.
ALT_MAX_ROWS = 8
MISSING = "—"


def join_names(names: Sequence[str]) -> str:
    """A、B与C: the way a Chinese sentence lists things."""
    if len(names) <= 1:
        return "".join(names)
    return "、".join(names[:-1]) + "与" + names[-1]


def _span(data: PeriodData) -> str:
    first, last = data.periods[0].label, data.periods[-1].label
    return first if first == last else f"{first}至{last}"


def _status(names_with_target: Sequence[str], short: Sequence[str]) -> str:
    if not short:
        return "均已达到" if len(names_with_target) > 1 else "已达到"
    if len(short) == len(names_with_target):
        return "均未达到" if len(short) > 1 else "未达到"
    return f"{'、'.join(short)}未达到"


def _target_sentence(lines: Sequence[Line], unit: str) -> str:
    """目标70%，均已达到。 judged on each figure's latest value."""
    with_target = [line for line in lines if line.target is not None]
    if not with_target:
        return ""
    short = [line.label for line in with_target if line.latest < line.target]
    names = [line.label for line in with_target]
    targets = {line.target for line in with_target}
    if len(targets) == 1 and len(with_target) == len(lines):
        return f"目标{fmt(with_target[0].target, unit)}，{_status(names, short)}。"
    each = "，".join(f"{line.label}{fmt(line.target, unit)}" for line in with_target)
    return f"目标：{each}；{_status(names, short)}。"


def _change(line: Line, unit: str) -> str:
    first, last = line.first, line.latest
    if sum(v is not None for v in line.values) == 1:
        return f"{line.label}为{fmt(last, unit)}"
    verb = "升至" if last > first else "降至" if last < first else "保持在"
    if verb == "保持在":
        return f"{line.label}保持在{fmt(last, unit)}"
    return f"{line.label}由{fmt(first, unit)}{verb}{fmt(last, unit)}"


def _period_alt(data: PeriodData) -> str:
    names = join_names([line.label for line in data.lines])
    if data.kind == "trend":
        body = "，".join(_change(line, data.unit) for line in data.lines)
        text = f"折线图：{names}，{_span(data)}。{body}。"
    else:
        latest = "，".join(f"{line.label}{fmt(line.latest, data.unit)}" for line in data.lines)
        text = f"柱状图：{names}，{_span(data)}。最新值：{latest}。"
    return text + _target_sentence(data.lines, data.unit)


def _share_alt(data: ShareData) -> str:
    return (f"条形图：{data.label}{fmt(data.value, data.unit)}，"
            f"占总量{fmt(data.whole, data.unit)}的{data.percent}。")


def _ranking_alt(data: RankingData) -> str:
    what = f"{data.label}（{data.column}）" if data.column != data.label else data.label
    order = f"按{data.column}从高到低排列"
    if len(data.rows) <= ALT_MAX_ROWS:
        listed = "，".join(f"{name}{fmt(value, data.unit)}" for name, value in data.rows)
        text = f"条形图：{what}，{order}：{listed}。"
    else:
        (top, high), (bottom, low) = data.rows[0], data.rows[-1]
        text = (f"条形图：{what}，共{len(data.rows)}个{data.row_header}，{order}，"
                f"最高为{top}{fmt(high, data.unit)}，最低为{bottom}{fmt(low, data.unit)}。")
    if data.target is not None:
        names = [name for name, _ in data.rows]
        text += f"目标{fmt(data.target, data.unit)}，{_status(names, data.below)}。"
    return text


def alt_text(data: ChartData) -> str:
    """What the chart shows, for readers who cannot see it."""
    if isinstance(data, PeriodData):
        return _period_alt(data)
    if isinstance(data, ShareData):
        return _share_alt(data)
    return _ranking_alt(data)


def _cell(value: Decimal | None, unit: str) -> str:
    return MISSING if value is None else fmt(value, unit)


def data_table(data: ChartData) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The chart's data as a header and rows of display text, for screen readers."""
    if isinstance(data, PeriodData):
        has_target = any(line.target is not None for line in data.lines)
        header = ("指标", *(p.label for p in data.periods)) + (("目标",) if has_target else ())
        rows = tuple(
            (line.label, *(_cell(v, data.unit) for v in line.values))
            + ((_cell(line.target, data.unit),) if has_target else ())
            for line in data.lines)
        return header, rows
    if isinstance(data, ShareData):
        return (("指标", "数值", "总量", "占比"),
                ((data.label, fmt(data.value, data.unit), fmt(data.whole, data.unit), data.percent),))
    header: tuple[str, ...] = (data.row_header, data.column)
    if data.target is None:
        return header, tuple((name, fmt(value, data.unit)) for name, value in data.rows)
    header += (f"是否达到目标{fmt(data.target, data.unit)}",)
    return header, tuple(
        (name, fmt(value, data.unit), "未达到" if value < data.target else "已达到")
        for name, value in data.rows)
