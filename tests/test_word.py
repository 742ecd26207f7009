"""Word renderer: the .docx XML carries the official layout (layout.md §1–§7, §10)."""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import zipfile
import zlib

import pytest
from lxml import etree

from jianbao.errors import RenderError
from jianbao.layout import fit_figure_mm, note_lines
from jianbao.model import (
    Article,
    Emphasis,
    Heading,
    LineBreak,
    Paragraph,
    Recipient,
    Strong,
    Table,
    Text,
)
from jianbao.render.word.bulletin import render_docx
from jianbao.rendered import RenderedChart

from model_fixtures import demo_issue, demo_series, t

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
FS, KS, HEI, XBS, SONG, TNR = "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体", \
    "Times New Roman"


def tiny_png(width: int = 8, height: int = 5) -> bytes:
    """A valid RGB PNG without any imaging library."""
    raw = b"".join(b"\x00" + b"\xc8\x3c\x3c" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + \
        chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def charts_for(issue) -> dict:
    return {c.number: RenderedChart(
        number=c.number, caption=c.caption, alt=f"{c.title}：替代文本{c.number}",
        png=tiny_png(16 + c.number, 9), svg=b"", width_mm=140, height_mm=80,
        data_header=(), data_rows=()) for c in issue.charts}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


class Docx:
    """The parts of a rendered .docx, parsed with lxml."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.doc = self.xml("word/document.xml")
        self.styles = self.xml("word/styles.xml")
        self.body = self.doc.find("w:body", NS)

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(name))

    def style(self, style_id: str):
        found = self.styles.xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
        assert found, f"style {style_id} missing"
        return found[0]

    def paragraphs(self, style_id: str) -> list:
        return self.body.xpath(f".//w:p[w:pPr/w:pStyle/@w:val='{style_id}']", namespaces=NS)

    def footer(self, kind: str):
        rid = self.body.find("w:sectPr", NS).xpath(
            f"w:footerReference[@w:type='{kind}']/@r:id",
            namespaces={**NS, "r": "http://schemas.openxmlformats.org/officeDocument/2006/"
                                   "relationships"})[0]
        rels = self.xml("word/_rels/document.xml.rels")
        target = [r.get("Target") for r in rels if r.get("Id") == rid][0]
        return self.xml(f"word/{target}")


def text_of(node) -> str:
    """Visible text: w:t as is, w:tab as a tab, w:br as a newline (field codes excluded)."""
    parts = []
    for el in node.iter(w("t"), w("tab"), w("br")):
        if el.tag == w("t"):
            parts.append(el.text or "")
        elif el.tag == w("br"):
            parts.append("\n")
        elif el.getparent().tag == w("r"):  # a tab character, not a tab stop definition
            parts.append("\t")
    return "".join(parts)


def attr(node, path: str, name: str):
    found = node.xpath(path, namespaces=NS)
    return found[0].get(w(name)) if found else None


@pytest.fixture(scope="module")
def issue():
    return demo_issue()


@pytest.fixture(scope="module")
def docx(issue) -> Docx:
    return Docx(render_docx(issue, charts_for(issue)))


# ---------------------------------------------------------------- page and styles

def test_a4_page_and_gb_margins_in_twips(docx):
    sect = docx.body.find("w:sectPr", NS)
    assert (attr(sect, "w:pgSz", "w"), attr(sect, "w:pgSz", "h")) == ("11906", "16838")
    margins = {k: attr(sect, "w:pgMar", k) for k in ("top", "bottom", "left", "right")}
    assert margins == {"top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}


@pytest.mark.parametrize("style_id, east_asian, half_points, bold", [
    ("Normal", FS, "32", None),
    ("JBClassification", HEI, "32", "0"),
    ("JBProgram", XBS, "32", "0"),
    ("JBMasthead", XBS, "84", "0"),
    ("JBIssueNumber", FS, "32", "0"),
    ("JBIssuerLine", FS, "32", "0"),
    ("JBHeadline", XBS, "44", "0"),
    ("JBNote", KS, "32", "0"),
    ("JBBody", FS, "32", "0"),
    ("JBHeading1", HEI, "32", "0"),
    ("JBHeading2", KS, "32", "0"),
    ("JBHeading3", FS, "32", "1"),
    ("JBHeading4", FS, "32", "0"),
    ("JBTableCaption", FS, "24", "1"),
    ("JBTableHeader", HEI, "21", "0"),
    ("JBTableText", FS, "21", "0"),
    ("JBChartCaption", FS, "24", "1"),
    ("JBImprint", FS, "28", "0"),
])
def test_element_styles_set_all_four_font_slots_and_size(docx, style_id, east_asian,
                                                        half_points, bold):
    style = docx.style(style_id)
    fonts = style.find("w:rPr/w:rFonts", NS)
    assert {k: fonts.get(w(k)) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == \
        {"ascii": TNR, "hAnsi": TNR, "eastAsia": east_asian, "cs": east_asian}
    assert attr(style, "w:rPr/w:sz", "val") == half_points
    assert attr(style, "w:rPr/w:szCs", "val") == half_points
    assert attr(style, "w:rPr/w:b", "val") == bold


def test_page_number_style_is_songti_four(docx):
    fonts = docx.style("JBPageNumber").find("w:rPr/w:rFonts", NS)
    assert {fonts.get(w(k)) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {SONG}
    assert attr(docx.style("JBPageNumber"), "w:rPr/w:sz", "val") == "28"


def test_doc_defaults_have_no_theme_fonts_and_zero_spacing(docx):
    defaults = docx.styles.find("w:docDefaults", NS)
    fonts = defaults.find("w:rPrDefault/w:rPr/w:rFonts", NS)
    assert not [k for k in fonts.attrib if "Theme" in k or "theme" in k]
    assert fonts.get(w("eastAsia")) == FS
    spacing = defaults.find("w:pPrDefault/w:pPr/w:spacing", NS)
    assert (spacing.get(w("before")), spacing.get(w("after"))) == ("0", "0")
    assert attr(defaults, "w:rPrDefault/w:rPr/w:lang", "eastAsia") == "zh-CN"


def test_body_exact_28_95_pt_lines_two_char_indent_tight_runs(docx):
    body = docx.style("JBBody")
    spacing = body.find("w:pPr/w:spacing", NS)
    assert {k: spacing.get(w(k)) for k in ("line", "lineRule", "before", "after")} == \
        {"line": "579", "lineRule": "exact", "before": "0", "after": "0"}
    ind = body.find("w:pPr/w:ind", NS)
    assert (ind.get(w("firstLineChars")), ind.get(w("firstLine"))) == ("200", "640")
    assert attr(body, "w:pPr/w:jc", "val") == "both"
    assert attr(body, "w:rPr/w:spacing", "val") == "-5"
    first = docx.paragraphs("JBBody")[0]
    assert text_of(first).startswith("截至2017年8月底")


@pytest.mark.parametrize("style_id", ["JBHeading1", "JBHeading2", "JBHeading3",
                                      "JBHeading4", "JBNote"])
def test_headings_and_note_indent_two_chars_on_body_pitch(docx, style_id):
    style = docx.style(style_id)
    assert attr(style, "w:pPr/w:ind", "firstLineChars") == "200"
    assert attr(style, "w:pPr/w:spacing", "line") == "579"


# ---------------------------------------------------------------- masthead

def test_masthead_order_red_title_and_red_rule(docx):
    styles = [p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
              for p in docx.body.findall("w:p", NS)]
    order = [s for s in styles if s in ("JBProgram", "JBMasthead", "JBIssueNumber",
                                        "JBIssuerLine", "JBHeadline")]
    assert order[:5] == ["JBProgram", "JBMasthead", "JBIssueNumber", "JBIssuerLine", "JBHeadline"]
    assert text_of(docx.paragraphs("JBMasthead")[0]) == "工作简报"
    assert text_of(docx.paragraphs("JBIssueNumber")[0]) == "第7期"
    assert text_of(docx.paragraphs("JBIssuerLine")[0]) == \
        "自治区“全面改薄”厅际协调小组办公室\t2017年10月11日"
    for sid in ("JBMasthead", "JBProgram"):
        assert attr(docx.style(sid), "w:rPr/w:color", "val") == "FF0000"
        assert attr(docx.style(sid), "w:pPr/w:jc", "val") == "center"
    issuer = docx.style("JBIssuerLine")
    rule = issuer.find("w:pPr/w:pBdr/w:bottom", NS)
    assert {k: rule.get(w(k)) for k in ("val", "color", "sz", "space")} == \
        {"val": "single", "color": "FF0000", "sz": "12", "space": "11"}
    tab = issuer.find("w:pPr/w:tabs/w:tab", NS)
    assert (tab.get(w("val")), tab.get(w("pos"))) == ("right", "8844")


def test_two_blank_lines_between_red_rule_and_headline():
    issue = demo_issue(series=demo_series(contents="never"))  # 本期要目: tests/test_word_blocks.py
    docx = Docx(render_docx(issue, charts_for(issue)))
    paras = docx.body.findall("w:p", NS)
    rule = [i for i, p in enumerate(paras) if p in docx.paragraphs("JBIssuerLine")][0]
    between = paras[rule + 1:paras.index(docx.paragraphs("JBHeadline")[0])]
    assert len(between) == 2 and not any(text_of(p) for p in between)


def test_long_series_title_shrinks_to_one_line():
    issue = demo_issue(series=demo_series(title="自治区农村义务教育薄弱学校改造工作简报"))
    doc = Docx(render_docx(issue, charts_for(issue)))
    size = int(attr(doc.style("JBMasthead"), "w:rPr/w:sz", "val")) / 2
    assert size < 42 and size * 19 <= 156 / 25.4 * 72 * 0.96


def test_classification_line_and_total_issue_number():
    issue = demo_issue(series=demo_series(classification="内部资料 注意保存", show_total=True),
                       total=123)
    doc = Docx(render_docx(issue, charts_for(issue)))
    first = doc.body.find("w:p", NS)
    assert attr(first, "w:pPr/w:pStyle", "val") == "JBClassification"
    assert text_of(first) == "内部资料 注意保存"
    assert text_of(doc.paragraphs("JBIssueNumber")[0]) == "第7期（总第123期）"


# ---------------------------------------------------------------- headline and content

def test_headline_paragraph_breaks_lines_without_printing_the_space(docx):
    headline = docx.paragraphs("JBHeadline")[0]
    assert text_of(headline) == "全力攻坚 不懈奋战\n自治区“全面改薄”工作成效明显"
    style = docx.style("JBHeadline")
    assert attr(style, "w:pPr/w:spacing", "line") == "700"
    assert attr(style, "w:pPr/w:spacing", "lineRule") == "exact"


def test_note_starts_with_bold_label_in_kaiti(docx):
    note = docx.paragraphs("JBNote")[0]
    runs = note.findall("w:r", NS)
    assert text_of(runs[0]) == "编者按："
    assert attr(runs[0], "w:rPr/w:b", "val") == "1"
    assert attr(runs[1], "w:rPr/w:b", "val") is None
    assert text_of(note).startswith("编者按：本期刊登")


def test_issue_level_note_sits_between_rule_and_headline():
    issue = demo_issue(note=(Paragraph(t("本期为专刊。")),))
    doc = Docx(render_docx(issue, charts_for(issue)))
    paras = doc.body.findall("w:p", NS)
    first_note = paras.index(doc.paragraphs("JBNote")[0])
    assert first_note < paras.index(doc.paragraphs("JBHeadline")[0])
    assert text_of(paras[first_note]) == "编者按：本期为专刊。"


def test_strong_is_bold_and_emphasis_is_kaiti(docx):
    para = [p for p in docx.paragraphs("JBBody") if "累计落实资金" in text_of(p)][0]
    runs = {text_of(r): r for r in para.findall("w:r", NS)}
    assert attr(runs["162.72亿元"], "w:rPr/w:b", "val") == "1"
    assert attr(runs["80.79%"], "w:rPr/w:rFonts", "eastAsia") == KS
    assert attr(runs["80.79%"], "w:rPr/w:b", "val") is None
    assert attr(runs["累计落实资金"], "w:rPr/w:b", "val") is None


def test_heading_run_in_text_continues_in_body_face(docx):
    heading = docx.paragraphs("JBHeading2")[0]
    runs = heading.findall("w:r", NS)
    assert "".join(text_of(r) for r in runs[:2]) == "（一）校舍建设。"
    run_in = runs[2]
    assert text_of(run_in).startswith("竣工率")
    assert attr(run_in, "w:rPr/w:rFonts", "eastAsia") == FS
    assert attr(run_in, "w:rPr/w:b", "val") == "0"
    assert attr(heading, "w:pPr/w:keepNext", "val") == "0"
    assert attr(docx.paragraphs("JBHeading1")[0], "w:pPr/w:keepNext", "val") is None


def test_highlight_leads_are_bold_and_their_text_plain(docx):
    paras = [p for p in docx.paragraphs("JBBody") if text_of(p)[:2] in ("一是", "二是", "三是")]
    assert [text_of(p)[:2] for p in paras] == ["一是", "二是", "三是"]
    for para in paras:
        runs = para.findall("w:r", NS)
        bold = "".join(text_of(r) for r in runs if attr(r, "w:rPr/w:b", "val") == "1")
        plain = "".join(text_of(r) for r in runs if attr(r, "w:rPr/w:b", "val") is None)
        assert bold.endswith("。") and text_of(para) == bold + plain
    assert text_of(paras[0]).startswith("一是高位推动，强力推进。自治区领导")


def test_table_caption_above_and_grid_within_type_width(docx):
    table = docx.body.findall("w:tbl", NS)[0]
    caption = table.getprevious()
    assert attr(caption, "w:pPr/w:pStyle", "val") == "JBTableCaption"
    assert text_of(caption) == "表1 各地州市进度（%）"
    assert attr(docx.style("JBTableCaption"), "w:pPr/w:keepNext", "val") is None
    assert docx.style("JBTableCaption").find("w:pPr/w:keepNext", NS) is not None
    assert int(attr(table, "w:tblPr/w:tblW", "w")) <= 8844
    assert sum(int(c.get(w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)) <= 8844
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert [attr(c, "w:p/w:pPr/w:pStyle", "val") for c in rows[0].findall("w:tc", NS)] == \
        ["JBTableHeader"] * 3
    assert [text_of(c) for c in rows[1].findall("w:tc", NS)] == ["乌鲁木齐市", "95", "98"]
    edges = table.find("w:tblPr/w:tblBorders", NS)
    assert {e.get(w("val")) for e in edges} == {"single"}
    assert {e.get(w("sz")) for e in edges} == {"4"}


def kept_rows(rows: int, cell: str = "克拉玛依市", notes: tuple[str, ...] = ()) -> list[bool]:
    """Which rows of a table of `rows` body rows keep with the next (every cell agrees)."""
    issue = demo_issue()
    table = Table(1, "进度", ("地区", "竣工率"), tuple((cell, str(i)) for i in range(rows)), notes=notes)
    article = dataclasses.replace(issue.articles[0], blocks=(table,))
    docx = Docx(render_docx(dataclasses.replace(issue, articles=(article,)), {}))
    kept = []
    for row in docx.body.find("w:tbl", NS).findall("w:tr", NS):
        assert row.find("w:trPr/w:cantSplit", NS) is not None  # a row never splits
        flags = {c.find("w:p/w:pPr/w:keepNext", NS) is not None for c in row.findall("w:tc", NS)}
        assert len(flags) == 1
        kept.append(flags.pop())
    return kept


def test_a_short_table_stays_whole_and_a_long_one_breaks_keeping_its_ends():
    # Issue #18: header + 6 rows with caption and a heading fit a third of the type area (75 mm).
    assert kept_rows(6) == [True] * 6 + [False]
    # A longer table may break anywhere but after the caption, the header and the first body row,
    # and before the last row; the header row repeats on the next page.
    assert kept_rows(7) == [True, True, False, False, False, False, True, False]
    assert kept_rows(14) == [True, True] + [False] * 11 + [True, False]
    # Cells that wrap make rows taller: four rows of two lines no longer fit whole.
    assert kept_rows(4, "克孜勒苏柯尔克孜自治州阿图什市及周边地区二十八个乡镇") == \
        [True, True, False, True, False]
    # A line of notes under the table counts towards its height, and the last row keeps with it.
    assert kept_rows(6, notes=("数据来源：各地州市教育局。",)) == [True, True, False, False, False, True, True]


def test_notes_under_a_caption_come_off_the_picture():
    lay = demo_issue().series.layout
    assert note_lines([10, 60], lay) == 3  # 60 em is longer than the 42 em of a line: it wraps
    _, height = fit_figure_mm(156, 90, lay)
    _, shorter = fit_figure_mm(156, 90, lay, notes=2)
    assert height == pytest.approx(lay.picture_max_height_mm)
    assert shorter == pytest.approx(height - 2 * lay.table_line_pt * 25.4 / 72)


def test_chart_image_then_caption_below_with_alt_text(docx, issue):
    drawings = docx.body.xpath(".//w:p[.//w:drawing]", namespaces=NS)
    assert len(drawings) == 4
    for number, para in enumerate(drawings, start=1):
        assert attr(para, "w:pPr/w:pStyle", "val") == "JBChart"
        caption = para.getnext()
        assert attr(caption, "w:pPr/w:pStyle", "val") == "JBChartCaption"
        assert text_of(caption) == issue.charts[number - 1].caption
        doc_pr = para.find(".//wp:docPr", NS)
        assert doc_pr.get("descr") == f"{issue.charts[number - 1].title}：替代文本{number}"
        # The 140 x 80 mm picture is taller than a picture may be (issue #18): scaled, aspect kept.
        extent = para.find(".//wp:extent", NS)
        width, height = (int(extent.get(k)) / 36000 for k in ("cx", "cy"))
        assert height == pytest.approx(issue.series.layout.picture_max_height_mm, abs=0.01)
        assert width / height == pytest.approx(140 / 80, rel=1e-4)
    chart = docx.style("JBChart")
    assert chart.find("w:pPr/w:keepNext", NS) is not None
    assert attr(chart, "w:pPr/w:ind", "firstLine") == "0"
    assert attr(chart, "w:pPr/w:jc", "val") == "center"


def test_following_article_after_one_blank_line_without_page_break(docx):
    second = docx.paragraphs("JBHeadline")[1]
    assert text_of(second) == "约谈进度滞后地区情况"
    before = second.getprevious()
    assert text_of(before) == "" and before.find("w:pPr/w:pStyle", NS) is None
    assert not docx.body.xpath(".//w:br[@w:type='page'] | .//w:pageBreakBefore",
                               namespaces=NS)


# ---------------------------------------------------------------- footers and 报尾

def test_page_number_fields_in_odd_and_even_footers(docx):
    settings = docx.xml("word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    for kind, align, side in (("default", "right", "right"), ("even", "left", "left")):
        footer = docx.footer(kind)
        para = footer.find("w:p", NS)
        assert attr(para, "w:pPr/w:jc", "val") == align
        assert attr(para, "w:pPr/w:ind", side) == "280"
        kinds = [f.get(w("fldCharType")) for f in para.iter(w("fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert "".join(para.xpath(".//w:instrText/text()", namespaces=NS)).strip() == "PAGE"
        assert text_of(para) == "— 1 —"


def test_imprint_floats_at_foot_with_rows_in_order(docx):
    table = docx.body.findall("w:tbl", NS)[-1]
    pos = table.find("w:tblPr/w:tblpPr", NS)
    assert (pos.get(w("vertAnchor")), pos.get(w("tblpYSpec"))) == ("margin", "bottom")
    assert attr(table, "w:tblPr/w:tblOverlap", "val") == "never"
    rows = [text_of(r) for r in table.findall("w:tr", NS)]
    assert rows == ["报：教育部全面改薄工作办公室。", "送：自治区党委、人民政府有关领导。",
                    "发：各地（州、市）、县（市、区）教育局。\t（共印60份）"]
    edges = table.find("w:tblPr/w:tblBorders", NS)
    assert attr(edges, "w:top", "sz") == attr(edges, "w:bottom", "sz") == "8"
    assert attr(edges, "w:insideH", "val") == "nil"
    first = table.find("w:tr/w:tc/w:p", NS)
    assert attr(first, "w:pPr/w:ind", "hanging") == "560"  # 报： is two characters
    assert attr(docx.style("JBImprint"), "w:rPr/w:rFonts", "eastAsia") == FS
    assert docx.body.findall("*")[-2].tag == w("p")  # the anchor paragraph after it


def test_imprint_adds_final_stop_and_puts_copies_on_own_row_when_long():
    series = demo_series(distribution=(
        Recipient("报", "教育部。"), Recipient("送", "有关厅局；"),
        Recipient("发", "各地（州、市）、县（市、区）教育局，各有关高校、中等职业学校及其他单位")),
        copies=120)
    doc = Docx(render_docx(demo_issue(series=series), charts_for(demo_issue())))
    rows = [text_of(r) for r in doc.body.findall("w:tbl", NS)[-1].findall("w:tr", NS)]
    assert rows[:2] == ["报：教育部。", "送：有关厅局。"]
    assert rows[2].endswith("其他单位。") and "共印" not in rows[2]
    assert rows[3] == "\t（共印120份）"


def test_no_imprint_without_distribution_or_copies():
    doc = Docx(render_docx(demo_issue(series=demo_series(distribution=(), copies=None)),
                           charts_for(demo_issue())))
    assert not doc.body.xpath(".//w:tblpPr", namespaces=NS)


# ---------------------------------------------------------------- determinism and errors

def test_same_issue_gives_identical_bytes_stamped_with_issue_date(issue, docx):
    assert render_docx(issue, charts_for(issue)) == docx.data
    names = docx.zip.namelist()
    assert names[0] == "[Content_Types].xml"
    assert "docProps/thumbnail.jpeg" not in names
    assert {i.date_time for i in docx.zip.infolist()} == {(2017, 10, 11, 0, 0, 0)}
    core = docx.xml("docProps/core.xml")
    assert core.findtext("dc:title", namespaces=NS) == issue.headline
    assert core.findtext("dc:creator", namespaces=NS) == issue.series.issuer
    assert core.findtext("dcterms:created", namespaces=NS) == "2017-10-11T00:00:00Z"
    assert core.findtext("dcterms:modified", namespaces=NS) == "2017-10-11T00:00:00Z"
    assert core.findtext("cp:revision", namespaces=NS) == "1"


def test_different_issue_date_changes_stamps():
    import datetime
    issue = demo_issue(date=datetime.date(2018, 3, 5))
    doc = Docx(render_docx(issue, charts_for(issue)))
    assert {i.date_time for i in doc.zip.infolist()} == {(2018, 3, 5, 0, 0, 0)}
    assert "2018年3月5日" in text_of(doc.paragraphs("JBIssuerLine")[0])


@pytest.mark.parametrize("year, stamped", [(1979, 1980), (2108, 2107), (2124, 2107)])
def test_a_date_a_zip_cannot_hold_is_stamped_at_the_nearest_it_can(year, stamped):
    # A zip entry's date holds 1980-2107 only; 2124 once stopped a build with struct.error.
    import datetime
    issue = demo_issue(date=datetime.date(year, 3, 5))
    doc = Docx(render_docx(issue, charts_for(issue)))
    assert {i.date_time for i in doc.zip.infolist()} == {(stamped, 3, 5, 0, 0, 0)}
    assert f"{year}年3月5日" in text_of(doc.paragraphs("JBIssuerLine")[0])


@dataclasses.dataclass(frozen=True)
class Mystery:
    text: str


def _with_blocks(*blocks):
    base = demo_issue()
    article = dataclasses.replace(base.articles[1], blocks=blocks)
    return dataclasses.replace(base, articles=(article,))


def test_unknown_block_is_an_error_not_dropped():
    with pytest.raises(RenderError, match="Mystery"):
        render_docx(_with_blocks(Mystery("?")), {})


def test_unknown_inline_is_an_error_not_dropped():
    with pytest.raises(RenderError, match="Mystery"):
        render_docx(_with_blocks(Paragraph((Text("a"), Mystery("?")))), {})


def test_missing_chart_is_an_error(issue):
    charts = charts_for(issue)
    del charts[3]
    with pytest.raises(RenderError, match="图3"):
        render_docx(issue, charts)


def test_heading_level_outside_1_to_4_is_an_error():
    with pytest.raises(RenderError):
        render_docx(_with_blocks(Heading(5, "①", t("x"))), {})


def test_line_break_and_nested_inlines():
    doc = Docx(render_docx(_with_blocks(Paragraph((
        Text("甲"), LineBreak(), Strong((Emphasis(t("乙")),)))),), {}))
    para = doc.paragraphs("JBBody")[0]
    assert text_of(para) == "甲\n乙"
    last = para.findall("w:r", NS)[-1]
    assert attr(last, "w:rPr/w:b", "val") == "1"
    assert attr(last, "w:rPr/w:rFonts", "eastAsia") == KS


def test_articles_render_in_given_order_only():
    base = demo_issue()
    issue = dataclasses.replace(base, articles=(base.articles[1],))
    doc = Docx(render_docx(issue, {}))
    assert [text_of(p) for p in doc.paragraphs("JBHeadline")] == ["约谈进度滞后地区情况"]
    assert isinstance(issue.articles[0], Article)
    assert re.search("CANARY", text_of(doc.body))


def test_soft_wraps_in_text_are_not_line_breaks():
    doc = Docx(render_docx(_with_blocks(Paragraph((
        Text("第一行\n第二行，Hello\nworld。\n"),))), {}))
    para = doc.paragraphs("JBBody")[0]
    assert text_of(para) == "第一行第二行，Hello world。"
    assert para.find(".//w:br", NS) is None


def test_footer_distance_puts_page_number_about_7mm_below_type_area(docx):
    footer_mm = int(attr(docx.body.find("w:sectPr", NS), "w:pgMar", "footer")) / 20 / 72 * 25.4
    # a one-line 14 pt footer whose dash is 7 mm under the 35 mm bottom margin
    assert 24 < footer_mm < 26.5


def test_masthead_spacer_brings_the_mark_20mm_below_type_top(docx):
    spacer = docx.body.find("w:p", NS)
    assert text_of(spacer) == ""
    height_mm = int(attr(spacer, "w:pPr/w:spacing", "line")) / 20 / 72 * 25.4
    assert attr(spacer, "w:pPr/w:spacing", "lineRule") == "exact"
    assert 18.5 < height_mm < 20


def test_a_correction_notice_opens_a_corrected_issue():
    import datetime

    from jianbao.model import Correction

    issue = demo_issue(correction=Correction("第一段数字有误，予以更正。", datetime.date(2017, 10, 13)))
    with zipfile.ZipFile(io.BytesIO(render_docx(issue, charts_for(issue)))) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    texts = ["".join(p.itertext()) for p in root.iter(w("p"))]
    assert "更正（2017年10月13日）：第一段数字有误，予以更正。" in texts
    assert texts.index("更正（2017年10月13日）：第一段数字有误，予以更正。") < texts.index("编者按：本期刊登全区“全面改薄”工作最新进展，供各地参考。")
