"""Word renderer, issue #18: lists, photos, notes under figures, footnotes, marking lines, 签发 line, 本期要目."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image

from jianbao.errors import RenderError
from jianbao.layout import Layout
from jianbao.model import (
    INTERNAL,
    PUBLIC,
    Article,
    ChartSpec,
    Footnote,
    FootnoteRef,
    ItemList,
    ListItem,
    Paragraph,
    Photo,
    Table,
    Text,
)
from jianbao.public import public_charts, public_view
from jianbao.render.word.bulletin import render_docx
from jianbao.render.word.press import render_press_docx
from jianbao.render.word.report import layout_report

from model_fixtures import demo_issue, demo_series, t
from test_word import NS, Docx, attr, charts_for, text_of, w

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
EMU_PER_MM = 36000
PITCH_TWIPS = 579  # 28.95 pt


def photo_jpeg(width: int = 800, height: int = 600) -> bytes:
    """A small JPEG made with Pillow: a sky, a house, a field."""
    image = Image.new("RGB", (width, height), (180, 210, 235))
    for y in range(height * 2 // 3, height):
        for x in range(0, width, 4):
            image.putpixel((x, y), (110, 160, 90))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def photo_block(number: int = 5, width: int = 800, height: int = 600, notes=()) -> Photo:
    return Photo(number, "新建的教学楼", "一栋红顶的两层教学楼，楼前是操场", photo_jpeg(width, height),
                 "jpeg", width, height, "bulletins/gaibo/2017/photos/school.jpg", "0" * 64, notes)


def lists_block() -> ItemList:
    return ItemList((
        ListItem("1.", 0, t("倒排工期，挂图作战。")),
        ListItem("（1）", 1, t("对滞后县市督导。")),
        ListItem("①", 2, t("每月一次。")),
        ListItem("2.", 0, t("强化调度。")),
        ListItem("", 0, t("领导重视；")),
    ))


def footnoted(title: str, release: str, numbers: tuple[int, ...]) -> Article:
    """An article calling each of `numbers` once, in order, with their texts."""
    inlines = []
    for n in numbers:
        inlines += [Text(f"第{n}处"), FootnoteRef(n), Text("。")]
    return Article(title=title, release=release, note=(), blocks=(Paragraph(tuple(inlines)),),
                   footnotes=tuple(Footnote(n, t(f"{title}的脚注{n}。")) for n in numbers))


def full_issue(**over):
    """Every new element: lists, a photo with a note, table and chart notes, footnotes in two articles,
    密级 and 紧急程度, signers, 本期要目."""
    first = Article(
        title="全区工作 持续推进", release=PUBLIC, note=(),
        blocks=(
            Paragraph((Text("竣工率达到81%"), FootnoteRef(1), Text("，比8月底提高8个百分点"), FootnoteRef(2),
                       Text("。"))),
            lists_block(),
            photo_block(notes=("注：图片由和田地区教育局提供。",)),
            Table(1, "各地州市进度（%）", ("地区", "竣工率"), (("乌鲁木齐市", "95"), ("喀什地区", "68")),
                  notes=("注：数据截至10月底。", "数据来源：自治区教育厅。")),
            ChartSpec(1, "progress", ("construction",), "校舍建设进度", notes=("数据来源：全国改薄办。",)),
        ),
        footnotes=(Footnote(1, t("竣工率按面积计算。")), Footnote(2, t("与8月底相比。"))),
    )
    second = footnoted("冬季施工推进会", INTERNAL, (1,))
    values = dict(articles=(first, second), secrecy="秘密", secrecy_period="1年", urgency="加急",
                  signers=(("签发", "张三"), ("审核", "李四")),
                  series=demo_series(contents="always", sign_roles=("签发", "审核")))
    values.update(over)
    return demo_issue(**values)


@pytest.fixture(scope="module")
def issue():
    return full_issue()


@pytest.fixture(scope="module")
def data(issue) -> bytes:
    return render_docx(issue, charts_for(issue))


@pytest.fixture(scope="module")
def docx(data) -> Docx:
    return Docx(data)


def paragraphs(docx: Docx) -> list:
    return docx.body.findall("w:p", NS)


def style_of(p) -> str:
    return p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)


def render(issue) -> Docx:
    return Docx(render_docx(issue, charts_for(issue)))


# ---------------------------------------------------------------- lists

def test_list_items_are_body_paragraphs_opening_with_their_markers(docx):
    texts = {text_of(p): style_of(p) for p in paragraphs(docx)}
    assert texts["1.倒排工期，挂图作战。"] == "JBBody"
    assert texts["2.强化调度。"] == "JBBody"
    assert texts["领导重视；"] == "JBBody"  # unordered: an ordinary paragraph, no marker
    assert texts["（1）对滞后县市督导。"] == "JBListIndent1"
    assert texts["①每月一次。"] == "JBListIndent2"


@pytest.mark.parametrize("style_id, depth", [("JBListIndent1", 1), ("JBListIndent2", 2)])
def test_nested_items_move_two_characters_in_per_level_and_keep_the_first_line_indent(docx, style_id, depth):
    style = docx.style(style_id)
    assert attr(style, "w:basedOn", "val") == "JBBody"
    ind = style.find("w:pPr/w:ind", NS)
    assert {k: ind.get(w(k)) for k in ("leftChars", "left", "firstLineChars", "firstLine")} == \
        {"leftChars": str(200 * depth), "left": str(640 * depth), "firstLineChars": "200", "firstLine": "640"}
    # the body's face, size and pitch come from JB Body
    assert style.find("w:rPr/w:sz", NS) is None and style.find("w:pPr/w:spacing", NS) is None


def test_list_items_carry_no_word_numbering(docx):
    assert not docx.body.xpath(".//w:numPr", namespaces=NS)


def test_a_list_deeper_than_the_styles_takes_the_deepest():
    article = Article("深列表", PUBLIC, (), (ItemList((ListItem("（9）", 5, t("很深。")),)),))
    doc = render(demo_issue(articles=(article,)))
    deep = [p for p in paragraphs(doc) if text_of(p) == "（9）很深。"]
    assert style_of(deep[0]) == "JBListIndent2"


# ---------------------------------------------------------------- photos and notes

def test_photo_is_a_centred_picture_with_alt_text_then_its_caption(docx):
    drawing = [p for p in paragraphs(docx) if p.xpath(".//wp:docPr[@name='图5']", namespaces=NS)]
    assert len(drawing) == 1 and style_of(drawing[0]) == "JBChart"
    doc_pr = drawing[0].find(".//wp:docPr", NS)
    assert doc_pr.get("descr") == "一栋红顶的两层教学楼，楼前是操场"
    after = paragraphs(docx)[paragraphs(docx).index(drawing[0]) + 1]
    assert style_of(after) == "JBChartCaption" and text_of(after) == "图5 新建的教学楼"
    assert any(name.startswith("word/media/") and name.endswith((".jpg", ".jpeg"))
               for name in docx.zip.namelist())


@pytest.mark.parametrize("width, height", [(800, 600), (600, 900), (2000, 400)])
def test_photo_fills_the_type_width_unless_taller_than_the_picture_cap(width, height):
    """The cap (layout.picture_max_height_mm) leaves room for the caption and a heading within a
    third of the type area: the same rule as for charts."""
    article = Article("照片", PUBLIC, (), (photo_block(1, width, height),))
    doc = render(demo_issue(articles=(article,)))
    extent = doc.body.find(".//wp:extent", NS)
    cx, cy = int(extent.get("cx")) / EMU_PER_MM, int(extent.get("cy")) / EMU_PER_MM
    lay = Layout()
    cap = lay.picture_max_height_mm
    assert cx <= lay.type_width_mm + 0.01 and cy <= cap + 0.01 < 225 / 3
    assert cx == pytest.approx(lay.type_width_mm, abs=0.01) or cy == pytest.approx(cap, abs=0.01)
    assert cx / cy == pytest.approx(width / height, rel=0.001)


def test_a_photo_without_its_data_is_an_error():
    broken = dataclasses.replace(photo_block(), data=b"")
    with pytest.raises(RenderError, match="图5"):
        render(demo_issue(articles=(Article("照片", PUBLIC, (), (broken,)),)))


def following(docx: Docx, node, count: int) -> list:
    """The `count` body children after `node` (paragraphs and tables)."""
    siblings = [c for c in docx.body if c.tag in (w("p"), w("tbl"))]
    start = siblings.index(node)
    return siblings[start + 1:start + 1 + count]


def test_table_notes_follow_the_table_and_its_last_row_keeps_with_them(docx):
    table = [tbl for tbl in docx.body.findall("w:tbl", NS) if "乌鲁木齐市" in text_of(tbl)][0]
    notes = following(docx, table, 2)
    assert [text_of(p) for p in notes] == ["注：数据截至10月底。", "数据来源：自治区教育厅。"]
    assert {style_of(p) for p in notes} == {"JBFigureNote"}
    last_row = table.findall("w:tr", NS)[-1]
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in last_row.iter(w("p")))
    assert notes[0].find("w:pPr/w:keepNext", NS) is not None  # the first note keeps with the second
    assert notes[1].find("w:pPr/w:keepNext", NS) is None


@pytest.mark.parametrize("caption, note", [("图1 校舍建设进度", "数据来源：全国改薄办。"),
                                           ("图5 新建的教学楼", "注：图片由和田地区教育局提供。")])
def test_chart_and_photo_notes_come_under_their_caption(docx, caption, note):
    captions = [p for p in docx.paragraphs("JBChartCaption") if text_of(p) == caption]
    after = following(docx, captions[0], 1)[0]
    assert (style_of(after), text_of(after)) == ("JBFigureNote", note)
    assert captions[0].find("w:pPr/w:keepNext", NS) is not None


def test_figures_without_notes_keep_their_captions_free():
    issue = demo_issue()
    doc = render(issue)
    assert not doc.paragraphs("JBFigureNote")
    assert all(c.find("w:pPr/w:keepNext", NS) is None for c in doc.paragraphs("JBChartCaption"))


def test_note_style_is_caption_size_fangsong_not_bold_justified_without_indent(docx):
    style = docx.style("JBFigureNote")
    assert attr(style, "w:basedOn", "val") == "JBChartCaption"  # 仿宋 小四 from the caption
    assert attr(docx.style("JBChartCaption"), "w:rPr/w:sz", "val") == "24"
    assert attr(style, "w:rPr/w:b", "val") == "0"
    assert attr(style, "w:pPr/w:jc", "val") == "both"
    assert attr(style, "w:pPr/w:ind", "firstLine") == "0"


# ---------------------------------------------------------------- footnotes

def test_footnotes_part_is_related_typed_and_named_in_settings(docx):
    rels = docx.xml("word/_rels/document.xml.rels")
    targets = [r.get("Target") for r in rels if r.get("Type") == f"{R}/footnotes"]
    assert targets == ["footnotes.xml"]
    types = docx.xml("[Content_Types].xml")
    assert any(o.get("PartName") == "/word/footnotes.xml" and o.get("ContentType") == FOOTNOTES_TYPE
               for o in types)
    settings = docx.xml("word/settings.xml")
    assert settings.xpath("w:footnotePr/w:footnote/@w:id", namespaces=NS) == ["-1", "0"]
    # w:footnotePr precedes w:compat (CT_Settings sequence)
    names = [etree_name(c) for c in settings]
    assert names.index("footnotePr") < names.index("compat")


def etree_name(node) -> str:
    return node.tag.split("}")[1]


def test_separator_footnotes_come_first_with_word_ids(docx):
    notes = docx.xml("word/footnotes.xml").findall("w:footnote", NS)
    assert [(n.get(w("type")), n.get(w("id"))) for n in notes[:2]] == \
        [("separator", "-1"), ("continuationSeparator", "0")]
    assert notes[0].find(".//w:separator", NS) is not None
    assert notes[1].find(".//w:continuationSeparator", NS) is not None


def test_every_reference_has_its_footnote_with_the_articles_number(docx):
    notes = {n.get(w("id")): n for n in docx.xml("word/footnotes.xml").findall("w:footnote", NS)
             if n.get(w("type")) is None}
    refs = docx.body.findall(".//w:footnoteReference", NS)
    assert [r.get(w("id")) for r in refs] == ["1", "2", "3"] == sorted(notes)
    shown = []
    for ref in refs:
        run = ref.getparent()
        assert attr(run, "w:rPr/w:rStyle", "val") == "FootnoteReference"
        note = notes[ref.get(w("id"))]
        opening = note.find("w:p/w:r", NS)
        assert attr(note, "w:p/w:pPr/w:pStyle", "val") == "FootnoteText"
        assert attr(opening, "w:rPr/w:rStyle", "val") == "FootnoteReference"
        if ref.get(w("customMarkFollows")) == "1":
            # a custom mark: its text follows the reference, and opens the footnote as text
            assert opening.find("w:footnoteRef", NS) is None
            shown.append((text_of(run), text_of(opening), text_of(note)[len(text_of(opening)):].strip()))
        else:
            # Word's running number is the article's: an ordinary footnote
            assert text_of(run) == "" and opening.find("w:footnoteRef", NS) is not None
            shown.append(("auto", "auto", text_of(note).strip()))
    assert shown == [("auto", "auto", "竣工率按面积计算。"), ("auto", "auto", "与8月底相比。"),
                     ("1", "1", "冬季施工推进会的脚注1。")]


def test_numbers_that_word_would_not_give_are_custom_marks():
    """Footnotes of the second article start again at 1; Word would call them 3, 4."""
    issue = demo_issue(articles=(footnoted("甲", PUBLIC, (1, 2)), footnoted("乙", PUBLIC, (1, 2)),
                                 footnoted("丙", PUBLIC, (1, 2, 3))))
    doc = render(issue)
    marks = [(r.get(w("customMarkFollows")), text_of(r.getparent()))
             for r in doc.body.findall(".//w:footnoteReference", NS)]
    assert marks == [(None, ""), (None, ""), ("1", "1"), ("1", "2"), ("1", "1"), ("1", "2"),
                     (None, "")]  # 丙's third: Word's own next number is 3 as well


def test_footnote_styles_are_words_own_fangsong_small_four_and_superscript(docx):
    text = docx.style("FootnoteText")
    assert attr(text, "w:name", "val") == "footnote text" and text.get(w("customStyle")) is None
    assert attr(text, "w:rPr/w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert attr(text, "w:rPr/w:sz", "val") == "24"
    reference = docx.style("FootnoteReference")
    assert reference.get(w("type")) == "character"
    assert attr(reference, "w:name", "val") == "footnote reference"
    assert attr(reference, "w:rPr/w:vertAlign", "val") == "superscript"


def test_a_footnote_called_twice_is_at_the_page_foot_once():
    article = Article("两次", PUBLIC, (), (Paragraph((Text("甲"), FootnoteRef(1), Text("乙"), FootnoteRef(1))),),
                      footnotes=(Footnote(1, t("只一条。")),))
    doc = render(demo_issue(articles=(article,)))
    assert len(doc.body.findall(".//w:footnoteReference", NS)) == 1
    marks = doc.body.xpath(".//w:r[w:rPr/w:rStyle/@w:val='FootnoteReference']", namespaces=NS)
    assert len(marks) == 2 and text_of(marks[1]) == "1"


def test_a_call_without_its_text_is_an_error():
    article = Article("缺说明", PUBLIC, (), (Paragraph((Text("甲"), FootnoteRef(2))),),
                      footnotes=(Footnote(1, t("第一条。")),))
    with pytest.raises(RenderError, match="第2条脚注"):
        render(demo_issue(articles=(article,)))


def test_no_footnotes_no_footnotes_part():
    doc = render(demo_issue())
    assert "word/footnotes.xml" not in doc.zip.namelist()
    assert not doc.xml("word/settings.xml").findall("w:footnotePr", NS)


# ---------------------------------------------------------------- marking lines

def test_marking_lines_top_left_in_order_heiti(docx):
    first, second, third = paragraphs(docx)[:3]
    assert [(style_of(p), text_of(p)) for p in (first, second)] == \
        [("JBClassification", "秘密★1年"), ("JBClassification", "加急")]
    assert style_of(third) == "JBProgram"  # no spacer: two lines fill the room above the name
    style = docx.style("JBClassification")
    assert attr(style, "w:rPr/w:rFonts", "eastAsia") == "黑体"
    assert attr(style, "w:rPr/w:sz", "val") == "32"
    assert attr(style, "w:pPr/w:jc", "val") == "left"


def lines_above_the_name_mm(doc: Docx) -> float:
    """The height of what stands above the first red line, in mm."""
    total = 0
    for p in paragraphs(doc):
        if style_of(p) in ("JBProgram", "JBMasthead"):
            break
        line = attr(p, "w:pPr/w:spacing", "line") or attr(doc.style(style_of(p)), "w:pPr/w:spacing", "line")
        total += int(line)
    return total / 20 / 72 * 25.4


@pytest.mark.parametrize("over, lines", [
    (dict(), 0),
    (dict(series=demo_series(classification="内部资料")), 1),
    (dict(secrecy="秘密", secrecy_period="1年"), 1),
    (dict(secrecy="机密", urgency="特急"), 2),
    (dict(series=demo_series(classification="内部资料"), urgency="加急"), 2),
])
def test_the_red_name_stays_20mm_below_the_type_area_top(over, lines):
    doc = render(demo_issue(**over))
    marks = doc.paragraphs("JBClassification")
    assert len(marks) == lines
    # the glyphs of the 16 pt program line start 0.12 × 16 pt below their line's top
    glyph_mm = 0.12 * 16 / 72 * 25.4
    assert lines_above_the_name_mm(doc) + glyph_mm == pytest.approx(20, abs=0.2)
    if lines == 1:  # one line keeps the body pitch of its style
        assert attr(marks[0], "w:pPr/w:spacing", "line") is None
    if lines == 2:
        assert all(int(attr(m, "w:pPr/w:spacing", "line")) < PITCH_TWIPS for m in marks)


def test_the_series_line_gives_way_to_the_issues_secrecy():
    doc = render(demo_issue(series=demo_series(classification="内部资料"), secrecy="秘密"))
    assert [text_of(p) for p in doc.paragraphs("JBClassification")] == ["秘密"]


# ---------------------------------------------------------------- 签发 line

def imprint_table(doc: Docx):
    """The 报尾: the document's last table, floating at the foot or following the text."""
    return doc.body.findall("w:tbl", NS)[-1]


