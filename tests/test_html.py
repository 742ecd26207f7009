"""HTML briefing: golden files, structure, accessibility markup and escaping of hostile text."""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from itertools import pairwise
from pathlib import Path

import pytest

from jianbao.assets import TEMPLATES_DIR
from jianbao.errors import RenderError
from jianbao.layout import Layout
from jianbao.model import (
    Article,
    ChartSpec,
    Heading,
    Highlight,
    Highlights,
    Paragraph,
    Recipient,
    Strong,
    Table,
    Text,
)
from jianbao.render.html import bulletin as H

from html_fakes import fake_chart, fake_charts, fake_svg
from html_tree import parse
from model_fixtures import demo_issue, demo_series, t

GOLDEN = Path(__file__).parent / "golden" / "html"
UPDATE = os.environ.get("JIANBAO_UPDATE_GOLDEN") == "1"


def render(issue=None, single_file=False, charts=None) -> dict[str, bytes]:
    issue = issue or demo_issue()
    arts = H.render_html(issue, fake_charts(issue) if charts is None else charts,
                         single_file=single_file)
    return {a.path: a.data for a in arts}


def page(issue=None, single_file=False, charts=None) -> str:
    out = render(issue, single_file, charts)
    name = "index.html" if not single_file else next(p for p in out if p.endswith(".html"))
    return out[name].decode("utf-8")


def assert_golden(relpath: str, data: bytes) -> None:
    """Compare with tests/golden/html/<relpath>; JIANBAO_UPDATE_GOLDEN=1 rewrites the file."""
    path = GOLDEN / relpath
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    if not path.exists():
        pytest.fail(f"golden file {path} missing; run with JIANBAO_UPDATE_GOLDEN=1 (docs/testing.md)")
    want = path.read_text(encoding="utf-8").splitlines(keepends=True)
    got = data.decode("utf-8").splitlines(keepends=True)
    if want != got:
        diff = "".join(difflib.unified_diff(want, got, f"golden/{relpath}", "rendered", n=2))
        pytest.fail(f"{relpath} differs from its golden file (JIANBAO_UPDATE_GOLDEN=1 to accept):\n"
                    + diff[:8000])


# ---------------------------------------------------------------- golden files and artifacts

def test_linked_form_matches_golden_files():
    out = render()
    assert sorted(out) == ["bulletin.css", "fig-1.svg", "fig-2.svg", "fig-3.svg", "fig-4.svg",
                           "index.html"]
    assert out["bulletin.css"] == (TEMPLATES_DIR / "bulletin.css").read_bytes()
    assert_golden("linked/index.html", out["index.html"])
    assert_golden("linked/fig-1.svg", out["fig-1.svg"])


def test_single_file_form_matches_golden_file():
    out = render(single_file=True)
    assert list(out) == ["gaibo-2017-07.html"]
    html = out["gaibo-2017-07.html"].decode()
    assert '<link rel="stylesheet"' not in html and "fig-1.svg" not in html
    assert ".masthead-title" in html  # the style sheet is inside
    assert html.count("<svg") == 4
    assert_golden("single/gaibo-2017-07.html", out["gaibo-2017-07.html"])


def test_same_input_gives_same_bytes():
    assert render() == render()
    assert render(single_file=True) == render(single_file=True)


def test_environment_is_created_once_and_strict():
    assert H.environment() is H.environment()
    env = H.environment()
    assert env.autoescape is True
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()
    assert H.render_template("blocks.html.j2").strip() == ""  # macros only


# ---------------------------------------------------------------- structure

