"""The press folder for WeChat: one-line title, 摘要, the 复制正文 page (in Chromium), one 来源 line."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from test_browser import AXE, axe_violations, open_page
from test_press import CANARIES, canary_issue, fake_charts

from jianbao.chinese import one_line_title
from jianbao.model import SUMMARY_MAX, Paragraph
from jianbao.press.export import render_press
from jianbao.public import public_view, summary_of

from model_fixtures import demo_issue, t
from project_helpers import issue as issue_yaml
from project_helpers import make_project, problems_of

STEM = "press/gaibo-2017-07"


def press_files(issue) -> dict[str, bytes]:
    return {f.path: f.data for f in render_press(issue, fake_charts(issue))}


def manifest(files) -> dict:
    return json.loads(files["press/manifest.json"])


def first_paragraph(view, text: str):
    first = view.articles[0]
    return replace(view, articles=(replace(first, blocks=(Paragraph(t(text)),) + first.blocks[1:]),
                                   *view.articles[1:]))


# ---------------------------------------------------------------- title and 摘要

def test_one_line_title_drops_line_break_spaces_beside_chinese_only():
    assert one_line_title("全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显") == "全力攻坚不懈奋战自治区“全面改薄”工作成效明显"
    assert one_line_title("Windows 10 升级　完成") == "Windows 10升级完成"
    assert one_line_title("  COVID  19  ") == "COVID 19"


def test_manifest_gives_wechat_the_one_line_title_and_the_summary():
    files = press_files(canary_issue())
    wechat = manifest(files)["wechat"]
    assert wechat["title"] == "全力攻坚不懈奋战自治区“全面改薄”工作成效明显"
    assert wechat["summary"] == summary_of(public_view(canary_issue()))
    assert wechat["summary"] and len(wechat["summary"]) <= SUMMARY_MAX
    assert wechat["copy_page"] == "gaibo-2017-07.wechat-copy.html"


def test_summary_given_in_the_issue_wins():
    base = demo_issue()
    first = replace(base.articles[0], summary="今年全区改薄工作进展顺利，主要指标均超过目标。")
    view = public_view(replace(base, articles=(first, *base.articles[1:])))
    assert summary_of(view) == "今年全区改薄工作进展顺利，主要指标均超过目标。"


def test_summary_from_the_first_paragraph_is_cut_at_a_sentence_within_120_characters():
    view = public_view(demo_issue())
    short = "全区进展顺利。"
    assert summary_of(first_paragraph(view, short)) == short
    sentence = "甲" * 70 + "。"
    cut = summary_of(first_paragraph(view, sentence + "乙" * 60 + "。"))
    assert cut == sentence
    run_on = summary_of(first_paragraph(view, "丙" * 200))
    assert run_on == "丙" * (SUMMARY_MAX - 1) + "…" and len(run_on) == SUMMARY_MAX


def test_a_summary_longer_than_120_characters_is_a_chinese_input_error(tmp_path):
    text = issue_yaml(f"""\
        articles:
          - title: 公开稿
            release: public
            summary: {"摘" * 121}
            body: 正文。
        """)
    [problem] = problems_of(make_project(tmp_path, {"demo/2017/01.yaml": text}))
    assert "summary" in problem and "不超过 120 个字的摘要" in problem and "121 个字" in problem
    ok = text.replace("摘" * 121, "摘" * 120)
    assert problems_of(make_project(tmp_path / "ok", {"demo/2017/01.yaml": ok})) == []


def test_the_summary_of_an_internal_article_is_a_canary():
    issue = canary_issue()
    public, internal = issue.articles
    secret = "内部摘要不得外传" + CANARIES["body"]
    issue = replace(issue, articles=(public, replace(internal, summary=secret)))
    files = press_files(issue)
    assert not any(CANARIES["body"] in data.decode("latin-1") for data in files.values())
    assert not any(CANARIES["body"] in data.decode("utf-8", "ignore") for data in files.values())


# ---------------------------------------------------------------- one 来源 line

class Text(HTMLParser):
    def __init__(self, data: bytes):
        super().__init__()
        self.parts: list[str] = []
        self.feed(data.decode("utf-8"))

    def handle_data(self, data):
        self.parts.append(data.strip())


def test_every_press_format_carries_the_same_source_line():
    files = press_files(canary_issue())
    line = "来源：《工作简报》2017年第7期"
    for suffix in (".html", ".wechat.html", ".wechat-copy.html"):
        assert line in Text(files[STEM + suffix]).parts, suffix
    assert line in files[STEM + ".md"].decode("utf-8").splitlines()
    with zipfile.ZipFile(io.BytesIO(files[STEM + ".docx"])) as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    paragraphs = ["".join(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", p)) for p in document.split("</w:p>")]
    assert line in paragraphs


# ---------------------------------------------------------------- the 复制正文 page in Chromium

@pytest.fixture(scope="module")
def press_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wechat")
    for path, data in press_files(canary_issue()).items():
        (folder / path.split("/", 1)[1]).write_bytes(data)
    return folder


class Styled(HTMLParser):
    """The (tag, style) of each element, and every class or id attribute met."""

    def __init__(self, text: str):
        super().__init__()
        self.elements: list[tuple[str, str]] = []
        self.named: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs.get("style", "")))
        self.named += [k for k in attrs if k in ("class", "id")]


def texts(html_text: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html_text))


@pytest.mark.browser
def test_copy_button_puts_the_inline_styled_article_on_the_clipboard(browser, press_folder):
    page_path = press_folder / "gaibo-2017-07.wechat-copy.html"
    ctx, page, problems = open_page(browser, page_path, width=1000,
                                    permissions=["clipboard-read", "clipboard-write"])
    try:
        assert problems == []  # CSP lets the page's own script and the fig-N.png pictures through
        assert page.eval_on_selector_all("#article img", "els => els.map(e => e.naturalWidth > 0)") == [True] * 4
        page.get_by_role("button", name="复制正文").click()
        page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
        assert "已复制正文" in page.text_content("#copy-status")
        copied = page.evaluate("""async () => {
            const [item] = await navigator.clipboard.read();
            const html = await (await item.getType('text/html')).text();
            const plain = await (await item.getType('text/plain')).text();
            return {html, plain, types: item.types};
        }""")
        page.get_by_role("button", name="复制标题").click()
        title = page.evaluate("navigator.clipboard.readText()")
    finally:
        ctx.close()
    fragment = (press_folder / "gaibo-2017-07.wechat.html").read_text(encoding="utf-8")
    # What lands on the clipboard is the WeChat fragment: same text, same inline styles, no class or id.
    assert texts(copied["html"]) == texts(fragment)
    got, want = Styled(copied["html"]), Styled(fragment)
    assert [e for e in got.elements if e[0] not in ("meta", "html", "head", "body")] == want.elements
    assert got.named == [] and all(style for tag, style in got.elements if tag in ("p", "td", "img"))
    assert "双双超过70%的目标" in copied["plain"] and "<p" not in copied["plain"]
    assert title == "全力攻坚不懈奋战自治区“全面改薄”工作成效明显"
    assert not any(c in copied["html"] for c in CANARIES.values())


def test_copy_page_explains_pasting_and_pictures_in_chinese(press_folder):
    text = "".join(Text((press_folder / "gaibo-2017-07.wechat-copy.html").read_bytes()).parts)
    for words in ("复制正文", "Ctrl+V", "图片不会随正文粘贴", "上传本文件夹中的同名图片", "2.35:1",
                  "fig-1.png　图1 校舍建设与设备采购进度", "fig-4.png　图4 进度变化趋势"):
        assert words in text, words


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_copy_page_fits_a_phone_and_passes_axe(browser, press_folder, width):
    page_path = press_folder / "gaibo-2017-07.wechat-copy.html"
    ctx, page, problems = open_page(browser, page_path, width=width)
    try:
        assert problems == [] and page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        ctx.close()
    if not AXE.exists():
        pytest.skip(f"axe-core missing: npm install --prefix {AXE.parents[2]} axe-core@4")
    assert axe_violations(browser, page_path, width) == []
