"""PDF copies: LibreOffice turns the bulletin into an A4 PDF with every font embedded; failures are RenderErrors."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import stat
import subprocess

import pytest

from jianbao.errors import RenderError
from jianbao.render import pdf as pdfmod
from jianbao.render.pdf import docx_to_pdf, settle
from jianbao.render.word.bulletin import render_docx

from model_fixtures import demo_issue
from test_word import charts_for

needs_lo = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdffonts") and shutil.which("pdfinfo")),
                       reason="needs LibreOffice (soffice) and poppler-utils"),
]


@pytest.fixture(scope="module")
def demo_docx() -> bytes:
    issue = demo_issue()
    return render_docx(issue, charts_for(issue))


@pytest.fixture(scope="module")
def demo_pdf(demo_docx, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "demo.pdf"
    path.write_bytes(docx_to_pdf(demo_docx, stamp=demo_issue().date))
    return path


def poppler(tool: str, pdf) -> str:
    return subprocess.run([tool, str(pdf)], check=True, capture_output=True, text=True).stdout


class TestRealConversion:
    pytestmark = needs_lo

    def test_every_page_is_a4(self, demo_pdf):
        info = poppler("pdfinfo", demo_pdf)
        assert "(A4)" in info
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages >= 2
        sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(demo_pdf)], check=True,
                               capture_output=True, text=True).stdout
        page_sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", sizes)
        assert len(page_sizes) == pages
        for width, height in page_sizes:
            assert abs(float(width) - 595.3) < 1 and abs(float(height) - 841.9) < 1

    def test_every_font_is_embedded(self, demo_pdf):
        rows = poppler("pdffonts", demo_pdf).splitlines()[2:]
        assert rows, "the PDF uses no fonts at all"
        for row in rows:
            # columns: name type encoding emb sub uni object ID; the name never has spaces
            emb = row.split()[-5]
            assert emb == "yes", row
        names = " ".join(rows)
        assert "CJK" in names or "UKai" in names or "Fandol" in names, "no Chinese face in the PDF"

    def test_text_of_the_bulletin_is_in_the_pdf(self, demo_pdf):
        text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(demo_pdf), "-"], check=True,
                                                 capture_output=True, text=True).stdout)
        issue = demo_issue()
        assert issue.series.title in text
        assert "—1—" in text

    def test_same_document_and_stamp_give_the_same_bytes(self, demo_docx, demo_pdf):
        again = docx_to_pdf(demo_docx, stamp=demo_issue().date)
        assert again == demo_pdf.read_bytes()
        date = demo_issue().date
        info = poppler("pdfinfo", demo_pdf)
        assert re.search(rf"CreationDate:.*{date.day}\s.*{date.year}", info), info

    def test_a_path_converts_like_bytes(self, demo_docx, tmp_path):
        src = tmp_path / "issue.docx"
        src.write_bytes(demo_docx)
        data = docx_to_pdf(src, profile_dir=tmp_path / "profile")
        assert data.startswith(b"%PDF")
        # the profile was private and is where we asked for it
        assert (tmp_path / "profile").is_dir()


def _fake_program(tmp_path, script: str) -> str:
    path = tmp_path / "fake-soffice"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_missing_libreoffice_says_how_to_install(monkeypatch):
    monkeypatch.setattr(pdfmod, "find_soffice", lambda: None)
    with pytest.raises(RenderError) as info:
        docx_to_pdf(b"PK")
    message = str(info.value)
    assert "未找到 LibreOffice" in message
    assert "Windows" in message and "apt-get install libreoffice-writer" in message


def test_env_variable_naming_a_missing_program_counts_as_not_installed(monkeypatch, tmp_path):
    monkeypatch.setenv(pdfmod.ENV_SOFFICE, str(tmp_path / "nope" / "soffice"))
    assert pdfmod.find_soffice() is None


def test_missing_input_file_is_a_render_error(tmp_path):
    with pytest.raises(RenderError, match="找不到要转换的 Word 文件"):
        docx_to_pdf(tmp_path / "absent.docx", soffice="/bin/true")


@pytest.mark.skipif(os.name != "posix", reason="fake program is a shell script")
def test_program_that_writes_no_pdf_is_a_render_error(tmp_path):
    fake = _fake_program(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    with pytest.raises(RenderError, match="转换 PDF 失败.*source file could not be loaded"):
        docx_to_pdf(b"not a docx", soffice=fake)


@pytest.mark.skipif(os.name != "posix", reason="fake program is a shell script")
def test_program_that_hangs_is_stopped_at_the_timeout(tmp_path):
    fake = _fake_program(tmp_path, "exec sleep 60\n")
    with pytest.raises(RenderError, match="超时"):
        docx_to_pdf(b"PK", soffice=fake, timeout=0.5)


@pytest.mark.skipif(os.name != "posix", reason="fake program is a shell script")
def test_output_that_is_not_a_pdf_is_refused(tmp_path):
    # the program is called with --outdir DIR SRC; it writes garbage where the PDF should be
    fake = _fake_program(tmp_path, 'while [ "$1" != "--outdir" ]; do shift; done\n'
                                   'mkdir -p "$2"; echo garbage > "$2/bulletin.pdf"\n')
    with pytest.raises(RenderError, match="不是 PDF"):
        docx_to_pdf(b"PK", soffice=fake)


def test_settle_replaces_clock_values_without_moving_offsets():
    pdf = (b"%PDF-1.6\n1 0 obj<</CreationDate(D:20261128175812Z')/ModDate(D:20261128175813Z')>>endobj\n"
           b"trailer\n<</ID [ <46254A1F86B3EDDFBB49577A55D3EEE0>\n<46254A1F86B3EDDFBB49577A55D3EEE0> ]\n"
           b"/DocChecksum /87C4546DBD73053EAA0C79B5025CE80F\n>>\nstartxref\n9\n%%EOF\n")
    later = pdf.replace(b"175812", b"180000").replace(b"46254A1F", b"99999999").replace(b"87C4", b"1234")
    one, two = settle(pdf, datetime.date(2017, 12, 20)), settle(later, datetime.date(2017, 12, 20))
    assert one == two and len(one) == len(pdf)
    assert b"(D:20171220000000Z')" in one and b"/ModDate(D:20171220000000" in one
    assert b"46254A1F" not in one and b"87C4546D" not in one
