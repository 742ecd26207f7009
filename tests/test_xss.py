"""Script injection: classic XSS vectors in every editable field never become active content in HTML outputs."""

from __future__ import annotations

import html as html_lib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from jianbao.reader.markup import parse_blocks, parse_inline

from conftest import CHROMIUM
from conftest import CHROMIUM_ARGS as ARGS
from project_helpers import search_entries

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]

P = "__xss=1,alert(1)"  # a vector that runs sets window.__xss and opens a dialog
LONG_P = "window.__xss=1;document.title='XSS';alert(1)"
VECTORS = [  # after OWASP's XSS filter evasion cheat sheet
    f"<script>{LONG_P}</script>",
    f"<img src=x onerror={P}>",
    f"<svg onload={P}>",
    f"<svg><script>{LONG_P}</script></svg>",
    f"<body onload={P}>",
    f'<iframe src="javascript:{P}"></iframe>',
    f'<iframe srcdoc="<script>{P}</script>">',
    f'<a href="javascript:{P}">x</a>',
    f'<a href="jav&#x09;ascript:{P}">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    f'<a href="JaVaScRiPt:{P}">x</a>',
    f'"><script>{P}</script>',
    f"'><script>{P}</script>",
    f"</title><script>{P}</script>",
    f"</style><script>{P}</script>",
    f"<style>@import'javascript:{P}';</style>",
    f'<div style="width:expression({P})">',
    f'<object data="javascript:{P}"></object>',
    f'<embed src="javascript:{P}">',
    f'<math><mi xlink:href="javascript:{P}">x</mi></math>',
    f"<details open ontoggle={P}>",
    f"<input autofocus onfocus={P}>",
    f'<video><source onerror="{P}"></video>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{P}">',
    f'<link rel=stylesheet href="javascript:{P}">',
    f"&lt;script&gt;{P}&lt;/script&gt;",
    f"&#60;script&#62;{P}&#60;/script&#62;",
    f"<scr<script>ipt>{P}</scr</script>ipt>",
    f"<IMG SRC=`javascript:{P}`>",
    f'<form action="javascript:{P}"><button>x</button></form>',
    f"]]><script>{P}</script>",
    f"</script><script>{P}</script>",
    f"<!--<script>{P}</script>-->",
    f"[x](javascript:{P})",
    f"![x](javascript:{P})",
    f"<javascript:{P}>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
]
ACCEPTED = [v for v in VECTORS if not parse_blocks(v)[1] and not parse_inline(v)[1]]
REJECTED = [v for v in VECTORS if v not in ACCEPTED]
ROW_NAMES = ["<i onclick=alert(1)>", "<script>alert(1)", "<svg onload=alert(1)", '"><img src=x>', "&lt;script&gt;",
             "</script><b>", "javascript:alert(1)", "]]><script>", "<!--<script>",
             "=1+1", "@SUM(A1:A9)", "-2+3", "+cmd|' /C calc'"]  # 20 characters at most; the last four for CSV
SHORT = ["<i onclick=alert(1)>", "<script>alert(1)"]  # table columns: 20 characters at most
MEDIUM = [v for v in ACCEPTED if len(v) <= 40]


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted string


def series_yaml() -> str:
    return "\n".join([
        f"title: {q('<svg onload=' + P + '>')}",
        f"issuer: {q('</title><script>' + P + '</script>')}",
        f"program: {q('<img src=x onerror=' + P + '>')}",
        f"classification: {q('<script>alert(1)</script>')}",
        "distribution:",
        f"  - {{label: {q('<s>')}, to: {q(VECTORS[0] + VECTORS[1])}}}",
        f"  - {{label: 报, to: {q(VECTORS[11])}}}",
        f"layout: {{font_latin: {q('</style><script>' + P + '</script>')}, font_heiti: {q(chr(34) + '><svg onload=' + P + '>')}}}",
        "",
    ])


