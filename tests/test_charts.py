"""Charts: plotted data is the model's, alt text agrees, bytes are stable, a cache hit skips matplotlib."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import re
import struct
import subprocess
import sys
import textwrap
import warnings
from decimal import Decimal as D
from pathlib import Path

import pytest

from jianbao.charts import draw as charts
from jianbao.charts.alt import alt_text
from jianbao.charts.data import chart_data
from jianbao.charts.kinds import ROW_NAME_LABEL, TARGET_LABEL
from jianbao.errors import RenderError
from jianbao.model import ChartSpec, Period, PeriodFigure, TableFigure, ValueFigure

from model_fixtures import demo_figures, demo_issue, demo_series

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent


def spec(issue, number):
    return next(c for c in issue.charts if c.number == number)


def with_charts(*specs, figures=None, **series):
    """An issue whose only article holds the given charts."""
    issue = demo_issue()
    article = dataclasses.replace(issue.articles[0], blocks=tuple(specs))
    return dataclasses.replace(issue, articles=(article,), figures=figures or demo_figures(),
                               series=demo_series(**series))


def target_lines(ax):
    return [line for line in ax.get_lines() if line.get_label() == TARGET_LABEL]


@pytest.fixture(scope="module")
def issue():
    return demo_issue()


@pytest.fixture(scope="module")
def rendered(issue):
    return charts.draw_charts(issue)


# ---------------------------------------------------------------- plotted data = model figures

def test_progress_bars_are_the_figures_by_period(issue):
    fig = charts.build_figure(spec(issue, 1), issue)
    ax = fig.axes[0]
    by_period = {c.get_label(): [p.get_height() for p in c.patches] for c in ax.containers}
    assert by_period == {"2017年4月": [36, 18], "2017年8月": [73, 87]}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["校舍建设竣工率", "设备采购完成率"]
    (target,) = target_lines(ax)
    assert list(target.get_ydata()) == [70, 70]
    texts = {t.get_text() for t in ax.texts}
    assert {"36%", "73%", "18%", "87%", "目标70%"} <= texts


def test_trend_lines_are_the_figures(issue):
    ax = charts.build_figure(spec(issue, 4), issue).axes[0]
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()
             if not line.get_label().startswith("_")}
    assert lines == {"校舍建设竣工率": [36, 73], "设备采购完成率": [18, 87]}
    (target,) = target_lines(ax)
    assert list(target.get_ydata()) == [70, 70]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2017年4月", "2017年8月"]
    # Time is to scale: April to August is four months.
    x = next(line for line in ax.get_lines() if line.get_label() == "校舍建设竣工率").get_xdata()
    assert x[1] - x[0] == 4


def test_share_shows_part_of_whole(issue):
    ax = charts.build_figure(spec(issue, 2), issue).axes[0]
    widths = {c.get_label(): c.patches[0].get_width() for c in ax.containers}
    assert widths == {"_whole": pytest.approx(201.41), "_part": pytest.approx(162.72)}
    texts = {t.get_text() for t in ax.texts}
    assert {"80.79%", "累计落实资金：162.72亿元", "总量：201.41亿元"} <= texts


def test_ranking_sorted_with_below_target_hatched(issue):
    ax = charts.build_figure(spec(issue, 3), issue).axes[0]
    (bars,) = ax.containers
    top_down = sorted(bars.patches, key=lambda p: -p.get_y())
    assert [p.get_width() for p in top_down] == [95, 79, 68, 64]
    row_names = [t for t in ax.texts if t.get_label() == ROW_NAME_LABEL]
    names = [t.get_text() for t in sorted(row_names, key=lambda t: -t.xy[1])]
    assert names == ["乌鲁木齐市", "伊犁州", "喀什地区", "和田地区"]
    assert [bool(p.get_hatch()) for p in top_down] == [False, False, True, True]
    assert top_down[0].get_facecolor() != top_down[-1].get_facecolor()
    (target,) = target_lines(ax)
    assert list(target.get_xdata()) == [70, 70]


def test_ranking_can_sort_by_another_column(issue):
    data = chart_data(spec(issue, 3), issue, column=1)
    assert data.column == "采购完成率"
    assert [name for name, _ in data.rows] == ["乌鲁木齐市", "伊犁州", "喀什地区", "和田地区"]
    assert [v for _, v in data.rows] == [98, 90, 86, 81]


def ranking_of(names: list[str]):
    rows = tuple((name, (D(95 - 3 * i),)) for i, name in enumerate(names))
    figures = {"t": TableFigure(id="t", label="竣工率", unit="%", target=D(70), columns=("竣工率",),
                                rows=rows)}
    return with_charts(ChartSpec(1, "ranking", ("t",), "排名"), figures=figures)


def row_names(ax) -> list[str]:
    names = [t for t in ax.texts if t.get_label() == ROW_NAME_LABEL]
    return [t.get_text() for t in sorted(names, key=lambda t: -t.xy[1])]


def test_every_chart_fits_the_picture_cap(rendered, issue):
    # Issue #18: a chart that moves to the next page must not leave a third of the page empty.
    layout = issue.series.layout
    for chart in rendered.values():
        assert chart.width_mm <= layout.type_width_mm
        assert chart.height_mm <= layout.picture_max_height_mm


def test_a_long_ranking_continues_in_a_second_panel_on_the_same_scale():
    names = [f"{c}地区" for c in "甲乙丙丁戊己庚辛壬癸子丑寅卯"]
    issue = ranking_of(names)
    fig = charts.build_figure(issue.charts[0], issue)
    first, second = fig.axes
    assert [row_names(first), row_names(second)] == [names[:7], names[7:]]
    assert first.get_xlim() == second.get_xlim()
    assert len(target_lines(first)) == len(target_lines(second)) == 1
    assert charts.draw_charts(issue)[1].height_mm <= issue.series.layout.picture_max_height_mm


def test_a_ranking_whose_names_leave_no_room_for_two_panels_grows_instead():
    names = [f"克孜勒苏柯尔克孜自治州{c}县" for c in "甲乙丙丁戊己庚辛壬癸子丑寅卯"]
    issue = ranking_of(names)
    fig = charts.build_figure(issue.charts[0], issue)
    assert [row_names(ax) for ax in fig.axes] == [names]
    assert charts.draw_charts(issue)[1].height_mm > issue.series.layout.picture_max_height_mm


def test_trend_value_labels_stay_above_the_period_labels(issue):
    # 36 % and 18 % in April: the lower label goes under its point, and in a chart a third of a
    # page tall that is below the axes' foot unless the foot makes room.
    fig = charts.build_figure(spec(issue, 4), issue)
    fig.canvas.draw()
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text() in ("36%", "18%", "73%", "87%")]
    assert len(labels) == 4
    assert all(t.get_window_extent().y0 >= ax.get_window_extent().y0 for t in labels)


def test_no_title_inside_the_image(issue):
    for chart in issue.charts:
        fig = charts.build_figure(chart, issue)
        shown = charts.figure_texts(fig)
        assert not any(chart.title in s for s in shown)


# ---------------------------------------------------------------- fonts

@pytest.mark.parametrize("char, kind", [("\U0010FFFD", "progress"), ("\U00010300", "trend")])
def test_missing_glyph_is_an_error_naming_char_and_font(char, kind):
    # progress shows figure labels as axis labels, trend in its legend: both are checked.
    figures = demo_figures()
    figures["equipment"] = dataclasses.replace(figures["equipment"], label=f"设备{char}采购")
    issue = with_charts(ChartSpec(1, kind, ("construction", "equipment"), "进度"),
                        figures=figures)
    with pytest.raises(RenderError) as err:
        charts.draw_charts(issue)
    message = str(err.value)
    assert f"U+{ord(char):04X}" in message and charts.CHART_FAMILY in message and "图1“进度”" in message
    assert f"设备{char}采购" in message and "chart_fonts" in message


def test_series_fonts_come_first_then_the_bundled_font(monkeypatch):
    installed = {"noto sans cjk sc": "Noto Sans CJK SC", "my hei": "My Hei"}
    monkeypatch.setattr(charts, "_installed_families", lambda: installed)
    series = demo_series(chart_fonts=("Absent Font", "my hei"))
    assert charts.font_candidates(series)[:3] == ("Absent Font", "my hei", charts.CHART_FAMILY)
    assert charts.chart_families(series) == ("My Hei", charts.CHART_FAMILY, "Noto Sans CJK SC")
    assert charts.chart_families(demo_series()) == (charts.CHART_FAMILY, "Noto Sans CJK SC")
    monkeypatch.setattr(charts, "_installed_families", lambda: {})
    assert charts.chart_families(series) == (charts.CHART_FAMILY,)


# ---------------------------------------------------------------- alt text and data table

def test_alt_text_for_each_kind(rendered):
    assert rendered[1].alt == (
        "柱状图：校舍建设竣工率与设备采购完成率，2017年4月至2017年8月。"
        "最新值：校舍建设竣工率73%，设备采购完成率87%。目标70%，均已达到。")
    assert rendered[2].alt == "条形图：累计落实资金162.72亿元，占总量201.41亿元的80.79%。"
    assert rendered[3].alt == (
        "条形图：各地州市进度（竣工率），按竣工率从高到低排列：乌鲁木齐市95%，伊犁州79%，"
        "喀什地区68%，和田地区64%。目标70%，喀什地区、和田地区未达到。")
    assert rendered[4].alt == (
        "折线图：校舍建设竣工率与设备采购完成率，2017年4月至2017年8月。"
        "校舍建设竣工率由36%升至73%，设备采购完成率由18%升至87%。目标70%，均已达到。")


def test_alt_text_names_what_falls_short():
    figures = demo_figures()
    figures["construction"] = dataclasses.replace(
        figures["construction"], values=((Period(2017, 4), D(36)), (Period(2017, 8), D("65.5"))))
    issue = with_charts(ChartSpec(1, "progress", ("construction", "equipment"), "进度"),
                        figures=figures)
    alt = alt_text(chart_data(issue.charts[0], issue))
    assert alt.endswith("校舍建设竣工率65.5%，设备采购完成率87%。目标70%，校舍建设竣工率未达到。")


def test_alt_text_of_a_long_ranking_names_the_ends_and_all_below_target():
    rows = tuple((f"{n}地区", (D(100 - 5 * i),)) for i, n in enumerate("甲乙丙丁戊己庚辛壬癸"))
    figures = {"t": TableFigure(id="t", label="竣工率", unit="%", target=D(70), columns=("竣工率",),
                                rows=rows)}
    issue = with_charts(ChartSpec(1, "ranking", ("t",), "排名"), figures=figures)
    alt = alt_text(chart_data(issue.charts[0], issue))
    assert "共10个地区" in alt and "最高为甲地区100%，最低为癸地区55%" in alt
    assert alt.endswith("目标70%，辛地区、壬地区、癸地区未达到。")


def test_data_tables(rendered):
    assert rendered[1].data_header == ("指标", "2017年4月", "2017年8月", "目标")
    assert rendered[1].data_rows == (("校舍建设竣工率", "36%", "73%", "70%"),
                                     ("设备采购完成率", "18%", "87%", "70%"))
    assert rendered[2].data_rows == (("累计落实资金", "162.72亿元", "201.41亿元", "80.79%"),)
    assert rendered[3].data_header == ("地区", "竣工率", "是否达到目标70%")
    assert rendered[3].data_rows[-1] == ("和田地区", "64%", "未达到")
    assert rendered[4].caption == "图4 进度变化趋势"


def test_periods_missing_in_one_figure_show_as_dash():
    figures = demo_figures()
    figures["equipment"] = dataclasses.replace(
        figures["equipment"], values=((Period(2017, 6), D(50)), (Period(2017, 8), D(87))))
    issue = with_charts(ChartSpec(1, "trend", ("construction", "equipment"), "趋势"),
                        figures=figures)
    chart = charts.draw_charts(issue)[1]
    assert chart.data_header == ("指标", "2017年4月", "2017年6月", "2017年8月", "目标")
    assert chart.data_rows[1] == ("设备采购完成率", "—", "50%", "87%", "70%")


@pytest.mark.parametrize("kind, figs, words", [
    ("share", ("construction",), "单个数值"),
    ("progress", ("funds",), "按期数值"),
    ("ranking", ("funds",), "表格数字"),
    ("pie", ("funds",), "不支持的图表类型"),
    ("share", ("nowhere",), "没有定义"),
])
def test_kind_and_figures_must_fit(kind, figs, words):
    issue = with_charts(ChartSpec(1, kind, figs, "错配"))
    with pytest.raises(RenderError, match=words):
        charts.draw_charts(issue)


def test_units_must_agree_on_one_axis():
    figures = demo_figures()
    figures["money"] = PeriodFigure(id="money", label="资金", unit="亿元",
                                    values=((Period(2017, 8), D(3)),))
    issue = with_charts(ChartSpec(1, "progress", ("construction", "money"), "混合"), figures=figures)
    with pytest.raises(RenderError, match="单位不一致"):
        charts.draw_charts(issue)


# ---------------------------------------------------------------- files: size, dpi, determinism

def png_chunks(data: bytes) -> dict[bytes, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = {}, 8
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        chunks.setdefault(kind, data[pos + 8:pos + 8 + length])
        pos += 12 + length
    return chunks


def test_png_is_300_dpi_and_type_area_wide(rendered, issue):
    for chart in rendered.values():
        chunks = png_chunks(chart.png)
        width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
        x_ppm, y_ppm, unit = struct.unpack(">IIB", chunks[b"pHYs"])
        assert unit == 1 and round(x_ppm * 0.0254) == round(y_ppm * 0.0254) == 300
        assert chart.width_mm == issue.series.layout.chart_width_mm == 156
        assert width == round(156 / 25.4 * 300)
        assert height == round(chart.height_mm / 25.4 * 300)
        assert b"matplotlib" not in chart.png and b"tIME" not in chunks


def decoded(png: bytes):
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return image.mode, np.asarray(image.convert("RGB"), dtype=int)


def canvas_pixels(issue, number):
    """The chart's RGB pixels straight from the Agg canvas, before any palette."""
    import numpy as np

    fig = charts.build_figure(spec(issue, number), issue)
    with charts._style(charts.chart_families(issue.series), issue.series.layout):
        fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[:, :, :3].astype(int)


