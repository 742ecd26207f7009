"""Fonts in a PDF, read from its bytes; the official faces a .docx asks for; the notice of stand-ins."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import zipfile
import zlib

import pytest

from jianbao.render.pdf import docx_to_pdf
from jianbao.render.pdf_fonts import asked_fonts, embedded_fonts, missing_faces, stand_in_notice
from jianbao.render.word.bulletin import render_docx

from model_fixtures import demo_issue
from test_word import charts_for

OFFICIAL_FOUR = ["方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体"]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def pdf_with(*names: bytes, packed: tuple[bytes, ...] = ()) -> bytes:
    """A PDF-like file whose font dictionaries name `names`; `packed` ones sit in a compressed
    object stream (PDF 1.5), as some producers write them."""
    body = b"%PDF-1.6\n"
    for n, name in enumerate(names, start=1):
        body += b"%d 0 obj\n<</Type/Font/Subtype/TrueType/BaseFont/" % n + name + b">>\nendobj\n"
        body += b"%d 0 obj\n<</Type/FontDescriptor /FontName /" % (n + 100) + name + b" /Flags 4>>\nendobj\n"
    if packed:
        inner = b" ".join(b"<</Type/FontDescriptor/FontName/" + name + b"/Flags 6>>" for name in packed)
        data = zlib.compress(inner)
        body += (b"200 0 obj\n<</Type /ObjStm /N %d /First 0 /Filter /FlateDecode /Length %d>>\nstream\r\n"
                 % (len(packed), len(data))) + data + b"\r\nendstream\nendobj\n"
    return body + b"trailer\n<</Root 1 0 R>>\n%%EOF\n"


def docx_with(styles: str, document: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/styles.xml", f"<w:styles {W}>{styles}</w:styles>")
        package.writestr("word/document.xml", f"<w:document {W}><w:body>{document}</w:body></w:document>")
    return out.getvalue()


def fonts(east_asia: str, latin: str = "Times New Roman") -> str:
    return f'<w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}"/></w:rPr>'


def par(style: str | None, *runs: str) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def run(text: str, east_asia: str | None = None) -> str:
    return f"<w:r>{fonts(east_asia) if east_asia else ''}<w:t>{text}</w:t></w:r>"


STYLES = (
    f"<w:docDefaults><w:rPrDefault>{fonts('宋体')}</w:rPrDefault></w:docDefaults>"
    f'<w:style w:type="paragraph" w:default="1" w:styleId="Normal">{fonts("仿宋_GB2312")}</w:style>'
    '<w:style w:type="paragraph" w:styleId="Plain"/>'
    f'<w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="Normal"/>{fonts("黑体")}</w:style>'
    '<w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style>'
    f'<w:style w:type="paragraph" w:styleId="H2"><w:basedOn w:val="Normal"/>{fonts("楷体_GB2312")}</w:style>'
    f'<w:style w:type="character" w:styleId="Em">{fonts("楷体_GB2312")}</w:style>'
)


# ---------------------------------------------------------------- names in PDF bytes

def test_names_lose_subset_prefixes_and_repeat_once():
    pdf = pdf_with(b"ABCDEF+FangSong_GB2312", b"BAAAAA+SimHei", b"CAAAAA+SimHei", b"TimesNewRomanPSMT")
    assert embedded_fonts(pdf) == ["FangSong_GB2312", "SimHei", "TimesNewRomanPSMT"]


def test_name_escapes_are_resolved_including_chinese_names():
    escaped = "".join(f"#{byte:02X}" for byte in "仿宋_GB2312".encode()).encode()
    pdf = pdf_with(b"ABCDEF+Noto#20Serif#20CJK#20SC", b"AAAAAA+" + escaped)
    names = embedded_fonts(pdf)
    assert names[0] == "Noto Serif CJK SC"
    assert names[1] == "仿宋_GB2312"


def test_names_inside_compressed_object_streams_are_found():
    pdf = pdf_with(b"BAAAAA+LiberationSerif", packed=(b"CAAAAA+FZXBSJW--GB1-0", b"DAAAAA+KaiTi_GB2312"))
    assert embedded_fonts(pdf) == ["LiberationSerif", "FZXBSJW--GB1-0", "KaiTi_GB2312"]


def test_a_pdf_without_fonts_names_none():
    assert embedded_fonts(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF") == []
    damaged = pdf_with(b"A", packed=(b"B",)).replace(b"stream\r\nx", b"stream\r\n?")  # not zlib any more
    assert embedded_fonts(damaged) == ["A"]


# ---------------------------------------------------------------- faces the .docx asks for

def test_faces_come_from_runs_character_styles_paragraph_styles_and_defaults():
    docx = docx_with(STYLES, "".join([
        par(None, run("正文")),  # default paragraph style: 仿宋_GB2312
        par("H1b", run("标题")),  # basedOn H1: 黑体
        par("H1", run("报头", "方正小标宋简体")),  # the run's own face wins
        par("Plain", run("默认")),  # a style without fonts: the document default, 宋体
        par(None, '<w:r><w:rPr><w:rStyle w:val="Em"/></w:rPr><w:t>强调</w:t></w:r>'),  # 楷体 by character style
    ]))
    assert asked_fonts(docx) == {"仿宋_GB2312", "黑体", "方正小标宋简体", "宋体", "楷体_GB2312"}


def test_faces_no_chinese_text_uses_are_not_asked_for():
    docx = docx_with(STYLES, par("H2", run("2017 (1)")) + par("H1") + par(None, run("正文")))
    assert asked_fonts(docx) == {"仿宋_GB2312"}  # 楷体 only for digits, 黑体 for an empty paragraph


def test_the_bulletin_asks_for_the_four_official_faces():
    issue = demo_issue()
    assert set(OFFICIAL_FOUR) <= asked_fonts(render_docx(issue, charts_for(issue)))


# ---------------------------------------------------------------- the notice

def four_faces_docx() -> bytes:
    return docx_with(STYLES, par("H1", run("报头", "方正小标宋简体")) + par("H1", run("标题"))
                     + par(None, run("正文")) + par("H2", run("小标题")))


def test_official_faces_in_the_pdf_give_no_notice():
    pdf = pdf_with(b"AAAAAA+FZXBSJW--GB1-0", b"BAAAAA+FangSong_GB2312", b"CAAAAA+KaiTi_GB2312",
                   b"DAAAAA+SimHei,Bold", b"EAAAAA+TimesNewRomanPSMT")
    assert missing_faces(four_faces_docx(), pdf) == ([], [])
    assert stand_in_notice([(four_faces_docx(), pdf)], fc_match="") is None


def test_missing_faces_are_named_with_the_fonts_that_stood_in():
    pdf = pdf_with(b"AAAAAA+FangSong_GB2312", b"BAAAAA+SimHei", b"CAAAAA+NotoSerifCJKjp-Regular-VKana",
                   b"DAAAAA+UKaiCN", b"EAAAAA+LiberationSerif", b"FAAAAA+NotoSerifCJKjp-Bold-VKana")
    notice = stand_in_notice([(four_faces_docx(), pdf), (four_faces_docx(), pdf)], fc_match="")
    assert notice == ("PDF 中未找到公文字体 方正小标宋简体、楷体_GB2312，已用 NotoSerifCJKjp、UKaiCN 代替；"
                      "在装有公文字体的电脑上转换可得到正式效果。")
    assert "\n" not in notice


@pytest.mark.skipif(os.name != "posix", reason="fake fc-match is a shell script")
def test_fc_match_pairs_each_missing_face_with_its_stand_in(tmp_path):
    fake = tmp_path / "fc-match"
    fake.write_text('#!/bin/sh\ncase "$3" in 楷体_GB2312) echo "AR PL UKai CN";; '
                    '*) echo "Noto Serif CJK SC,Noto Serif CJK JP";; esac\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    pdf = pdf_with(b"BAAAAA+SimHei", b"CAAAAA+NotoSerifCJKjp-Regular-VKana")
    assert stand_in_notice([(four_faces_docx(), pdf)], fc_match=str(fake)) == (
        "PDF 中未找到公文字体，已用其他字体代替：方正小标宋简体、仿宋_GB2312 用 Noto Serif CJK SC，"
        "楷体_GB2312 用 AR PL UKai CN；在装有公文字体的电脑上转换可得到正式效果。")


# ---------------------------------------------------------------- real PDFs

needs_lo = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdffonts") and shutil.which("fc-list")),
                       reason="needs LibreOffice (soffice), poppler-utils and fontconfig"),
]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    issue = demo_issue()
    docx = render_docx(issue, charts_for(issue))
    return docx, docx_to_pdf(docx, profile_dir=tmp_path_factory.mktemp("lo") / "profile")


class TestRealPdf:
    pytestmark = needs_lo

    def test_names_are_those_poppler_reads(self, real, tmp_path):
        path = tmp_path / "demo.pdf"
        path.write_bytes(real[1])
        rows = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                              text=True).stdout.splitlines()[2:]
        poppler = {row.split()[0].split("+", 1)[-1] for row in rows}
        assert poppler and set(embedded_fonts(real[1])) == poppler

    def test_the_notice_names_exactly_the_official_faces_this_computer_lacks(self, real):
        installed = {face for face in OFFICIAL_FOUR
                     if subprocess.run(["fc-list", f":family={face}"], capture_output=True, text=True).stdout.strip()}
        missing, _ = missing_faces(*real)
        assert set(missing) == set(OFFICIAL_FOUR) - installed
        notice = stand_in_notice([real])
        if missing:
            assert notice.startswith("PDF 中未找到公文字体") and all(face in notice for face in missing)
        else:
            assert notice is None
