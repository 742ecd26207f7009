"""A build killed at any moment leaves every output whole (old or new, never truncated); the next build succeeds."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from jianbao.write import remove_stale_temps, write_atomic

from project_helpers import copy_samples

ROOT = Path(__file__).resolve().parents[1]
RUNS = 10
# Kills meant for the middle of writing can miss it on a busy machine (the build outruns the
# watcher): up to this many more are tried before the test says too few landed.
EXTRA_RUNS = 10


def build(root: Path) -> subprocess.Popen:
    """A build in its own process group (it may start render workers), its stderr in a file."""
    err = (root / "stderr.txt").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--root", str(root), "-q"],
                            stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
    err.close()
    return proc


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL the build and every worker it started, as a crash or an impatient editor would."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def stderr_of(root: Path) -> str:
    return (root / "stderr.txt").read_text(encoding="utf-8", errors="replace")


def finish(root: Path) -> None:
    proc = build(root)
    try:
        proc.wait(timeout=300)
    except subprocess.TimeoutExpired:
        kill(proc)
        raise
    assert proc.returncode == 0 and "Traceback" not in stderr_of(root), stderr_of(root)


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file (not the chart cache, not temp files) by relative path.

    search.sqlite is taken by its rows: a rebuild changes it in place, in one transaction, so it
    answers as the one built whole while its bytes differ (archive/search.update_database).
    """
    return {p.relative_to(folder).as_posix(): _rows(p) if p.name == "search.sqlite" else p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(folder).parts and not p.name.endswith(".tmp")}


def _rows(path: Path) -> bytes:
    db = sqlite3.connect(path)  # as any reader: a killed build's journal is rolled back first
    rows = db.execute("SELECT * FROM articles ORDER BY url, position").fetchall()
    db.close()
    return repr(rows).encode("utf-8")


def set_inputs(root: Path, revised: bool) -> None:
    """Old or revised text in every issue, so that each build rewrites outputs."""
    for path in sorted((root / "bulletins").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8").replace("articles:\n  - title: 修订 ", "articles:\n  - title: ", 1)
        if revised:
            text = text.replace("articles:\n  - title: ", "articles:\n  - title: 修订 ", 1)
        path.write_text(text, encoding="utf-8")


def inodes(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_ino for p in folder.rglob("*") if p.is_file() and ".cache" not in p.parts}


def kill_after_replacing(proc: subprocess.Popen, folder: Path, count: int) -> None:
    """Kill the build as soon as `count` outputs were replaced (renamed over): in the middle of writing."""
    before = inodes(folder)
    while proc.poll() is None:
        replaced = 0
        for path, inode in before.items():
            try:
                replaced += path.stat().st_ino != inode
            except FileNotFoundError:
                pass
        if replaced >= count:
            kill(proc)
            break
        try:
            proc.wait(timeout=0.002)
        except subprocess.TimeoutExpired:
            pass


def assert_whole(folder: Path) -> None:
    from docx import Document  # python-docx

    for path in folder.rglob("*"):
        if not path.is_file() or path.name.endswith(".tmp") or ".cache" in path.parts:
            continue
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                assert archive.testzip() is None, path
            Document(str(path))
        elif path.suffix == ".html":
            assert path.read_bytes().rstrip().endswith(b"</html>") or path.name.endswith(".wechat.html"), path
        elif path.suffix == ".json":
            json.loads(path.read_bytes())
        elif path.suffix in (".png", ".svg"):
            data = path.read_bytes()
            assert data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82") if path.suffix == ".png" \
                else data.rstrip().endswith(b"</svg>"), path


@pytest.fixture(scope="module")
def references(tmp_path_factory):
    """Complete builds before (old) and after (new) the change, and how long a changing build takes."""
    old_root = copy_samples(tmp_path_factory.mktemp("old")).root
    finish(old_root)
    new_root = tmp_path_factory.mktemp("new")
    shutil.copytree(old_root, new_root, dirs_exist_ok=True)
    set_inputs(new_root, revised=True)
    started = time.monotonic()
    finish(new_root)
    duration = time.monotonic() - started
    old, new = outputs(old_root / "build"), outputs(new_root / "build")
    assert any(old[k] != new.get(k) for k in old), "the change must rewrite outputs"
    return old_root, old, new, duration


def test_killed_builds_leave_old_or_new_files_never_broken(references, tmp_path):
    old_root, old, new, duration = references
    work = tmp_path / "work"
    shutil.copytree(old_root, work)
    changed = sum(old[k] != new.get(k) for k in old)
    rng = random.Random(20171011)
    mid_write = 0
    for run in range(RUNS + EXTRA_RUNS):
        if run >= RUNS and mid_write >= 3:
            break
        # Each run builds towards the other version, from whatever the killed run before left.
        revised = run % 2 == 0
        set_inputs(work, revised)
        before = outputs(work / "build")
        proc = build(work)
        if run < RUNS // 2:  # kills spread over the whole build: start-up, validation, rendering
            try:
                proc.wait(timeout=duration * (run + rng.random()) / (RUNS // 2))
            except subprocess.TimeoutExpired:
                pass
        else:  # kills in the middle of writing, after a random number of replaced files
            kill_after_replacing(proc, work / "build", rng.randint(1, changed - 1))
        if proc.poll() is None:
            kill(proc)
        assert "Traceback" not in stderr_of(work)
        assert_whole(work / "build")
        after = outputs(work / "build")
        assert set(after) == set(old), f"run {run}: files appeared or vanished"
        for rel, data in after.items():
            assert data == old[rel] or data == new[rel], f"run {run}: {rel} is neither old nor new"
        target = new if revised else old
        mid_write += 0 < sum(after[k] != before[k] for k in after) and after != target
    assert mid_write >= 3, "too few kills landed while outputs were being written"
    set_inputs(work, revised=True)
    finish(work)
    assert outputs(work / "build") == new
    assert not list((work / "build").rglob("*.tmp")), "stale temp files were not cleaned up"


def test_stale_temp_files_are_removed_by_the_next_write(tmp_path):
    target = tmp_path / "out" / "a.html"
    write_atomic(target, b"<html></html>")
    stale = [target.parent / ".a.html.abcd_123.tmp", target.parent / ".b.docx.zzzzzzzz.tmp"]
    for path in stale:
        path.write_bytes(b"half")
    keep = [target.parent / "notes.tmp", target.parent / ".a.html.tmp", target.parent / "a.html.abcdefgh.tmp"]
    for path in keep:
        path.write_bytes(b"mine")
    write_atomic(target, b"<html></html>")  # unchanged, still cleans its own leftovers
    assert not stale[0].exists() and stale[1].exists()
    assert remove_stale_temps(target.parent) == [stale[1]]
    assert all(p.exists() for p in keep)  # not the writer's pattern: never touched