def test_png_is_palette_mode_and_looks_like_the_canvas(rendered, issue):
    import numpy as np

    from jianbao.charts.kinds import LIGHT, RED

    for number, chart in rendered.items():
        mode, pixels = decoded(chart.png)
        assert mode == "P" and png_chunks(chart.png)[b"IHDR"][9] == 3  # colour type 3: palette
        canvas = canvas_pixels(issue, number)
        assert pixels.shape == canvas.shape
        diff = np.abs(pixels - canvas).max(axis=2)
        # Only rare anti-aliasing blends move, and by little: nothing an eye could tell.
        assert diff.max() <= 24 and np.count_nonzero(diff) <= 0.005 * diff.size
        # The flat colours stay exact, so a greyscale print shows the tones the palette was chosen for.
        flat = [tuple(int(h[i:i + 2], 16) for i in (1, 3, 5)) for h in ("#FFFFFF", RED, LIGHT)]
        for colour in flat:
            where = (canvas == colour).all(axis=2)
            assert (pixels[where] == colour).all()


def test_palette_keeps_exact_colours_when_few_and_is_deterministic():
    import numpy as np

    from jianbao.charts import png as charts_png

    rng = np.random.default_rng(7)
    few = rng.integers(0, 256, (40, 3), dtype=np.uint8)[rng.integers(0, 40, (60, 50))]
    rgba = np.dstack([few, np.full(few.shape[:2], 255, np.uint8)])
    image = charts_png.palette_image(rgba)
    assert (np.asarray(image.convert("RGB")) == few).all()
    many = rng.integers(0, 256, (60, 50, 4), dtype=np.uint8)  # 3000 colours: some must merge
    assert charts_png.encode_png(many, 300) == charts_png.encode_png(many.copy(), 300)
    merged = np.asarray(charts_png.palette_image(many).convert("RGB"))
    assert len(np.unique(merged.reshape(-1, 3), axis=0)) <= 256


