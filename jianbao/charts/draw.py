"""Charts drawn from an issue's figures: PNG (300 dpi, for Word) and SVG (for HTML), cached by content.

matplotlib is imported only inside the functions that draw, so a build whose charts all come from the
cache never loads it.
"""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jianbao.assets import CHART_FONT
from jianbao.charts import cache as charts_cache
from jianbao.charts import png as charts_png
from jianbao.charts.alt import alt_text, data_table
from jianbao.charts.data import ChartData, chart_data
from jianbao.charts.kinds import DRAWERS, Frame, chart_size_mm
from jianbao.errors import RenderError
from jianbao.layout import Layout
from jianbao.model import ChartSpec, Issue, Series
from jianbao.rendered import RenderedChart

# Bump whenever a change here or in kinds.py alters the pictures, so old cache entries go unused.
STYLE_VERSION = "6"
DPI = 300
SVG_SALT = "jianbao"
# The font every chart is drawn with, shipped in the package and given to matplotlib by its path:
# the same figures give the same bytes on every machine, whatever fonts it has (fonts/README.md).
CHART_FAMILY = "Jianbao Chart Sans"
# Installed fonts that draw the characters CHART_FONT lacks (it holds GB 2312), when present.
DEFAULT_FONTS = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "SimHei", "Microsoft YaHei",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans SC", "PingFang SC", "Heiti SC",
    "Sarasa Gothic SC", "AR PL UMing CN",
)
_IGNORED_CHARS = set("\n\r\t")


def font_candidates(series: Series) -> tuple[str, ...]:
    """The families tried for each character, in order: the series' own chart fonts, the bundled
    font, then the usual CJK sans-serif fonts (only those installed are used)."""
    seen: list[str] = []
    for name in (*series.chart_fonts, CHART_FAMILY, *DEFAULT_FONTS):
        if name.casefold() not in (s.casefold() for s in seen):
            seen.append(name)
    return tuple(seen)


@functools.lru_cache(maxsize=1)
def chart_font_sha256() -> str:
    """The bundled font's SHA-256, part of every chart's cache key (read without matplotlib)."""
    try:
        return hashlib.sha256(CHART_FONT.read_bytes()).hexdigest()
    except OSError as err:
        raise RenderError(f"程序文件不完整：找不到图表字体 {CHART_FONT}（{err.strerror}）。"
                          "请重新安装本程序。") from err


def _register_chart_font() -> None:
    """Make the bundled font known to matplotlib in this process, by its path: matplotlib's font
    cache on disk plays no part, and no other file of the same family name can stand in for it."""
    from matplotlib import font_manager

    chart_font_sha256()  # a missing file is a RenderError, not a font quietly left out
    manager = font_manager.fontManager
    path = str(CHART_FONT)
    if [e.fname for e in manager.ttflist if e.name == CHART_FAMILY] != [path]:
        manager.ttflist = [e for e in manager.ttflist if e.name != CHART_FAMILY]
        manager.addfont(path)  # also clears findfont's cache
    try:
        found = manager.findfont(font_manager.FontProperties(family=[CHART_FAMILY]),
                                 fallback_to_default=False)
    except ValueError:
        found = None
    if found is None or Path(found) != CHART_FONT:
        # matplotlib 3.11 looks only among its own fonts when MPL_IGNORE_SYSTEM_FONTS is set.
        raise RenderError(f"画图表时 matplotlib 没有使用程序自带的图表字体 {CHART_FONT}"
                          f"（找到的是：{found or '无'}）。如果设置了环境变量 MPL_IGNORE_SYSTEM_FONTS，"
                          "请去掉它后重试。")


def _installed_families() -> dict[str, str]:
    """Font family names matplotlib knows on this machine, keyed case-insensitively."""
    from matplotlib import font_manager

    return {entry.name.casefold(): entry.name for entry in font_manager.fontManager.ttflist}


def chart_families(series: Series) -> tuple[str, ...]:
    """The font.family list of the series' charts: its installed candidates, in order. It always
    holds the bundled font, so a machine without any Chinese font draws the charts the same."""
    from matplotlib import font_manager

    # Looking the installed candidates up first lets matplotlib rebuild a stale font list (a font
    # uninstalled since it was cached) now: a rebuild while drawing would drop the added font.
    installed = _installed_families()
    for name in font_candidates(series):
        if name != CHART_FAMILY and name.casefold() in installed:
            try:
                font_manager.findfont(font_manager.FontProperties(family=[installed[name.casefold()]]),
                                      fallback_to_default=False)
            except ValueError:
                pass
    _register_chart_font()
    installed = {**_installed_families(), CHART_FAMILY.casefold(): CHART_FAMILY}
    return tuple(installed[name.casefold()] for name in font_candidates(series)
                 if name.casefold() in installed)


