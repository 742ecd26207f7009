"""Layout report: the real bulletins conform, and each kind of damage to a .docx is named in Chinese."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
from lxml import etree

from jianbao.layout import Layout
from jianbao.pipeline.build import read_catalog, render_issue
from jianbao.render.word.bulletin import render_docx
from jianbao.render.word.report import layout_report

from model_fixtures import demo_issue
from project_helpers import copy_samples
from test_word import NS, charts_for, w


@pytest.fixture(scope="module")
def issue():
    return demo_issue()


@pytest.fixture(scope="module")
def data(issue) -> bytes:
    return render_docx(issue, charts_for(issue))


def mutate(data: bytes, part: str, change) -> bytes:
    """The same .docx with one XML part changed by `change(root)`."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            raw = src.read(info.filename)
            if info.filename == part:
                root = etree.fromstring(raw)
                change(root)
                raw = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, raw)
    return out.getvalue()


def one(root, path: str):
    found = root.xpath(path, namespaces=NS)
    assert found, path
    return found[0]


def style(root, style_id: str):
    return one(root, f"w:style[@w:styleId='{style_id}']")


def remove(node) -> None:
    node.getparent().remove(node)


def test_real_sample_bulletins_conform(tmp_path):
    project = copy_samples(tmp_path)
    _, issues = read_catalog(project)
    assert len(issues) >= 4
    for item in issues:
        docx_bytes = next(a.data for a in render_issue(item, tmp_path / "charts") if a.path.endswith(".docx"))
        assert layout_report(docx_bytes, item) == [], item.source


def test_demo_issue_conforms(data, issue):
    assert layout_report(data, issue) == []


def test_series_layout_overrides_are_the_reference(issue):
    lay = dataclasses.replace(Layout(), red_rule_pt=2.25, line_pitch_pt=28, margin_top_mm=36)
    custom = dataclasses.replace(issue, series=dataclasses.replace(issue.series, layout=lay))
    data = render_docx(custom, charts_for(custom))
    assert layout_report(data, custom) == []
    # the same document held against the default layout deviates
    report = layout_report(data, issue)
    assert "页面：上边距应为 37 毫米，实际为 36.0 毫米" in report
    assert any("红色分隔线：粗细应为 1.5 磅" in line for line in report)
    assert any(line.startswith("样式「正文」（JB Body）：行距应为固定值 28.95 磅") for line in report)


def test_changed_margin(data, issue):
    def change(root):
        one(root, "w:body/w:sectPr/w:pgMar").set(w("left"), "1800")
    assert layout_report(mutate(data, "word/document.xml", change), issue) == \
        ["页面：左边距应为 28 毫米，实际为 31.8 毫米"]


def test_body_style_without_east_asian_font(data, issue):
    def change(root):
        fonts = one(style(root, "JBBody"), "w:rPr/w:rFonts")
        del fonts.attrib[w("eastAsia")]
        # Normal still names 仿宋 for eastAsia, so drop it there too: nothing left to inherit
        del one(style(root, "Normal"), "w:rPr/w:rFonts").attrib[w("eastAsia")]
        del one(root, "w:docDefaults/w:rPrDefault/w:rPr/w:rFonts").attrib[w("eastAsia")]
    report = layout_report(mutate(data, "word/styles.xml", change), issue)
    assert "样式「正文」（JB Body）：字体（eastAsia）应为 仿宋_GB2312，实际为 未设置" in report


def test_theme_font_in_a_style(data, issue):
    def change(root):
        one(style(root, "JBHeading1"), "w:rPr/w:rFonts").set(w("eastAsiaTheme"), "minorEastAsia")
    report = layout_report(mutate(data, "word/styles.xml", change), issue)
    assert report == ["样式「一级标题」（JB Heading 1）：字体引用了主题字体（Theme），会覆盖公文字体"]


def test_changed_line_spacing(data, issue):
    def change(root):
        one(style(root, "JBBody"), "w:pPr/w:spacing").set(w("line"), "600")
    report = layout_report(mutate(data, "word/styles.xml", change), issue)
    assert report == ["样式「正文」（JB Body）：行距应为固定值 28.95 磅，实际为 30 磅"]


def test_auto_line_spacing_is_named(data, issue):
    def change(root):
        spacing = one(style(root, "JBHeading2"), "w:pPr/w:spacing")
        spacing.set(w("lineRule"), "auto")
        spacing.set(w("line"), "360")
    report = layout_report(mutate(data, "word/styles.xml", change), issue)
    assert report == ["样式「二级标题」（JB Heading 2）：行距应为固定值 28.95 磅，实际为 倍数 360"]