def test_svg_has_no_date_and_the_same_size(rendered):
    for chart in rendered.values():
        svg = chart.svg.decode("utf-8")
        assert "<dc:date>" not in svg and "Matplotlib" not in svg
        width_pt = float(re.search(r'<svg[^>]* width="([0-9.]+)pt"', svg).group(1))
        height_pt = float(re.search(r'<svg[^>]* height="([0-9.]+)pt"', svg).group(1))
        assert width_pt / 72 * 25.4 == pytest.approx(chart.width_mm, abs=0.1)
        assert height_pt / 72 * 25.4 == pytest.approx(chart.height_mm, abs=0.1)


def test_same_input_same_bytes(issue, rendered):
    again = charts.draw_charts(issue)
    for number, chart in rendered.items():
        assert again[number].png == chart.png
        assert again[number].svg == chart.svg


def test_a_cleared_figure_draws_what_a_new_one_draws(issue, rendered, monkeypatch):
    # Charts of one pixel size share a figure that is cleared before each (charts._kept_figure).
    backwards = charts.draw_charts(with_charts(*reversed(issue.charts)))
    monkeypatch.setattr(charts, "_kept_figure", charts._new_figure)
    fresh = charts.draw_charts(issue)
    assert len({(c.width_mm, c.height_mm) for c in fresh.values()}) < len(fresh), "no two share a size"
    for number, chart in fresh.items():
        assert rendered[number].png == chart.png and backwards[number].png == chart.png
        assert rendered[number].svg == chart.svg and backwards[number].svg == chart.svg


