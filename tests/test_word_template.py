"""Shared Word templates: built once per process, yet every document is independent and complete."""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.packuri import PackURI
from hypothesis import given, settings
from hypothesis.strategies import text as st_text
from lxml import etree

from jianbao.model import PUBLIC, Article, Paragraph
from jianbao.public import public_charts, public_view
from jianbao.render.word import styles as st
from jianbao.render.word.bulletin import bulletin_template, render_docx
from jianbao.render.word.masthead import masthead_sizes
from jianbao.render.word.package import content_types, package_members, zip_members
from jianbao.render.word.press import press_template, render_press_docx
from jianbao.render.word.template import add_paragraph, add_text, empty_document

from model_fixtures import demo_issue, demo_series, t
from test_word import NS, W, charts_for, tiny_png


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def styled_ids(data: bytes) -> tuple[set[str], set[str]]:
    """(pStyle ids used in the body and footers, paragraph style ids defined in styles.xml)."""
    members = parts(data)
    used = set()
    for name, blob in members.items():
        if name == "word/document.xml" or name.startswith("word/footer"):
            used |= set(etree.fromstring(blob).xpath("//w:pStyle/@w:val", namespaces=NS))
    styles = etree.fromstring(members["word/styles.xml"])
    defined = set(styles.xpath("w:style[@w:type='paragraph']/@w:styleId", namespaces=NS))
    return used, defined


def other_issue():
    """An issue of another series (a title long enough to shrink the masthead) with different text."""
    series = demo_series(id="dudao", title="自治区义务教育均衡发展督导评估工作简报", program="",
                         classification="内部资料")
    article = Article(title="另一期的标题", release=PUBLIC, note=(),
                      blocks=(Paragraph(t("完全不同的正文。")),))
    return demo_issue(series=series, number=3, articles=(article,))


def press(issue):
    view = public_view(issue)
    return render_press_docx(view, public_charts(view, charts_for(issue)))


def test_documents_rendered_in_one_process_share_no_state():
    first, other = demo_issue(), other_issue()
    bulletin, release = render_docx(first, charts_for(first)), press(first)
    # Render other issues (another series, so another template, and the same one again) in between.
    render_docx(other, charts_for(other))
    press(other)
    render_docx(first, charts_for(first))
    assert render_docx(first, charts_for(first)) == bulletin
    assert press(first) == release
    body = parts(render_docx(other, charts_for(other)))["word/document.xml"].decode()
    assert "完全不同的正文" in body and "成效明显" not in body and "image" not in body


def test_cached_template_gives_the_same_bytes_as_a_freshly_built_one():
    issue = demo_issue()
    warm, warm_press = render_docx(issue, charts_for(issue)), press(issue)
    bulletin_template.cache_clear()
    press_template.cache_clear()
    assert render_docx(issue, charts_for(issue)) == warm
    assert press(issue) == warm_press


def test_template_built_once_per_layout_and_masthead_size():
    bulletin_template.cache_clear()
    issue = demo_issue()
    for number in (1, 2, 3):
        render_docx(demo_issue(number=number), charts_for(issue))
    assert bulletin_template.cache_info().misses == 1
    other = other_issue()
    assert masthead_sizes(other) != masthead_sizes(issue)
    render_docx(other, {})
    assert bulletin_template.cache_info().misses == 2


def test_a_template_opens_as_independent_documents():
    issue = demo_issue()
    template = bulletin_template(issue.series.layout, *masthead_sizes(issue))
    one, two = template.open(), template.open()
    add_paragraph(one, template.style_ids[st.BODY], "只在第一份")
    assert "只在第一份" not in two.element.xml
    assert not template.open().element.body.findall(f"{{{W}}}p")


@pytest.mark.parametrize("render", [
    lambda issue: render_docx(issue, charts_for(issue)), press], ids=["bulletin", "press"])
def test_every_paragraph_style_used_is_defined(render):
    used, defined = styled_ids(render(demo_issue()))
    assert used and used <= defined


def test_style_ids_are_the_ones_python_docx_assigned():
    issue = demo_issue()
    for template in (bulletin_template(issue.series.layout, *masthead_sizes(issue)),
                     press_template(issue.series.layout)):
        document = template.open()
        for name, style_id in template.style_ids.items():
            assert document.styles[name].style_id == style_id


@pytest.mark.parametrize("picture", [False, True], ids=["text", "picture"])
def test_package_holds_what_python_docx_would_save(picture):
    """Serialising the parts ourselves ([Content_Types].xml too) must not lose or change a member doc.save() writes."""
    doc = empty_document()
    add_paragraph(doc, None, "正文")
    if picture:  # a PNG part: typed by a Default for its extension, not an Override
        doc.add_paragraph().add_run().add_picture(io.BytesIO(tiny_png(16, 9)))
    saved = io.BytesIO()
    doc.save(saved)
    assert package_members(doc) == parts(saved.getvalue())


def test_content_types_give_a_part_of_unusual_type_its_own_override():
    def part(name, kind):
        return SimpleNamespace(partname=PackURI(name), content_type=kind)

    xml = etree.fromstring(content_types([
        part("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        part("/word/media/IMAGE1.PNG", "image/png"),
        part("/word/media/odd.png", "image/x-odd"),
        part("/word/media/image2.gif", "image/gif"),
        part("/customXml/R&D.xml", "application/x-odd"),  # a part name that must be escaped
    ]))
    ns = {"ct": "http://schemas.openxmlformats.org/package/2006/content-types"}
    defaults = {d.get("Extension"): d.get("ContentType") for d in xml.findall("ct:Default", ns)}
    overrides = {o.get("PartName"): o.get("ContentType") for o in xml.findall("ct:Override", ns)}
    assert defaults == {"gif": "image/gif", "png": "image/png", "rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    assert overrides == {
        "/word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "/word/media/odd.png": "image/x-odd", "/customXml/R&D.xml": "application/x-odd"}


def test_png_is_stored_and_xml_deflated():
    issue = demo_issue()
    with zipfile.ZipFile(io.BytesIO(render_docx(issue, charts_for(issue)))) as archive:
        methods = {info.filename: info.compress_type for info in archive.infolist()}
    assert {m for n, m in methods.items() if n.endswith(".png")} == {zipfile.ZIP_STORED}
    assert {m for n, m in methods.items() if n.endswith((".xml", ".rels"))} == {zipfile.ZIP_DEFLATED}
    assert list(methods)[0] == "[Content_Types].xml"


def test_zip_members_is_deterministic_and_readable_by_python_docx():
    doc = empty_document()
    data = zip_members(package_members(doc), (2017, 10, 11, 0, 0, 0))
    assert data == zip_members(package_members(doc), (2017, 10, 11, 0, 0, 0))
    assert docx.Document(io.BytesIO(data)).element.body is not None


@settings(max_examples=200, deadline=None)
@given(text=st_text(alphabet="ab 中文\t\n\r　，", max_size=12))
def test_add_text_writes_what_python_docx_add_run_writes(text):
    ours, theirs = empty_document(), empty_document()
    add_text(ours.add_paragraph(), text)
    theirs.add_paragraph().add_run(text)
    assert etree.tostring(ours.element.body) == etree.tostring(theirs.element.body)
