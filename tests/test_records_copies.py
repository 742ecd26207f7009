"""The archive's PDF/A and OFD copies, made by the real LibreOffice and read back by readers written by others.

pdfinfo and pdffonts (poppler) read the PDF/A; easyofd, an OFD reader from PyPI, reads the OFD, whose
text is compared with the PDF's as pdftotext extracts it.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from jianbao import api
from jianbao.archive.freeze import load_manifest, sha256
from jianbao.pipeline.build import build

from project_helpers import copy_samples

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not all(shutil.which(t) for t in ("soffice", "pdfinfo", "pdffonts", "pdftotext")),
                       reason="needs LibreOffice (soffice) and poppler-utils"),
]
SAMPLE = "bulletins/gaibo/2017/07.yaml"
STEM = "gaibo-2017-07"


def poppler(*command) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def publish_sample(tmp_path, edit=None):
    project = copy_samples(tmp_path)
    path = project.root / SAMPLE
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    said = []
    api.publish(project, [path], warn=said.append)
    return project, said


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    project, said = publish_sample(tmp_path_factory.mktemp("records"))
    version = load_manifest(project.root, "gaibo")["issues"]["2017/07"]["versions"][0]
    return project, version, project.root / version["folder"], said


def test_publish_records_a_pdfa_and_an_ofd_beside_the_source_docx_and_html(published):
    project, version, folder, said = published
    copies = version["copies"]
    assert copies == {"from": f"{STEM}.docx", "pdf": f"{STEM}.pdf", "pdf_standard": "PDF/A-2b",
                      "ofd": f"{STEM}.ofd", "ofd_standard": "GB/T 33190-2016"}
    for name in ("07.yaml", f"{STEM}.docx", f"{STEM}.html", f"{STEM}.pdf", f"{STEM}.ofd"):
        assert (folder / name).is_file(), name
    for name in (f"{STEM}.pdf", f"{STEM}.ofd"):
        assert version["files"][name] == sha256((folder / name).read_bytes())
    assert said == []


def test_the_pdf_is_pdfa_2b_a4_identified_with_every_font_embedded(published):
    _, _, folder, _ = published
    pdf = folder / f"{STEM}.pdf"
    info = poppler("pdfinfo", str(pdf))
    assert "(A4)" in info and "Metadata Stream: yes" in info
    assert re.search(r"Title:\s+全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显", info)
    assert re.search(r"Author:\s+自治区“全面改薄”厅际协调小组办公室", info)
    assert re.search(r"CreationDate:\s+Wed Oct 11 00:00:00 2017", info)  # the issue's date, not the clock
    xmp = poppler("pdfinfo", "-meta", str(pdf))
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "<xmp:CreateDate>2017-10-11T00:00:00" in xmp
    rows = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+yes\s+\d+\s+\d+$", row) for row in rows), rows
    text = poppler("pdftotext", str(pdf), "-")
    assert "全力攻坚" in text and "设备采购完成率" in text


def ofd_reading(path):
    """What easyofd reads of an OFD: its pages' text in order, fonts, page sizes, pictures."""
    easyofd = pytest.importorskip("easyofd.ofd", reason="easyofd is in the test extras")
    reader = easyofd.OFD()
    reader.read(path.read_bytes(), fmt="binary")
    return reader.data[0]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_easyofd_reads_the_ofd_with_the_pdfs_text_fonts_a4_pages_and_the_chart(published):
    _, _, folder, _ = published
    doc = ofd_reading(folder / f"{STEM}.ofd")
    pages = [doc["page_info"][n] for n in sorted(doc["page_info"])]
    pdf_pages = poppler("pdftotext", "-layout", str(folder / f"{STEM}.pdf"), "-").split("\f")
    assert len(pages) == len([p for p in pdf_pages if p.strip()])
    for page, pdf_text in zip(pages, pdf_pages, strict=False):
        ofd_text = squeeze("".join(t["text"] for t in page["text_list"]))
        # the same characters on each page; the readers may list blocks (a page number) in another order
        assert sorted(ofd_text) == sorted(squeeze(pdf_text))
    assert "全力攻坚不懈奋战" in squeeze("".join(t["text"] for t in pages[0]["text_list"]))
    assert all(box[2:] == [210.01, 297.0] for box in doc["page_size"])  # A4, as the PDF's
    assert doc["fonts"] and all(f.get("FontFile") and f.get("font_b64") for f in doc["fonts"].values())
    assert any(p["img_list"] for p in pages)  # the chart
    red = [t for t in pages[0]["text_list"] if t["color"] == ("255", "0", "0")]
    assert any("工作简报" in t["text"] for t in red)  # the red masthead stays red


