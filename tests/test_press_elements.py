"""The press folder with the elements of issue #18: photos beside the files and in the manifest,
lists, notes and footnotes in every format, 本期要目 of the public articles, no markings or signers."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import replace

import markdown
import pytest
from test_press import Elements, fake_charts, found_in, surfaces

from jianbao.model import INTERNAL, PUBLIC, Footnote, ItemList, ListItem
from jianbao.press.export import render_press
from jianbao.public import public_view
from jianbao.write import Artifact

from html_tree import parse
from model_fixtures import photo_bytes, rich_issue, t

STEM = "press/gaibo-2017-07"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    issue = rich_issue()
    return {f.path: f.data for f in render_press(issue, fake_charts(issue))}


def text(files, suffix: str) -> str:
    return next(data.decode("utf-8") for path, data in files.items() if path.endswith(suffix))


def test_the_public_photo_is_in_the_folder_and_in_the_manifest_in_reading_order(files):
    assert files["press/photo-1.jpg"] == photo_bytes()
    assert "press/photo-6.jpg" not in files  # the internal article's photo
    manifest = json.loads(files["press/manifest.json"])
    assert "photo-1.jpg" in manifest["files"] and "photo-6.jpg" not in manifest["files"]
    assert manifest["released"][0]["photos"] == ["图1 新建成的乡村学校教学楼"]
    # 表1 then 图1 (the photo), 图2 … in the order the article has them: the WeChat editor's order.
    assert manifest["wechat"]["images"] == [
        {"file": "photo-1.jpg", "caption": "图1 新建成的乡村学校教学楼"},
        {"file": "fig-2.png", "caption": "图2 校舍建设与设备采购进度"},
        {"file": "fig-3.png", "caption": "图3 资金落实情况"},
        {"file": "fig-4.png", "caption": "图4 各地州市校舍建设竣工率"},
        {"file": "fig-5.png", "caption": "图5 进度变化趋势"}]
    copy_page = parse(text(files, ".wechat-copy.html"))
    listed = [li.text() for li in copy_page.find("ol", "files").find_all("li")]
    assert listed[:2] == ["photo-1.jpg　图1 新建成的乡村学校教学楼", "fig-2.png　图2 校舍建设与设备采购进度"]


def test_the_press_page_carries_the_photo_inside_and_every_element(files):
    html = text(files, "gaibo-2017-07.html")
    doc = parse(html)
    img = doc.find("figure", "photo").find("img")
    assert img.attrs["alt"] == "一座红色屋顶的两层教学楼，楼前是操场"
    assert base64.b64decode(img.attrs["src"].removeprefix("data:image/jpeg;base64,")) == photo_bytes()
    items = [li.text().split("\n")[0] for li in doc.find("ul", "item-list").elements()]
    assert items[0] == "1.逐校建立验收台账；"
    assert doc.find("div", "table-notes").text().strip().startswith("注：竣工率按项目个数计算。")
    notes = doc.find("section", "footnotes")
    assert [li.attrs["id"] for li in notes.find_all("li")] == ["fn-1-1", "fn-1-2"]
    assert doc.find("sup", "fnref").find("a").attrs["href"] == "#fn-1-1"
    nav = doc.find("nav", "contents")  # contents: always, and the one public article in it
    assert [a.text() for a in nav.find_all("a")] == ["全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"]
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_the_wechat_fragment_sets_each_element_with_inline_styles(files):
    fragment = text(files, ".wechat.html")
    page = Elements(fragment)
    assert all("class" not in a and "id" not in a and "href" not in a for _, a in page.items)
    assert not {tag for tag, _ in page.items} & {"a", "ul", "ol", "li", "nav", "figure"}
    assert [i["src"] for i in page.tags("img")] == ["photo-1.jpg", "fig-2.png", "fig-3.png", "fig-4.png", "fig-5.png"]
    assert re.search(r'<img src="photo-1.jpg"[^>]*>\s*</section>\s*<p[^>]*>图1 新建成的乡村学校教学楼</p>\s*'
                     r'<section[^>]*>\s*<p[^>]*>注：摄于2017年11月。</p>\s*<p[^>]*>数据来源：县教育局。</p>', fragment)
    assert re.search(r'<p style="[^"]*padding-left:2em">（1）南疆片区由自治区统一组织；</p>', fragment)
    assert "达到73%\u2060<sup>[1]</sup>" in fragment
    # the notes as plain paragraphs at the end of the article, before the 来源 line
    last = fragment.index("[2] 交叉检查由<strong>相邻地州</strong>互派人员。")
    assert fragment.index("[1] 竣工率按已交付使用的校舍面积计算。") < last < fragment.index("来源：《")
    assert re.search(r"<p[^>]*>本期要目</p>\s*<p[^>]*>◆ 全力攻坚", fragment)


def test_markdown_writes_markers_and_calls_as_text_that_no_renderer_renumbers(files):
    md = text(files, ".md")
    assert "\n\n1\\.逐校建立验收台账；\n\n2\\.分片组织交叉检查［2］：\n\n　　（1）南疆片区由自治区统一组织；\n\n" in md
    assert "\n\n公示验收结果；\n\n建立长效管护机制。\n\n" in md
    assert "![一座红色屋顶的两层教学楼，楼前是操场](photo-1.jpg)\n\n*图1 新建成的乡村学校教学楼*  \n注：摄于2017年11月。  \n数据来源：县教育局。" in md
    assert "| 喀什地区 | 68 | 86 |\n\n注：竣工率按项目个数计算。  \n数据来源：各地州市上报。" in md
    assert "达到73%［1］，" in md
    assert "注释：\n\n［1］竣工率按已交付使用的校舍面积计算。\n\n［2］交叉检查由**相邻地州**互派人员。" in md
    # Read by a Markdown tool: no list anywhere, the markers as written, no footnote syntax.
    html = markdown.markdown(md, extensions=["tables"])
    assert "<ol" not in html and "<ul" not in html and "<pre" not in html and "<code" not in html
    assert "<p>1.逐校建立验收台账；</p>" in html and "<p>3.对问题项目限期整改。</p>" in html


def test_contents_list_only_the_public_articles():
    issue = rich_issue()
    public, internal = issue.articles
    other = replace(public, title="第三篇公开稿件", blocks=public.blocks[:1], footnotes=public.footnotes[:1])
    issue = replace(issue, articles=(public, replace(internal, release=INTERNAL), replace(other, release=PUBLIC)))
    out = {f.path: f.data for f in render_press(issue, fake_charts(issue))}
    nav = parse(text(out, "gaibo-2017-07.html")).find("nav", "contents")
    assert [(a.attrs["href"], a.text()) for a in nav.find_all("a")] == [
        ("#article-1", "全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"), ("#article-2", "第三篇公开稿件")]
    assert "约谈进度滞后地区情况" not in text(out, ".md")
    assert re.search(r"\*\*本期要目\*\*  \n◆ 全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显  \n◆ 第三篇公开稿件", text(out, ".md"))
    # Two articles with a note 1 on one page: ids apart.
    html = text(out, "gaibo-2017-07.html")
    assert 'id="fn-1-1"' in html and 'id="fn-2-1"' in html
    single = replace(issue, articles=issue.articles[:2], series=replace(issue.series, contents="auto"))
    alone = {f.path: f.data for f in render_press(single, fake_charts(single))}
    assert not parse(text(alone, "gaibo-2017-07.html")).find_all("nav")  # auto: one public article needs none
    assert "本期要目" not in text(alone, ".md") + text(alone, ".wechat.html")


def test_no_marking_nor_signer_reaches_any_press_file(files):
    issue = rich_issue(secrecy="", urgency="特急")
    assert public_view(issue).marking_lines == ()
    out = render_press(issue, fake_charts(issue))
    for needle in ("加急", "特急", "签发", "审核：", "张三", "李四"):
        assert found_in(out, needle) == [], needle
    assert all("达到73%" in surfaces(f) for f in out if f.path.endswith((".html", ".md")))


def test_the_internal_articles_photo_list_and_footnote_go_nowhere(files):
    shown = [Artifact(path, data) for path, data in files.items()]
    for needle in ("约谈现场照片不得外传", "会议室内约谈进度滞后地区分管领导的现场", "内部照片仅供存档备查", "photo-6", "图6",
                   "约谈对象名单已报纪检部门", "名单含县级分管领导十四人"):
        assert found_in(shown, needle) == [], needle


def test_hostile_text_in_the_new_elements_stays_text_in_every_press_format():
    v = '<script>alert(1)</script>[x](javascript:alert(2))![y](http://e.example/t.png)"><img src=x onerror=alert(3)>'
    issue = rich_issue()
    public, internal = issue.articles
    blocks = (ItemList((ListItem("1.", 0, t(v)), ListItem("", 1, t("1. " + v)))),
              replace(public.blocks[8], title=v, alt=v, notes=(v,)), replace(public.blocks[7], notes=(v,)))
    issue = replace(issue, articles=(replace(public, blocks=blocks, footnotes=(Footnote(1, t(v)),)), internal))
    out = {f.path: f.data for f in render_press(issue, fake_charts(issue))}
    html = markdown.markdown(text(out, ".md"), extensions=["tables"])
    assert "<script" not in html and "<a " not in html and "<ol" not in html and "<ul" not in html
    assert re.findall(r'<img [^>]*src="([^"]*)"', html) == ["photo-1.jpg"]
    for suffix in (".wechat.html", "gaibo-2017-07.html", ".wechat-copy.html"):
        page = text(out, suffix).lower()
        assert "<script>alert" not in page and "javascript:alert(2)\"" not in page and "<img src=x" not in page
