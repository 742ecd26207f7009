"""The bundled chart font: shipped with its licence, made reproducibly by its script, and the only
thing the charts' bytes depend on, whatever fonts the machine has; installed fonts only add the
characters it lacks."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jianbao.charts import draw as charts
from jianbao.errors import RenderError
from jianbao.model import ChartSpec

from model_fixtures import demo_figures, demo_issue, demo_series

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
FONT_DIR = ROOT / "jianbao" / "fonts"
RARE = "镕"  # U+9555, as in 朱镕基: not in GB 2312, so not in the bundled font


def load_script():
    spec = importlib.util.spec_from_file_location("make_chart_font", ROOT / "scripts" / "make_chart_font.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def digests(rendered) -> dict:
    return {str(n): [hashlib.sha256(c.png).hexdigest(), hashlib.sha256(c.svg).hexdigest()]
            for n, c in rendered.items()}


def glyph_fonts(svg: bytes) -> set[str]:
    """The PostScript names of the fonts whose glyph outlines an SVG chart carries."""
    return {m.rsplit("-", 1)[0] for m in re.findall(rb'<path id="([A-Za-z0-9-]+-[0-9a-f]+)"', svg)
            for m in [m.decode()]}


def with_label(label: str, **series):
    figures = demo_figures()
    figures["equipment"] = dataclasses.replace(figures["equipment"], label=label)
    issue = demo_issue(figures=figures)
    article = dataclasses.replace(issue.articles[0], blocks=(
        ChartSpec(1, "progress", ("construction", "equipment"), "进度"),))
    return dataclasses.replace(issue, articles=(article,), series=demo_series(**series))


@pytest.fixture(scope="module")
def rendered():
    return charts.draw_charts(demo_issue())


@pytest.fixture
def no_installed_fonts(monkeypatch):
    """matplotlib knows only the fonts it ships (DejaVu), as on a machine without any Chinese font."""
    import matplotlib
    from matplotlib import font_manager

    own = Path(matplotlib.get_data_path()).resolve()
    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist",
                        [e for e in manager.ttflist if own in Path(e.fname).resolve().parents])
    monkeypatch.setattr(charts, "refresh_font_list", lambda: False)  # a new scan finds none either
    manager._findfont_cached.cache_clear()
    yield
    manager._findfont_cached.cache_clear()


# ---------------------------------------------------------------- the font file and its licence

def test_font_ships_with_its_licence_and_readme():
    script = load_script()
    licence = (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Reserved Font Name 'Source'" in licence
    readme = (FONT_DIR / "README.md").read_text(encoding="utf-8")
    assert script.UPSTREAM_SHA256 in readme and f"fontTools {script.FONTTOOLS_VERSION}" in readme
    assert "scripts/make_chart_font.py" in readme
    assert charts.CHART_FONT.parent == FONT_DIR and charts.CHART_FONT.stat().st_size < 3_000_000


def test_font_is_renamed_and_covers_gb2312_and_chart_signs():
    from fontTools.ttLib import TTFont

    script = load_script()
    font = TTFont(charts.CHART_FONT)
    names = {i: font["name"].getDebugName(i) for i in (1, 4, 6)}
    assert names[1] == charts.CHART_FAMILY == script.FAMILY
    # The OFL forbids a Modified Version the Reserved Font Name; "Noto" is a trademark.
    assert not any(word in name for name in names.values() for word in ("Source", "Noto"))
    assert "Open Font License" in font["name"].getDebugName(13) and "Adobe" in font["name"].getDebugName(0)
    cmap = set(font.getBestCmap())
    assert len(script.gb2312()) == 7445 and script.gb2312() <= cmap
    assert {ord(c) for c in script.REQUIRED} <= cmap
    assert ord(RARE) not in cmap


def test_script_makes_the_shipped_font_byte_for_byte():
    import fontTools

    script = load_script()
    if not script.UPSTREAM.exists():
        pytest.skip(f"upstream font {script.UPSTREAM} not installed (Debian: fonts-noto-cjk)")
    if script.sha256(script.UPSTREAM) != script.UPSTREAM_SHA256:
        pytest.skip(f"{script.UPSTREAM} is another build than the one the shipped font was made from")
    if fontTools.version != script.FONTTOOLS_VERSION:
        pytest.skip(f"fontTools {fontTools.version}; the shipped font was made with {script.FONTTOOLS_VERSION}")
    assert script.build_font() == charts.CHART_FONT.read_bytes(), \
        "the shipped font is not what scripts/make_chart_font.py makes: regenerate it (fonts/README.md)"


# ---------------------------------------------------------------- same bytes on every machine

def test_same_bytes_with_no_installed_font_and_no_font_cache(tmp_path, rendered):
    # A fresh process whose matplotlib sees no system font and has no font cache on disk draws the
    # same bytes as this process, which sees every font installed here.
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)]),
           "MPLCONFIGDIR": str(tmp_path / "mplconfig"), "FONTCONFIG_FILE": str(config),
           "MPL_IGNORE_SYSTEM_FONTS": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code = textwrap.dedent("""
        import hashlib, json, os
        from pathlib import Path
        import matplotlib
        from matplotlib import font_manager
        # The font list was built without system fonts (MPL_IGNORE_SYSTEM_FONTS, matplotlib >= 3.11);
        # the variable is dropped now because it would also hide fonts added by path.
        del os.environ["MPL_IGNORE_SYSTEM_FONTS"]
        own = Path(matplotlib.get_data_path()).resolve()
        font_manager.fontManager.ttflist = [  # the same on older matplotlib
            e for e in font_manager.fontManager.ttflist if own in Path(e.fname).resolve().parents]
        font_manager.fontManager._findfont_cached.cache_clear()
        from jianbao.charts import draw as charts
        from model_fixtures import demo_issue
        drawn = charts.draw_charts(demo_issue())
        print(json.dumps({
            "families": charts.chart_families(demo_issue().series),
            "files": sorted({str(Path(e.fname).resolve().relative_to(own))
                             if own in Path(e.fname).resolve().parents else e.fname
                             for e in font_manager.fontManager.ttflist}),
            "digests": {str(n): [hashlib.sha256(c.png).hexdigest(), hashlib.sha256(c.svg).hexdigest()]
                        for n, c in drawn.items()}}))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["families"] == [charts.CHART_FAMILY]
    # matplotlib knew its own fonts (relative to its data folder) and the bundled one, no other.
    assert [f for f in out["files"] if Path(f).is_absolute()] == [str(charts.CHART_FONT)]
    assert out["digests"] == digests(rendered)
    for chart in rendered.values():
        assert glyph_fonts(chart.svg) == {"JianbaoChartSans-Regular"}


