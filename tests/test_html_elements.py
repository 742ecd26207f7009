"""The issue page's elements of issue #18: lists, photos, notes under tables and figures, footnotes,
本期要目, the markings above the masthead and the 签发 line above the 报尾."""

from __future__ import annotations

import base64
import re
from dataclasses import replace

import pytest

from jianbao.errors import RenderError
from jianbao.model import FootnoteRef, ItemList, ListItem, Paragraph, Text
from jianbao.render.html import bulletin as H

from html_fakes import fake_charts
from html_tree import parse
from model_fixtures import demo_issue, demo_series, photo_bytes, rich_issue, t


def render(issue=None, single_file=False) -> dict[str, bytes]:
    issue = issue or rich_issue()
    return {a.path: a.data for a in H.render_html(issue, fake_charts(issue), single_file=single_file)}


def page(issue=None, single_file=False) -> str:
    out = render(issue, single_file)
    return next(d for p, d in out.items() if p.endswith(".html")).decode("utf-8")


# ---------------------------------------------------------------- lists

def test_a_list_is_a_list_for_screen_readers_and_reads_as_body_paragraphs():
    doc = parse(page())
    article = doc.find("article")
    first = article.find("ul", "item-list")
    assert first.attrs["role"] == "list"
    top = first.elements()
    assert [li.tag for li in top] == ["li", "li", "li"]
    assert [li.text().split("\n")[0] for li in top] == ["1.逐校建立验收台账；", "2.分片组织交叉检查\u2060[2]：",
                                                       "3.对问题项目限期整改。"]
    nested = top[1].find("ul", "item-list")  # （1）（2） under 2., as a list of its own
    assert nested.attrs["role"] == "list"
    assert [li.text() for li in nested.elements()] == ["（1）南疆片区由自治区统一组织；", "（2）北疆片区由各地州自行组织。"]
    bullets = article.find_all("ul", "item-list")[-1]
    assert [li.text() for li in bullets.elements()] == ["公示验收结果；", "建立长效管护机制。"]  # no marker


def test_flat_items_are_nested_again_by_depth():
    items = [ListItem("1.", 0, t("a")), ListItem("（1）", 1, t("b")), ListItem("①", 2, t("c")),
             ListItem("2.", 0, t("d")), ListItem("①", 2, t("e")), ListItem("（1）", 1, t("f"))]
    tree = H.nest_items(items)

    def shape(nodes):
        return [(n.item.inlines[0].text, shape(n.children)) for n in nodes]
    # An item two levels deeper than the one before it goes one level down, never lost.
    assert shape(tree) == [("a", [("b", [("c", [])])]), ("d", [("e", []), ("f", [])])]


# ---------------------------------------------------------------- photos

def test_the_linked_page_has_the_photo_beside_it():
    issue = rich_issue()
    out = render(issue)
    assert out["photo-1.jpg"] == photo_bytes() and out["photo-6.jpg"] == photo_bytes()
    assert sorted(p for p in out if p.startswith(("photo-", "fig-"))) == [
        "fig-2.svg", "fig-3.svg", "fig-4.svg", "fig-5.svg", "photo-1.jpg", "photo-6.jpg"]
    figure = next(f for f in parse(page(issue)).find_all("figure", "photo") if f.attrs["id"] == "figure-1")
    img = figure.find("img")
    assert img.attrs == {"src": "photo-1.jpg", "alt": "一座红色屋顶的两层教学楼，楼前是操场",
                         "width": "480", "height": "320"}
    caption = figure.elements()[-1]
    assert caption.tag == "figcaption"  # 图 N below the photo
    assert caption.find("span", "caption-text").text() == "图1 新建成的乡村学校教学楼"
    assert [n.text() for n in caption.find_all("span", "element-notes")] == ["注：摄于2017年11月。", "数据来源：县教育局。"]