def test_imprint_floats_at_the_foot_unless_footnotes_would_lie_under_it(docx):
    """LibreOffice (and Word) set footnotes at the page foot whatever floats there: with footnotes the
    报尾 follows the text, its rows (the 签发 line first) kept together, and never overlaps them."""
    assert imprint_table(render(demo_issue())).find(".//w:tblpPr", NS) is not None
    imprint = imprint_table(docx)
    assert imprint.find(".//w:tblpPr", NS) is None
    rows = imprint.findall("w:tr", NS)
    assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows[1:])
    assert all(row.find(".//w:pPr/w:keepNext", NS) is not None for row in rows[:-1])
    # the text's last line goes with it, so that it never stands alone at the top of a page
    last = [p for p in imprint.itersiblings(preceding=True) if p.tag == w("p") and text_of(p)][0]
    assert text_of(last).startswith("第1处") and last.find("w:pPr/w:keepNext", NS) is not None


def test_signoff_line_is_the_first_row_of_the_imprint_above_its_thick_rule(docx):
    rows = imprint_table(docx).findall("w:tr", NS)
    assert text_of(rows[0]) == "签发：张三　审核：李四"
    assert text_of(rows[1]).startswith("报：")
    borders = rows[0].find(".//w:tcBorders", NS)
    assert attr(borders, "w:top", "val") == "nil"
    assert (attr(borders, "w:bottom", "val"), attr(borders, "w:bottom", "sz")) == ("single", "8")
    par = rows[0].find(".//w:p", NS)
    assert style_of(par) == "JBSignoff"
    style = docx.style("JBSignoff")
    assert attr(style, "w:basedOn", "val") == "JBImprint"  # 4号仿宋
    assert attr(style, "w:pPr/w:jc", "val") == "right"
    assert attr(style, "w:pPr/w:ind", "right") == "280"  # one 14 pt character in


