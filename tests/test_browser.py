"""The HTML briefing in a real browser (Debian's Chromium through Playwright): style, phone, print, axe."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jianbao.chinese import headline_lines
from jianbao.model import PUBLIC, Article, Paragraph, Table, Text
from jianbao.render.html.bulletin import render_html

from html_fakes import fake_chart, fake_charts
from model_fixtures import demo_issue

pytestmark = pytest.mark.browser


# Installed by scripts/setup-tests.sh: npm install --prefix tests/.axe axe-core@4
AXE = Path(__file__).parent / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """() => axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""


def write(issue, folder: Path, single_file: bool, charts=None) -> Path:
    charts = fake_charts(issue) if charts is None else charts
    for art in render_html(issue, charts, single_file=single_file):
        (folder / art.path).parent.mkdir(parents=True, exist_ok=True)
        (folder / art.path).write_bytes(art.data)
    return folder / ("index.html" if not single_file else f"{issue.file_stem}.html")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("html")
    issue = demo_issue()
    return {"linked": write(issue, root / "linked", False),
            "single": write(issue, root / "single", True)}


def open_page(browser, path: Path, width=1280, height=900, **context):
    ctx = browser.new_context(viewport={"width": width, "height": height}, **context)
    page, problems = visit(ctx, path)
    return ctx, page, problems


def visit(ctx, path: Path):
    """Open path in a new tab of ctx, collecting console errors, warnings and failed requests."""
    page = ctx.new_page()
    problems = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"requestfailed: {r.url}"))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems


def style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).getPropertyValue('{prop}')")


@pytest.mark.parametrize("form", ["linked", "single"])
def test_official_typography_and_no_console_errors(browser, pages, form):
    ctx, page, problems = open_page(browser, pages[form])
    try:
        assert style(page, ".masthead-title", "color") == "rgb(255, 0, 0)"
        assert style(page, ".program", "color") == "rgb(255, 0, 0)"
        assert style(page, ".issuer-line", "border-bottom-color") == "rgb(255, 0, 0)"
        body_p = "article > p:not(.highlight)"
        assert style(page, body_p, "font-size") == "21.3333px"  # 16 pt
        assert float(style(page, body_p, "line-height")[:-2]) == pytest.approx(38.6, abs=0.01)
        assert float(style(page, body_p, "text-indent")[:-2]) == pytest.approx(42.67, abs=0.01)
        assert float(style(page, body_p, "letter-spacing")[:-2]) == pytest.approx(-0.333, abs=0.01)
        assert style(page, body_p, "text-align") == "justify"
        assert style(page, body_p, "font-family").startswith('"JB Latin", 仿宋_GB2312')
        assert style(page, ".h-l1", "font-family").startswith('"JB Latin", 黑体')
        assert style(page, ".h-l2 > h4", "font-family").startswith('"JB Latin", 楷体_GB2312')
        assert style(page, ".masthead-title", "font-size") == "56px"  # 42 pt
        assert style(page, ".headline", "font-size") == "29.3333px"  # 22 pt
        assert style(page, "figure.chart", "break-inside") == "avoid"
        # 图 N below its picture, 表 N above its table.
        fig = page.eval_on_selector("#figure-1", """f => [
            f.querySelector('.chart-media').getBoundingClientRect().bottom,
            f.querySelector('figcaption').getBoundingClientRect().top]""")
        assert fig[0] <= fig[1]
        tab = page.eval_on_selector(".data-table", """t => [
            t.querySelector('caption').getBoundingClientRect().bottom,
            t.querySelector('thead').getBoundingClientRect().top]""")
        assert tab[0] <= tab[1]
        shown = page.eval_on_selector_all(".chart-media img, .chart-media svg",
                                          "els => els.map(e => e.getBoundingClientRect().width)")
        assert len(shown) == 4 and all(w > 100 for w in shown)
        assert problems == []
    finally:
        ctx.close()


@pytest.mark.parametrize("form", ["linked", "single"])
def test_phone_width_has_no_horizontal_scrolling(browser, pages, form):
    ctx, page, problems = open_page(browser, pages[form], width=375, height=800)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        widths = page.eval_on_selector_all(".chart-media img, .chart-media svg",
                                           "els => els.map(e => e.getBoundingClientRect().right)")
        assert widths and max(widths) <= 375
        assert problems == []
    finally:
        ctx.close()


def test_wide_tables_and_long_words_stay_inside_a_phone_screen(browser, tmp_path):
    issue = demo_issue()
    wide = Table(9, "各县（市、区）分月进度", tuple(f"2017年{m}月完成率" for m in range(1, 13)),
                 (tuple(f"{m}%" for m in range(12)),))
    long_word = Paragraph((Text("https://example.org/" + "a" * 120),))
    article = issue.articles[1]
    article = type(article)(article.title, article.release, (), article.blocks + (wide, long_word))
    issue = demo_issue(articles=(issue.articles[0], article))
    months = tuple(f"2017年{m}月" for m in range(1, 13))
    charts = {n: fake_chart(n, c.caption, data_header=("指标",) + months,
                            data_rows=(("校舍建设竣工率",) + tuple(f"{m}%" for m in range(12)),))
              for n, c in fake_charts(issue).items()}
    path = write(issue, tmp_path, True, charts)
    ctx, page, _ = open_page(browser, path, width=375, height=800)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        box = page.eval_on_selector("[aria-labelledby=table-9]", "b => [b.scrollWidth, b.clientWidth]")
        assert box[0] > box[1]  # the table scrolls, the page does not
    finally:
        ctx.close()