def test_changed_size_indent_bold_and_colour(data, issue):
    def change(root):
        one(style(root, "JBNote"), "w:rPr/w:sz").set(w("val"), "30")
        one(style(root, "JBHeading3"), "w:pPr/w:ind").set(w("firstLineChars"), "0")
        one(style(root, "JBHeading3"), "w:rPr/w:b").set(w("val"), "0")
        one(style(root, "JBMasthead"), "w:rPr/w:color").set(w("val"), "000000")
    report = layout_report(mutate(data, "word/styles.xml", change), issue)
    assert "样式「编者按」（JB Note）：字号应16 磅，实际为 15 磅" in report
    assert any(line.startswith("样式「三级标题」（JB Heading 3）：首行缩进应为 2 字") for line in report)
    assert "样式「三级标题」（JB Heading 3）：应加粗，实际不加粗" in report
    assert "样式「简报名称」（JB Masthead）：颜色应为红色 FF0000，实际为 000000" in report
    assert len(report) == 4


def test_missing_page_field(data, issue):
    def change(root):
        for instr in root.iter(w("instrText")):
            remove(instr.getparent())
    footers = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/footer")]
    assert len(footers) >= 2
    damaged = data
    for name in footers:
        damaged = mutate(damaged, name, change)
    report = layout_report(damaged, issue)
    assert "页码：奇数页页脚中没有页码域（PAGE）" in report
    assert "页码：偶数页页脚中没有页码域（PAGE）" in report


def test_page_number_alignment(data, issue):
    def change(root):
        settings = one(root, "w:evenAndOddHeaders")
        remove(settings)
    report = layout_report(mutate(data, "word/settings.xml", change), issue)
    assert report[0] == "页码：未设置奇偶页不同的页脚（单页码居右、双页码居左）"


def test_missing_red_rule(data, issue):
    def change(root):
        remove(one(style(root, "JBIssuerLine"), "w:pPr/w:pBdr"))
    report = layout_report(mutate(data, "word/styles.xml", change), issue)
    assert report == ["红色分隔线：缺少（编印单位和日期一行下方应有红色横线）"]


def test_black_thin_rule(data, issue):
    def change(root):
        bottom = one(style(root, "JBIssuerLine"), "w:pPr/w:pBdr/w:bottom")
        bottom.set(w("color"), "000000")
        bottom.set(w("sz"), "4")
    report = layout_report(mutate(data, "word/styles.xml", change), issue)
    assert report == ["红色分隔线：颜色应为 FF0000，实际为 000000", "红色分隔线：粗细应为 1.5 磅，实际为 0.5 磅"]


def test_missing_imprint(data, issue):
    def change(root):
        body = one(root, "w:body")
        remove(body.findall(w("tbl"))[-1])
    report = layout_report(mutate(data, "word/document.xml", change), issue)
    assert report == ["报尾：缺少（报、送、发和印数应在最后一页底部）"]


def test_text_after_imprint_and_imprint_not_at_foot(data, issue):
    def change(root):
        body = one(root, "w:body")
        table = body.findall(w("tbl"))[-1]
        remove(one(table, "w:tblPr/w:tblpPr"))
        par = etree.SubElement(body, w("p"))
        etree.SubElement(etree.SubElement(par, w("r")), w("t")).text = "多出来的一段"
        body.append(one(body, "w:sectPr"))  # sectPr stays last
    report = layout_report(mutate(data, "word/document.xml", change), issue)
    assert report == ["报尾：之后还有内容（报尾应是全文最后一项）", "报尾：应固定在版心底部（最后一页末尾）"]


def test_imprint_rows_out_of_order(data, issue):
    assert len(issue.series.distribution) >= 2
    swapped = dataclasses.replace(issue, series=dataclasses.replace(
        issue.series, distribution=tuple(reversed(issue.series.distribution))))
    assert layout_report(data, swapped) == ["报尾：报、送、发的顺序与系列定义不一致"]


def test_not_a_docx():
    report = layout_report(b"not a zip", demo_issue())
    assert len(report) == 1 and report[0].startswith("无法打开 Word 文件")


def test_direct_formatting_that_overrides_the_styles(data, issue):
    def change(root):
        par = root.xpath("//w:p[w:pPr/w:pStyle/@w:val='JBBody']", namespaces=NS)[0]
        ppr = one(par, "w:pPr")
        etree.SubElement(ppr, w("spacing")).set(w("line"), "480")
        run = one(par, "w:r")
        rpr = run.find(w("rPr"))
        if rpr is None:
            rpr = etree.Element(w("rPr"))
            run.insert(0, rpr)
        fonts = etree.SubElement(rpr, w("rFonts"))
        fonts.set(w("eastAsia"), "微软雅黑")
        etree.SubElement(rpr, w("sz")).set(w("val"), "28")
    report = layout_report(mutate(data, "word/document.xml", change), issue)
    assert len(report) == 3, report
    assert report[0].endswith("（正文）：直接设置了行距或段间距，覆盖了样式")
    assert report[1].endswith("：文字使用了非公文字体 微软雅黑")
    assert report[2].endswith("（正文）：文字直接设置了字号，覆盖了样式")