def test_the_single_file_page_carries_the_photo_inside():
    out = render(single_file=True)
    assert list(out) == ["gaibo-2017-07.html"]
    doc = parse(out["gaibo-2017-07.html"].decode())
    img = doc.find("figure", "photo").find("img")
    prefix = "data:image/jpeg;base64,"
    assert img.attrs["src"].startswith(prefix)
    assert base64.b64decode(img.attrs["src"][len(prefix):]) == photo_bytes()
    assert "photo-1.jpg" not in out["gaibo-2017-07.html"].decode()


def test_a_png_photo_keeps_its_kind_and_a_photo_without_bytes_is_an_internal_error():
    issue = rich_issue()
    public, internal = issue.articles
    png = replace(public.blocks[8], kind="png", data=photo_bytes(kind="png"))
    issue = replace(issue, articles=(replace(public, blocks=public.blocks[:8] + (png,) + public.blocks[9:]), internal))
    assert render(issue)["photo-1.png"] == photo_bytes(kind="png")
    assert 'src="data:image/png;base64,' in page(issue, single_file=True)
    empty = replace(png, data=b"")
    broken = replace(issue, articles=(replace(public, blocks=(empty,)), internal))
    with pytest.raises(RenderError, match="图1"):
        render(broken)


# ---------------------------------------------------------------- notes under tables and figures

def test_notes_follow_the_table_and_the_figure_caption():
    doc = parse(page())
    box = doc.find("div", "table-scroll")
    siblings = box.parent.elements()
    after = siblings[siblings.index(box) + 1]
    assert after.attrs["class"] == "element-notes table-notes"
    assert [p.text() for p in after.find_all("p")] == ["注：竣工率按项目个数计算。", "数据来源：各地州市上报。"]
    chart = next(f for f in doc.find_all("figure", "chart") if f.attrs["id"] == "figure-2")
    caption = chart.elements()[-1]
    assert caption.find("span", "caption-text").text() == "图2 校舍建设与设备采购进度"
    assert [n.text() for n in caption.find_all("span", "element-notes")] == ["数据来源：自治区教育厅。"]
    plain = next(f for f in doc.find_all("figure", "chart") if f.attrs["id"] == "figure-3")
    assert plain.elements()[-1].text() == "图3 资金落实情况"  # no notes: the caption alone


# ---------------------------------------------------------------- footnotes

def test_footnote_calls_link_to_notes_that_link_back():
    html = page()
    doc = parse(html)
    first = doc.find_all("article")[0]
    calls = [s.find("a") for s in first.find_all("sup", "fnref")]
    assert [(a.attrs["href"], a.attrs["id"], a.text()) for a in calls] == [
        ("#fn-1-1", "fnref-1-1", "[1]"), ("#fn-1-2", "fnref-1-2", "[2]")]
    notes = first.find("section", "footnotes")
    assert notes.attrs["aria-label"] == "注释：全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"  # one per article, named
    assert first.elements()[-1] is notes  # after the last block
    items = notes.find("ol").elements()
    assert [li.attrs["id"] for li in items] == ["fn-1-1", "fn-1-2"]
    assert items[1].text().startswith("[2]交叉检查由相邻地州互派人员。")
    assert "<strong>相邻地州</strong>" in html
    assert [li.find("a", "fn-back").attrs["href"] for li in items] == ["#fnref-1-1", "#fnref-1-2"]
    # A word joiner keeps the call on the line of the word it follows.
    assert "达到73%\u2060<sup" in html


def test_footnote_ids_are_unique_on_a_page_of_several_articles():
    """Both articles have a note 1: its ids carry the article's place on the page."""
    html = page()
    assert 'id="fn-2-1"' in html and 'href="#fn-2-1"' in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids, target