def test_no_signers_no_signoff_row():
    doc = render(demo_issue())
    assert not doc.paragraphs("JBSignoff")
    assert text_of(imprint_table(doc).find("w:tr", NS)).startswith("报：")


def test_signoff_without_an_imprint_ends_the_text():
    issue = demo_issue(series=demo_series(distribution=(), copies=None), signers=(("签发", "张三"),))
    doc = render(issue)
    last = [p for p in paragraphs(doc) if text_of(p)][-1]
    assert (style_of(last), text_of(last)) == ("JBSignoff", "签发：张三")


def test_the_layout_report_finds_nothing_wrong(issue, data):
    assert layout_report(data, issue) == []


# ---------------------------------------------------------------- 本期要目

def contents(doc: Docx) -> list[str]:
    heading = doc.paragraphs("JBContentsHeading")
    if not heading:
        return []
    assert text_of(heading[0]) == "本期要目"
    return [text_of(p) for p in doc.paragraphs("JBContentsEntry")]


@pytest.mark.parametrize("setting, articles, shown", [
    ("auto", 2, True), ("auto", 1, False), ("always", 1, True), ("never", 2, False)])
def test_contents_follow_the_series_setting(setting, articles, shown):
    issue = demo_issue(series=demo_series(contents=setting))
    issue = dataclasses.replace(issue, articles=issue.articles[:articles])
    titles = contents(render(issue))
    assert titles == (["全力攻坚不懈奋战自治区“全面改薄”工作成效明显", "约谈进度滞后地区情况"][:articles]
                      if shown else [])


