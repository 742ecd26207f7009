"""A killed build leaves no worker process behind (SIGKILL: the main process cannot clean up)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from jianbao.pipeline.render_issues import PARALLEL_FROM

from project_helpers import ROOT, issue, make_project

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

WAIT_SECONDS = 60  # for the pool to start, on a busy machine
GONE_SECONDS = 10  # for orphaned workers to end: they look once a second


def children_of(pid: int) -> dict[int, str]:
    """The live child processes of pid with their start times, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == pid and fields[0] not in ("Z", "X"):
                found[int(entry.name)] = fields[19]
    return found


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state first), or None when gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def alive(pid: int, started: str) -> bool:
    """Whether that process still runs (a zombie has ended; a reused pid has another start time)."""
    fields = _stat(pid)
    return bool(fields) and fields[0] not in ("Z", "X") and fields[19] == started


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    pause = threading.Event()
    while time.monotonic() < deadline:
        if condition():
            return True
        pause.wait(0.02)
    return condition()


def many_issues(tmp_path: Path, count: int):
    body = "articles:\n" + "".join(f"  - title: 标题{n}\n    body: {'正文。' * 200}\n" for n in range(30))
    files = {}
    for n in range(1, count + 1):
        date = f"2017-{1 + n // 28:02d}-{1 + n % 28:02d}"
        text = issue(body).replace("number: 1", f"number: {n}").replace("2017-10-11", date)
        files[f"demo/2017/{n:02d}.yaml"] = text
    return make_project(tmp_path, files)


def test_killing_a_build_leaves_no_worker_behind(tmp_path):
    count = max(PARALLEL_FROM, 4) * 6
    project = many_issues(tmp_path, count)
    build = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(project.root), "-j", "2", "-q"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: dict[int, str] = {}
    try:
        def pool_started() -> bool:
            workers.update(children_of(build.pid))
            return len(workers) >= 2 or build.poll() is not None

        assert wait_until(pool_started, WAIT_SECONDS), "the build started no pool"
        assert build.poll() is None, "the build ended before it could be killed: give it more issues"
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=WAIT_SECONDS)
        def left() -> list[int]:
            return sorted(pid for pid, started in workers.items() if alive(pid, started))

        assert wait_until(lambda: not left(), GONE_SECONDS), f"workers left running after the build was killed: {left()}"
    finally:
        for pid, started in workers.items():  # never leave them running, even when the test fails
            if alive(pid, started):
                os.kill(pid, signal.SIGKILL)
        if build.poll() is None:
            build.kill()
            build.wait()
