"""Each chart kind drawn on a matplotlib Figure that draw.py hands in (no matplotlib import here)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from jianbao.charts.data import ChartData, PeriodData, RankingData, ShareData, fmt
from jianbao.chinese import is_wide
from jianbao.layout import Layout
from jianbao.reader.figures import format_number

# A palette that survives greyscale print: dark red ≈ 28 % grey, the greys well apart from it and
# from each other; the below-target bars are also hatched, so they differ without any colour.
RED = "#9E1B1E"
DARK = "#404040"
MID = "#8C8C8C"
LIGHT = "#D0D0D0"
INK = "#262626"
AXIS = "#8C8C8C"
GRID = "#E3E3E3"
PERIOD_GREYS = {1: ("#ADADAD",), 2: ("#CFCFCF", "#999999"), 3: ("#D6D6D6", "#B0B0B0", "#8A8A8A")}
# A value label sits on a white patch, so a target line or another series running behind stays legible.
LABEL_BOX = dict(boxstyle="square,pad=0.12", facecolor="white", edgecolor="none")
BELOW_HATCH = "////"
TARGET_STYLE = dict(color=DARK, linewidth=1.0, linestyle=(0, (5, 3)))
LINE_STYLES = (  # colour, dashes, marker: lines differ in dash and marker, not only in colour
    (RED, "-", "o"), (DARK, (0, (5, 2)), "s"), (MID, (0, (1.5, 1.5)), "^"), ("#000000", "-.", "D"),
)

# Artist label of target lines (a leading "_" keeps it out of legends); tests find the line by it.
TARGET_LABEL = "_target"
# Artist label of a ranking's row names (texts, not tick labels); tests find the names by it.
ROW_NAME_LABEL = "_row_name"
# Heights before Layout.picture_max_height_mm caps them (issue #18). A ranking's rows are pressed
# from RANK_ROW_MM down to MIN_RANK_ROW_MM (a 五号 label still clears the next) to fit the cap, then
# continue in a second panel; with names too long for half the width the chart grows instead.
CHART_HEIGHT_MM = 90.0
SHARE_HEIGHT_MM = 32.0
RANK_ROW_MM = 9.0
MIN_RANK_ROW_MM = 4.8
MAX_RANK_PANELS = 2
RANK_PANEL_GAP_MM = 8.0
MIN_RANK_BAR_SHARE = 0.3  # of a panel's width left for the bars, or the panel is not worth it
MAX_BAR_MM = 20.0


@dataclass(frozen=True)
class Frame:
    """The figure in millimetres, and the text size that every label uses."""

    width_mm: float
    height_mm: float
    size_pt: float

    @property
    def em_mm(self) -> float:
        return self.size_pt * 25.4 / 72

    def text_mm(self, text: str, size_pt: float | None = None) -> float:
        """Width estimate: a wide character (汉字, “”，①) is one em, other characters a little over half."""
        em = (size_pt or self.size_pt) * 25.4 / 72
        widest = 0.0
        for line in text.split("\n"):
            widest = max(widest, sum(
                em if is_wide(c) else 0.58 * em for c in line))
        return widest

    def axes(self, fig, left: float, bottom: float, right: float, top: float):
        """Axes placed by margins in mm, so the plot area never depends on a layout engine."""
        w, h = self.width_mm, self.height_mm
        return fig.add_axes((left / w, bottom / h, (w - left - right) / w, (h - bottom - top) / h))


def chart_size_mm(data: ChartData, layout: Layout) -> tuple[float, float]:
    """Width is the type area's; height fits the kind (a ranking grows with its rows) up to the
    picture cap."""
    cap = layout.picture_max_height_mm
    if isinstance(data, ShareData):
        return layout.chart_width_mm, min(cap, SHARE_HEIGHT_MM)
    if isinstance(data, RankingData):
        frame = Frame(layout.chart_width_mm, cap, layout.table_size_pt)
        top, bottom, _, _ = _ranking_margins(data, frame)
        rows = -(-len(data.rows) // _ranking_panels(data, frame))
        return layout.chart_width_mm, max(min(cap, top + bottom + rows * RANK_ROW_MM),
                                          top + bottom + rows * MIN_RANK_ROW_MM)
    return layout.chart_width_mm, min(cap, CHART_HEIGHT_MM)


def nice_ticks(low: Decimal, high: Decimal, unit: str, count: int = 5) -> list[Decimal]:
    """Round tick values covering low..high (0..100 for percentages that fit it)."""
    low, high = min(low, Decimal(0)), max(high, Decimal(0))
    if unit == "%" and low >= 0 and high <= 100:
        return [Decimal(v) for v in range(0, 101, 20)]
    span = (high - low) or abs(high) or Decimal(1)
    raw = span / count
    base = Decimal(1).scaleb(math.floor(math.log10(raw)))
    step = next(m * base for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
                if m * base >= raw)
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    end = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if end <= start:  # every value zero: still a scale, not a single tick
        end = start + step * count
    ticks, value = [], start
    while value <= end:
        ticks.append(value.normalize() if value else Decimal(0))
        value += step
    return ticks


def _tick_label(value: Decimal) -> str:
    return format_number(value.normalize() if value == value.to_integral() else value)


def _light_axes(ax, grid: str) -> None:
    """No box, a grey baseline, faint grid lines behind the data, no tick marks."""
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0, colors=INK, pad=4)
    ax.grid(axis=grid, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def _unit_note(ax, frame: Frame, unit: str, left_mm: float) -> None:
    """单位：% at the top left, on the legend's line (the legend sits one em above the axes)."""
    if unit:
        ax.annotate(f"单位：{unit}", xy=(0, 1), xycoords="axes fraction",
                    xytext=(-(left_mm - 1.5) / 25.4 * 72, frame.size_pt * 1.0),
                    textcoords="offset points", ha="left", va="bottom", color=INK)


