"""Records that last: a build keeps a .docx finished by hand, publish --docx issues it, the archive exports as one package.

These run without LibreOffice (it is hidden from them); the PDF/A and OFD copies are tested with the
real program in test_records_copies.py.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from jianbao import api
from jianbao.archive.freeze import load_manifest, sha256
from jianbao.errors import ArchiveError
from jianbao.pipeline.build import build

from project_helpers import ROOT, make_project

ISSUE = """\
series: demo
number: {number}
date: 2017-10-1{number}
status: {status}
{extra}articles:
  - title: 全区工作取得进展
    body: |
      {body}
"""
FILE = "bulletins/demo/2017/01.yaml"
DOCX = "demo/2017/01/demo-2017-01.docx"


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setenv("JIANBAO_SOFFICE", str(tmp_path / "no-libreoffice" / "soffice"))


def write(project, number=1, status="draft", body="各地进展顺利。", extra=""):
    path = project.root / f"bulletins/demo/2017/{number:02d}.yaml"
    path.write_text(ISSUE.format(number=number, status=status, body=body, extra=extra), encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    made = make_project(tmp_path / "p", {"demo/2017/01.yaml": ""})
    write(made)
    return made


def finish_by_hand(path, old="各地进展顺利。", new="各地进展顺利，成效明显。") -> bytes:
    """What an editor does in Word: change a sentence and save."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    assert old in document
    parts["word/document.xml"] = document.replace(old, new).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    path.write_bytes(out.getvalue())
    return out.getvalue()


# ---------------------------------------------------------------- a .docx finished by hand in build/

def test_a_docx_finished_by_hand_survives_the_next_build(project):
    build(project)
    docx = project.out / DOCX
    edited = finish_by_hand(docx)
    write(project, body="各地进展顺利。另有新情况。")  # the source changes too: the issue renders again
    said = []
    build(project, warn=said.append)
    assert docx.read_bytes() == edited  # not overwritten
    new = project.out / "demo/2017/01/demo-2017-01.new.docx"
    assert new.is_file() and b"PK" == new.read_bytes()[:2]
    assert len(said) == 1 and "demo-2017-01.docx 在上次生成后被手工改动过，本次没有覆盖它" in said[0]
    assert "demo-2017-01.new.docx" in said[0]
    assert f"python build.py publish {FILE} --docx build/{DOCX}" in said[0]
    # it stays protected build after build, and nothing else of the issue is held back
    write(project, body="各地进展顺利。又有新情况。")
    build(project, warn=lambda text: None)
    assert docx.read_bytes() == edited
    assert (project.out / "demo/2017/01/index.html").read_text(encoding="utf-8").count("又有新情况") == 1
    # once the editor lets it go, the build writes the .docx in its place and removes the .new one
    docx.unlink()
    build(project, warn=said.append)
    assert docx.is_file() and not new.exists()


def test_an_unchanged_output_is_still_replaced_and_nothing_is_said(project):
    build(project)
    write(project, body="各地进展顺利。另有新情况。")
    said = []
    build(project, warn=said.append)
    assert said == []
    assert not (project.out / "demo/2017/01/demo-2017-01.new.docx").exists()


def test_a_record_from_before_hashes_protects_nothing(project):
    build(project)
    record = project.out / ".cache/outputs/demo-2017-01.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    del data["sha256"]
    record.write_text(json.dumps(data), encoding="utf-8")
    finish_by_hand(project.out / DOCX)
    write(project, body="各地进展顺利。另有新情况。")
    build(project)
    assert not (project.out / "demo/2017/01/demo-2017-01.new.docx").exists()


# ---------------------------------------------------------------- publish --docx

def test_publish_docx_records_the_hand_finished_file_its_checksum_and_a_text_diff(project):
    build(project)
    edited = finish_by_hand(project.out / DOCX)
    write(project, status="published")
    said = []
    api.publish(project, [project.root / FILE], docx=project.out / DOCX, warn=said.append)
    version = load_manifest(project.root, "demo")["issues"]["2017/01"]["versions"][0]
    folder = project.root / version["folder"]
    assert (folder / "demo-2017-01.docx").read_bytes() == edited
    assert version["files"]["demo-2017-01.docx"] == sha256(edited)
    finished = version["hand_finished"]
    assert finished["file"] == "demo-2017-01.docx" and finished["changes"] == "demo-2017-01.docx-changes.txt"
    changes = (folder / finished["changes"]).read_text(encoding="utf-8")
    assert "-各地进展顺利。" in changes and "+各地进展顺利，成效明显。" in changes
    assert version["files"][finished["changes"]] == sha256((folder / finished["changes"]).read_bytes())
    # no LibreOffice here: archived all the same, one line says what is missing and how to add it
    assert len(said) == 1 and "未找到 LibreOffice" in said[0] and f"publish {FILE}" in said[0]
    assert "copies" not in version
    # the build serves the issued file; publish again without --docx has nothing to do
    build(project)
    assert (project.out / DOCX).read_bytes() == edited
    again = api.publish(project, [project.root / FILE])
    assert again.issues[0].written == []


