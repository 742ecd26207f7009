"""Press export: public articles only, in every press file, with a leak check that really fires."""

from __future__ import annotations

import datetime
import html
import io
import json
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import replace
from decimal import Decimal as D
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_browser import AXE, axe_violations, open_page

from jianbao.errors import LeakError
from jianbao.model import (
    INTERNAL,
    PUBLIC,
    Article,
    ChartSpec,
    Heading,
    Highlight,
    Highlights,
    Issue,
    Paragraph,
    Strong,
    Table,
    Text,
    ValueFigure,
)
from jianbao.pipeline.build import build
from jianbao.press.export import leak_check, render_press, withheld_report
from jianbao.public import public_view
from jianbao.render.word.press import render_press_docx
from jianbao.rendered import RenderedChart
from jianbao.write import Artifact

from html_fakes import fake_svg
from model_fixtures import demo_issue, demo_series, t
from project_helpers import ROOT, copy_samples, make_project, problems_of
from project_helpers import issue as issue_yaml

CANARIES = {
    "body": "CANARY-INTERNAL-7f3a",
    "title": "CANARY-TITLE-b21c",
    "note": "CANARY-NOTE-9d0e",
    "heading": "CANARY-HEADING-4a77",
    "lead": "CANARY-LEAD-51f0",
    "cell": "CANARY-CELL-c3d9",
    "chart": "CANARY-CHART-e8b2",
    "label": "CANARY-LABEL-07aa",
    "follow": "CANARY-FOLLOW-6b1d",
}
SECRET_PNG_SIZE = (23, 7)  # the internal chart's picture, recognisable by its size