def test_document_outline_and_landmarks():
    doc = parse(page())
    html = doc.find("html")
    assert html.attrs["lang"] == "zh-CN"
    h1s = doc.find_all("h1")
    assert len(h1s) == 1 and h1s[0].text() == "工作简报 第7期"
    assert h1s[0].find("span", "masthead-title").text() == "工作简报"
    levels = [int(n.tag[1]) for n in doc.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels)), levels
    assert [n.tag for n in doc.find("div", "sheet").elements()] == ["header", "main", "footer"]
    headlines = [h.text() for h in doc.find_all("h2", "headline")]
    assert headlines == ["全力攻坚 不懈奋战自治区“全面改薄”工作成效明显", "约谈进度滞后地区情况"]
    assert doc.find("h2", "headline").find_all("br")  # broken at the phrase space (GB 7.3.1)


def test_masthead_lines():
    issue = demo_issue(total=123, series=demo_series(classification="内部资料 注意保存",
                                                     show_total=True))
    header = parse(page(issue)).find("header", "masthead")
    texts = [n.text() for n in header.elements()]
    assert texts[0] == "内部资料 注意保存"
    assert texts[1] == "自治区全面改善农村义务教育薄弱学校基本办学条件"
    assert texts[2] == "工作简报 第7期（总第123期）"
    line = header.find("p", "issuer-line")
    assert line.find("span", "issuer").text() == "自治区“全面改薄”厅际协调小组办公室"
    assert line.find("time").attrs["datetime"] == "2017-10-11"
    assert line.find("time").text() == "2017年10月11日"
    assert header.elements()[0].attrs["class"] == "marking"
    plain = parse(page()).find("header")
    assert not plain.find_all(cls="marking") and "总第" not in plain.text()


def test_body_blocks():
    doc = parse(page())
    article = doc.find("article")
    note = article.find("div", "note")
    assert note.attrs["role"] == "note" and note.text().strip().startswith("编者按：本期刊登")
    assert [h.text() for h in article.find_all(cls="heading")][:1] == ["一、总体进展"]
    assert article.find("h3").attrs["class"] == "heading h-l1"
    assert article.find("h6").text() == "（1）采购进度"
    run_in = article.find("div", "run-in")
    assert run_in.find("h4").text() == "（一）校舍建设。"
    assert run_in.find("p").text() == "竣工率由4月底的36%提高到8月底的73%。"
    strongs = [s.text() for s in article.find_all("p", "highlight")[0].find_all("strong")]
    assert strongs == ["一是高位推动，强力推进。"]
    assert "<strong>162.72亿元</strong>" in page() and "<em>80.79%</em>" in page()


def test_table_caption_above_and_scroll_box():
    doc = parse(page())
    box = doc.find("div", "table-scroll")
    assert box.attrs["tabindex"] == "0" and box.attrs["role"] == "region"
    table = box.find("table")
    assert table.elements()[0].tag == "caption"
    assert table.elements()[0].text() == "表1 各地州市进度（%）"
    assert box.attrs["aria-labelledby"] == table.elements()[0].attrs["id"]
    assert [th.text() for th in table.find("thead").find_all("th")] == ["地区", "竣工率", "采购完成率"]
    assert box.attrs["class"] == "table-scroll"  # short: kept whole on paper


def test_a_table_taller_than_the_cap_may_break_on_paper():
    # Issue #18: the same rule as Word's (layout.table_kept_whole); bulletin.css lets it break.
    base = demo_issue()
    table = Table(1, "各县进度", ("县名", "完成率"), tuple((f"第{i}县", f"{i}%") for i in range(1, 8)))
    article = dataclasses.replace(base.articles[0], blocks=(table,))
    doc = parse(page(dataclasses.replace(base, articles=(article,))))
    assert doc.find("div", "table-scroll").attrs["class"] == "table-scroll table-breaks"


