"""Charts drawn from an issue's figures: PNG (300 dpi, for Word) and SVG (for HTML), cached by content.

matplotlib is imported only inside the functions that draw, so a build whose charts all come from the
cache never loads it.
"""

from __future__ import annotations

import functools
import io
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from . import charts_cache, charts_png
from .charts_alt import alt_text, data_table
from .charts_data import ChartData, chart_data
from .charts_draw import DRAWERS, Frame, chart_size_mm
from .errors import RenderError
from .layout import Layout
from .model import ChartSpec, Issue, RenderedChart, Series

# Bump whenever a change here or in charts_draw.py alters the pictures, so old cache entries go unused.
STYLE_VERSION = "3"
DPI = 300
SVG_SALT = "jianbao"
DEFAULT_FONTS = (
    "SimHei", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans SC", "PingFang SC", "Heiti SC",
    "Sarasa Gothic SC", "AR PL UMing CN",
)
_IGNORED_CHARS = set("\n\r\t")


def font_candidates(series: Series) -> tuple[str, ...]:
    """The series' own chart fonts first, then the usual CJK sans-serif fonts."""
    seen: list[str] = []
    for name in (*series.chart_fonts, *DEFAULT_FONTS):
        if name not in seen:
            seen.append(name)
    return tuple(seen)


def _installed_families() -> dict[str, str]:
    """Font family names matplotlib knows on this machine, keyed case-insensitively."""
    from matplotlib import font_manager

    return {entry.name.casefold(): entry.name for entry in font_manager.fontManager.ttflist}


def find_font(candidates: tuple[str, ...]) -> str:
    """The first candidate family installed here; RenderError explaining how to install one if none."""
    installed = _installed_families()
    for name in candidates:
        if name.casefold() in installed:
            return installed[name.casefold()]
    raise RenderError(
        "画图表需要中文字体，但本机没有找到可用的中文字体（已查找：" + "、".join(candidates) + "）。"
        "请安装一种中文字体后重试：Debian/Ubuntu 运行 sudo apt-get install fonts-noto-cjk；"
        "Fedora 运行 sudo dnf install google-noto-sans-cjk-fonts；Windows 自带黑体（SimHei），"
        "macOS 可安装思源黑体（Source Han Sans SC）。也可以在简报系列设置的 chart_fonts 中"
        "写明本机已安装的字体名称。安装字体后如仍找不到，请删除 matplotlib 的字体缓存"
        "（~/.cache/matplotlib）。")


def _rc(font: str, layout: Layout) -> dict:
    return {
        "font.family": [font],
        "font.size": layout.table_size_pt,
        "text.parse_math": False,  # a "$" in a label is a dollar sign, not mathtext
        "text.usetex": False,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",  # the SVG carries glyph outlines: it shows the same with no CJK font
        "svg.hashsalt": SVG_SALT,
        "hatch.linewidth": 0.6,
        "legend.fontsize": layout.table_size_pt,
        "savefig.facecolor": "white",
        "savefig.edgecolor": "white",
        "savefig.transparent": False,
        "savefig.bbox": "standard",
        "figure.facecolor": "white",
    }


@contextmanager
def _style(font: str, layout: Layout) -> Iterator[None]:
    """matplotlib's defaults plus ours, restored on exit: a user's matplotlibrc cannot leak in."""
    import matplotlib

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(_rc(font, layout))
        yield


def _frame(data: ChartData, layout: Layout) -> Frame:
    width, height = chart_size_mm(data, layout)
    return Frame(width, height, layout.table_size_pt)


def _pixels(frame: Frame) -> tuple[int, int]:
    # Whole pixels at 300 dpi, so the PNG's size in mm is exactly what Word is told.
    return round(frame.width_mm / 25.4 * DPI), round(frame.height_mm / 25.4 * DPI)


