"""`--pdf` in a build: without LibreOffice every other output is made and one line says how to
install it; a later build with LibreOffice makes the PDFs; stand-ins for official fonts are told once."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from jianbao.pipeline.build import build
from jianbao.pipeline.render_issues import RenderOptions

from project_helpers import ROOT, issue, make_project

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fake LibreOffice is a shell script")

ISSUES = ("demo/2017/01.yaml", "demo/2017/02.yaml")
# Writes a tiny "PDF" naming one font where LibreOffice would write the real one.
FAKE_SOFFICE = """#!/bin/sh
while [ "$1" != "--outdir" ]; do shift; done
mkdir -p "$2"
printf '%%PDF-1.6\\n1 0 obj<</Type/Font/BaseFont/BAAAAA+NotoSerifCJKjp-Regular-VKana>>endobj\\n%%%%EOF\\n' \\
  > "$2/bulletin.pdf"
"""


@pytest.fixture
def project(tmp_path):
    second = issue("articles:\n  - title: 乙\n    body: 各地工作进展顺利。\n").replace("number: 1", "number: 2")
    return make_project(tmp_path / "project", {
        ISSUES[0]: issue("articles:\n  - title: 甲\n    body: 各地工作进展顺利。\n"),
        ISSUES[1]: second.replace("2017-10-11", "2017-10-12"),
    })


@pytest.fixture
def fake_soffice(tmp_path) -> str:
    path = tmp_path / "bin" / "soffice"
    path.parent.mkdir()
    path.write_text(FAKE_SOFFICE, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def outputs(project, suffix: str) -> list[str]:
    return sorted(p.relative_to(project.out).as_posix() for p in project.out.glob(f"demo/*/*/*{suffix}"))


def test_without_libreoffice_everything_but_the_pdfs_is_made_and_one_line_says_so(project, monkeypatch, tmp_path):
    monkeypatch.setenv("JIANBAO_SOFFICE", str(tmp_path / "nowhere" / "soffice"))
    said = []
    build(project, options=RenderOptions(pdf=True, jobs=1), warn=said.append)
    assert outputs(project, ".docx") == ["demo/2017/01/demo-2017-01.docx", "demo/2017/02/demo-2017-02.docx"]
    assert len(outputs(project, "index.html")) == 2
    assert outputs(project, ".pdf") == []
    assert len(said) == 1 and "\n" not in said[0]
    assert said[0].startswith("未找到 LibreOffice，本次未生成 PDF")
    assert "winget install TheDocumentFoundation.LibreOffice" in said[0]
    assert "apt-get install libreoffice-writer" in said[0]
    assert str(tmp_path / "nowhere" / "soffice") in said[0]  # the variable's wrong path is named


def test_a_later_build_with_libreoffice_makes_the_pdfs_it_skipped(project, monkeypatch, tmp_path, fake_soffice):
    monkeypatch.setenv("JIANBAO_SOFFICE", str(tmp_path / "nowhere" / "soffice"))
    build(project, options=RenderOptions(pdf=True, jobs=1), warn=lambda text: None)
    assert outputs(project, ".pdf") == []
    monkeypatch.setenv("JIANBAO_SOFFICE", fake_soffice)
    said = []
    build(project, options=RenderOptions(pdf=True, jobs=1), warn=said.append)
    assert outputs(project, ".pdf") == ["demo/2017/01/demo-2017-01.pdf", "demo/2017/02/demo-2017-02.pdf"]
    # the stand-ins of both issues, told once for the build
    assert len(said) == 1 and said[0].startswith("PDF 中未找到公文字体"), said
    assert "仿宋_GB2312" in said[0] and "在装有公文字体的电脑上转换可得到正式效果" in said[0]
    # and a third build with nothing changed renders nothing and says nothing
    said.clear()
    assert build(project, options=RenderOptions(pdf=True, jobs=1), warn=said.append) == []
    assert said == []


def test_the_command_line_exits_0_with_one_line_on_the_error_stream(project, tmp_path):
    (tmp_path / "empty").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "JIANBAO_SOFFICE"}
    env.update(PATH=str(tmp_path / "empty"), PYTHONPATH=str(ROOT))  # no soffice, no libreoffice on PATH
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--pdf", "--root", str(project.root)],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("警告：未找到 LibreOffice，本次未生成 PDF"), lines
    assert "JIANBAO_SOFFICE" in lines[0]
    assert result.stdout.splitlines()[-1].startswith("完成：")
    assert (project.out / "demo/2017/01/demo-2017-01.docx").is_file()