def test_a_note_called_twice_gives_its_back_link_one_target():
    issue = rich_issue()
    public, internal = issue.articles
    again = Paragraph((Text("再次引用"), FootnoteRef(1), Text("。")))
    issue = replace(issue, articles=(replace(public, blocks=public.blocks + (again,)), internal))
    html = page(issue)
    assert html.count('href="#fn-1-1"') == 2 and html.count('id="fnref-1-1"') == 1


# ---------------------------------------------------------------- 本期要目, markings, 签发

def test_contents_list_the_articles_under_the_red_rule():
    doc = parse(page())
    main = doc.find("main")
    nav = main.elements()[0]
    assert nav.tag == "nav" and nav.attrs["aria-labelledby"] == "contents-title"
    assert nav.find("h2").text() == "本期要目"
    links = [(a.attrs["href"], a.text()) for a in nav.find_all("a")]
    assert links == [("#article-1", "全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"), ("#article-2", "约谈进度滞后地区情况")]
    for href, _ in links:
        assert doc.find("article") is not None and f'id="{href[1:]}"' in page()
    never = rich_issue(series=demo_series(contents="never"))
    assert not parse(page(never)).find_all("nav")
    single = demo_issue(articles=demo_issue().articles[:1])  # auto: one article needs no contents
    assert not parse(page(single)).find_all("nav")


def test_markings_stand_top_left_above_the_masthead_in_order():
    header = parse(page()).find("header", "masthead")
    assert [p.text() for p in header.find_all("p", "marking")] == ["加急"]
    secret = rich_issue(secrecy="秘密", secrecy_period="1年",
                        series=demo_series(classification="内部资料 注意保存"))
    header = parse(page(secret)).find("header", "masthead")
    assert [n.text() for n in header.elements()[:2]] == ["秘密★1年", "加急"]  # the 密级 replaces the series line
    assert "内部资料" not in header.text()


def test_the_signoff_line_stands_just_above_the_imprint():
    footer = parse(page()).find("footer", "colophon")
    kids = footer.elements()
    assert [k.attrs["class"] for k in kids] == ["signoff", "imprint"]
    assert kids[0].text() == "签发：张三　审核：李四"
    bare = rich_issue(series=demo_series(distribution=(), copies=None, contents="always"))
    footer = parse(page(bare)).find("footer", "colophon")
    assert [k.attrs["class"] for k in footer.elements()] == ["signoff"]
    assert not parse(page(demo_issue(signers=()))).find("footer", "colophon").find_all("p", "signoff")


# ---------------------------------------------------------------- hostile text, same bytes

def test_hostile_text_in_the_new_elements_stays_text():
    v = '<script>alert(1)</script><a href="javascript:alert(2)">x</a>"><img src=x onerror=alert(3)>'
    issue = rich_issue()
    public, internal = issue.articles
    named = '见 src="photo-1.jpg" 与 <img src="photo-1.jpg">'  # the photo's own name, as text: stays text
    blocks = (ItemList((ListItem("1.", 0, t(v)), ListItem("2.", 0, t(named)))),
              replace(public.blocks[8], title=v, alt=v, notes=(v,)),
              replace(public.blocks[7], notes=(v,)))
    issue = replace(issue, articles=(replace(public, title=v, blocks=blocks,
                                             footnotes=(replace(public.footnotes[0], inlines=t(v)),)), internal))
    for single in (False, True):
        html = page(issue, single)
        lowered = html.lower()
        assert "<script" not in lowered and "<img src=x" not in lowered and "<a href=\"javascript" not in lowered
        doc = parse(html)
        hrefs = [a.attrs["href"] for a in doc.find_all("a")]
        assert hrefs and all(h.startswith("#") for h in hrefs), hrefs
        assert v in doc.find("ul", "item-list").text() and v in doc.find("nav").text()
        assert doc.find("figure", "photo").find("img").attrs["alt"] == v
        assert named in doc.find("ul", "item-list").text()


def test_same_input_gives_same_bytes():
    assert render() == render()
    assert render(single_file=True) == render(single_file=True)
