"""A page with every element of issue #18 in Chromium: the issue (linked and single file), the press
page and the WeChat copy page load cleanly, fit a phone, pass axe, link their notes, and print."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_browser import AXE, axe_violations, open_page, style, write
from test_press import fake_charts as press_charts

from jianbao.press.export import render_press

from model_fixtures import rich_issue

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("elements")
    issue = rich_issue()
    found = {"linked": write(issue, root / "linked", False), "single": write(issue, root / "single", True)}
    for art in render_press(issue, press_charts(issue)):
        (root / art.path).parent.mkdir(parents=True, exist_ok=True)
        (root / art.path).write_bytes(art.data)
    found["press"] = root / "press/gaibo-2017-07.html"
    found["wechat"] = root / "press/gaibo-2017-07.wechat-copy.html"
    return found


@pytest.mark.parametrize("form", ["linked", "single", "press", "wechat"])
@pytest.mark.parametrize("width", [1280, 375])
def test_every_page_loads_cleanly_shows_its_photo_and_fits_a_phone(browser, pages, form, width):
    ctx, page, problems = open_page(browser, pages[form], width=width, height=800)
    try:
        photos = page.eval_on_selector_all("img[alt^='一座红色屋顶']", """els => els.map(e =>
            [e.naturalWidth, e.getBoundingClientRect().width, e.getBoundingClientRect().right])""")
        assert len(photos) == 1
        natural, shown, right = photos[0]
        assert natural == 480  # loaded: inside the page, or beside it (the WeChat page's photo-1.jpg)
        assert 0 < shown <= width and right <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert problems == []
    finally:
        ctx.close()


@pytest.mark.parametrize("form,width", [("linked", 1280), ("single", 375), ("press", 1280), ("press", 375),
                                        ("wechat", 375)])
def test_axe_finds_no_violations(browser, pages, form, width):
    if not AXE.exists():
        pytest.skip(f"axe-core missing: npm install --prefix {AXE.parents[2]} axe-core@4")
    assert axe_violations(browser, pages[form], width) == []


@pytest.mark.parametrize("form", ["linked", "press"])
def test_a_footnote_call_leads_to_its_note_and_back(browser, pages, form):
    ctx, page, _ = open_page(browser, pages[form])
    try:
        page.click("#fnref-1-2")
        assert page.evaluate("location.hash") == "#fn-1-2"
        assert page.evaluate("document.getElementById('fn-1-2').getBoundingClientRect().top") < 900
        page.click("#fn-1-2 .fn-back")
        assert page.evaluate("location.hash") == "#fnref-1-2"
        page.click("nav.contents a[href='#article-1']")
        assert page.evaluate("location.hash") == "#article-1"
    finally:
        ctx.close()


def test_lists_read_as_body_paragraphs_and_notes_are_small(browser, pages):
    ctx, page, _ = open_page(browser, pages["linked"])
    try:
        body = float(style(page, "article > p", "text-indent")[:-2])
        first = page.eval_on_selector("ul.item-list > li", "li => getComputedStyle(li).textIndent")
        assert float(first[:-2]) == pytest.approx(body)  # 2 characters in, like a paragraph
        top, nested = page.eval_on_selector("ul.item-list ul.item-list > li", """li => [
            li.closest('article').querySelector('ul.item-list > li').getBoundingClientRect().left,
            li.getBoundingClientRect().left]""")
        assert nested - top == pytest.approx(body, abs=0.5)  # one level: 2 more characters in
        assert style(page, "ul.item-list", "list-style-type") == "none"
        assert float(style(page, ".table-notes p", "font-size")[:-2]) < float(style(page, "article > p", "font-size")[:-2])
        assert style(page, ".marking", "text-align") == "left"
        # 图 N above its notes, the notes under the photo
        order = page.eval_on_selector("figure.photo", """f => [f.querySelector('img').getBoundingClientRect().bottom,
            f.querySelector('.caption-text').getBoundingClientRect().top,
            f.querySelector('.element-notes').getBoundingClientRect().top]""")
        assert order == sorted(order)
    finally:
        ctx.close()


def test_print_keeps_every_element_and_drops_the_back_links(browser, pages, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) missing")
    ctx, page, _ = open_page(browser, pages["linked"])
    try:
        page.emulate_media(media="print")
        assert style(page, ".fn-back", "display") == "none"
        assert style(page, "sup.fnref a", "color") == "rgb(0, 0, 0)"
        pdf = tmp_path / "issue.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        ctx.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    for seen in ("加急", "本期要目", "1.逐校建立验收台账；", "（1）南疆片区由自治区统一组织；", "图1新建成的乡村学校教学楼",
                 "注：摄于2017年11月。", "[1]竣工率按已交付使用的校舍面积计算。", "签发：张三审核：李四", "共印60份"):
        assert seen in squeezed, seen
    assert "↩" not in text


def test_the_wechat_copy_page_lists_the_photo_first(pages):
    html = Path(pages["wechat"]).read_text(encoding="utf-8")
    assert html.index("photo-1.jpg　图1") < html.index("fig-2.png　图2")