def test_the_ofd_names_the_issue_in_its_docinfo(published):
    import zipfile

    _, _, folder, _ = published
    with zipfile.ZipFile(folder / f"{STEM}.ofd") as package:
        names = package.namelist()
        head = package.read("OFD.xml").decode("utf-8")
    assert names[0] == "OFD.xml" and "Doc_0/Document.xml" in names
    for part in ("<ofd:Title>全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显</ofd:Title>",
                 "<ofd:Author>自治区“全面改薄”厅际协调小组办公室</ofd:Author>",
                 "<ofd:CreationDate>2017-10-11</ofd:CreationDate>", '<ofd:CustomData Name="期号">2017年第7期'):
        assert part in head


def test_a_correction_gets_copies_of_its_own_and_no_earlier_pdf_stands_beside_it(tmp_path):
    project, _ = publish_sample(tmp_path)
    root = project.root
    source = root / SAMPLE
    text = source.read_text(encoding="utf-8")
    assert "工作已见初步成效" in text
    source.write_text(text.replace("工作已见初步成效", "工作已见成效").replace(
        "status: published", "status: published\ncorrection: {reason: 表述不准确, date: 2017-10-13}"), encoding="utf-8")
    build(project, warn=lambda text: None)
    api.publish(project, [source])
    v1, v2 = load_manifest(root, "gaibo")["issues"]["2017/07"]["versions"]
    first, second = root / v1["folder"] / f"{STEM}.pdf", root / v2["folder"] / f"{STEM}.pdf"
    assert v1["files"][f"{STEM}.pdf"] == sha256(first.read_bytes())  # untouched
    assert "工作已见初步成效" in squeeze(poppler("pdftotext", str(first), "-"))
    corrected = squeeze(poppler("pdftotext", str(second), "-"))
    assert "工作已见成效" in corrected and "初步成效" not in corrected
    assert "2017-10-13" in poppler("pdfinfo", "-isodates", str(second))
    build(project)
    assert (project.out / "gaibo/2017/07" / f"{STEM}.pdf").read_bytes() == second.read_bytes()
    assert (project.out / "gaibo/2017/07/v1" / f"{STEM}.pdf").read_bytes() == first.read_bytes()


def test_an_issue_archived_without_libreoffice_gets_its_copies_later_and_nothing_recorded_changes(
        tmp_path, monkeypatch):
    monkeypatch.setenv("JIANBAO_SOFFICE", str(tmp_path / "nowhere" / "soffice"))
    project, said = publish_sample(tmp_path)
    assert len(said) == 1 and said[0].startswith("未找到 LibreOffice，《工作简报》2017年第7期的存档未含 PDF/A 和 OFD")
    before = load_manifest(project.root, "gaibo")["issues"]["2017/07"]["versions"][0]
    assert "copies" not in before
    monkeypatch.delenv("JIANBAO_SOFFICE")
    result = api.publish(project, [project.root / SAMPLE])
    after = load_manifest(project.root, "gaibo")["issues"]["2017/07"]["versions"][0]
    assert {p.name for p in result.issues[0].written} == {f"{STEM}.pdf", f"{STEM}.ofd", "archive.json"}
    assert {k: v for k, v in after["files"].items() if k in before["files"]} == before["files"]
    assert set(after["files"]) - set(before["files"]) == {f"{STEM}.pdf", f"{STEM}.ofd"}
    assert after["copies"]["pdf"] == f"{STEM}.pdf"