def _new_figure(w_px: int, h_px: int):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(w_px / DPI, h_px / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


@functools.lru_cache(maxsize=4)
def _kept_figure(w_px: int, h_px: int):
    """One figure per pixel size, cleared for each chart of that size. Its Agg canvas keeps its
    renderer between charts, and with it the pixel buffer and the measurements of texts drawn
    before (region names, tick labels), which a new figure would allocate and measure again.

    Everything a figure takes from rcParams when made is the same for every chart (_rc), so a
    cleared figure draws the same bytes as a new one; test_charts checks this.
    """
    return _new_figure(w_px, h_px)


def figure_texts(fig) -> list[str]:
    """Every string a built figure will draw: texts, legend entries and tick labels."""
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    for ax in fig.axes:
        texts += [t.get_text() for t in (*ax.get_xticklabels(), *ax.get_yticklabels())]
    return [t for t in texts if t]


@functools.lru_cache(maxsize=8)
def _charmap(path: str) -> frozenset[int]:
    """The code points a font file covers, read once per process (a CJK font's map takes ~5 ms)."""
    from matplotlib import font_manager

    return frozenset(font_manager.get_font(path).get_charmap())


def check_glyphs(fig, font: str, spec: ChartSpec) -> None:
    """Refuse to draw a character the font lacks (matplotlib would print an empty box instead)."""
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=[font]), fallback_to_default=False)
    charmap = _charmap(path)
    for text in figure_texts(fig):
        for char in text:
            if char not in _IGNORED_CHARS and ord(char) not in charmap:
                raise RenderError(
                    f"图{spec.number}“{spec.title}”中的文字“{text}”含有字符“{char}”"
                    f"（U+{ord(char):04X}），字体“{font}”中没有这个字。请修改文字，"
                    "或在简报系列设置的 chart_fonts 中换用包含该字的字体。")


def _build(spec: ChartSpec, data: ChartData, layout: Layout, font: str, *, reuse: bool = False):
    frame = _frame(data, layout)
    if reuse:
        fig = _kept_figure(*_pixels(frame))
        fig.clear()
    else:
        fig = _new_figure(*_pixels(frame))
    DRAWERS[data.kind](fig, data, frame)
    check_glyphs(fig, font, spec)
    return fig


def build_figure(spec: ChartSpec, issue: Issue, *, font: Optional[str] = None):
    """The matplotlib Figure of one chart, before saving (tests read the plotted data from it)."""
    data = chart_data(spec, issue)
    layout = issue.series.layout
    font = font or find_font(font_candidates(issue.series))
    with _style(font, layout):
        return _build(spec, data, layout, font)


def _draw(spec: ChartSpec, data: ChartData, layout: Layout, font: str) -> charts_cache.CachedImages:
    with _style(font, layout):
        fig = _build(spec, data, layout, font, reuse=True)
        # The figure is made at 300 dpi with a white face, so the canvas holds exactly the pixels
        # savefig would; encoding them ourselves as a palette PNG skips savefig's RGBA encoding.
        fig.canvas.draw()
        png = charts_png.encode_png(fig.canvas.buffer_rgba(), DPI)
        svg = io.BytesIO()
        # No software name or timestamp in either file: the same chart is always the same bytes.
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    width, height = chart_size_mm(data, layout)
    return charts_cache.CachedImages(png, svg.getvalue(), width, height)


def _cache_key(data: ChartData, issue: Issue) -> str:
    return charts_cache.cache_key(data, issue.series.layout, font_candidates(issue.series), STYLE_VERSION)


def chart_keys(issue: Issue) -> list[str]:
    """The cache keys of the issue's charts, found without drawing (a build keeps these entries)."""
    return sorted({_cache_key(chart_data(spec, issue), issue) for spec in issue.charts})


def draw_charts(issue: Issue, *, cache_dir: Path | None = None) -> dict[int, RenderedChart]:
    """Every chart of the issue by its number, drawn or taken from cache_dir."""
    layout = issue.series.layout
    fonts = font_candidates(issue.series)
    font: Optional[str] = None
    charts: dict[int, RenderedChart] = {}
    for spec in issue.charts:
        if spec.number in charts:
            raise RenderError(f"本期有两张编号都是图{spec.number}的图表")
        data = chart_data(spec, issue)
        header, rows = data_table(data)
        key = _cache_key(data, issue)
        images = charts_cache.load(cache_dir, key) if cache_dir else None
        if images is None:
            font = font or find_font(fonts)
            images = _draw(spec, data, layout, font)
            if cache_dir:
                charts_cache.store(cache_dir, key, images)
        charts[spec.number] = RenderedChart(
            number=spec.number, caption=spec.caption, alt=alt_text(data), png=images.png,
            svg=images.svg, width_mm=images.width_mm, height_mm=images.height_mm,
            data_header=header, data_rows=rows)
    return charts