def test_contents_sit_under_the_rule_after_the_issue_note_before_the_headline():
    import datetime

    from jianbao.model import Correction

    issue = demo_issue(note=(Paragraph(t("本期为专刊。")),),
                       correction=Correction("数字有误。", datetime.date(2017, 10, 13)))
    doc = render(issue)
    order = [style_of(p) or ("" if not text_of(p) else "?") for p in paragraphs(doc)]
    rule = order.index("JBIssuerLine")
    assert order[rule + 1:rule + 9] == ["", "JBNote", "JBNote", "JBContentsHeading", "JBContentsEntry",
                                        "JBContentsEntry", "", "JBHeadline"]


def test_contents_styles_heiti_heading_and_kaiti_entries(docx):
    heading = docx.style("JBContentsHeading")
    assert attr(heading, "w:rPr/w:rFonts", "eastAsia") == "黑体"
    assert attr(heading, "w:pPr/w:jc", "val") == "center"
    entry = docx.style("JBContentsEntry")
    assert attr(entry, "w:basedOn", "val") == "JBNote"  # 楷体 3号 on the body pitch
    assert (attr(entry, "w:pPr/w:ind", "leftChars"), attr(entry, "w:pPr/w:ind", "firstLine")) == ("200", "0")


# ---------------------------------------------------------------- press release