def test_no_installed_font_draws_the_same_charts(no_installed_fonts, rendered):
    assert charts.chart_families(demo_issue().series) == (charts.CHART_FAMILY,)
    assert digests(charts.draw_charts(demo_issue())) == digests(rendered)


# ---------------------------------------------------------------- characters outside the font

def test_rare_character_without_an_installed_font_is_an_error(no_installed_fonts):
    with pytest.raises(RenderError) as err:
        charts.draw_charts(with_label(f"设备{RARE}采购"))
    message = str(err.value)
    assert "图1“进度”" in message and f"文字“设备{RARE}采购”" in message
    assert f"字符“{RARE}”（U+9555）" in message and charts.CHART_FAMILY in message
    assert "chart_fonts" in message


def test_rare_character_is_drawn_from_an_installed_font():
    families = charts.chart_families(demo_series())
    having = [f for f in families[1:] if ord(RARE) in charts._font_charmap(f)]
    if not having:
        pytest.skip(f"no installed fallback font ({', '.join(charts.DEFAULT_FONTS)}) has {RARE}")
    chart = charts.draw_charts(with_label(f"设备{RARE}采购"))[1]
    used = glyph_fonts(chart.svg)
    assert "JianbaoChartSans-Regular" in used and len(used) == 2
    assert not any("LastResort" in name for name in used)


def test_a_font_installed_after_matplotlib_listed_the_fonts_is_found_when_a_character_is_missing(
        monkeypatch, tmp_path):
    import matplotlib
    from matplotlib import font_manager

    manager = font_manager.fontManager
    having = [e for e in manager.ttflist if e.name in charts.DEFAULT_FONTS
              and ord(RARE) in charts._charmap(e.fname, 0)]
    if not having:
        pytest.skip(f"no installed font ({', '.join(charts.DEFAULT_FONTS)}) has {RARE}")
    # The list matplotlib cached before the font was installed: without it.
    monkeypatch.setattr(manager, "ttflist", [e for e in manager.ttflist if e not in having])
    monkeypatch.setattr(matplotlib, "get_cachedir", lambda: str(tmp_path))
    charts.refresh_font_list.cache_clear()
    try:
        chart = charts.draw_charts(with_label(f"设备{RARE}采购"))[1]
    finally:
        charts.refresh_font_list.cache_clear()
    assert len(glyph_fonts(chart.svg)) == 2  # the bundled font and the one found by the new scan
    cached = json.loads(next(tmp_path.glob("fontlist-*.json")).read_text(encoding="utf-8"))
    assert {e["fname"] for e in cached["ttflist"]} >= {e.fname for e in having}


