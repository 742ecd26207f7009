"""Issue #18's Word blocks rendered for real: LibreOffice puts footnotes at the foot of their page and prints the photo."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from jianbao.model import PUBLIC, Article, Footnote, FootnoteRef, Paragraph, Text
from jianbao.render.word.bulletin import render_docx

from model_fixtures import demo_issue, demo_series, t
from test_word import charts_for
from test_word_blocks import photo_block
from test_word_libreoffice import convert, page_text, page_words, pdf_pages  # noqa: F401 (convert: fixture)

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdfimages")),
                       reason="needs LibreOffice (soffice) and poppler-utils"),
]

FILLER = "各地按照自治区部署，倒排工期，挂图作战，逐项落实责任，确保工程质量和进度。"
# (paragraph index, footnote number): calls early on page 1 and well into the following page
CALLS = {1: 1, 14: 2}


def long_article() -> Article:
    blocks = []
    for i in range(22):
        inlines = [Text(f"第{i}段。")]
        if i in CALLS:  # at the paragraph's start, so that a page break in the paragraph cannot split it
            inlines += [Text(f"引用甲{CALLS[i]}处"), FootnoteRef(CALLS[i]), Text("。")]
        inlines.append(Text(FILLER * 2))
        blocks.append(Paragraph(tuple(inlines)))
        if i == 6:
            blocks.append(photo_block(1, notes=("注：图片由和田地区教育局提供。",)))
    notes = tuple(Footnote(n, t(f"脚注说明之{'一二'[n - 1]}，应在引用它的那一页的页脚。")) for n in CALLS.values())
    return Article(title="脚注与照片", release=PUBLIC, note=(), blocks=tuple(blocks), footnotes=notes)


@pytest.fixture(scope="module")
def pdf(convert):  # noqa: F811 (the fixture imported above)
    short = Article(title="第二篇", release=PUBLIC, note=(), blocks=(Paragraph(t("第二篇的正文。")),))
    issue = demo_issue(articles=(long_article(), short), signers=(("签发", "张三"),),
                       series=demo_series(contents="never"))
    return convert(render_docx(issue, charts_for(issue)), "blocks")


def joined(text: str) -> str:
    """A page's text with its line breaks taken out: a phrase may wrap anywhere."""
    return re.sub(r"\s+", "", text)


def page_of(pdf, needle: str) -> int:
    found = [n for n in range(1, pdf_pages(pdf) + 1) if needle in joined(page_text(pdf, n))]
    assert found, f"「{needle}」 is on no page"
    return found[0]


@pytest.mark.parametrize("number", sorted(CALLS.values()))
def test_a_footnote_is_at_the_foot_of_the_page_that_calls_it(pdf, number):
    call = f"引用甲{number}处"
    note = f"脚注说明之{'一二'[number - 1]}"
    page = page_of(pdf, call)
    assert note in joined(page_text(pdf, page))
    words = page_words(pdf, page)
    call_y = max(y for word, y, _ in words if "引用甲" in word)
    note_y = min(y for word, y, _ in words if "脚注说明之" in word)
    body_bottom = max(y for word, y, _ in words if word.startswith("第") or FILLER[:4] in word)
    assert call_y < note_y and body_bottom < note_y  # under all of the page's text
    # its mark is printed once, as the model numbers it
    assert f"{number}{note}" in joined(page_text(pdf, page))
    assert f"{number}{number}{note}" not in joined(page_text(pdf, page))


def test_the_calls_fall_on_different_pages(pdf):
    assert page_of(pdf, "引用甲1处") < page_of(pdf, "引用甲2处")


def test_the_photo_is_printed_with_its_caption_and_note(pdf):
    page = page_of(pdf, "图1新建的教学楼")
    assert "注：图片由和田地区教育局提供。" in page_text(pdf, page)
    listing = subprocess.run(["pdfimages", "-list", "-f", str(page), "-l", str(page), str(pdf)],
                             check=True, capture_output=True, text=True).stdout
    assert re.search(r"\bjpeg\b", listing), listing


def test_the_signoff_line_stands_right_above_the_imprint(pdf):
    last = pdf_pages(pdf)
    words = page_words(pdf, last)
    signoff = [y for word, y, _ in words if word.startswith("签发")]
    imprint = [y for word, y, _ in words if word.startswith("报：")]
    assert signoff and imprint and signoff[0] < imprint[0] < signoff[0] + 40  # about one line apart
