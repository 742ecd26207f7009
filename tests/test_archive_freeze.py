"""Published issues are frozen: publish records them, an edit fails the build, a correction passes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from jianbao.archive.freeze import load_manifest
from jianbao.errors import ArchiveError
from jianbao.pipeline.build import build, check

from project_helpers import ROOT, make_project

ISSUE = """\
series: demo
number: 1
date: 2017-10-11
status: {status}
{extra}articles:
  - title: 全区工作取得进展
    release: public
    body: |
      {body}
"""
FILE = "bulletins/demo/2017/01.yaml"


def cli(project, *args):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--root", str(project.root)],
                          capture_output=True, text=True, cwd=project.root)


def write(project, status="published", body="各地进展顺利。", extra=""):
    (project.root / FILE).write_text(ISSUE.format(status=status, body=body, extra=extra), encoding="utf-8")


@pytest.fixture
def published(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": ISSUE.format(status="published", body="各地进展顺利。",
                                                                           extra="")})
    (tmp_path / "content" / "site.yaml").write_text("site_url: https://www.example.gov.cn/jb/\n", encoding="utf-8")
    done = cli(project, "publish", FILE)
    assert done.returncode == 0, done.stderr
    return project


def test_publish_records_hashes_and_keeps_the_published_bytes(published):
    manifest = json.loads((published.root / "bulletins/demo/archive.json").read_text(encoding="utf-8"))
    version = manifest["issues"]["2017/01"]["versions"][0]
    assert version["version"] == 1 and version["correction"] is None
    assert "demo-2017-01.docx" in version["files"] and "index.html" in version["files"]
    folder = published.root / version["folder"]
    assert (folder / "01.yaml").read_bytes() == (published.root / FILE).read_bytes()
    build(published)
    assert (folder / "demo-2017-01.docx").read_bytes() == (published.out / "demo/2017/01/demo-2017-01.docx").read_bytes()


def test_publish_refuses_a_draft(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": ISSUE.format(status="draft", body="草稿。", extra="")})
    done = cli(project, "publish", FILE)
    assert done.returncode == 2 and "尚未标为已印发" in done.stderr and "status: published" in done.stderr
    assert not (tmp_path / "bulletins/demo/archive.json").exists()


def test_editing_a_published_issue_fails_the_build_and_writes_nothing(published):
    write(published, body="各地进展十分顺利。")
    done = cli(published)
    assert done.returncode == 2
    message = done.stderr
    assert message.startswith("生成失败：《工作简报》2017年第1期已印发并存档，不能再改动")
    assert FILE in message and "correction" in message and "archive/demo/2017/01/v1/" in message
    assert not published.out.exists()
    with pytest.raises(ArchiveError):
        check(published)  # the source alone tells: check needs no rendering


def test_a_program_change_does_not_change_what_was_issued(published, monkeypatch):
    """A newer renderer lays the issue out differently: the build serves the archived bytes."""
    import jianbao.render.word.bulletin as word

    archived = (published.root / "archive/demo/2017/01/v1/demo-2017-01.docx").read_bytes()
    monkeypatch.setattr(word, "render_docx", lambda issue, charts: b"a different layout")
    build(published)
    assert (published.out / "demo/2017/01/demo-2017-01.docx").read_bytes() == archived


def test_a_tampered_manifest_or_archive_copy_stops_the_build(published):
    path = published.root / "bulletins/demo/archive.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["issues"]["2017/01"]["versions"][0]["files"]["index.html"] = "0" * 64
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ArchiveError) as exc:
        build(published)
    assert "archive/demo/2017/01/v1/index.html 缺失或被改动" in str(exc.value)
    assert not published.out.exists()


def test_a_correction_passes_keeps_the_original_and_the_archive_shows_both(published):
    original = {p.name: p.read_bytes() for p in (published.root / "archive/demo/2017/01/v1").iterdir() if p.is_file()}
    correction = "correction:\n  reason: 第一段表述有误，予以更正。\n  date: 2017-10-13\n"
    write(published, body="各地进展十分顺利。", extra=correction)
    warnings = []
    build(published, warn=warnings.append)
    assert any("更正" in w and "尚未存档" in w for w in warnings)
    kept = published.out / "demo/2017/01/v1"
    assert (kept / "demo-2017-01.docx").read_bytes() == original["demo-2017-01.docx"]
    assert "十分顺利" in (published.out / "demo/2017/01/index.html").read_text(encoding="utf-8")
    assert "十分顺利" not in (kept / "index.html").read_text(encoding="utf-8")
    page = (published.out / "demo/index.html").read_text(encoding="utf-8")
    assert "第一段表述有误，予以更正。" in page and 'href="2017/01/v1/demo-2017-01.docx"' in page
    assert 'href="2017/01/demo-2017-01.docx"' in page

    done = cli(published, "publish", FILE)
    assert done.returncode == 0, done.stderr
    versions = load_manifest(published.root, "demo")["issues"]["2017/01"]["versions"]
    assert [v["correction"] for v in versions] == [None, {"reason": "第一段表述有误，予以更正。", "date": "2017-10-13"}]
    assert {p.name: p.read_bytes() for p in (published.root / "archive/demo/2017/01/v1").iterdir()
            if p.is_file()} == original
    warnings.clear()
    build(published, warn=warnings.append)
    assert warnings == [] and (published.out / "demo/2017/01/v1/index.html").exists()

    # A second change under the same correction is refused: a new 更正 needs its own reason and date.
    write(published, body="各地进展非常顺利。", extra=correction)
    with pytest.raises(ArchiveError) as exc:
        build(published)
    assert "reason 和 date 改为这次更正的原因和日期" in str(exc.value)


def test_a_tampered_archive_copy_is_refused(published):
    write(published, body="改动。", extra="correction:\n  reason: 更正。\n  date: 2017-10-12\n")
    (published.root / "archive/demo/2017/01/v1/index.html").write_text("tampered", encoding="utf-8")
    with pytest.raises(ArchiveError) as exc:
        build(published)
    assert "缺失或被改动" in str(exc.value)


def test_a_published_issue_cannot_vanish(published):
    (published.root / FILE).unlink()
    with pytest.raises(ArchiveError) as exc:
        build(published)
    assert "找不到对应的简报文件" in str(exc.value) and FILE in str(exc.value)


def test_unrecorded_published_issue_is_a_warning(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": ISSUE.format(status="published", body="甲。", extra="")})
    warnings = []
    check(project, warn=warnings.append)
    assert warnings == ["《工作简报》2017年第1期标为已印发（published），但尚未存档：请运行 "
                        f"python build.py publish {FILE}"]


def test_a_correction_may_not_predate_the_issue(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": ISSUE.format(
        status="published", body="甲。", extra="correction:\n  reason: 更正。\n  date: 2017-10-01\n")})
    done = cli(project, "check")
    assert done.returncode == 1 and "correction.date：应为不早于印发日期 2017-10-11 的日期" in done.stderr