def _rc(families: tuple[str, ...], layout: Layout) -> dict:
    return {
        # matplotlib takes each glyph from the first family that has it (FT2Font fallback).
        "font.family": list(families),
        # Pinned, or HarfBuzz would take the language from the process locale (zh-Hans: SC forms).
        "text.language": "zh-Hans",
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
def _style(families: tuple[str, ...], layout: Layout) -> Iterator[None]:
    """matplotlib's defaults plus ours, restored on exit: a user's matplotlibrc cannot leak in."""
    import matplotlib

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        rc = _rc(families, layout)
        if "text.language" not in matplotlib.rcParams:  # matplotlib < 3.11 does no shaping
            del rc["text.language"]
        matplotlib.rcParams.update(rc)
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
def _charmap(path: str, face_index: int) -> frozenset[int]:
    """The code points a font covers, read once per process (a CJK font's map takes ~5 ms)."""
    from matplotlib import font_manager

    font = font_manager.FontPath(path, face_index) if face_index else path  # FontPath: matplotlib ≥ 3.11
    return frozenset(font_manager.get_font(font).get_charmap())


def _font_charmap(family: str) -> frozenset[int]:
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=[family]), fallback_to_default=False)
    # A face of a collection (.ttc) is a FontPath, a str that also carries the face's index.
    return _charmap(str(path), getattr(path, "face_index", 0))


class MissingGlyph(RenderError):
    """A chart text has a character that no font in its list can draw."""


@functools.lru_cache(maxsize=1)
def refresh_font_list() -> bool:
    """Scan the installed fonts again, once per process; True when the list changed.

    matplotlib lists the installed fonts once and keeps the list on disk, so a font installed since
    (to draw a rare character) stays unseen until that file is deleted. This runs only when a
    character is missing, so a normal build never pays for the scan.
    """
    import matplotlib
    from matplotlib import font_manager

    manager = font_manager.fontManager
    fresh = font_manager.FontManager()
    # By file and family: each face of a collection (.ttc) is an entry of its own.
    known = {(e.fname, e.name) for e in manager.ttflist if e.name != CHART_FAMILY}
    if {(e.fname, e.name) for e in fresh.ttflist} == known:
        return False
    manager.ttflist, manager.afmlist = fresh.ttflist, fresh.afmlist
    cache = Path(matplotlib.get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json"
    try:
        font_manager.json_dump(fresh, cache)  # the next run starts from the fresh list
    except OSError:
        pass
    return True


def check_glyphs(fig, families: tuple[str, ...], spec: ChartSpec) -> None:
    """Refuse to draw a character none of the fonts has (matplotlib would draw an empty box)."""
    charmaps = [_font_charmap(family) for family in families]
    for text in figure_texts(fig):
        for char in text:
            if char not in _IGNORED_CHARS and not any(ord(char) in m for m in charmaps):
                raise MissingGlyph(
                    f"图{spec.number}“{spec.title}”中的文字“{text}”含有字符“{char}”"
                    f"（U+{ord(char):04X}），程序自带的图表字体和本机已安装的中文字体"
                    f"（已查找：{'、'.join(families)}）中都没有这个字。请修改文字，或在本机安装含有这个字的"
                    "中文字体，例如 Noto Sans CJK SC 或思源黑体（Source Han Sans SC），程序会自动用它"
                    "补上这个字；其他字体要在简报系列设置的 chart_fonts 中写明名称，图表的全部文字都会改用它。")


def _build(spec: ChartSpec, data: ChartData, layout: Layout, families: tuple[str, ...], *,
           reuse: bool = False):
    frame = _frame(data, layout)
    if reuse:
        fig = _kept_figure(*_pixels(frame))
        fig.clear()
    else:
        fig = _new_figure(*_pixels(frame))
    DRAWERS[data.kind](fig, data, frame)
    check_glyphs(fig, families, spec)
    return fig


def build_figure(spec: ChartSpec, issue: Issue):
    """The matplotlib Figure of one chart, before saving (tests read the plotted data from it)."""
    data = chart_data(spec, issue)
    layout = issue.series.layout
    families = chart_families(issue.series)
    with _style(families, layout):
        return _build(spec, data, layout, families)


def _draw(spec: ChartSpec, data: ChartData, layout: Layout,
          families: tuple[str, ...]) -> charts_cache.CachedImages:
    with _style(families, layout):
        fig = _build(spec, data, layout, families, reuse=True)
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
    return charts_cache.cache_key(data, issue.series.layout, font_candidates(issue.series),
                                  chart_font_sha256(), STYLE_VERSION)


def chart_keys(issue: Issue) -> list[str]:
    """The cache keys of the issue's charts, found without drawing (a build keeps these entries)."""
    return sorted({_cache_key(chart_data(spec, issue), issue) for spec in issue.charts})


def draw_charts(issue: Issue, *, cache_dir: Path | None = None) -> dict[int, RenderedChart]:
    """Every chart of the issue by its number, drawn or taken from cache_dir."""
    layout = issue.series.layout
    families: tuple[str, ...] | None = None
    charts: dict[int, RenderedChart] = {}
    for spec in issue.charts:
        if spec.number in charts:
            raise RenderError(f"本期有两张编号都是图{spec.number}的图表")
        data = chart_data(spec, issue)
        header, rows = data_table(data)
        key = _cache_key(data, issue)
        images = charts_cache.load(cache_dir, key) if cache_dir else None
        if images is None:
            families = families or chart_families(issue.series)
            try:
                images = _draw(spec, data, layout, families)
            except MissingGlyph:
                if not refresh_font_list():
                    raise
                families = chart_families(issue.series)  # with the fonts installed since
                images = _draw(spec, data, layout, families)
            if cache_dir:
                charts_cache.store(cache_dir, key, images)
        charts[spec.number] = RenderedChart(
            number=spec.number, caption=spec.caption, alt=alt_text(data), png=images.png,
            svg=images.svg, width_mm=images.width_mm, height_mm=images.height_mm,
            data_header=header, data_rows=rows)
    return charts