@pytest.mark.parametrize("single_file", [False, True])
def test_figures_have_alt_text_caption_below_and_data_table(single_file):
    doc = parse(page(single_file=single_file))
    figures = doc.find_all("figure", "chart")
    assert [f.attrs["id"] for f in figures] == ["figure-1", "figure-2", "figure-3", "figure-4"]
    for n, fig in enumerate(figures, 1):
        kids = fig.elements()
        assert kids[-1].tag == "figcaption" and kids[-1].text().startswith(f"图{n} ")
        media = fig.find("div", "chart-media")
        if single_file:
            svg = media.find("svg")
            assert svg.attrs["role"] == "img" and svg.attrs["aria-label"].startswith(f"图{n} ")
        else:
            img = media.find("img")
            assert img.attrs["src"] == f"fig-{n}.svg" and img.attrs["alt"].startswith(f"图{n} ")
        data = fig.find("div", "sr-only").find("table")
        assert [c.text() for c in data.find("tbody").find("tr").elements()] == [
            "校舍建设竣工率", "36%", "73%"]


def test_imprint():
    footer = parse(page()).find("footer", "colophon").find("div", "imprint")
    rows = [r.text() for r in footer.find_all("p", "imprint-row")]
    assert rows == ["报：教育部全面改薄工作办公室。", "送：自治区党委、人民政府有关领导。",
                    "发：各地（州、市）、县（市、区）教育局。"]
    assert footer.find("p", "imprint-copies").text() == "（共印60份）"
    issue = demo_issue(copies=5, series=demo_series(distribution=(Recipient("抄送", "各厅局。"),)))
    footer = parse(page(issue)).find("footer")
    assert [r.text() for r in footer.find_all("p", "imprint-row")] == ["抄送：各厅局。"]
    assert footer.find("p", "imprint-copies").text() == "（共印5份）"
    bare = demo_issue(series=demo_series(distribution=(), copies=None))
    assert not parse(page(bare)).find_all("footer")


def test_layout_numbers_come_from_the_series_layout():
    layout = Layout(body_size_pt=15, line_pitch_pt=28, red="C00000", margin_top_mm=30,
                    font_fangsong="FangSong_GB2312", heading3_bold=False)
    html = page(demo_issue(series=demo_series(layout=layout)))
    assert "--body-size: 15pt;" in html and "--pitch: 28pt;" in html
    assert "--red: #C00000;" in html and "--h3-weight: 400;" in html
    assert "margin: 30mm 26mm 35mm 28mm;" in html
    assert '--font-fangsong: "JB Latin", "FangSong_GB2312", "仿宋",' in html
    default = page()
    assert "size: A4;" in default and "margin: 37mm 26mm 35mm 28mm;" in default
    assert "--tracking: -0.25pt;" in default and "--indent: 2em;" in default


def test_bad_layout_values_are_refused():
    with pytest.raises(RenderError, match="颜色"):
        page(demo_issue(series=demo_series(layout=Layout(red="red; } body { display: none"))))
    with pytest.raises(RenderError, match="数值"):
        page(demo_issue(series=demo_series(layout=Layout(body_size_pt="16pt; x"))))


def test_missing_chart_and_unknown_block_are_errors():
    issue = demo_issue()
    charts = fake_charts(issue)
    del charts[3]
    with pytest.raises(RenderError, match="图3"):
        H.render_html(issue, charts, single_file=False)
    odd = dataclasses.replace(issue.articles[1], blocks=(Paragraph(t("x")), "a bare string"))
    with pytest.raises(RenderError, match="str"):
        page(demo_issue(articles=(odd,)))
    with pytest.raises(RenderError, match="Heading"):
        page(demo_issue(articles=(dataclasses.replace(odd, blocks=(Heading(5, "a)", t("x")),)),)))


