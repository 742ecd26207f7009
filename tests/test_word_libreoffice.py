"""Word renderer, rendered for real: LibreOffice turns the .docx into a PDF we read back with poppler."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pytest

from jianbao.model import Paragraph, Table
from jianbao.render.word.bulletin import render_docx

from model_fixtures import demo_issue, t
from test_word import charts_for

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")
                            and shutil.which("pdfinfo")),
                       reason="needs LibreOffice (soffice) and poppler-utils"),
]

PT_PER_MM = 72 / 25.4
TYPE_BOTTOM_PT = (297 - 35) * PT_PER_MM  # bottom edge of the 版心


@pytest.fixture(scope="module")
def convert(tmp_path_factory):
    """docx bytes -> PDF path, with one fresh LibreOffice profile for the whole module."""
    profile = tmp_path_factory.mktemp("lo-profile")
    out = tmp_path_factory.mktemp("lo-out")

    def run(data: bytes, stem: str):
        src = out / f"{stem}.docx"
        src.write_bytes(data)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(out), str(src)],
                       check=True, capture_output=True, timeout=180)
        pdf = out / f"{stem}.pdf"
        assert pdf.exists(), "LibreOffice produced no PDF"
        return pdf

    return run


def pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def page_text(pdf, page: int) -> str:
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


def page_words(pdf, page: int) -> list[tuple[str, float, float]]:
    """(word, yMin, yMax) in points from the top of the page."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], check=True, capture_output=True, text=True).stdout
    return [(m.group(3), float(m.group(1)), float(m.group(2))) for m in re.finditer(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
        html)]


@pytest.fixture(scope="module")
def demo_pdf(convert):
    issue = demo_issue()
    return convert(render_docx(issue, charts_for(issue)), "demo")


def test_pdf_is_a4(demo_pdf):
    info = subprocess.run(["pdfinfo", str(demo_pdf)], check=True, capture_output=True,
                          text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width), round(height)) == (595, 842)


def test_first_page_carries_masthead(demo_pdf):
    text = page_text(demo_pdf, 1)
    assert "工作简报" in text and "第7期" in text
    assert "2017年10月11日" in text
    assert text.index("工作简报") < text.index("第7期") < text.index("全力攻坚")


def test_every_page_is_numbered_with_dashes(demo_pdf):
    for page in range(1, pdf_pages(demo_pdf) + 1):
        assert f"—{page}—" in page_text(demo_pdf, page)


IMPRINT = ("报：教育部全面改薄工作办公室。送：自治区党委、人民政府有关领导。"
           "发：各地（州、市）、县（市、区）教育局。（共印60份）")


def assert_imprint_at_foot(pdf) -> None:
    """The 报尾 ends on the bottom edge of the type area of the last page, and everything
    printed between its top rule and that edge is the 报尾 itself (no body text over it)."""
    last = pdf_pages(pdf)
    text = page_text(pdf, last)
    assert text.index("报：") < text.index("送：") < text.index("发：") < text.index("共印60份")
    words = page_words(pdf, last)
    bottom = max(y1 for word, _, y1 in words if "份" in word)
    assert TYPE_BOTTOM_PT - 20 < bottom <= TYPE_BOTTOM_PT + 1
    top = min(y0 for word, y0, _ in words if word.startswith("报："))
    band = "".join(word for word, y0, y1 in words if y1 > top + 1 and y0 < TYPE_BOTTOM_PT)
    assert sorted(band) == sorted(IMPRINT)


def test_imprint_sits_at_the_foot_of_the_last_page(demo_pdf):
    assert_imprint_at_foot(demo_pdf)


@pytest.mark.parametrize("extra", [9, 10, 11])
def test_imprint_never_overlaps_a_full_last_page(convert, extra):
    # With these fonts 9 paragraphs end just above the block; 10 and 11 fill the page, so
    # the block must move to the next page rather than cover text.
    base = demo_issue()
    text = "全区各地按照统一部署，扎实推进薄弱学校改造工作，各项任务进展顺利。" * 2
    article = dataclasses.replace(base.articles[1], blocks=base.articles[1].blocks + tuple(
        Paragraph(t(f"第{i}段。{text}")) for i in range(extra)))
    issue = dataclasses.replace(base, articles=(article,))
    assert_imprint_at_foot(convert(render_docx(issue, {}), f"full{extra}"))


def long_table_issue():
    """The demo issue whose first article is one paragraph and a 40-row table (Word and print)."""
    base = demo_issue()
    table = Table(1, "各县进度", ("县名", "完成率"), tuple((f"第{i}县", f"{i}%") for i in range(1, 41)))
    article = dataclasses.replace(base.articles[0], blocks=(Paragraph(t("各县进度如下。")), table))
    return dataclasses.replace(base, articles=(article,))


def test_a_long_table_breaks_with_its_header_row_on_each_page(convert):
    # Issue #18: a table taller than a third of the page breaks instead of moving whole.
    pdf = convert(render_docx(long_table_issue(), {}), "longtable")
    pages = [page_text(pdf, n) for n in range(1, pdf_pages(pdf) + 1)]
    with_rows = [text for text in pages if re.search(r"第\d+县", text)]
    assert len(with_rows) >= 2
    assert all("县名完成率" in text for text in with_rows)
    assert "各县进度如下" in with_rows[0] and "第1县" in with_rows[0]