def test_series_chart_fonts_come_before_the_bundled_font():
    charts.chart_families(demo_series())
    if "ar pl ukai cn" not in charts._installed_families():
        pytest.skip("AR PL UKai CN is not installed (Debian: fonts-arphic-ukai)")
    chart = charts.draw_charts(with_label("设备采购完成率", chart_fonts=("AR PL UKai CN",)))[1]
    default = charts.draw_charts(with_label("设备采购完成率"))[1]
    assert glyph_fonts(chart.svg) == {"UKaiCN"} and chart.png != default.png


def test_an_installed_font_of_the_same_name_cannot_stand_in(monkeypatch):
    from matplotlib import font_manager

    manager = font_manager.fontManager
    charts.chart_families(demo_series())
    dejavu = next(e for e in manager.ttflist if e.name == "DejaVu Sans")
    impostor = dataclasses.replace(dejavu, name=charts.CHART_FAMILY)
    monkeypatch.setattr(manager, "ttflist", [impostor, *manager.ttflist])
    manager._findfont_cached.cache_clear()
    try:
        charts.chart_families(demo_series())
        found = font_manager.findfont(font_manager.FontProperties(family=[charts.CHART_FAMILY]))
        assert Path(found) == charts.CHART_FONT
    finally:
        manager._findfont_cached.cache_clear()


def test_matplotlib_ignoring_added_fonts_is_a_render_error(monkeypatch):
    from matplotlib import font_manager

    monkeypatch.setenv("MPL_IGNORE_SYSTEM_FONTS", "1")  # matplotlib 3.11 then ignores addfont too
    font_manager.fontManager._findfont_cached.cache_clear()
    try:
        with pytest.raises(RenderError, match="没有使用程序自带的图表字体.*MPL_IGNORE_SYSTEM_FONTS"):
            charts.chart_families(demo_series())
    finally:
        monkeypatch.delenv("MPL_IGNORE_SYSTEM_FONTS")
        font_manager.fontManager._findfont_cached.cache_clear()
    assert charts.chart_families(demo_series())[0] == charts.CHART_FAMILY


def test_a_stale_font_list_is_rebuilt_before_drawing_not_during(monkeypatch, rendered):
    # matplotlib rebuilds its font list when a listed font file is gone (uninstalled since it was
    # cached), and the rebuilt list lacks the font added by path. That must happen before drawing.
    import copy

    from matplotlib import font_manager

    manager = font_manager.fontManager
    charts.chart_families(demo_series())
    dejavu = next(e for e in manager.ttflist if e.name == "DejaVu Sans")
    ghost = dataclasses.replace(dejavu, name=charts.DEFAULT_FONTS[-1], fname="/nonexistent/ghost.ttc")
    scanned = [e for e in manager.ttflist if e.name != charts.CHART_FAMILY]

    def rebuilt(try_read_cache=True):
        fresh = copy.copy(manager)
        fresh.ttflist = list(scanned)
        # Texts of a size not looked up before the rebuild find the new list: make that all texts.
        manager._findfont_cached.cache_clear()
        return fresh

    monkeypatch.setattr(font_manager, "_load_fontmanager", rebuilt)
    monkeypatch.setattr(manager, "ttflist", [ghost, *manager.ttflist])
    manager._findfont_cached.cache_clear()
    try:
        assert digests(charts.draw_charts(demo_issue())) == digests(rendered)
        assert ghost not in manager.ttflist
    finally:
        manager._findfont_cached.cache_clear()


# ---------------------------------------------------------------- cache key, missing file

def test_cache_key_follows_the_font_file(monkeypatch):
    assert charts.chart_font_sha256() == hashlib.sha256(charts.CHART_FONT.read_bytes()).hexdigest()
    before = charts.chart_keys(demo_issue())
    monkeypatch.setattr(charts, "chart_font_sha256", lambda: "0" * 64)
    assert set(charts.chart_keys(demo_issue())).isdisjoint(before)


def test_a_missing_font_file_is_a_render_error(monkeypatch, tmp_path):
    monkeypatch.setattr(charts, "CHART_FONT", tmp_path / "JianbaoChartSans-Regular.otf")
    charts.chart_font_sha256.cache_clear()
    try:
        with pytest.raises(RenderError, match="找不到图表字体.*请重新安装"):
            charts.draw_charts(demo_issue())
    finally:
        charts.chart_font_sha256.cache_clear()
