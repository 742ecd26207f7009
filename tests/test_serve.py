"""Live preview on loopback: pages served with a reload script, rebuilt on change, problems shown in the page."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from jianbao.serve.http import inject, preview_csp
from jianbao.serve.preview import PreviewServer

from project_helpers import ROOT, copy_samples, running_preview

ISSUE_CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
             "base-uri 'none'; form-action 'none'")
WAIT_SECONDS = 60


class Fetched:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode("utf-8", errors="replace")


def fetch(url: str, method: str = "GET") -> Fetched:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Fetched(response.status, response.headers, response.read())
    except urllib.error.HTTPError as exc:
        return Fetched(exc.code, exc.headers, exc.read())


def version(server: PreviewServer) -> int:
    return json.loads(fetch(server.url + "__jianbao/version").text)["version"]


def wait_for_new_version(server: PreviewServer, old: int) -> int:
    """Bounded: the watcher polls every 0.1 s here; a rebuild of one issue takes a second or two."""
    deadline = time.monotonic() + WAIT_SECONDS
    pause = threading.Event()
    while time.monotonic() < deadline:
        now = version(server)
        if now != old:
            return now
        pause.wait(0.05)
    raise AssertionError(f"the preview did not rebuild within {WAIT_SECONDS} s")


def eventually(found):
    """What `found` gives once it gives something, within WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        threading.Event().wait(0.05)
    raise AssertionError(f"not within {WAIT_SECONDS} s")


@pytest.fixture
def preview(tmp_path):
    with running_preview(copy_samples(tmp_path), interval=0.1) as server:
        yield server


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_edit_rebuilds_that_issue_and_broken_yaml_shows_the_overlay(preview):
    issue_file = preview.project.root / "bulletins/gaibo/2017/08.yaml"
    on_disk = preview.project.out / "gaibo/2017/08/index.html"
    url = preview.url + "gaibo/2017/08/"

    page = fetch(url)
    assert page.status == 200 and page.headers["Cache-Control"] == "no-store"
    assert "冲刺收官" in page.text and "预览修改后的标题" not in page.text
    assert '<script src="/__jianbao/reload.js" data-version="1"></script>' in page.text
    assert "script-src 'self'" in page.text and "connect-src 'self'" in page.text
    assert 'id="jianbao-overlay"' not in page.text
    # the file on disk keeps its own policy and gets no script
    disk = on_disk.read_text(encoding="utf-8")
    assert "reload.js" not in disk and "script-src" not in disk
    other_docx = preview.project.out / "gaibo/2017/07/gaibo-2017-07.docx"
    other_stamp = other_docx.stat().st_mtime_ns

    preview.lines.clear()
    edit(issue_file, "冲刺收官 全区", "预览修改后的标题 全区")
    v2 = wait_for_new_version(preview, 1)
    page = fetch(url)
    shown = re.search(r'data-version="(\d+)"', page.text)
    assert "预览修改后的标题" in page.text and shown and int(shown.group(1)) >= v2  # the archive's build may be done too
    assert "预览修改后的标题" in on_disk.read_text(encoding="utf-8")
    assert any("正在生成 《工作简报》2017年第8期" in line for line in preview.lines)
    # The issue is built alone and its page told first; the archive pages follow, and are told again.
    eventually(lambda: "预览修改后的标题" in fetch(preview.url + "gaibo/").text)  # the archive page's new headline
    v3 = eventually(lambda: version(preview) if version(preview) >= 3 else None)  # 1, the issue alone, the archive
    assert not any("第7期" in line for line in preview.lines), "only the changed issue is rebuilt"
    assert other_docx.stat().st_mtime_ns == other_stamp

    preview.lines.clear()
    text = issue_file.read_text(encoding="utf-8")
    issue_file.write_text(text.replace("number: 8\n", "number: [8\n"), encoding="utf-8")
    v3 = wait_for_new_version(preview, v3)
    page = fetch(url)
    assert 'id="jianbao-overlay"' in page.text and "发现 1 个问题" in page.text
    assert "bulletins/gaibo/2017/08.yaml:" in page.text and "YAML" in page.text
    assert "预览修改后的标题" in page.text, "the last good build stays visible under the overlay"
    assert any(line.startswith("  bulletins/gaibo/2017/08.yaml:") for line in preview.lines), "terminal too"
    index = fetch(preview.url)
    assert "发现 1 个问题" in index.text, "every page shows the problems"

    issue_file.write_text(text, encoding="utf-8")
    wait_for_new_version(preview, v3)
    assert 'id="jianbao-overlay"' not in fetch(url).text


def test_series_change_rebuilds_the_issues_it_changes(preview):
    preview.lines.clear()
    series = preview.project.root / "content/series/gaibo.yaml"
    edit(series, "copies: 60", "copies: 61")
    wait_for_new_version(preview, 1)
    built = [line for line in preview.lines if "] 正在生成 " in line]
    # Every issue is looked at again; only the series' own issues have changed and are rendered.
    assert [line.split("正在生成 ")[1] for line in built] == ["《工作简报》2017年第7期", "《工作简报》2017年第8期",
                                                                "《工作简报》2017年第9期"], \
        preview.lines
    assert "（共印61份）" in fetch(preview.url + "gaibo/2017/07/").text