def test_publish_docx_refuses_what_is_no_word_file_and_more_than_one_issue(project):
    write(project, status="published")
    (project.root / "not.docx").write_text("不是 Word", encoding="utf-8")
    with pytest.raises(ArchiveError, match="不是可读的 Word 文档"):
        api.publish(project, [project.root / FILE], docx=project.root / "not.docx")
    write(project, number=2, status="published")
    with pytest.raises(ArchiveError, match="只能与一期简报一起存档"):
        api.publish(project, [project.root / FILE, project.root / "bulletins/demo/2017/02.yaml"],
                    docx=project.root / "not.docx")
    assert not (project.root / "archive").exists()


def test_the_command_line_takes_docx_and_says_one_line_without_libreoffice(project):
    build(project)
    finish_by_hand(project.out / DOCX)
    write(project, status="published")
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "publish", FILE, "--docx", f"build/{DOCX}",
                           "--root", str(project.root)], capture_output=True, text=True, cwd=project.root)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("\n") == 1 and "未找到 LibreOffice" in done.stderr
    assert "已存档：《工作简报》2017年第1期" in done.stdout


# ---------------------------------------------------------------- the archive export

@pytest.fixture
def archived(project):
    write(project, status="published")
    write(project, number=2, status="published")
    api.publish(project, [project.root / FILE, project.root / "bulletins/demo/2017/02.yaml"])
    write(project, status="published", body="各地进展十分顺利。",
          extra="correction: {reason: 第一段表述不准确, date: 2017-10-20}\n")
    api.publish(project, [project.root / FILE])
    return project


def test_the_export_holds_every_archived_file_with_its_hash_and_each_issues_metadata(archived):
    (archived.root / "content/series/demo.yaml").write_text(
        (archived.root / "content/series/demo.yaml").read_text(encoding="utf-8") + "retention: 定期30年\n",
        encoding="utf-8")
    result = api.export_archive(archived, year=2017)
    assert result.path == archived.out / "存档包-2017.zip" and result.issues == 2
    with zipfile.ZipFile(result.path) as package:
        names = package.namelist()
        manifest = json.loads(package.read("manifest.json"))
        contents = {name: package.read(name) for name in names}
    assert names[:2] == ["manifest.json", "目录.csv"]
    assert manifest["schema"] == "jianbao-archive-export/1"
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) == set(names) - {"manifest.json"}
    assert all(sha256(contents[path]) == digest for path, digest in listed.items())
    first = manifest["issues"][0]
    assert (first["题名"], first["责任者"], first["日期"], first["期号"], first["保管期限"]) == (
        "全区工作取得进展", "测试办公室", "2017-10-11", "第1期", "定期30年")
    assert [v["版本"] for v in first["versions"]] == [1, 2]
    assert first["versions"][0]["更正"] is None
    assert first["versions"][1]["更正"] == {"原因": "第一段表述不准确", "日期": "2017-10-20"}
    sources = [f for f in first["versions"][0]["文件"] if f.get("用途") == "源文件"]
    assert sources and sources[0]["path"] == "demo/2017/01/v1/01.yaml"
    # every file of every version, as archived
    for version in load_manifest(archived.root, "demo")["issues"]["2017/01"]["versions"]:
        for name, digest in version["files"].items():
            assert listed[f"demo/2017/01/v{version['version']}/{name}"] == digest
    catalogue = contents["目录.csv"].decode("utf-8-sig").splitlines()
    assert catalogue[0].startswith("系列,年度,期号") and len(catalogue) == 3
    # the same archive gives the same package
    first_bytes = result.path.read_bytes()
    assert api.export_archive(archived, year=2017).path.read_bytes() == first_bytes


def test_the_export_refuses_a_scope_with_nothing_archived_and_an_unknown_series(archived):
    with pytest.raises(ArchiveError, match="2016 年没有已存档的简报"):
        api.export_archive(archived, year=2016)
    with pytest.raises(ArchiveError, match="没有名为 nosuch 的系列"):
        api.export_archive(archived, series="nosuch")
    out = archived.root / "交给档案室.zip"
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "export", "--series", "demo", "-o", str(out),
                           "--root", str(archived.root)], capture_output=True, text=True, cwd=archived.root)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and "共 2 期" in done.stdout


def test_a_damaged_archive_copy_stops_the_export(archived):
    copy = archived.root / "archive/demo/2017/02/v1/index.html"
    copy.write_text("被改动", encoding="utf-8")
    with pytest.raises(ArchiveError, match="缺失或被改动"):
        api.export_archive(archived)
    assert not (archived.out / "存档包.zip").exists()