def press(issue) -> Docx:
    view = public_view(issue)
    return Docx(render_press_docx(view, public_charts(view, charts_for(issue))))


def test_press_contents_list_the_public_articles_only():
    issue = full_issue(secrecy="", secrecy_period="", urgency="",
                       articles=full_issue().articles + (footnoted("公开的第三篇", PUBLIC, (1,)),))
    doc = press(issue)
    assert contents(doc) == ["全区工作持续推进", "公开的第三篇"]
    assert "冬季施工推进会" not in text_of(doc.body)


def test_press_release_has_no_signoff_and_no_marking_lines():
    issue = full_issue(secrecy="", secrecy_period="", urgency="")
    doc = press(issue)
    text = text_of(doc.body)
    assert "签发" not in text and "张三" not in text and not doc.paragraphs("JBClassification")


def test_press_release_keeps_lists_photos_notes_and_footnotes():
    issue = full_issue(secrecy="", secrecy_period="", urgency="")
    doc = press(issue)
    text = text_of(doc.body)
    assert "（1）对滞后县市督导。" in text and "注：数据截至10月底。" in text
    assert doc.body.find(".//wp:docPr[@name='图5']", NS) is not None
    assert len(doc.body.findall(".//w:footnoteReference", NS)) == 2
    assert "竣工率按面积计算。" in text_of(doc.xml("word/footnotes.xml"))


def test_press_contents_need_several_public_articles_when_auto():
    issue = full_issue(secrecy="", secrecy_period="", urgency="", series=demo_series(contents="auto"))
    assert contents(press(issue)) == []  # one public article


# ---------------------------------------------------------------- determinism

def test_same_issue_gives_the_same_bytes(issue, data):
    render_docx(demo_issue(), charts_for(demo_issue()))  # another document in between
    assert render_docx(issue, charts_for(issue)) == data
    first = press(full_issue(secrecy="", secrecy_period="", urgency="")).data
    assert press(full_issue(secrecy="", secrecy_period="", urgency="")).data == first