def test_paths_redirects_assets_and_head(preview):
    moved = urllib.request.urlopen(preview.url + "gaibo/2017/08", timeout=30)
    assert moved.url.endswith("/gaibo/2017/08/")
    script = fetch(preview.url + "__jianbao/reload.js")
    assert script.status == 200 and script.headers["Content-Type"].startswith("text/javascript")
    assert "location.reload()" in script.text and "/__jianbao/version" in script.text
    assert fetch(preview.url + "__jianbao/overlay.css").headers["Content-Type"].startswith("text/css")
    assert fetch(preview.url + "__jianbao/nope").status == 404
    assert fetch(preview.url + "no/such/page.html").status == 404
    head = fetch(preview.url + "gaibo/2017/08/", method="HEAD")
    assert head.status == 200 and head.body == b"" and int(head.headers["Content-Length"]) > 1000
    svg = fetch(preview.url + "gaibo/2017/08/fig-1.svg")
    assert svg.status == 200 and svg.body == (preview.project.out / "gaibo/2017/08/fig-1.svg").read_bytes()


def test_csp_keeps_the_page_policy_and_adds_only_same_origin_script_and_fetch():
    policy = preview_csp(ISSUE_CSP)
    parts = dict((p.split()[0], p.split()[1:]) for p in policy.split("; "))
    assert parts["default-src"] == ["'none'"] and parts["script-src"] == ["'self'"]
    assert parts["connect-src"] == ["'self'"] and parts["img-src"] == ["'self'", "data:"]
    assert "'unsafe-inline'" not in parts["script-src"]
    archive = preview_csp("default-src 'none'; script-src 'self'; style-src 'self'")
    assert archive == "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'"
    assert preview_csp("script-src 'none'") .startswith("script-src 'self'")


def test_inject_without_body_tag_appends_and_escapes_problems():
    page = inject(b"<p>x</p>", 7, ["a.yaml:1: <b>坏</b>"], [])
    text = page.decode()
    assert text.startswith("<p>x</p>") and 'data-version="7"' in text
    assert "&lt;b&gt;坏&lt;/b&gt;" in text and "<b>坏" not in text


def test_targets_image_template_and_removal(tmp_path):
    preview = PreviewServer(copy_samples(tmp_path), "127.0.0.1", 0)  # not started: no build, no thread
    root = preview.project.root
    issue_dir = root / "bulletins/gaibo/2017"
    image = issue_dir / "photo.png"
    image.write_bytes(b"\x89PNG")
    snap = preview.snapshot()
    assert preview.targets({image}, snap) == sorted(issue_dir.glob("*.yaml"))
    assert preview.targets({issue_dir / "08.yaml"}, snap) == [issue_dir / "08.yaml"]
    assert preview.targets({root / "content/series/gaibo.yaml"}, snap) is None
    gone = issue_dir / "07.yaml"
    assert preview.targets({gone}, {p: v for p, v in snap.items() if p != gone}) is None


@pytest.mark.browser
def test_open_page_reloads_itself_and_shows_the_overlay_in_chromium(preview, browser):
    """The served policy really lets the reload script run and fetch; the page follows the edits."""
    context = browser.new_context()  # no bypass_csp: the rewritten policy must allow our script
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    try:
        page.goto(preview.url + "gaibo/2017/08/")
        assert "冲刺收官" in page.inner_text("body")
        issue_file = preview.project.root / "bulletins/gaibo/2017/08.yaml"
        edit(issue_file, "冲刺收官 全区", "浏览器里看到的新标题 全区")
        # (a text selector, not wait_for_function: the page's policy forbids eval, rightly)
        page.get_by_text("浏览器里看到的新标题").first.wait_for(timeout=WAIT_SECONDS * 1000)
        edit(issue_file, "number: 8\n", "number: [8\n")
        page.wait_for_selector("#jianbao-overlay", state="visible", timeout=WAIT_SECONDS * 1000)
        assert "发现 1 个问题" in page.inner_text("#jianbao-overlay")
        page.click("#jianbao-overlay-close")
        assert not page.is_visible("#jianbao-overlay")
        assert blocked == []
    finally:
        context.close()


def test_busy_port_is_explained_in_chinese(tmp_path):
    copy_samples(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
                                capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert f"127.0.0.1:{port}" in result.stderr and "--port" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "build").exists(), "nothing is built when the preview cannot start"


def test_preview_starts_even_when_nothing_builds(tmp_path):
    project = copy_samples(tmp_path)
    series = project.root / "content/series/gaibo.yaml"
    series.write_text(series.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    for other in (project.root / "bulletins/dudao").rglob("*.yaml"):
        other.write_text("series: dudao\nnumber: [\n", encoding="utf-8")
    server = PreviewServer(project, "127.0.0.1", 0, interval=0.1, say=lambda text: None)
    server.start()
    try:
        page = fetch(server.url)
        assert page.status == 200 and "简报预览" in page.text
        assert 'id="jianbao-overlay"' in page.text and "content/series/gaibo.yaml" in page.text
        assert "titel" in page.text
    finally:
        server.stop()