def test_only_html_module_imports_jinja2_and_nh3():
    root = Path(H.__file__).parents[1]
    offenders = [p.relative_to(root).as_posix() for p in root.rglob("*.py")
                 if p.relative_to(root).as_posix() != "html/bulletin.py" and re.search(r"^\s*(import|from)\s+(jinja2|nh3|markupsafe)\b",
                                                      p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


# ---------------------------------------------------------------- hostile text

VECTORS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>",
    "</style></title><script>alert(2)</script>",
    "{{ 7*7 }}",
)


def hostile_issue():
    v = " ".join(VECTORS)
    series = demo_series(
        title="工作简报" + VECTORS[0], program=v, issuer=v, classification=v,
        distribution=(Recipient(VECTORS[1], v),),
        layout=Layout(font_fangsong='仿宋"; } body { display: none } </style><script>alert(3)</script>'),
    )
    article = Article(
        title=v, release="public", note=(Paragraph(t(v)),),
        blocks=(
            Paragraph((Text(v), Strong(t(v)))),
            Heading(1, "一、", t(v), t(v)),
            Table(1, v, (v, "b"), ((v, "1"),)),
            ChartSpec(1, "progress", ("construction",), v),
            Highlights((Highlight("一是", t(v), t(v)),)),
        ),
    )
    issue = demo_issue(series=series, articles=(article,), note=(Paragraph(t(v)),))
    evil_svg = fake_svg(1, label=VECTORS[0]).replace(
        b"<defs>", b'<script>alert(4)</script><foreignObject><iframe src="x"/></foreignObject>'
        b'<a xlink:href="javascript:alert(5)"><text onclick="alert(6)">t</text></a><defs>')
    chart = fake_chart(1, "图1 " + v, alt=v, svg=evil_svg, data_header=(v, "b"),
                       data_rows=((v, "1"),))
    return issue, {1: chart}


@pytest.mark.parametrize("single_file", [False, True])
def test_hostile_text_is_escaped_everywhere(single_file):
    issue, charts = hostile_issue()
    out = render(issue, single_file, charts)
    html = next(d for p, d in out.items() if p.endswith(".html")).decode()
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<foreignobject" not in lowered
    assert "<img src=x" not in lowered and "<a " not in lowered
    assert lowered.count("<style") == 1 and lowered.count("</style>") == 1
    assert lowered.count("<title>") == 1 and lowered.count("</title>") == 1
    # The text is kept, visibly, as text.
    doc = parse(html)
    assert VECTORS[0] in doc.find("h2", "headline").text()
    assert "{{ 7*7 }}" in doc.find("main").find("p").text()  # data is never a template
    assert VECTORS[1] in doc.find("footer").text()
    for node in doc.iter():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (node.tag, name)
    for path, data in out.items():
        if path.endswith(".svg"):
            svg = data.decode().lower()
            assert "<script" not in svg and "javascript:" not in svg and "onclick" not in svg


def test_sanitize_is_a_second_line_of_defence():
    dirty = ('<p class="x" onclick="a()" style="color:red">a<script>b</script>'
             '<img src="javascript:alert(1)" alt="y"><iframe></iframe></p>')
    assert H.sanitize(dirty) == '<p class="x">a<img alt="y"></p>'


def test_inline_svgs_have_unique_ids_and_no_active_content():
    html = page(single_file=True)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert 'href="#fig2-bar"' in html and 'clip-path="url(#fig2-clip)"' in html
    assert "<metadata" not in html and "<!DOCTYPE svg" not in html
    assert "stroke-linejoin" in html  # matplotlib's rule, now from bulletin.css


def test_svg_that_is_not_svg_is_an_error():
    issue = demo_issue()
    charts = fake_charts(issue)
    charts[2] = fake_chart(2, "图2 x", svg=b"<html>not a drawing</html>")
    with pytest.raises(RenderError, match="图2"):
        H.render_html(issue, charts, single_file=True)
    charts[2] = fake_chart(2, "图2 x", svg=b"<svg")
    with pytest.raises(RenderError, match="图2"):
        H.render_html(issue, charts, single_file=False)


def test_a_corrected_issue_says_so_before_its_articles():
    import datetime

    from jianbao.model import Correction

    text = page(demo_issue(correction=Correction("第一段数字<有误>。", datetime.date(2017, 10, 13))))
    notice = text.index("更正（2017年10月13日）：</strong>第一段数字&lt;有误&gt;。")
    assert notice < text.index('class="headline"')
