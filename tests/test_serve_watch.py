"""The preview hears of a save from the operating system (polling where it cannot), and an open page hears of
the rebuild at once: the version request waits for it."""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from jianbao.serve import http, watch
from jianbao.serve.preview import PreviewServer

from project_helpers import copy_samples, running_preview

ISSUE = "bulletins/gaibo/2017/08.yaml"
GENEROUS = 40  # seconds: a rebuild of one issue takes one or two on a busy machine
LONG_WAIT = 300  # seconds a version request may wait here: far past GENEROUS, so only a rebuild ends it


def version(server: PreviewServer, since: int | None = None) -> int:
    query = "" if since is None else f"?since={since}"
    with urllib.request.urlopen(server.url + "__jianbao/version" + query, timeout=60) as response:
        return json.loads(response.read())["version"]


def edit_headline(server: PreviewServer, new: str) -> None:
    path = server.project.root / ISSUE
    text = path.read_text(encoding="utf-8")
    assert "冲刺收官" in text
    path.write_text(text.replace("冲刺收官", new, 1), encoding="utf-8")


def rebuilt_after(lines: list[str], start: int) -> list[str]:
    """The issues a rebuild said it rendered, among the lines from `start` on."""
    return [line.split("正在生成 ")[1] for line in lines[start:] if "正在生成 " in line]


def served(server: PreviewServer) -> str:
    with urllib.request.urlopen(server.url + "gaibo/2017/08/", timeout=60) as response:
        return response.read().decode("utf-8")


def test_a_saved_issue_is_heard_from_the_system_and_rebuilt_alone(tmp_path):
    pytest.importorskip("watchfiles")
    # A poll every minute would miss the deadline below: only the file events can meet it.
    with running_preview(copy_samples(tmp_path), interval=60) as server:
        assert isinstance(server._watcher, watch.Events)
        start = len(server.lines)
        (server.project.root / "bulletins/gaibo/2017/.08.yaml.swp").write_text("x", encoding="utf-8")
        (server.project.root / "bulletins/gaibo/2017/08.yaml~").write_text("x", encoding="utf-8")
        edit_headline(server, "系统通知的新标题")
        deadline = time.monotonic() + GENEROUS
        while version(server, since=1) == 1 and time.monotonic() < deadline:
            pass
        assert "系统通知的新标题" in served(server)
        told = [line for line in server.lines[start:] if line.startswith("检测到修改")]
        assert told == [f"检测到修改：{ISSUE}，正在重新生成 …"]  # the editor's swap file and backup are no input
        assert rebuilt_after(server.lines, start) == ["《工作简报》2017年第8期"]