HEADLINES = (
    "全力攻坚 关于进一步加强农村义务教育薄弱学校改造工作资金监管的通知",  # a phrase cut in two
    "2017年上半年全区“全面改薄”工程完工率达到85.6% 设备到位率达到90.2%",  # figures and quotes
    "2017年全区义务教育均衡发展推进会胜利召开",  # exactly 20 em: one full line
)
LINE_BOXES = """h => { const r = document.createRange(); r.selectNodeContents(h);
    return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"""


def test_headline_shows_the_lines_of_word_on_a_desktop_and_wraps_inside_a_phone(browser, tmp_path):
    articles = tuple(Article(title, PUBLIC, (), (Paragraph((Text("正文。"),)),)) for title in HEADLINES)
    path = write(demo_issue(articles=articles, note=()), tmp_path, True)
    ctx, page, _ = open_page(browser, path, width=1280)
    try:
        shown = page.eval_on_selector_all("h2.headline", f"hs => hs.map({LINE_BOXES})")
        assert shown == [len(headline_lines(title, 20)) for title in HEADLINES] == [2, 2, 1]
    finally:
        ctx.close()
    ctx, page, _ = open_page(browser, path, width=375, height=800)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        rights = page.eval_on_selector_all("h2.headline", "hs => hs.map(h => h.getBoundingClientRect().right)")
        assert rights and max(rights) <= 375
    finally:
        ctx.close()


def test_csp_blocks_scripts_that_slip_into_the_page(browser, pages, tmp_path):
    html = pages["single"].read_text(encoding="utf-8")
    planted = tmp_path / "planted.html"
    planted.write_text(html.replace("</main>", "<script>document.title='pwned'</script></main>"),
                       encoding="utf-8")
    ctx, page, problems = open_page(browser, planted)
    try:
        assert page.title() != "pwned"
        assert any("Content Security Policy" in p for p in problems)
    finally:
        ctx.close()


def test_print_gives_a4_pages_with_page_numbers(browser, pages, tmp_path):
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) missing")
    ctx, page, _ = open_page(browser, pages["linked"])
    try:
        pdf = tmp_path / "issue.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        ctx.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", info)
    assert size, info
    assert float(size[1]) == pytest.approx(595.28, abs=1) and float(size[2]) == pytest.approx(841.89, abs=1)
    assert int(re.search(r"Pages:\s+(\d+)", info)[1]) >= 2
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*2\s*—", text)
    assert "工作简报" in text and "共印60份" in text


def test_print_breaks_a_long_table_repeating_its_header(browser, tmp_path):
    # Issue #18: a table taller than a third of the page breaks instead of moving whole.
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) missing")
    base = demo_issue()
    table = Table(1, "各县进度", ("县名", "完成率"), tuple((f"第{i}县", f"{i}%") for i in range(1, 41)))
    article = dataclasses.replace(base.articles[0], blocks=(Paragraph((Text("各县进度如下。"),)), table))
    path = write(dataclasses.replace(base, articles=(article,)), tmp_path, False)
    ctx, page, _ = open_page(browser, path)
    try:
        pdf = tmp_path / "issue.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        ctx.close()
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    pages = [re.sub(r"\s+", "", subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                                capture_output=True, text=True, check=True).stdout)
             for n in range(1, count + 1)]
    with_rows = [text for text in pages if re.search(r"第\d+县", text)]
    assert len(with_rows) >= 2
    assert all("县名完成率" in text for text in with_rows)
    assert "各县进度如下" in with_rows[0] and "第1县" in with_rows[0]


def axe_violations(browser, path: Path, width: int) -> list:
    """What axe-core finds on a page: (rule, impact, first targets) for each violation."""
    # The page's CSP forbids every script, axe included: only this test context bypasses it.
    ctx, page, _ = open_page(browser, path, width=width, bypass_csp=True)
    try:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(AXE_RUN)
    finally:
        ctx.close()
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.parametrize("form,width", [("linked", 1280), ("single", 1280), ("single", 375)])
def test_axe_finds_no_violations(browser, pages, form, width):
    if not AXE.exists():
        pytest.skip(f"axe-core missing: npm install --prefix {AXE.parents[2]} axe-core@4")
    assert axe_violations(browser, pages[form], width) == []


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory):
    """The project's own sample bulletins, through the real loader and chart drawer."""
    pipeline = pytest.importorskip("jianbao.pipeline.build")
    charts_mod = pytest.importorskip("jianbao.charts.draw")
    root = Path(__file__).parents[1]
    _, issues = pipeline.read_catalog(pipeline.Project(root))
    if not issues:
        pytest.skip("no sample bulletins yet")
    out = tmp_path_factory.mktemp("samples")
    paths = []
    for issue in issues:
        charts = charts_mod.draw_charts(issue)
        folder = out / issue.slug
        paths.append(write(issue, folder, False, charts))
        paths.append(write(issue, folder, True, charts))
    return paths


@pytest.mark.parametrize("width", [1280, 375])
def test_sample_bulletins_load_cleanly_and_fit(browser, sample_pages, width):
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    try:
        for path in sample_pages:
            page, problems = visit(ctx, path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            assert page.eval_on_selector_all("h1", "els => els.length") == 1
            assert problems == [], path
            page.close()
    finally:
        ctx.close()


def test_sample_bulletins_pass_axe(browser, sample_pages):
    if not AXE.exists():
        pytest.skip(f"axe-core missing: npm install --prefix {AXE.parents[2]} axe-core@4")
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        for path in sample_pages:
            if path.name == "index.html":
                continue
            page, _ = visit(ctx, path)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(AXE_RUN)
            page.close()
            assert [v["id"] for v in result["violations"]] == [], path
    finally:
        ctx.close()
