"""Word file properties: docProps/app.xml names Jianbao and states no false count; core.xml comes from the issue."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from importlib import metadata

import pytest
from lxml import etree

import jianbao
from jianbao.public import public_view
from jianbao.render.word.bulletin import render_docx
from jianbao.render.word.package import office_version
from jianbao.render.word.press import render_press_docx

from model_fixtures import demo_issue
from test_word import charts_for

EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CORE = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
COUNTS = ("Pages", "Words", "Characters", "CharactersWithSpaces", "Lines", "Paragraphs", "TotalTime",
          "Template", "Company", "Manager", "TitlesOfParts", "HeadingPairs")


def bulletin() -> bytes:
    issue = demo_issue()
    return render_docx(issue, charts_for(issue))


def press_release() -> bytes:
    issue = demo_issue()
    view = public_view(issue)
    charts = charts_for(issue)
    return render_press_docx(view, {c.number: charts[c.number] for c in view.charts})


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


@pytest.fixture(scope="module", params=["bulletin", "press"])
def document(request) -> bytes:
    return bulletin() if request.param == "bulletin" else press_release()


def test_app_properties_name_jianbao_and_its_version_and_no_counts(document):
    app = part(document, "docProps/app.xml")
    assert app.tag == f"{{{EP}}}Properties"
    children = {etree.QName(child).localname: child.text for child in app}
    assert children["Application"] == "Jianbao"
    assert re.fullmatch(r"\d\d\.\d{4}", children["AppVersion"])  # ISO/IEC 29500-1 §22.2.2.2
    assert children["AppVersion"] == office_version(jianbao.__version__)
    assert not set(children) & set(COUNTS), children
    raw = zipfile.ZipFile(io.BytesIO(document)).read("docProps/app.xml")
    assert b"Microsoft" not in raw and b"Macintosh" not in raw


def test_app_properties_are_declared_in_content_types_and_package_rels(document):
    types = part(document, "[Content_Types].xml")
    assert any(o.get("PartName") == "/docProps/app.xml" and o.get("ContentType").endswith("extended-properties+xml")
               for o in types)
    rels = part(document, "_rels/.rels")
    assert any(r.get("Target") == "docProps/app.xml" and r.get("Type").endswith("/extended-properties")
               for r in rels)


def test_core_properties_come_from_the_issue_not_the_clock_or_the_template(document):
    issue = demo_issue()
    core = part(document, "docProps/core.xml")
    assert core.findtext("dc:creator", namespaces=CORE) == issue.series.issuer
    assert core.findtext("cp:lastModifiedBy", namespaces=CORE) == issue.series.issuer
    assert core.findtext("cp:revision", namespaces=CORE) == "1"
    for name in ("dcterms:created", "dcterms:modified"):
        assert core.findtext(name, namespaces=CORE) == f"{issue.date.isoformat()}T00:00:00Z"
    assert core.find("cp:lastPrinted", namespaces=CORE) is None
    text = etree.tostring(core, encoding="unicode")
    assert "python-docx" not in text and "Word Document" not in text


def test_office_version_has_the_xx_yyyy_form():
    assert office_version("0.1.0") == "00.0100"
    assert office_version("1.12.3") == "01.1203"
    assert office_version("2.0") == "02.0000"
    assert office_version("3.1.0rc1") == "03.0100"


def test_the_installed_version_is_the_one_in_the_package():
    # pyproject.toml takes its version from jianbao.__version__ (dynamic), so the two cannot part.
    assert metadata.version("jianbao") == jianbao.__version__


@pytest.mark.libreoffice
@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice (soffice)")
def test_the_document_with_its_new_properties_still_opens_in_libreoffice(tmp_path):
    from jianbao.render.pdf import docx_to_pdf

    pdf = docx_to_pdf(bulletin(), profile_dir=tmp_path / "profile")
    assert pdf.startswith(b"%PDF") and b"/Type/Page" in pdf.replace(b" ", b"")