SUBPROCESS_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)]),
                  "PYTHONHASHSEED": "random"}


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=SUBPROCESS_ENV, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def digests(rendered) -> dict:
    return {str(n): [hashlib.sha256(c.png).hexdigest(), hashlib.sha256(c.svg).hexdigest()]
            for n, c in rendered.items()}


def test_fresh_process_draws_the_same_bytes(rendered):
    out = run_python("""
        import hashlib, json
        from jianbao.charts.draw import draw_charts
        from model_fixtures import demo_issue
        charts = draw_charts(demo_issue())
        print(json.dumps({str(n): [hashlib.sha256(c.png).hexdigest(), hashlib.sha256(c.svg).hexdigest()]
                          for n, c in charts.items()}))
    """)
    assert json.loads(out) == digests(rendered)


# ---------------------------------------------------------------- cache

def test_cache_hit_needs_no_matplotlib(tmp_path, rendered):
    warm = charts.draw_charts(demo_issue(), cache_dir=tmp_path)
    assert warm == rendered
    assert len(list(tmp_path.glob("*.png"))) == len(list(tmp_path.glob("*.json"))) == 4
    out = run_python(f"""
        import hashlib, json, sys
        from pathlib import Path
        from jianbao.charts.draw import draw_charts
        from model_fixtures import demo_issue
        charts = draw_charts(demo_issue(), cache_dir=Path({str(tmp_path)!r}))
        assert "matplotlib" not in sys.modules, "matplotlib was imported on a cache hit"
        print(json.dumps({{str(n): [hashlib.sha256(c.png).hexdigest(), hashlib.sha256(c.svg).hexdigest()]
                          for n, c in charts.items()}}))
    """)
    assert json.loads(out) == digests(rendered)


