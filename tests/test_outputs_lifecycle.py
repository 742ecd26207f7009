"""Outputs live as long as what they come from: press folders rewritten wholly, outputs of gone issues
and stale PDFs removed (after writing, by full builds only), press frozen like build, 更正 in every press format."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import zipfile

import pytest

from jianbao import api
from jianbao.errors import ArchiveError
from jianbao.pipeline.build import build
from jianbao.pipeline.render_issues import RenderOptions

from project_helpers import ROOT, make_project

CANARY = "CANARY-WITHHELD-TITLE-5e1b"
ISSUE = """\
series: demo
number: {number}
date: 2017-10-{day}
status: {status}
{extra}figures:
  share: {{label: 覆盖率, value: 3, of: 10}}
articles:
  - title: 全区工作取得进展
    release: public
    body: 各地进展顺利。
  - title: 第二篇稿件{canary}
    release: {second}
    body: 这一篇的正文写得足够长以便识别。
    charts:
      - {{kind: share, figures: [share]}}
"""
FILE = "bulletins/demo/2017/01.yaml"


def issue_text(number=1, day=11, second="internal", status="draft", extra="", canary=CANARY) -> str:
    return ISSUE.format(number=number, day=day, second=second, status=status, extra=extra, canary=canary)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path, {"demo/2017/01.yaml": issue_text(),
                                   "demo/2017/02.yaml": issue_text(number=2, day=12, second="public",
                                                                    canary="")})


def write(project, text: str, name: str = FILE) -> None:
    (project.root / name).write_text(text, encoding="utf-8")


def files(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def full(project, **options) -> None:
    build(project, options=RenderOptions(jobs=1, **options), warn=lambda text: None)


# ---------------------------------------------------------------- what was withheld

def test_withheld_titles_are_reported_beside_the_press_folder_never_in_it(project):
    full(project)
    folder = project.out / "demo/2017/01"
    press = folder / "press"
    assert files(press)  # the public article is there
    for path in press.rglob("*"):
        assert CANARY.encode() not in path.read_bytes(), path
        assert CANARY not in path.name
    manifest = json.loads((press / "manifest.json").read_text(encoding="utf-8"))
    assert "withheld" not in manifest
    report = (folder / "press-withheld.txt").read_text(encoding="utf-8-sig")
    assert f"1. 第二篇稿件{CANARY}" in report and "请勿随新闻稿发出" in report


# ---------------------------------------------------------------- press folders rewritten wholly

@pytest.mark.parametrize("how", ["full build", "selected build", "press command"])
def test_an_article_made_internal_leaves_no_press_file_behind(project, how):
    write(project, issue_text(second="public", canary=""))
    full(project)
    press = project.out / "demo/2017/01/press"
    assert "fig-1.png" in files(press)  # the chart of the second article, public for now
    (press / "extra.txt").write_text("放进新闻稿文件夹的其他文件", encoding="utf-8")

    write(project, issue_text(second="internal"))
    if how == "full build":
        full(project)
    elif how == "selected build":
        build(project, [project.root / FILE], options=RenderOptions(jobs=1))
    else:
        api.press(project, [project.root / FILE])
    left = files(press)
    assert "fig-1.png" not in left and "extra.txt" not in left  # the folder holds this run's files only
    assert sorted(json.loads((press / "manifest.json").read_bytes())["files"]) == sorted(
        n for n in left if n != "manifest.json")
    for path in press.iterdir():
        assert CANARY.encode() not in path.read_bytes() and "这一篇的正文".encode() not in path.read_bytes()


def test_an_issue_that_no_longer_has_a_public_article_loses_its_press_folder(project):
    full(project)
    write(project, issue_text().replace("release: public", "release: internal"))
    full(project)
    folder = project.out / "demo/2017/01"
    assert not (folder / "press").exists() and not (folder / "press-withheld.txt").exists()
    assert (folder / "demo-2017-01.docx").exists()


# ---------------------------------------------------------------- issues that no longer exist

@pytest.mark.parametrize("change", ["deleted", "renamed", "renumbered"])
def test_a_full_build_removes_the_outputs_of_an_issue_that_no_longer_exists(project, change):
    full(project)
    gone = project.out / "demo/2017/02"
    assert (gone / "press" / "manifest.json").exists()
    (project.out / "demo" / "mine.txt").write_text("编辑自己放的文件", encoding="utf-8")
    source = project.root / "bulletins/demo/2017/02.yaml"
    if change == "deleted":
        source.unlink()
    elif change == "renamed":  # 第2期 becomes 第3期, file and number
        source.rename(source.with_name("03.yaml"))
        write(project, issue_text(number=3, day=12, second="public", canary=""), "bulletins/demo/2017/03.yaml")
    else:  # the file stays, its number changes
        write(project, issue_text(number=3, day=12, second="public", canary=""), "bulletins/demo/2017/02.yaml")

    build(project, [project.root / FILE], options=RenderOptions(jobs=1))  # selected: removes nothing else
    assert (gone / "demo-2017-02.docx").exists() and (gone / "press" / "manifest.json").exists()

    full(project)
    assert not gone.exists()  # the folder, press/ included
    assert (project.out / "demo" / "mine.txt").exists()  # a file the build did not make stays
    assert not (project.out / ".cache/outputs/demo-2017-02.json").exists()
    page = (project.out / "demo/index.html").read_text(encoding="utf-8")
    assert "2017/02/" not in page
    if change != "deleted":
        assert (project.out / "demo/2017/03/demo-2017-03.docx").exists() and "2017/03/" in page


def test_a_record_never_leads_removal_out_of_the_build_folder(project, tmp_path):
    full(project)
    outside = tmp_path / "precious.txt"
    outside.write_text("不能删", encoding="utf-8")
    record = project.out / ".cache/outputs/demo-2017-09.json"
    record.write_text(json.dumps({"key": "x", "sizes": {"../precious.txt": 9, "/etc/hostname": 1}}),
                      encoding="utf-8")
    full(project)
    assert outside.exists() and not record.exists()


# ---------------------------------------------------------------- a PDF lives as long as its .docx

FAKE_SOFFICE = """#!/bin/sh
while [ "$1" != "--outdir" ]; do shift; done
mkdir -p "$2"
printf '%%PDF-1.6\\n%%%%EOF\\n' > "$2/bulletin.pdf"
"""


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    if os.name != "posix":
        pytest.skip("fake LibreOffice is a shell script")
    path = tmp_path / "bin" / "soffice"
    path.parent.mkdir()
    path.write_text(FAKE_SOFFICE, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("JIANBAO_SOFFICE", str(path))


@pytest.mark.parametrize("partial", [False, True])
def test_a_pdf_goes_when_its_docx_changes_and_stays_while_it_does_not(project, fake_soffice, partial):
    full(project, pdf=True)
    changed, same = project.out / "demo/2017/01/demo-2017-01.pdf", project.out / "demo/2017/02/demo-2017-02.pdf"
    assert changed.exists() and same.exists()
    write(project, issue_text().replace("各地进展顺利。", "各地进展十分顺利。"))
    if partial:
        build(project, [project.root / FILE, project.root / "bulletins/demo/2017/02.yaml"],
              options=RenderOptions(jobs=1))
    else:
        full(project)
    assert not changed.exists()  # made from a .docx that is no more
    assert same.exists()  # its .docx is byte for byte the one it was made from
    if not partial:
        page = (project.out / "demo/index.html").read_text(encoding="utf-8")
        assert "2017/02/demo-2017-02.pdf" in page and "2017/01/demo-2017-01.pdf" not in page
    # The kept PDF is still known: once its .docx changes too, it goes.
    write(project, issue_text(number=2, day=12, second="public", canary="").replace("各地", "全区"),
          "bulletins/demo/2017/02.yaml")
    full(project)
    assert not same.exists()


# ---------------------------------------------------------------- press is frozen like build

def cli(project, *args):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args), "--root", str(project.root)],
                          capture_output=True, text=True, cwd=project.root)


@pytest.fixture
def published(project):
    write(project, issue_text(status="published"))
    done = cli(project, "publish", FILE)
    assert done.returncode == 0, done.stderr
    return project


def test_press_refuses_an_edited_published_issue_as_build_does(published):
    write(published, issue_text(status="published").replace("各地进展顺利。", "各地进展十分顺利。"))
    with pytest.raises(ArchiveError, match="已印发并存档，不能再改动"):
        api.press(published, [published.root / FILE])
    done = cli(published, "press", FILE)
    assert done.returncode == 2 and "已印发并存档，不能再改动" in done.stderr, done.stderr
    assert not (published.out / "demo/2017/01/press").exists()


def test_press_of_an_unchanged_published_issue_gives_the_archived_press_files(published, monkeypatch):
    """A newer program may lay the press release out differently: what went out stays as it was."""
    from jianbao.write import Artifact

    def newer(issue, charts, version=1):
        return [Artifact("press/manifest.json", b"{}\n"), Artifact("press/new-layout.html", b"<p>")]

    monkeypatch.setattr(api, "render_press", newer)
    api.press(published, [published.root / FILE])
    archived = published.root / "archive/demo/2017/01/v1/press"
    press = published.out / "demo/2017/01/press"
    assert files(press) == files(archived)
    assert all((press / n).read_bytes() == (archived / n).read_bytes() for n in files(press))


REASON = "第一段表述有误予以更正CANARY-REASON"


def test_a_correction_reaches_every_press_format_and_the_manifest(published):
    correction = f"correction:\n  reason: {REASON}\n  date: 2017-10-13\n  release: public\n"
    write(published, issue_text(status="published", extra=correction).replace("各地进展顺利。", "各地进展十分顺利。"))
    full(published)  # pending: rendered with the correction
    press = published.out / "demo/2017/01/press"
    for name in ("demo-2017-01.html", "demo-2017-01.wechat.html", "demo-2017-01.md"):
        text = (press / name).read_text(encoding="utf-8")
        assert REASON in text and "更正（2017年10月13日）" in text, name
    with zipfile.ZipFile(io.BytesIO((press / "demo-2017-01.docx").read_bytes())) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert REASON in body and "更正（2017年10月13日）" in body
    manifest = json.loads((press / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 2
    assert manifest["correction"] == {"reason": REASON, "date": "2017-10-13"}

    # Once recorded, the build serves the recorded version 2: the same notice and manifest.
    done = cli(published, "publish", FILE)
    assert done.returncode == 0, done.stderr
    full(published)
    assert json.loads((press / "manifest.json").read_text(encoding="utf-8"))["version"] == 2
    original = json.loads((published.out / "demo/2017/01/v1/press/manifest.json").read_text(encoding="utf-8"))
    assert original["version"] == 1 and original["correction"] is None


def test_a_correction_whose_reason_is_internal_goes_out_as_a_notice_without_it(published):
    correction = f"correction:\n  reason: {REASON}\n  date: 2017-10-13\n"  # release: internal by default
    write(published, issue_text(status="published", extra=correction).replace("各地进展顺利。", "各地进展十分顺利。"))
    full(published)
    press = published.out / "demo/2017/01/press"
    for name in ("demo-2017-01.html", "demo-2017-01.wechat.html", "demo-2017-01.md", "manifest.json"):
        text = (press / name).read_text(encoding="utf-8")
        assert "CANARY-REASON" not in text and "本期内容已更正" in text, name
    with zipfile.ZipFile(io.BytesIO((press / "demo-2017-01.docx").read_bytes())) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "CANARY-REASON" not in body and "更正（2017年10月13日）" in body


def test_a_manifest_archived_with_withheld_titles_is_served_without_them(published):
    """Issues archived by an older version kept their titles in press/manifest.json."""
    import hashlib

    archived = published.root / "archive/demo/2017/01/v1/press/manifest.json"
    old = json.loads(archived.read_text(encoding="utf-8"))
    old["withheld"] = [f"第二篇稿件{CANARY}"]
    archived.write_bytes((json.dumps(old, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    record = published.root / "bulletins/demo/archive.json"
    entry = json.loads(record.read_text(encoding="utf-8"))
    entry["issues"]["2017/01"]["versions"][0]["files"]["press/manifest.json"] = hashlib.sha256(
        archived.read_bytes()).hexdigest()
    record.write_text(json.dumps(entry, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    served = published.out / "demo/2017/01/press/manifest.json"
    for run in (full, lambda project: api.press(project, [project.root / FILE])):
        run(published)
        assert json.loads(served.read_text(encoding="utf-8")) == {k: v for k, v in old.items() if k != "withheld"}
    assert CANARY in archived.read_text(encoding="utf-8")  # the archive keeps what it recorded
