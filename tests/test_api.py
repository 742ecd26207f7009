"""The public API: every command is a function a script calls, with a result object and nothing printed."""

from __future__ import annotations

import datetime
import json
import shutil
import socket
import subprocess
import sys
import urllib.request

import pytest

from jianbao import api
from jianbao.errors import ArchiveError, InputError, PreviewError

from project_helpers import ROOT, copy_samples, issue, make_project

GAIBO_07 = "bulletins/gaibo/2017/07.yaml"
SUPPLEMENT = "bulletins/dudao/2017/zk01.yaml"  # no public article

PUBLISHED = """\
series: demo
number: 1
date: 2017-10-11
status: published
articles:
  - title: 全区工作取得进展
    release: public
    body: 各地进展顺利。
"""


@pytest.fixture
def samples(tmp_path):
    return copy_samples(tmp_path)


@pytest.fixture(autouse=True)
def silent(capsys):
    """No API function prints: what happened reaches the caller through results and callbacks."""
    yield
    printed = capsys.readouterr()
    assert (printed.out, printed.err) == ("", "")


def test_check_returns_the_issues_and_writes_nothing(samples):
    result = api.check(samples)
    assert [i.source for i in result.issues] == sorted(p.relative_to(samples.root).as_posix()
                                                       for p in (samples.root / "bulletins").rglob("*.yaml"))
    assert api.check(samples, [samples.root / GAIBO_07]).issues[0].number == 7
    assert not samples.out.exists()


def test_bad_input_raises_input_error_with_every_problem(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue("articles:\n  - title: 甲\n    bdy: x\n"),
                                      "demo/2017/02.yaml": "series: demo\nnumber: [\n"})
    with pytest.raises(InputError) as caught:
        api.check(project)
    assert sorted({p.file for p in caught.value.problems}) == ["bulletins/demo/2017/01.yaml",
                                                                "bulletins/demo/2017/02.yaml"]
    with pytest.raises(InputError):
        api.build(project)
    assert not project.out.exists()


def test_build_writes_the_outputs_and_reports_progress(samples):
    seen = []
    result = api.build(samples, [samples.root / GAIBO_07], jobs=1,
                       progress=lambda issue, index, total: seen.append((issue.source, index, total)))
    assert seen == [(GAIBO_07, 1, 1)]
    names = {samples.name(p) for p in result.written}
    assert {"build/gaibo/2017/07/gaibo-2017-07.docx", "build/gaibo/2017/07/index.html"} <= names
    assert all(p.is_file() for p in result.written)
    assert api.build(samples, [samples.root / GAIBO_07], jobs=1).written == []  # nothing changed


def test_press_writes_the_press_folders_only(samples):
    heard = []
    result = api.press(samples, [samples.root / SUPPLEMENT, samples.root / GAIBO_07], on_issue=heard.append)
    assert heard == result.issues
    assert [(i.issue.source, bool(i.files)) for i in result.issues] == [(SUPPLEMENT, False), (GAIBO_07, True)]
    assert result.folders == [samples.out / "gaibo/2017/07/press"]
    folder = result.folders[0]
    report = folder.parent / "press-withheld.txt"  # beside the folder: it names what was left out
    assert sorted(result.written) == sorted([*folder.iterdir(), report])
    [pressed] = [i for i in result.issues if i.files]
    assert pressed.report == report and pressed.withheld == ["约谈进度滞后地区情况（内部）"]


def test_search_finds_articles_and_leaves_the_database(samples):
    result = api.search(samples, "竣工率")
    assert result.query == "竣工率" and result.hits
    assert all("【竣工率】" in hit.snippet for hit in result.hits)
    assert result.database == samples.out / "search.sqlite" and result.database.is_file()
    internal = api.search(samples, "约谈进度滞后")
    assert internal.hits and not api.search(samples, "约谈进度滞后", public_only=True).hits


def test_publish_archives_once_then_says_nothing_changed(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": PUBLISHED})
    heard = []
    first = api.publish(project, [tmp_path / "bulletins/demo/2017/01.yaml"], on_issue=heard.append)
    assert heard == first.issues and len(first.issues) == 1
    manifest = json.loads((tmp_path / "bulletins/demo/archive.json").read_text(encoding="utf-8"))
    assert list(manifest["issues"]) == ["2017/01"]
    written = first.issues[0].written
    assert tmp_path / "bulletins/demo/archive.json" in written
    assert tmp_path / "archive/demo/2017/01/v1/demo-2017-01.docx" in written  # the published bytes
    again = api.publish(project, [tmp_path / "bulletins/demo/2017/01.yaml"])
    assert again.issues[0].written == []


def test_publish_of_a_draft_raises(samples):
    with pytest.raises(ArchiveError, match="尚未标为已印发"):
        api.publish(samples, [samples.root / GAIBO_07])


def test_new_issue_writes_the_next_issue_and_never_overwrites(samples):
    made = api.new_issue(samples, "dudao", date=datetime.date(2017, 12, 28))
    assert (made.number, made.total, made.path) == (4, 44, samples.root / "bulletins/dudao/2017/04.yaml")
    assert made.path.is_file()
    made.path.rename(made.path.with_name("05.yaml"))  # 05.yaml says number 4: the next, 5, is taken
    with pytest.raises(ArchiveError, match="已经存在"):
        api.new_issue(samples, "dudao", date=datetime.date(2017, 12, 29))


def test_import_bulletin_drafts_a_past_issue(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    source = tmp_path / "past.txt"
    source.write_text("自治区全面改善农村义务教育薄弱学校基本办学条件\n\n工作简报\n\n第 9 期\n\n"
                      "自治区“全面改薄”厅际协调小组办公室 2018 年 3 月 5 日\n\n春季开学工作情况\n\n"
                      "开学准备工作顺利。\n", encoding="utf-8")
    project = api.Project(tmp_path)
    trial = api.import_bulletin(project, source, dry_run=True)
    assert (trial.series_id, trial.issue.number) == ("gaibo", 9) and not trial.path.exists()
    result = api.import_bulletin(project, source)
    assert result.path == tmp_path / "bulletins/gaibo/2018/09.yaml" and result.path.is_file()
    assert [i.number for i in api.check(project).issues] == [9]


def test_serve_previews_and_a_taken_port_raises(tmp_path):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue("articles:\n  - title: 甲\n    body: 乙。\n")})
    said = []
    server = api.serve(project, port=0, say=said.append)
    try:
        with urllib.request.urlopen(server.url + "demo/2017/01/index.html", timeout=30) as page:
            assert page.status == 200 and "甲" in page.read().decode("utf-8")
        assert any("开始预览" in line for line in said)
    finally:
        server.stop()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(PreviewError) as caught:
            api.serve(project, port=port)
    assert caught.value.port == port and f"127.0.0.1:{port}" in str(caught.value)


def test_a_script_uses_the_api_without_the_command_line(tmp_path):
    copy_samples(tmp_path)
    script = ("import sys\nfrom pathlib import Path\nfrom jianbao import api\n"
              "print(len(api.check(api.Project(Path(sys.argv[1]))).issues))\n"
              "print(sorted(m for m in sys.modules if m.startswith('jianbao.cli')))\n")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    samples = len(list((tmp_path / "bulletins").rglob("*.yaml")))
    assert samples >= 5 and done.stdout.splitlines() == [str(samples), "[]"]