def issue_yaml(clean: bool = False) -> str:
    """The hostile issue; clean=True gives the same issue with every vector replaced by plain words."""
    names: dict[str, str] = {}
    t = (lambda v: names.setdefault(v, f"文字{len(names)}")) if clean else (lambda v: v)
    accepted = [t(v) for v in ACCEPTED]
    medium = [t(v) for v in MEDIUM]
    short = [t(v) for v in SHORT]
    rows = "".join(f"      {q(t(v))}: [{i + 1}, {i + 50}]\n" for i, v in enumerate(ROW_NAMES))
    table = "\n".join(["| 甲 | 乙 |", "| -- | -- |"] + [f"| {v} | {v} |" for v in accepted if "|" not in v])
    body = "\n\n".join(accepted + ["表：" + medium[0], table])
    highlights = "".join(f"      - {{lead: {q(v + '。')}, text: {q(v)}}}\n" for v in accepted)
    charts = "".join(f"      - {{kind: trend, figures: [trend{i}], title: {q(v)}}}\n" for i, v in enumerate(medium[:3]))
    trends = "".join(f"  trend{i}: {{label: {q(v)}, unit: {q(t('<script>'))}, release: public, "
                     f"values: {{2017-04: 36, 2017-08: 73}}, target: 70}}\n" for i, v in enumerate(medium[:3]))
    return (
        "series: demo\nnumber: 1\ndate: 2017-10-11\n"
        f"note: {q(accepted[2])}\n"
        "figures:\n" + trends +
        f"  share: {{label: {q(medium[1])}, value: 3, of: 4, release: public}}\n"
        f"  regions:\n    label: {q(medium[2])}\n    release: public\n    target: 60\n"
        f"    row_header: {q(t('<b onx=a>'))}\n    columns: [{q(short[0])}, {q(short[1])}]\n    rows:\n{rows}"
        "articles:\n"
        f"  - title: {q(accepted[0])}\n    release: public\n    note: {q(accepted[3])}\n"
        f"    body: {q(body)}\n    tables: [regions]\n    closing: {q(accepted[4])}\n"
        "    highlights:\n" + highlights +
        "    charts:\n" + charts +
        "      - {kind: share, figures: [share]}\n      - {kind: ranking, figures: [regions], title: "
        f"{q(medium[4])}}}\n"
        f"  - title: {q(accepted[5][:80])}\n    release: internal\n    body: {q(accepted[6])}\n"
    )