def test_cache_misses_when_data_changes_and_ignores_damage(tmp_path, rendered):
    charts.draw_charts(demo_issue(), cache_dir=tmp_path)
    figures = demo_figures()
    figures["funds"] = ValueFigure(id="funds", label="累计落实资金", unit="亿元",
                                   value=D("170.00"), of=D("201.41"))
    changed = charts.draw_charts(demo_issue(figures=figures), cache_dir=tmp_path)
    assert changed[2].png != rendered[2].png and changed[1].png == rendered[1].png
    assert len(list(tmp_path.glob("*.json"))) == 5
    for png in tmp_path.glob("*.png"):
        png.write_bytes(b"damaged")
    again = charts.draw_charts(demo_issue(), cache_dir=tmp_path)
    assert again == rendered


def test_title_change_reuses_the_cached_image(tmp_path):
    issue = with_charts(ChartSpec(1, "share", ("funds",), "资金落实情况"))
    first = charts.draw_charts(issue, cache_dir=tmp_path)[1]
    retitled = with_charts(ChartSpec(5, "share", ("funds",), "资金到位"))
    second = charts.draw_charts(retitled, cache_dir=tmp_path)[5]
    assert second.png == first.png and second.caption == "图5 资金到位"
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_chart_modules_do_not_import_matplotlib_at_module_level():
    run_python("""
        import sys
        import jianbao.charts.alt, jianbao.charts.cache, jianbao.charts.data, jianbao.charts.draw
        import jianbao.charts.kinds, jianbao.charts.png
        assert "matplotlib" not in sys.modules
    """)