def _legend_columns(frame: Frame, labels: Sequence[str], avail_mm: float) -> int:
    """As many legend columns as fit beside the unit note; the rest wrap onto more rows.

    matplotlib fills a legend column by column and sizes each column to its widest entry.
    """
    em = frame.em_mm
    widths = [(1.8 + 0.5) * em + frame.text_mm(s) for s in labels]
    for columns in range(len(labels), 1, -1):
        rows = -(-len(labels) // columns)
        chunks = [widths[i:i + rows] for i in range(0, len(widths), rows)]
        if sum(max(c) for c in chunks) + 1.6 * em * (len(chunks) - 1) <= avail_mm:
            return len(chunks)
    return 1


def _legend(ax, handles, labels, columns: int) -> None:
    ax.legend(handles, labels, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=columns,
              frameon=False, borderaxespad=0.6, handlelength=1.8, columnspacing=1.6,
              handletextpad=0.5)


def _period_axes(fig, data: PeriodData, frame: Frame, legend: Sequence[str], extra_right: float = 0):
    """Axes for progress and trend: value ticks on the left, target labels on the right, and a top
    margin tall enough for the legend's rows."""
    values = [v for line in data.lines for v in line.values if v is not None] + list(data.targets)
    ticks = nice_ticks(min(values), max(values), data.unit)
    left, right = _left_margin(ticks, frame), _right_margin(data, frame) + extra_right
    note = frame.text_mm(f"单位：{data.unit}") + 6 if data.unit else 0
    columns = _legend_columns(frame, legend, frame.width_mm - right - note - 1.5)
    rows = -(-len(legend) // columns)
    top = 4 + rows * frame.em_mm * 1.25 + 3
    ax = frame.axes(fig, left, 12, right, top)
    _light_axes(ax, "y")
    _value_axis(ax, values, data.unit, "y")
    ax.axhline(0, color=AXIS, linewidth=0.8, zorder=2.5)
    _unit_note(ax, frame, data.unit, left)
    return ax, left, right, columns


def _value_axis(ax, values: Sequence[Decimal], unit: str, axis: str) -> list[Decimal]:
    ticks = nice_ticks(min(values), max(values), unit)
    positions = [float(t) for t in ticks]
    head = (positions[-1] - positions[0]) * 0.12  # room above the top tick for value labels
    if axis == "y":
        ax.set_yticks(positions, [_tick_label(t) for t in ticks])
        ax.set_ylim(positions[0], positions[-1] + head)
    else:
        ax.set_xticks(positions, [_tick_label(t) for t in ticks])
        ax.set_xlim(positions[0], positions[-1] + head)
    return ticks


def _wrap(text: str, frame: Frame, width_mm: float) -> str:
    """Break a long category label into lines that fit its slot."""
    per_line = max(2, int(width_mm / frame.em_mm))
    if frame.text_mm(text) <= width_mm:
        return text
    return "\n".join(text[i:i + per_line] for i in range(0, len(text), per_line))


def _target_lines(ax, data: PeriodData, frame: Frame) -> None:
    """A dashed line per distinct target, labelled in the right margin."""
    for target in data.targets:
        ax.axhline(float(target), zorder=3, label=TARGET_LABEL, **TARGET_STYLE)
        ax.annotate(f"目标{fmt(target, data.unit)}", xy=(1.0, float(target)),
                    xycoords=ax.get_yaxis_transform(), xytext=(4, 0), textcoords="offset points",
                    ha="left", va="center", color=DARK)


def _right_margin(data: PeriodData, frame: Frame) -> float:
    labels = [f"目标{fmt(t, data.unit)}" for t in data.targets]
    return 3 + max((frame.text_mm(s) + 2 for s in labels), default=0)


def _left_margin(ticks: Sequence[Decimal], frame: Frame) -> float:
    return 3 + max(frame.text_mm(_tick_label(t)) for t in ticks) + 1.5


def draw_progress(fig, data: PeriodData, frame: Frame) -> None:
    """Grouped bars: one group per figure, one bar per period, the latest period in red."""
    legend = [p.label for p in data.periods]
    ax, left, right, columns = _period_axes(fig, data, frame, legend)
    n_groups, n_periods = len(data.lines), len(data.periods)
    group_mm = (frame.width_mm - left - right) / n_groups
    # A lone group would otherwise get bars as wide as a third of the page.
    width = min(0.8 / n_periods, 0.3, MAX_BAR_MM / group_mm)
    earlier = n_periods - 1
    greys = PERIOD_GREYS.get(earlier) or tuple(
        PERIOD_GREYS[3][i * 3 // earlier] for i in range(earlier))
    colours = [*greys, RED]
    # Labels that would not fit over their bars are left to the latest period, which matters most.
    bar_mm = group_mm * width
    values = [v for line in data.lines for v in line.values if v is not None]
    widest = max(frame.text_mm(fmt(v, data.unit)) for v in values)
    label_pt = frame.size_pt if widest <= bar_mm * 1.15 else max(
        frame.size_pt * 0.8, frame.size_pt * bar_mm * 1.15 / widest)
    crowded = widest * label_pt / frame.size_pt > bar_mm * 1.3
    handles = []
    for p, period in enumerate(data.periods):
        offset = (p - (n_periods - 1) / 2) * width
        xs = [g + offset for g, line in enumerate(data.lines) if line.values[p] is not None]
        vs = [line.values[p] for line in data.lines if line.values[p] is not None]
        bars = ax.bar(xs, [float(v) for v in vs], width * 0.92, color=colours[p], zorder=2,
                      label=period.label)
        handles.append(bars)
        if crowded and p != n_periods - 1:
            continue
        for x, v in zip(xs, vs, strict=True):
            ax.annotate(fmt(v, data.unit), xy=(x, float(v)), xytext=(0, 2 if v >= 0 else -2),
                        textcoords="offset points", ha="center", va="bottom" if v >= 0 else "top",
                        color=INK, fontsize=label_pt, bbox=LABEL_BOX, zorder=4)
    ax.set_xticks(range(n_groups), [_wrap(line.label, frame, group_mm * 0.9) for line in data.lines])
    ax.set_xlim(-0.5, n_groups - 0.5)
    _target_lines(ax, data, frame)
    _legend(ax, handles, legend, columns)


def _period_positions(data: PeriodData) -> list[float]:
    """Months and years are spaced by elapsed time; a mix of both falls back to even spacing."""
    months = [p.month for p in data.periods]
    if all(m is not None for m in months):
        return [float(p.year * 12 + p.month - 1) for p in data.periods]
    if all(m is None for m in months):
        return [float(p.year) for p in data.periods]
    return [float(i) for i in range(len(data.periods))]


def _period_labels(data: PeriodData, frame: Frame, span_mm: float) -> list[str]:
    """Full labels when they fit; else 2017年1月, 2月 … with the year only where it changes, and
    if even those crowd, every second (third …) label."""
    full = [p.label for p in data.periods]
    room = span_mm / max(1, len(full))
    if max(frame.text_mm(s) for s in full) + 2 <= room:
        return full
    short, year = [], None
    for p in data.periods:
        short.append(p.label if p.month is None or p.year != year else f"{p.month}月")
        year = p.year
    short = [s.replace("年", "年\n") if "月" in s and "年" in s else s for s in short]
    step = math.ceil((max(frame.text_mm(s) for s in short) + 2) / room)
    return [s if i % step == 0 else "" for i, s in enumerate(short)]


def _stacked_labels(data: PeriodData, labelled, ylim, axes_pt: float, height: float) -> list:
    """(period, value, its height, its label's bottom) in points from the axes' foot (a label's height
    is fixed in print): labels stack downwards from each period's highest so that none covers another."""
    to_pt = axes_pt / (ylim[1] - ylim[0])
    placed = []
    for p in labelled:
        floor = None  # the lowest bottom edge used so far
        for v in sorted((line.values[p] for line in data.lines if line.values[p] is not None),
                        reverse=True):
            y = (float(v) - ylim[0]) * to_pt
            bottom = y + 5
            if floor is not None and bottom + height > floor - 1:
                bottom = min(y - 6, floor - 1) - height
            placed.append((p, v, y, bottom))
            floor = bottom
    return placed


def draw_trend(fig, data: PeriodData, frame: Frame) -> None:
    """Lines over time with markers and value labels, the target dashed."""
    legend = [line.label for line in data.lines]
    ax, left, right, columns = _period_axes(fig, data, frame, legend, extra_right=4)
    xs = _period_positions(data)
    gap = min((b - a for a, b in pairwise(xs)), default=1.0)
    # Room at both ends for half a value label, which is centred on the first and last points.
    span, axes_mm = (xs[-1] - xs[0]) or 1.0, frame.width_mm - left - right
    half_label = max(frame.text_mm(fmt(v, data.unit)) for line in data.lines
                     for v in line.values if v is not None) / 2 + 1
    pad = max(gap * 0.5, half_label * span / max(axes_mm - 2 * half_label, 1.0))
    ax.set_xlim(xs[0] - pad, xs[-1] + pad)
    handles = []
    for i, line in enumerate(data.lines):
        colour, dashes, marker = LINE_STYLES[i % len(LINE_STYLES)]
        points = [(x, v) for x, v in zip(xs, line.values, strict=True) if v is not None]
        (handle,) = ax.plot([x for x, _ in points], [float(v) for _, v in points], color=colour,
                            linestyle=dashes, linewidth=1.8, marker=marker, markersize=5.5,
                            markerfacecolor=colour, markeredgecolor="white", markeredgewidth=0.8,
                            zorder=4, label=line.label)
        handles.append(handle)
    # Many periods: only the first and the latest carry labels, or they would pile up.
    labelled = range(len(xs)) if len(xs) <= 6 else (0, len(xs) - 1)
    # A label pushed below the axes (a low value just under another, in a chart a third of a page
    # tall) lowers the axes' foot rather than cover the period labels.
    axes_pt = ax.get_position().height * frame.height_mm / 25.4 * 72
    for _ in range(4):
        placed = _stacked_labels(data, labelled, ax.get_ylim(), axes_pt, frame.size_pt * 1.35)
        lowest = min((bottom for _, _, _, bottom in placed), default=0.0)
        if lowest >= 0:
            break
        low, high = ax.get_ylim()
        ax.set_ylim(low - (1 - lowest) * (high - low) / axes_pt, high)
    for p, v, y, bottom in placed:
        ax.annotate(fmt(v, data.unit), xy=(xs[p], float(v)), xytext=(0, bottom - y),
                    textcoords="offset points", ha="center", va="bottom", color=INK, zorder=5,
                    bbox=LABEL_BOX)
    ax.set_xticks(xs, _period_labels(data, frame, frame.width_mm - left - right))
    _target_lines(ax, data, frame)
    _legend(ax, handles, legend, columns)


def draw_share(fig, data: ShareData, frame: Frame) -> None:
    """One bar for the whole, its part in red with the percentage, both amounts written above."""
    ax = frame.axes(fig, 3, 0, 3, 0)
    ax.set_axis_off()
    whole, part = float(data.whole), float(min(data.value, data.whole))
    ax.set_xlim(0, max(whole, float(data.value)))
    ax.set_ylim(0, frame.height_mm)  # y in millimetres: the bar keeps its size whatever the height
    bar_y, bar_h = 7.0, 11.0
    ax.barh([bar_y + bar_h / 2], [max(whole, float(data.value))], bar_h, color=LIGHT, zorder=1,
            label="_whole")
    ax.barh([bar_y + bar_h / 2], [part], bar_h, color=RED, zorder=2, label="_part")
    inside_mm = (frame.width_mm - 6) * part / max(whole, float(data.value))
    if frame.text_mm(data.percent) + 4 <= inside_mm:
        ax.text(part / 2, bar_y + bar_h / 2, data.percent, ha="center", va="center", color="white",
                zorder=3)
    else:
        ax.annotate(data.percent, xy=(part, bar_y + bar_h / 2), xytext=(4, 0),
                    textcoords="offset points", ha="left", va="center", color=INK, zorder=3)
    label_y = bar_y + bar_h + 2.5
    ax.text(0, label_y, f"{data.label}：{fmt(data.value, data.unit)}", ha="left", va="bottom",
            color=INK)
    ax.text(whole, label_y, f"总量：{fmt(data.whole, data.unit)}", ha="right", va="bottom",
            color=INK)


def _ranking_margins(data: RankingData, frame: Frame) -> tuple[float, float, float, float]:
    """Top (the target's label), bottom (the legend), left (row names), right (value labels), in mm."""
    top, bottom = (6.5, 10.0) if data.target is not None else (3.0, 3.0)
    left = 3 + max(frame.text_mm(name) for name, _ in data.rows) + 2
    return top, bottom, left, max(frame.text_mm(fmt(v, data.unit)) for _, v in data.rows) + 4


def _ranking_panels(data: RankingData, frame: Frame) -> int:
    """The fewest panels whose rows fit frame.height_mm at the minimum pitch (else one, grown)."""
    top, bottom, left, right = _ranking_margins(data, frame)
    for panels in range(1, MAX_RANK_PANELS + 1):
        width = (frame.width_mm - RANK_PANEL_GAP_MM * (panels - 1)) / panels
        if panels > 1 and width - left - right < MIN_RANK_BAR_SHARE * width:
            break
        if top + bottom + -(-len(data.rows) // panels) * MIN_RANK_ROW_MM <= frame.height_mm + 1e-6:
            return panels
    return 1


def draw_ranking(fig, data: RankingData, frame: Frame) -> None:
    """Horizontal bars from highest to lowest; below target in light grey with hatching. A long
    ranking continues in a second panel to the right, on the same scale.

    Every bar carries its value, so there is no value axis: only the target line and a legend below.
    """
    values = [v for _, v in data.rows] + ([data.target] if data.target is not None else [])
    top, bottom, left, right = _ranking_margins(data, frame)
    panels, gap = _ranking_panels(data, frame), RANK_PANEL_GAP_MM
    width = (frame.width_mm - gap * (panels - 1)) / panels
    low, high = min(float(min(values)), 0.0), max(float(max(values)), 0.0)
    if low < 0:  # a negative bar's label goes left of it, clear of the row names
        axes_mm = width - left - right
        low -= (right - 2) * ((high - low) or 1.0) / max(axes_mm - right + 2, 1.0)
    below = [data.target is not None and v < data.target for _, v in data.rows]
    per, axes, bars = -(-len(data.rows) // panels), [], []
    for p in range(panels):
        axes.append(frame.axes(fig, p * (width + gap) + left, bottom,
                               frame.width_mm - (p + 1) * width - p * gap + right, top))
        axes[p].set_xlim(low, high * 1.02 if high > 0 else 1.0)
        chunk = slice(p * per, (p + 1) * per)
        bars += _ranking_panel(axes[p], data, data.rows[chunk], below[chunk], per)
    if data.target is None:
        return
    shown = [(name, bars[below.index(b)]) for name, b in (("达到目标", False), ("未达到目标", True))
             if b in below]
    axes[0].legend([bar for _, bar in shown], [name for name, _ in shown], loc="upper left",
                   bbox_to_anchor=(0.0, 0.0), ncols=len(shown), frameon=False, borderaxespad=0.4,
                   handlelength=1.8, columnspacing=1.6, handletextpad=0.5)


def _ranking_panel(ax, data: RankingData, rows, below, slots: int) -> list:
    """One panel's bars, value labels and row names, the first row at the top; its bar patches."""
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0, colors=INK, pad=4)
    ax.set_xticks([])
    ys = [float(slots - 1 - i) for i in range(len(rows))]
    bars = ax.barh(ys, [float(v) for _, v in rows], 0.62, zorder=2,
                   color=[LIGHT if b else RED for b in below],
                   edgecolor=[DARK if b else RED for b in below], linewidth=0.6)
    for bar, is_below in zip(bars, below, strict=True):
        if is_below:
            bar.set_hatch(BELOW_HATCH)
    for y, (_, v) in zip(ys, rows, strict=True):
        ax.annotate(fmt(v, data.unit), xy=(float(v), y), xytext=(3 if v >= 0 else -3, 0),
                    textcoords="offset points", ha="left" if v >= 0 else "right", va="center",
                    color=INK, bbox=LABEL_BOX, zorder=4)
    # Row names as plain texts placed where y tick labels would be (same pixels): fourteen Tick
    # objects, each with its lines and labels, cost about 14 % of drawing the chart.
    ax.set_yticks([])
    for y, (name, _) in zip(ys, rows, strict=True):
        ax.annotate(name, xy=(0, y), xycoords=ax.get_yaxis_transform(), xytext=(-4, 0),
                    textcoords="offset points", ha="right", va="center_baseline", color=INK,
                    label=ROW_NAME_LABEL)
    ax.set_ylim(-0.6, slots - 0.4)
    ax.axvline(0, color=AXIS, linewidth=0.8, zorder=2.5)
    if data.target is not None:
        ax.axvline(float(data.target), zorder=3, label=TARGET_LABEL, **TARGET_STYLE)
        ax.annotate(f"目标{fmt(data.target, data.unit)}", xy=(float(data.target), 1.0),
                    xycoords=ax.get_xaxis_transform(), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", color=DARK)
    return list(bars)


DRAWERS = {"progress": draw_progress, "trend": draw_trend, "share": draw_share,
           "ranking": draw_ranking}