def tiny_png(width: int = 8, height: int = 5, text: bytes = b"") -> bytes:
    """A valid RGB PNG without any imaging library, optionally with a tEXt chunk."""
    raw = b"".join(b"\x00" + b"\x20\x40\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    extra = chunk(b"tEXt", b"Comment\0" + text) if text else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def fake_charts(issue: Issue) -> dict[int, RenderedChart]:
    """Charts whose alt text, picture text and data table carry their figures' labels."""
    out = {}
    for spec in issue.charts:
        labels = [issue.figures[f].label for f in spec.figures]
        secret = any(issue.figures[f].release == INTERNAL for f in spec.figures)
        out[spec.number] = RenderedChart(
            number=spec.number, caption=spec.caption, alt=f"柱状图：{'、'.join(labels)}。",
            png=tiny_png(*SECRET_PNG_SIZE) if secret else tiny_png(10 + spec.number, 6),
            svg=fake_svg(spec.number, html.escape(spec.title)), width_mm=150, height_mm=75,
            data_header=("指标", "数值"), data_rows=tuple((label, "1") for label in labels))
    return out


def canary_issue() -> Issue:
    """demo_issue with canaries in every kind of internal content, and two internal-only figures."""
    base = demo_issue()
    public, internal = base.articles
    c = CANARIES
    figures = dict(base.figures)
    figures["secret"] = ValueFigure(id="secret", label=f"约谈人数{c['label']}", value=D(8),
                                    release=INTERNAL)
    # No release of its own: it follows the articles that quote it, here only an internal one.
    figures["follower"] = ValueFigure(id="follower", label=f"问题线索{c['follow']}", value=D(3))
    internal = replace(
        internal,
        title=f"约谈进度滞后地区情况{c['title']}",
        note=(Paragraph(t(f"仅供内部参阅。{c['note']}")),),
        blocks=internal.blocks + (
            Heading(1, "一、", t(f"约谈对象{c['heading']}")),
            Highlights((Highlight("一是", t(f"问责到人。{c['lead']}"), t("逐一谈话。")),)),
            Table(2, "约谈名单", ("地区", "人数"), ((f"某县{c['cell']}", "3"),), None),
            ChartSpec(5, "share", ("secret", "follower"), f"约谈情况{c['chart']}"),
        ),
        figures_used=frozenset({"secret", "follower"}),
    )
    return replace(base, articles=(public, internal), figures=figures)


# ---------------------------------------------------------------- what is in a file, every way

def surfaces(art: Artifact) -> str:
    """Everything in a file a test can search: raw bytes, entity-decoded text, tags removed,
    whitespace removed, and every part of a .docx (names included), its runs joined."""
    if art.path.endswith(".docx"):
        with zipfile.ZipFile(io.BytesIO(art.data)) as archive:
            parts = [art.path] + [name + "\n" + surfaces(Artifact(name, archive.read(name)))
                                  for name in archive.namelist()]
        joined = "\n".join(parts)
        runs = "".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", joined))
        return joined + "\n" + html.unescape(runs)
    text = art.data.decode("utf-8", "replace") if not art.path.endswith(".png") \
        else art.data.decode("latin-1")
    untagged = html.unescape(re.sub(r"<[^>]+>", "", text))
    unescaped = html.unescape(text)
    both = "\n".join((art.path, text, unescaped, untagged, re.sub(r"\\(.)", r"\1", text)))
    return both + "\n" + re.sub(r"\s+", "", both)


def found_in(files: list[Artifact], needle: str) -> list[str]:
    return [f.path for f in files if needle in surfaces(f)]


def manifest_of(files: list[Artifact]) -> dict:
    [art] = [f for f in files if f.path.endswith("manifest.json")]
    return json.loads(art.data)


@pytest.fixture(scope="module")
def canary_files() -> list[Artifact]:
    issue = canary_issue()
    return render_press(issue, fake_charts(issue))


# ---------------------------------------------------------------- canaries

def test_press_folder_holds_every_format(canary_files):
    assert sorted(f.path for f in canary_files) == [
        "press/fig-1.png", "press/fig-2.png", "press/fig-3.png", "press/fig-4.png",
        "press/gaibo-2017-07.docx", "press/gaibo-2017-07.html", "press/gaibo-2017-07.md",
        "press/gaibo-2017-07.wechat-copy.html", "press/gaibo-2017-07.wechat.html", "press/manifest.json",
    ]


@pytest.mark.parametrize("kind", sorted(CANARIES))
def test_no_internal_canary_in_any_press_file(canary_files, kind):
    canary = CANARIES[kind]
    assert found_in(canary_files, canary) == []  # the manifest included: it names no withheld title


def test_public_content_does_reach_every_text_file(canary_files):
    """The canary test means something only if public text does get through."""
    for f in canary_files:
        if not f.path.endswith(".png"):
            assert "双双超过70%的目标" in surfaces(f) or f.path.endswith("manifest.json"), f.path
    texts = [f for f in canary_files if f.path.endswith((".html", ".md", ".docx"))]
    assert all("校舍建设竣工率" in surfaces(f) for f in texts)


def test_figure_quoted_only_by_internal_articles_appears_nowhere(canary_files):
    secret_png = tiny_png(*SECRET_PNG_SIZE)
    assert not any(secret_png in f.data for f in canary_files)
    assert "press/fig-5.png" not in [f.path for f in canary_files]
    for f in canary_files:
        assert "fig-5" not in surfaces(f) and "图5" not in surfaces(f), f.path
    assert manifest_of(canary_files)["figures"] == ["by_prefecture", "construction", "equipment", "funds"]
    with zipfile.ZipFile(io.BytesIO(next(f.data for f in canary_files if f.path.endswith(".docx")))) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 4 and secret_png not in media


def test_classification_distribution_and_issue_note_stay_out():
    issue = replace(demo_issue(series=demo_series(classification="内部资料 注意保存")),
                    note=(Paragraph(t("本期编者按只给内部读者看的说明文字。")),))
    files = render_press(issue, fake_charts(issue))
    for needle in ("内部资料", "注意保存", "共印", "教育部全面改薄工作办公室", "只给内部读者看"):
        assert found_in(files, needle) == [], needle


# ---------------------------------------------------------------- the formats

class Elements(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.items: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def tags(self, name: str) -> list[dict]:
        return [attrs for tag, attrs in self.items if tag == name]


def file_text(files, suffix: str) -> str:
    return next(f.data.decode("utf-8") for f in files if f.path.endswith(suffix))


def test_wechat_fragment_has_inline_styles_only(canary_files):
    text = file_text(canary_files, ".wechat.html")
    page = Elements(text)
    tags = {tag for tag, _ in page.items}
    assert not tags & {"html", "head", "body", "style", "script", "link", "meta", "svg"}
    assert all("class" not in a and "id" not in a for _, a in page.items)
    assert all(not k.startswith("on") for _, a in page.items for k in a)
    assert all("style" in a for tag, a in page.items if tag in ("p", "section", "table", "td", "th", "img"))
    images = page.tags("img")
    assert [i["src"] for i in images] == ["fig-1.png", "fig-2.png", "fig-3.png", "fig-4.png"]
    assert all(i["alt"].startswith("柱状图：") for i in images)
    manifest = manifest_of(canary_files)["wechat"]
    assert [i["file"] for i in manifest["images"]] == [i["src"] for i in images]
    assert manifest["body"] == "gaibo-2017-07.wechat.html"
    # each picture's caption follows it
    assert re.search(r'<img src="fig-1.png"[^>]*>\s*</section>\s*<p[^>]*>图1 校舍建设与设备采购进度</p>', text)


def test_press_page_is_standalone_news_layout(canary_files):
    text = file_text(canary_files, "gaibo-2017-07.html")
    page = Elements(text)
    assert page.tags("html") == [{"lang": "zh-CN"}]
    assert any(m.get("http-equiv") == "Content-Security-Policy" and "default-src 'none'" in m["content"]
               for m in page.tags("meta"))
    assert not page.tags("link") and not page.tags("script") and not page.tags("img")
    assert re.search(r"<title>全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显</title>", text)
    svgs = page.tags("svg")
    assert len(svgs) == 4 and all(s["role"] == "img" and s["aria-label"].startswith("柱状图") for s in svgs)
    assert re.findall(r"<figcaption>([^<]*)</figcaption>", text) == [
        "图1 校舍建设与设备采购进度", "图2 资金落实情况", "图3 各地州市校舍建设竣工率", "图4 进度变化趋势"]
    body = "".join(page.text)
    assert "发布单位：自治区“全面改薄”厅际协调小组办公室" in body and "2017年10月11日" in body
    assert "来源：《工作简报》2017年第7期" in body
    assert len(page.tags("h1")) == 1 and "masthead" not in text and "FF0000" not in text.upper()


def docx_part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def test_press_docx_layout_properties_and_determinism():
    issue = canary_issue()
    view, charts = public_view(issue), fake_charts(issue)
    data = render_press_docx(view, {n: charts[n] for n in (1, 2, 3, 4)})
    assert data == render_press_docx(view, {n: charts[n] for n in (1, 2, 3, 4)})
    core = docx_part(data, "docProps/core.xml")
    assert "<dc:title>全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显</dc:title>" in core
    assert "<dc:creator>自治区“全面改薄”厅际协调小组办公室</dc:creator>" in core
    assert "2017-10-11T00:00:00Z" in core
    document = docx_part(data, "word/document.xml")
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in document  # A4
    assert "JBHeadline" in document and "JBMasthead" not in document
    assert "来源：《工作简报》2017年第7期" in document
    assert document.count("<wp:docPr") == 4 and 'descr="柱状图：' in document
    styles = docx_part(data, "word/styles.xml")
    assert "FF0000" not in styles.upper() and "FF0000" not in document.upper()
    body = re.search(r'<w:style [^>]*w:styleId="JBBody".*?</w:style>', styles, re.S).group(0)
    assert 'w:eastAsia="仿宋_GB2312"' in body and '<w:sz w:val="32"/>' in body
    assert 'w:lineRule="auto"' in body and 'w:line="360"' in body  # 1.5 lines, not exact


def test_markdown_and_manifest(canary_files):
    md = file_text(canary_files, ".md")
    assert md.startswith("# 全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显\n")
    assert "![柱状图：校舍建设竣工率、设备采购完成率。](fig-1.png)" in md
    manifest = manifest_of(canary_files)
    assert manifest["issue"] == "第7期" and manifest["date"] == "2017-10-11"
    assert manifest["source"] == "bulletins/gaibo/2017/07.yaml"
    assert [r["title"] for r in manifest["released"]] == ["全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"]
    assert manifest["released"][0]["charts"][0] == "图1 校舍建设与设备采购进度"
    assert manifest["files"] == sorted(f.path.split("/", 1)[1] for f in canary_files
                                       if not f.path.endswith("manifest.json"))


def test_no_public_article_gives_no_press_folder():
    base = demo_issue()
    issue = replace(base, articles=tuple(replace(a, release=INTERNAL) for a in base.articles))
    assert public_view(issue) is None and render_press(issue, fake_charts(issue)) == []


# ---------------------------------------------------------------- the leak check itself

INTERNAL_SENTENCE = "9月26日对8个县（市）及6个地州分管领导进行约谈"


@pytest.fixture(scope="module")
def demo_files():
    issue = demo_issue()
    return issue, render_press(issue, fake_charts(issue))


def _replace_part(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.namelist():
            part = src.read(item)
            dst.writestr(item, change(part.decode("utf-8")).encode("utf-8") if item == name else part)
    return out.getvalue()


def _leaky(files, path: str) -> bytes:
    return next(f.data for f in files if f.path == path)


@pytest.mark.parametrize("case, where", [
    ("html text", "press/gaibo-2017-07.html"),
    ("html meta", "press/gaibo-2017-07.html"),
    ("html alt", "press/gaibo-2017-07.wechat.html"),
    ("docx body", "press/gaibo-2017-07.docx（word/document.xml）"),
    ("docx core", "press/gaibo-2017-07.docx（docProps/core.xml）"),
    ("docx alt", "press/gaibo-2017-07.docx（word/document.xml）"),
    ("file name", f"press/{INTERNAL_SENTENCE}.png"),
    ("png text", "press/fig-1.png"),
    ("manifest", "press/manifest.json"),
    ("markdown", "press/gaibo-2017-07.md"),
])
def test_leak_check_fires_and_names_the_file(demo_files, case, where):
    issue, files = demo_files
    leak = INTERNAL_SENTENCE
    docx_path, html_path = "press/gaibo-2017-07.docx", "press/gaibo-2017-07.html"
    wechat_path = "press/gaibo-2017-07.wechat.html"
    changed = {
        "html text": lambda: Artifact(html_path, _leaky(files, html_path).replace(
            b"</main>", f"<p>{leak[:5]}<strong>{leak[5:]}</strong></p></main>".encode())),
        "html meta": lambda: Artifact(html_path, _leaky(files, html_path).replace(
            b"<title>", f'<meta name="description" content="{html.escape(leak)}"><title>'.encode())),
        "html alt": lambda: Artifact(wechat_path, re.sub(
            rb'alt="[^"]*"', f'alt="{leak}"'.encode(), _leaky(files, wechat_path), count=1)),
        "docx body": lambda: Artifact(docx_path, render_press_docx(issue, fake_charts(issue))),
        "docx core": lambda: Artifact(docx_path, _replace_part(
            _leaky(files, docx_path), "docProps/core.xml",
            lambda xml: re.sub(r"<dc:title>[^<]*", f"<dc:title>{leak}", xml))),
        "docx alt": lambda: Artifact(docx_path, _replace_part(
            _leaky(files, docx_path), "word/document.xml",
            lambda xml: re.sub(r'descr="[^"]*"', f'descr="{leak}"', xml, count=1))),
        "file name": lambda: Artifact(f"press/{leak}.png", tiny_png()),
        "png text": lambda: Artifact("press/fig-1.png", tiny_png(text=leak.encode("utf-8"))),
        "manifest": lambda: Artifact("press/manifest.json", json.dumps(
            {**manifest_of(files), "released": [{"title": leak}]}, ensure_ascii=False).encode()),
        "markdown": lambda: Artifact("press/gaibo-2017-07.md", f"正文\n\n*{leak[:6]}*{leak[6:]}\n".encode()),
    }[case]()
    others = [f for f in files if f.path != changed.path]
    leak_check(issue, others)  # the real outputs are clean
    with pytest.raises(LeakError) as info:
        leak_check(issue, others + [changed])
    assert where in str(info.value) and "内部内容" in str(info.value)


def test_withheld_titles_go_to_the_office_report_beside_the_press_folder(demo_files):
    issue, files = demo_files
    manifest = manifest_of(files)
    assert "withheld" not in manifest and "约谈进度滞后地区情况" not in json.dumps(manifest, ensure_ascii=False)
    [report] = withheld_report(issue)
    assert report.path == "press-withheld.txt"  # beside press/, never in it
    text = report.data.decode("utf-8-sig")
    assert "未收录的内部文章：1 篇" in text and "1. 约谈进度滞后地区情况" in text
    # A withheld title in the manifest is a leak like any other: no list is let through any more.
    for key in ("headline", "withheld"):
        with pytest.raises(LeakError, match="manifest.json"):
            leak_check(issue, [Artifact("press/manifest.json", json.dumps(
                {**manifest, key: "约谈进度滞后地区情况"}, ensure_ascii=False).encode())])


def test_internal_text_that_a_public_article_also_says_is_no_leak():
    base = demo_issue()
    public, internal = base.articles
    shared = "截至2017年8月底，全区校舍建设竣工率达到73%，设备采购完成率达到87%，双双超过70%的目标。"
    issue = replace(base, articles=(public, replace(internal, blocks=(Paragraph(t(shared)),))))
    assert render_press(issue, fake_charts(issue))


# ---------------------------------------------------------------- through the pipeline and the CLI

def test_public_chart_of_an_internal_figure_is_a_validation_error(tmp_path):
    text = issue_yaml("""\
        figures:
          secret: {label: 约谈人数, value: 3, of: 10, release: internal}
        articles:
          - title: 公开稿
            release: public
            body: 正文。
            charts:
              - {kind: share, figures: [secret]}
        """)
    [problem] = problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    assert "公开文章「公开稿」引用了内部数字 secret（约谈人数）" in problem


def run_cli(*args, cwd):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def test_cli_press_writes_only_the_press_folder(tmp_path):
    copy_samples(tmp_path)
    result = run_cli("press", "bulletins/gaibo/2017/07.yaml", "--root", tmp_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "build" / "gaibo" / "2017" / "07"
    names = sorted(p.name for p in (folder / "press").iterdir())
    assert names == ["fig-1.png", "gaibo-2017-07.docx", "gaibo-2017-07.html", "gaibo-2017-07.md",
                     "gaibo-2017-07.wechat-copy.html", "gaibo-2017-07.wechat.html", "manifest.json"]
    assert sorted(p.name for p in folder.iterdir()) == ["press", "press-withheld.txt"]  # no bulletin outputs
    assert "build/gaibo/2017/07/press/gaibo-2017-07.docx" in result.stdout
    files = [Artifact(f"press/{p.name}", p.read_bytes()) for p in (folder / "press").iterdir()]
    # The sample's internal article: its title, its sentences and its internal figure nowhere in
    # press/; the title in the office's report beside it, and on the press officer's screen.
    assert found_in(files, "约谈进度滞后地区情况（内部）") == []
    assert found_in(files, "仅供内部参阅") == [] and found_in(files, "专项督导覆盖") == []
    assert "约谈进度滞后地区情况（内部）" in (folder / "press-withheld.txt").read_text(encoding="utf-8-sig")
    assert "未收录 1 篇内部文章：约谈进度滞后地区情况（内部）" in result.stdout
    assert "build/gaibo/2017/07/press-withheld.txt" in result.stdout


def test_cli_press_without_public_article_says_so(tmp_path):
    copy_samples(tmp_path)
    result = run_cli("press", "bulletins/dudao/2017/zk01.yaml", "--root", tmp_path, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "没有可公开的文章" in result.stdout
    assert not (tmp_path / "build" / "dudao").exists()


def test_cli_press_stops_on_a_leak_with_exit_2_and_writes_nothing(tmp_path, monkeypatch, capsys):
    import jianbao.api
    from jianbao.cli.main import main

    def leaking(issue, charts, version=1, root=None):
        files = render_press(issue, charts, version, root)
        leak_check(issue, files + [Artifact("press/extra.md", "约谈进度滞后地区情况（内部）".encode())])

    copy_samples(tmp_path)
    monkeypatch.setattr(jianbao.api, "render_press", leaking)
    assert main(["press", str(tmp_path / "bulletins/gaibo/2017/07.yaml"), "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "生成失败：新闻稿中出现了内部内容" in err and "press/extra.md" in err and "Traceback" not in err
    assert not (tmp_path / "build" / "gaibo").exists()


def test_full_build_writes_press_folders(tmp_path):
    project = copy_samples(tmp_path)
    written = {project.name(p) for p in build(project, [tmp_path / "bulletins/gaibo/2017/07.yaml"])}
    assert {"build/gaibo/2017/07/press/gaibo-2017-07.docx", "build/gaibo/2017/07/press/gaibo-2017-07.html",
            "build/gaibo/2017/07/press/gaibo-2017-07.wechat.html",
            "build/gaibo/2017/07/press/manifest.json"} <= written


# ---------------------------------------------------------------- property: nothing internal, ever

# Public text never contains "Ж", internal text always does: whatever the renderers do with
# the rest, a "Ж" in a press file came from internal content.
MARK = "Ж"
_ALPHABET = st.sampled_from(list("改薄校舍建设竣工率采购资金地区县市约谈督导进度，。、“”（）%")
                            + list("abcxyz0123456789 -_*<>&\"'"))


def _text(marked: bool):
    plain = st.text(_ALPHABET, min_size=1, max_size=24).filter(lambda s: s.strip())
    if not marked:
        return plain
    return st.builds(lambda a, n, b: f"{a}{MARK}{n}{b}", plain, st.integers(0, 999), plain)


@st.composite
def random_issues(draw):
    n_figures = draw(st.integers(0, 4))
    figures, public_ids, anyone_ids = {}, [], []
    for i in range(n_figures):
        kind = draw(st.sampled_from(["public", "internal", "follows"]))
        fid = f"f{i}"
        figures[fid] = ValueFigure(id=fid, label=draw(_text(kind != "public")), value=D(i + 1),
                                   of=D(10), release={"public": PUBLIC, "internal": INTERNAL}.get(kind))
        anyone_ids.append(fid)
        if kind == "public":
            public_ids.append(fid)
    articles, chart_no, table_no = [], 0, 0
    for _ in range(draw(st.integers(1, 4))):
        public = draw(st.booleans())
        text = _text(not public)
        blocks = [Paragraph((Text(draw(text)), Strong((Text(draw(text)),))))]
        if draw(st.booleans()):
            blocks.append(Heading(1, "一、", (Text(draw(text)),), (Text(draw(text)),)))
        if draw(st.booleans()):
            table_no += 1
            blocks.append(Table(table_no, draw(text), ("地区", "数"), ((draw(text), draw(text)),)))
        if draw(st.booleans()):
            blocks.append(Highlights((Highlight("一是", (Text(draw(text)),), (Text(draw(text)),)),)))
        pool = public_ids if public else anyone_ids
        used = set()
        if pool and draw(st.booleans()):
            chart_no += 1
            fid = draw(st.sampled_from(pool))
            used.add(fid)
            blocks.append(ChartSpec(chart_no, "share", (fid,), draw(text)))
        articles.append(Article(title=draw(text), release=PUBLIC if public else INTERNAL,
                                note=(Paragraph((Text(draw(text)),)),) if draw(st.booleans()) else (),
                                blocks=tuple(blocks), figures_used=frozenset(used)))
    return Issue(series=demo_series(), number=draw(st.integers(1, 30)), date=datetime.date(2018, 3, 9),
                 articles=tuple(articles), figures=figures)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_issues())
def test_nothing_internal_ever_reaches_press_output(issue):
    files = render_press(issue, fake_charts(issue))
    if not any(a.is_public for a in issue.articles):
        assert files == []
        return
    assert files
    for f in files:
        assert MARK not in surfaces(f), f.path
    [report] = withheld_report(issue)
    assert report.data.decode("utf-8-sig").count(MARK) >= sum(not a.is_public for a in issue.articles)


# ---------------------------------------------------------------- the press page in a real browser

@pytest.fixture(scope="module")
def press_page(tmp_path_factory, canary_files):
    folder = tmp_path_factory.mktemp("press")
    [page] = [f for f in canary_files if f.path.endswith("gaibo-2017-07.html")]
    path = folder / "release.html"
    path.write_bytes(page.data)
    return path


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_press_page_in_chromium_loads_cleanly_fits_and_passes_axe(browser, press_page, width):
    ctx, page, problems = open_page(browser, press_page, width=width)
    try:
        assert problems == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.eval_on_selector("svg[role=img]", "e => e.getBoundingClientRect().width") > 0
    finally:
        ctx.close()
    if not AXE.exists():
        pytest.skip(f"axe-core missing: npm install --prefix {AXE.parents[2]} axe-core@4")
    assert axe_violations(browser, press_page, width) == []


# ---------------------------------------------------------------- the press .docx in a real Word-format client

@pytest.mark.libreoffice
@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="needs LibreOffice (soffice) and poppler-utils")
def test_press_docx_opens_in_libreoffice_without_internal_text(canary_files, tmp_path):
    [docx] = [f for f in canary_files if f.path.endswith(".docx")]
    src = tmp_path / "release.docx"
    src.write_bytes(docx.data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "release.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    assert "全力攻坚不懈奋战" in squeezed and "来源：《工作简报》2017年第7期" in squeezed
    assert "图4进度变化趋势" in squeezed and "—1—" in squeezed
    assert not any(c in squeezed for c in CANARIES.values())