def test_awkward_data_draws_without_matplotlib_warnings():
    months = tuple((Period(2016 + m // 12, m % 12 + 1), D(m - 8)) for m in range(24))
    figures = {
        "growth": PeriodFigure(id="growth", label="增长率", unit="%", values=months),
        "zero": PeriodFigure(id="zero", label="零值", unit="", values=((Period(2017, 1), D(0)),)),
        "speed": TableFigure(id="speed", label="增速", unit="%", columns=("增速",), rows=(
            ("甲市", (D("-3.5"),)), ("乙市", (D("2.25"),)), ("丙市", (D(12),)))),
        "over": ValueFigure(id="over", label="完成", unit="个", value=D(120), of=D(100)),
    }
    issue = with_charts(ChartSpec(1, "trend", ("growth",), "a"), ChartSpec(2, "progress", ("zero",), "b"),
                        ChartSpec(3, "ranking", ("speed",), "c"), ChartSpec(4, "share", ("over",), "d"),
                        figures=figures)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        drawn = charts.draw_charts(issue)
    assert drawn[3].data_rows[-1] == ("甲市", "-3.5%")
    assert drawn[4].alt == "条形图：完成120个，占总量100个的120.00%。"
    labels = [t.get_text() for t in charts.build_figure(issue.charts[0], issue).axes[0].get_xticklabels()]
    assert labels[0] == "2016年\n1月" and "" in labels  # shortened and thinned, not overlapping


def test_internal_article_charts_are_drawn_too():
    issue = demo_issue()
    internal = dataclasses.replace(issue.articles[1], blocks=(
        ChartSpec(5, "share", ("funds",), "内部资金"),))
    issue = dataclasses.replace(issue, articles=(issue.articles[0], internal))
    assert sorted(charts.draw_charts(issue)) == [1, 2, 3, 4, 5]


def test_two_charts_with_one_number_are_refused():
    issue = with_charts(ChartSpec(1, "share", ("funds",), "甲"), ChartSpec(1, "share", ("funds",), "乙"))
    with pytest.raises(RenderError, match="图1"):
        charts.draw_charts(issue)


def test_font_charmap_is_read_once_per_font_file(issue):
    charts.draw_charts(issue)
    before = charts._charmap.cache_info()
    charts.draw_charts(issue)
    after = charts._charmap.cache_info()
    assert after.misses == before.misses and after.hits > before.hits