def run(root: Path, command: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), command, "--root", str(root), "-q"],
                            capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def make_project(root: Path, series: str, issue: str) -> Path:
    (root / "content" / "series").mkdir(parents=True)
    (root / "content" / "series" / "demo.yaml").write_text(series, encoding="utf-8")
    (root / "bulletins" / "demo" / "2017").mkdir(parents=True)
    (root / "bulletins" / "demo" / "2017" / "01.yaml").write_text(issue, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The hostile project and a clean one of the same shape, both built: the clean one shows what the
    templates emit on purpose."""
    hostile = make_project(tmp_path_factory.mktemp("xss"), series_yaml(), issue_yaml())
    result = run(hostile, "build")
    assert result.returncode == 0, result.stderr
    clean = make_project(tmp_path_factory.mktemp("clean"), "title: 工作简报\nissuer: 办公室\n"
                         "distribution:\n  - {label: 报, to: 上级}\n",
                         issue_yaml(clean=True))
    clean_result = run(clean, "build")
    assert clean_result.returncode == 0, clean_result.stderr
    return hostile / "build", clean / "build"


def html_pages(build: Path) -> list[Path]:
    return sorted(p for p in build.rglob("*.html") if ".cache" not in p.parts)


ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "meta", "link",
               "svg", "math", "style", "input", "button", "video", "audio", "source", "details"}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "background", "poster"}


class _Active(HTMLParser):
    """Collects what could run: active elements, event handlers, script-bearing URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = [(k, v or "") for k, v in attrs]
        if tag in ACTIVE_TAGS:
            # Attribute names, and the values of those that load or point somewhere; text in an
            # aria-label or a title differs between the projects and is inert once escaped.
            self.found.append(("tag", tag, tuple(sorted((k, v if k in URL_ATTRS else "") for k, v in attrs))))
        for key, value in attrs:
            squashed = re.sub(r"[\x00-\x20]", "", value).lower()
            if key.startswith("on"):
                self.found.append(("handler", tag, key))
            if key in URL_ATTRS and (squashed.startswith(("javascript:", "vbscript:", "data:text/html"))):
                self.found.append(("url", tag, key, value))
            if key == "style" and ("expression(" in squashed or "javascript:" in squashed):
                self.found.append(("style", tag, value))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def active(path: Path) -> _Active:
    parser = _Active()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_vectors_cover_the_list():
    assert len(VECTORS) >= 30 and len(ACCEPTED) >= 25
    # Markdown links, images and code are refused before any rendering.
    assert {v[:2] for v in REJECTED} >= {"[x", "![", "<j"}


def test_rejected_vectors_are_input_errors(tmp_path):
    body = "\n\n".join(REJECTED)
    issue = f"series: demo\nnumber: 1\ndate: 2017-10-11\narticles:\n  - title: 标题\n    body: {q(body)}\n"
    result = run(make_project(tmp_path, "title: 简报\nissuer: 办公室\n", issue), "check")
    assert result.returncode == 1
    found = result.stderr
    assert "实际为链接" in found and "实际为Markdown 图片" in found and not (tmp_path / "build").exists()


def test_every_kind_of_html_output_is_there(built):
    hostile, _ = built
    names = {p.relative_to(hostile).as_posix() for p in html_pages(hostile)}
    assert {"demo/2017/01/index.html", "demo/2017/01/demo-2017-01.html",
            "demo/2017/01/press/demo-2017-01.html", "demo/2017/01/press/demo-2017-01.wechat.html"} <= names


def test_no_active_content_beyond_what_templates_emit(built):
    hostile, clean = built
    for page in html_pages(hostile):
        rel = page.relative_to(hostile)
        got = active(page)
        assert (clean / rel).exists(), rel
        expected = active(clean / rel)
        assert got.found == expected.found, (rel, [f for f in got.found if f not in expected.found][:5])
        for text in got.script_text:  # data blocks (JSON) must not be able to close their element
            assert "</script" not in text.lower() and "<!--" not in text, rel
    for svg in hostile.rglob("*.svg"):
        if ".cache" in svg.parts:
            continue
        text = svg.read_text(encoding="utf-8")
        assert "<script" not in text.lower() and not re.search(r"\son\w+=", text), svg
        assert "javascript:" not in text.lower().replace("javascript:__xss", "") or "&lt;" in text


def test_vectors_arrive_as_visible_text(built):
    hostile, _ = built
    html = (hostile / "demo/2017/01/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=__xss=1,alert(1)&gt;" in html
    assert "&lt;script&gt;window.__xss=1;" in html


def static_title(path: Path) -> str:
    match = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)
    return " ".join(html_lib.unescape(match.group(1)).split()) if match else ""


# Run in a child process: other test modules keep their own Playwright sessions open, and two sync
# sessions cannot share one process.
BROWSER_SCRIPT = r"""
import json, sys
from playwright.sync_api import sync_playwright
pages, args = json.loads(sys.argv[1]), json.loads(sys.argv[2])
out = []
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
    ctx = browser.new_context(viewport={"width": 1000, "height": 800})
    for uri in pages:
        page = ctx.new_page()
        dialogs, console = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: console.append(m.text))
        page.goto(uri)
        page.wait_for_load_state("load")
        # Let autofocus, ontoggle and refresh fire, then hover and focus what is there.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        page.mouse.move(300, 300)
        page.keyboard.press("Tab")
        out.append({"uri": uri, "dialogs": dialogs, "console": console, "url": page.url, "title": page.title(),
                    "xss": page.evaluate("() => window.__xss === undefined ? null : String(window.__xss)")})
        page.close()
    browser.close()
print(json.dumps(out, ensure_ascii=False))
"""


def test_nothing_runs_in_chromium(built):
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed at /usr/bin/chromium")
    pytest.importorskip("playwright.sync_api")
    hostile, _ = built
    paths = html_pages(hostile)
    result = subprocess.run([sys.executable, "-c", BROWSER_SCRIPT, json.dumps([p.as_uri() for p in paths]),
                             json.dumps(ARGS)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    visits = json.loads(result.stdout)
    assert [v["uri"] for v in visits] == [p.as_uri() for p in paths]
    for path, visit in zip(paths, visits, strict=True):
        assert visit["dialogs"] == [], (path, visit["dialogs"])
        assert visit["xss"] is None, path
        assert visit["title"] == static_title(path), path  # no script set document.title
        assert visit["url"] == path.as_uri(), path  # no meta refresh to javascript:
        assert not any("__xss" in line for line in visit["console"]), (path, visit["console"])


# ---------------------------------------------------------------- the text outputs of the same build

def test_press_markdown_of_the_hostile_build_renders_as_text(built):
    import markdown

    hostile, _ = built
    source = (hostile / "demo/2017/01/press/demo-2017-01.md").read_text(encoding="utf-8")
    html = markdown.markdown(source, extensions=["tables"])  # raw HTML and links switched on
    parser = _Active()
    parser.feed(html)
    assert parser.found == [] and parser.script_text == []
    tags = set(re.findall(r"<(\w+)", html))
    assert tags <= {"h1", "h2", "h3", "h4", "h5", "p", "br", "strong", "em", "blockquote", "img",
                    "table", "thead", "tbody", "tr", "th", "td"}, tags
    images = re.findall(r'<img [^>]*src="([^"]*)"', html)
    assert images and all(re.fullmatch(r"fig-\d+\.png", src) for src in images), images


def test_figures_csv_of_the_hostile_build_holds_no_formula(built):
    import csv

    hostile, _ = built
    rows = list(csv.reader((hostile / "demo/figures.csv").read_text(encoding="utf-8-sig").splitlines()))
    value = rows[0].index("数值")
    assert {"'=1+1", "'@SUM(A1:A9)", "'-2+3", "'+cmd|' /C calc'"} <= {r[6] for r in rows[1:]}
    for row in rows[1:]:
        assert all(not re.match(r"[ ]*[=+\-@\t\r]", c) for i, c in enumerate(row) if i != value), row
        float(row[value])


def test_feed_and_search_index_of_the_hostile_build_parse(built):
    import xml.etree.ElementTree as ET

    hostile, _ = built
    ET.fromstring((hostile / "demo/feed.xml").read_bytes())
    assert search_entries(hostile)