def test_without_watchfiles_the_preview_polls(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("watch_without_watchfiles", watch.__file__)
    fresh = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # as on a machine without its wheel: import fails
    spec.loader.exec_module(fresh)
    assert fresh.watchfiles is None
    monkeypatch.setattr(watch, "watchfiles", None)
    with running_preview(copy_samples(tmp_path), interval=0.1) as server:
        assert isinstance(server._watcher, watch.Polling)
        start = len(server.lines)
        edit_headline(server, "轮询发现的新标题")
        deadline = time.monotonic() + GENEROUS
        while version(server, since=1) == 1 and time.monotonic() < deadline:
            pass
        assert "轮询发现的新标题" in served(server)
        assert rebuilt_after(server.lines, start) == ["《工作简报》2017年第8期"]
    assert not any("文件变动通知" in line for line in server.lines)  # no failure to tell of: it was never tried


def test_a_refused_watch_falls_back_to_polling_and_says_so(tmp_path, monkeypatch):
    pytest.importorskip("watchfiles")

    def refuse(*args, **kwargs):
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(watch.Events, "__init__", refuse)
    project = copy_samples(tmp_path)
    said: list[str] = []
    inputs = watch.Inputs((project.root / "bulletins",), project.out)
    found = watch.watcher(inputs, threading.Event(), 0.5, said.append)
    assert isinstance(found, watch.Polling) and Path(project.root / ISSUE) in found.last
    assert len(said) == 1 and "watch limit" in said[0] and "0.5 秒" in said[0]


def test_a_waiting_page_is_answered_when_the_rebuild_ends(tmp_path, monkeypatch):
    monkeypatch.setattr(http, "LONG_POLL_SECONDS", LONG_WAIT)
    with running_preview(copy_samples(tmp_path), interval=0.1) as server:
        assert version(server) == 1  # without `since`: answered at once, as before
        answers: list[int] = []
        waiting = threading.Thread(target=lambda: answers.append(version(server, since=1)), daemon=True)
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive() and answers == []  # nothing changed: the request waits
        edit_headline(server, "长轮询的新标题")
        waiting.join(GENEROUS)  # the rebuild's end, not the request's time limit, answered it
        assert answers == [2]
        assert version(server, since=7) == 2  # a page of another version (an earlier server's) is answered at once


def test_stop_answers_a_waiting_page_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(http, "LONG_POLL_SECONDS", LONG_WAIT)
    server = PreviewServer(copy_samples(tmp_path), "127.0.0.1", 0, interval=0.1, say=lambda text: None)
    server.start()
    answers: list[int] = []
    waiting = threading.Thread(target=lambda: answers.append(version(server, since=1)), daemon=True)
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive()
    threads = list(server._threads)  # the server's and the watcher's (the file events' where installed)
    stopping = threading.Thread(target=server.stop, daemon=True)
    stopping.start()
    stopping.join(GENEROUS)
    waiting.join(GENEROUS)
    assert not stopping.is_alive() and answers == [1]
    assert [t.name for t in threads if t.is_alive()] == []


def test_what_events_name_is_rebuilt_as_a_poll_would(tmp_path):
    """Without a snapshot, targets() learns from the disk which changed files and issues beside them exist."""
    preview = PreviewServer(copy_samples(tmp_path), "127.0.0.1", 0)  # not started: no build, no thread
    folder = preview.project.root / "bulletins/gaibo/2017"
    image = folder / "photo.png"
    image.write_bytes(b"\x89PNG")
    assert preview.targets({image}, preview.inputs.present({image})) == sorted(folder.glob("*.yaml"))
    issue = folder / "08.yaml"
    assert preview.targets({issue}, preview.inputs.present({issue})) == [issue]
    gone = folder / "07.yaml"
    gone.unlink()
    assert preview.targets({gone}, preview.inputs.present({gone})) is None


def test_a_scratch_file_and_a_folder_are_no_change(tmp_path):
    change = pytest.importorskip("watchfiles").Change
    folder = copy_samples(tmp_path).root / "bulletins/gaibo/2017"
    issue, scratch = folder / "08.yaml", folder / "4913"  # vim's test of the folder: there and gone in one batch
    assert watch.Events.paths({(change.added, str(scratch)), (change.deleted, str(scratch)),
                               (change.modified, str(issue)), (change.added, str(folder))}) == {issue}


def test_a_rebuild_reads_the_inputs_once(tmp_path, monkeypatch):
    """The build reads and checks every input before writing: its InputError says what a separate read would."""
    from jianbao.pipeline import build

    reads: list[object] = []
    load_issues = build.load_issues  # read_catalog's reading of every issue file
    monkeypatch.setattr(build, "load_issues", lambda *args, **kwargs: reads.append(args) or load_issues(*args, **kwargs))
    preview = PreviewServer(copy_samples(tmp_path), "127.0.0.1", 0, say=lambda text: None)
    state = preview.rebuild(None, reason="开始预览")
    assert len(reads) == 1 and state.problems == [] and (preview.project.out / "gaibo/2017/08/index.html").is_file()
    (preview.project.root / ISSUE).write_text("series: gaibo\nnumber: [\n", encoding="utf-8")
    state = preview.rebuild([preview.project.root / ISSUE], reason="检测到修改")
    assert len(reads) == 2 and ISSUE in state.problems[0]  # and no other issue to build: only the bad one changed


def test_the_archive_waits_for_the_told_pages_to_reload(tmp_path, monkeypatch):
    """After a changed issue's page is told, the rest of the rebuild lets the reloading page's requests
    go first (run beside them it held the interpreter from them), and says it is still building."""
    from jianbao.serve import preview as module

    monkeypatch.setattr(module, "GRACE_MAX_SECONDS", LONG_WAIT)  # only the requests end the wait here
    preview = PreviewServer(copy_samples(tmp_path), "127.0.0.1", 0, say=lambda text: None)
    preview._let_pages_load()  # no page was waiting: no wait at all (else this test would take LONG_WAIT)
    waiting = threading.Thread(target=preview.next_state, args=(0, LONG_WAIT), daemon=True)
    waiting.start()
    while preview.waiting == 0:
        time.sleep(0.01)
    loading, loaded = threading.Event(), threading.Event()

    def reload_page() -> None:
        with preview.serving():
            loading.set()
            loaded.wait(GENEROUS)

    page = threading.Thread(target=reload_page, daemon=True)
    preview._told(module.BuildState(), [], time.monotonic())  # the page is told: it reloads
    page.start()
    loading.wait(GENEROUS)
    waiting.join(GENEROUS)
    assert not waiting.is_alive() and preview.told_waiting == 1
    archive = threading.Thread(target=preview._let_pages_load, daemon=True)
    archive.start()
    archive.join(0.5)
    assert archive.is_alive(), "the archive's rebuild must not start while the page is loading"
    loaded.set()
    archive.join(GENEROUS)
    assert not archive.is_alive()


def test_the_version_says_whether_a_rebuild_is_under_way(tmp_path, monkeypatch):
    from jianbao.serve import preview as module

    states: list[bool] = []
    preview_server: list[PreviewServer] = []

    def build(project, paths=None, **kwargs):
        states.append(preview_server[0].busy())
        return []

    monkeypatch.setattr(module, "build", build)
    preview = PreviewServer(copy_samples(tmp_path), "127.0.0.1", 0, say=lambda text: None)
    preview_server.append(preview)
    assert not preview.busy()
    preview.rebuild([preview.project.root / ISSUE], reason="检测到修改")
    assert states == [True, True] and not preview.busy()  # the issue alone, then the archive
