"""Live preview: build the archive, serve it on localhost, rebuild what changed and reload the open pages."""

from __future__ import annotations

import contextlib
import datetime
import functools
import threading
import time
import traceback
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path

from jianbao.assets import TEMPLATES_DIR
from jianbao.errors import InputError, JianbaoError
from jianbao.pipeline.build import build
from jianbao.project import BULLETINS_DIR, SERIES_DIR, Project
from jianbao.serve.http import PreviewHandler, PreviewHTTPServer, exposure_warning
from jianbao.serve.watch import Events, Inputs, Polling, Snapshot, watcher

POLL_SECONDS = 0.5  # only where the operating system's file events are not available (serve/watch.py)
# After a changed issue's page is told, the archive's rebuild waits until the pages that were waiting
# have reloaded: run beside it, that rebuild held the interpreter from the requests of the reload
# (about 0.1 s longer at 3,000 issues). Quiet this long with no request under way, at most GRACE_MAX.
QUIET_SECONDS = 0.15
GRACE_MAX_SECONDS = 1.0


@dataclass
class BuildState:
    """What the pages are told: a version that moves on every rebuild, and the problems of the last one."""

    version: int = 0
    problems: list[str] = field(default_factory=list)  # input problems, as editors read them
    errors: list[str] = field(default_factory=list)  # render failures and internal errors
    findings: list[str] = field(default_factory=list)  # proofreading findings (file:line first), warnings


class PreviewServer:
    """Builds once, then serves `project.out` and rebuilds in a watcher thread when an input changes.

    Issue files that changed are rebuilt alone; a change to a series, a template or anything else
    under content/ rebuilds every issue. A file that appears next to an issue (an image) rebuilds
    the issues of its folder.
    """

    def __init__(self, project: Project, host: str = "127.0.0.1", port: int = 8000, *,
                 interval: float = POLL_SECONDS, say: Callable[[str], None] = print,
                 shout: Callable[[str], None] | None = None, warn: Callable[[str], None] | None = None,
                 extra_watch: tuple[Path, ...] = (), today: Callable[[], datetime.date] | None = None):
        self.project, self.host, self.port, self.interval = project, host, port, interval
        self.say = say  # routine messages (rebuilding, done)
        self.shout = shout or say  # problems and failures: shown even when routine messages are not
        self.warn = warn or (lambda text: say(f"警告：{text}"))
        self.today = today  # asked at each rebuild: a preview may run past midnight
        self.watch_roots = (project.root / SERIES_DIR.parent, project.root / BULLETINS_DIR,
                            TEMPLATES_DIR, *extra_watch)
        self.inputs = Inputs(self.watch_roots, project.out)
        self.state = BuildState()
        self.building = False  # a rebuild is under way (the version answer says so)
        self.waiting = 0  # pages waiting for the next version
        self.told_waiting = 0  # of those, how many the last version was told to
        self.requests = 0  # requests under way, other than waiting pages'
        self.last_request = 0.0  # when one last began or ended (time.monotonic)
        self.lock = threading.Lock()
        self.moved = threading.Condition(self.lock)  # notified when the version moves, and on stop
        self._stop = threading.Event()
        self._watcher: Polling | Events | None = None
        self._httpd: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    # ---------------------------------------------------------------- life cycle

    @property
    def url(self) -> str:
        """The address to open on this machine (a browser cannot open 0.0.0.0, "all addresses")."""
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        host = host if ":" not in host else f"[{host}]"
        return f"http://{host}:{self.port}/"

    def start(self) -> None:
        """Bind the port (a busy port fails at once, with OSError), build everything, then serve and watch."""
        handler = type("BoundPreviewHandler", (PreviewHandler,), {"preview": self})
        self._httpd = PreviewHTTPServer((self.host, self.port), handler)
        self.port = self._httpd.server_address[1]
        warning = exposure_warning(self._httpd.server_address[0])
        if warning:
            self.shout(warning)
        self._watcher = watcher(self.inputs, self._stop, self.interval, self.say)
        self.rebuild(None, reason="开始预览")
        for target, name in ((self._httpd.serve_forever, "jianbao-http"), (self._watch, "jianbao-watch")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        with self.moved:
            self.moved.notify_all()  # pages waiting for a rebuild are answered now, not in 25 s
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads.clear()

    def wait(self) -> None:
        """Block until stopped (Ctrl+C arrives as KeyboardInterrupt in the caller)."""
        while not self._stop.wait(0.5):
            pass

    # ---------------------------------------------------------------- watching

    def snapshot(self) -> Snapshot:
        """(mtime, size) of every watched file; the build folder and hidden files are never watched."""
        return self.inputs.snapshot()

    def changed(self, changed: set[Path] | None, current: Collection[Path]) -> None:
        """Rebuild for a batch of changed inputs (None: unknown, rebuild everything)."""
        if changed is None:
            self.rebuild(None, reason="检测到修改")
            return
        names = "、".join(sorted(self.project.name(p) for p in changed)[:5]) + ("等" if len(changed) > 5 else "")
        self.rebuild(self.targets(changed, current), reason=f"检测到修改：{names}")

    def targets(self, changed: set[Path], current: Collection[Path]) -> list[Path] | None:
        """The issue files to rebuild, or None for all of them."""
        bulletins = (self.project.root / BULLETINS_DIR).resolve()
        issues: set[Path] = set()
        for path in changed:
            if bulletins not in path.resolve().parents:
                return None  # a series, a template or another shared input
            if path.suffix == ".yaml":
                if path not in current:
                    return None  # an issue went away: the 总期号 of the later ones change
                issues.add(path)
            else:
                siblings = [p for p in current if p.parent == path.parent and p.suffix == ".yaml"]
                if not siblings:
                    return None
                issues.update(siblings)
        return sorted(issues)

    def _watch(self) -> None:
        for changed, current in self._watcher.batches():
            try:
                self.changed(changed, current)
            except Exception:  # the preview must outlive any one bad rebuild
                self.shout("预览程序内部错误（已跳过，继续监视）：\n" + traceback.format_exc())

    # ---------------------------------------------------------------- building

    def rebuild(self, paths: list[Path] | None, reason: str) -> BuildState:
        """Rebuild the given issues (None: all that are valid); record problems for the overlay.

        Changed issue files are built alone first and the pages told at once: the page an editor
        is looking at reloads without waiting for the archive pages of a large archive (issue 21).
        The full build that follows brings those up to date and tells the pages again.
        """
        started = time.monotonic()
        self.say(f"{reason}，正在{'生成全部简报' if paths is None else '重新生成'} …")
        with self.lock:
            self.building = True
        try:
            if paths:
                state, written = self._build(paths, alone=True)
                self._told(state, written, started)
                if state.problems or state.errors:  # the full build would stop on them too
                    return state
                self._let_pages_load()
            state, written = self._build(paths, alone=False)
            return self._told(state, written, started)
        finally:
            with self.lock:
                self.building = False

    def _build(self, paths: list[Path] | None, alone: bool) -> tuple[BuildState, list[Path]]:
        """One build: of `paths` alone, or a full one (then, should it stop on problems, the
        valid ones of `paths`, or of all, are built alone)."""
        problems: list[str] = []
        errors: list[str] = []
        findings: list[str] = []
        run = functools.partial(build, self.project, progress=self._progress, warn=self.warn,
                                today=self.today() if self.today else None,
                                on_finding=lambda f: findings.append(str(f)))
        written: list[Path] = []
        try:
            try:
                # A full build re-renders only the issues that changed, and it refreshes the archive
                # pages (a headline edit shows in the index too). It reads and checks every input
                # before it writes anything, so its InputError lists the problems of them all.
                written = run(paths if alone else None)
            except InputError as exc:
                if alone:
                    raise
                problems = [str(p) for p in exc.problems]
                bad_files = {p.file for p in exc.problems}
                pool = self.project.issue_files() if paths is None else [p for p in paths if p.is_file()]
                ok = [p for p in pool if self.project.name(p) not in bad_files]
                if ok:
                    written = run(ok)
        except InputError as exc:
            problems += [str(p) for p in exc.problems if str(p) not in problems]
            if alone:  # the other files' problems, as the last full build found them, still hold
                names = {self.project.name(p) for p in paths or ()}
                problems += [p for p in self.state.problems if p not in problems and p.split(":")[0] not in names]
        except JianbaoError as exc:
            errors.append(f"生成失败：{exc}")
        except Exception:
            errors.append("内部错误：" + traceback.format_exc(limit=3))
        return BuildState(0, problems, errors, findings), written

    def _told(self, built: BuildState, written: list[Path], started: float) -> BuildState:
        """Move the version on with this build's problems, and say them in the terminal."""
        with self.moved:
            self.state = BuildState(self.state.version + 1, built.problems, built.errors, built.findings)
            state = self.state
            self.told_waiting, self.last_request = self.waiting, time.monotonic()
            self.moved.notify_all()
        problems, errors, findings = state.problems, state.errors, state.findings
        for line in ([f"发现 {len(problems)} 个问题（网页上也会显示）："] if problems else []) + \
                [f"  {p}" for p in problems] + errors:
            self.shout(line)
        for line in ([f"校对提示 {len(findings)} 条（网页上也会显示）："] if findings else []) + [f"  {f}" for f in findings]:
            self.warn(line)
        self.say(f"已更新：写入 {len(written)} 个文件（用时 {time.monotonic() - started:.1f} 秒）。")
        return state

    def _progress(self, issue, index: int | None = None, total: int | None = None) -> None:
        counter = f"[{index}/{total}] " if index and total else ""
        self.say(f"  {counter}正在生成 {issue.name}")

    def current(self) -> BuildState:
        with self.lock:
            return self.state

    def busy(self) -> bool:
        """Is a rebuild under way? (After a changed issue's page is told, the archive pages still are.)"""
        with self.lock:
            return self.building

    def next_state(self, seen: int, timeout: float) -> BuildState:
        """The state once its version is no longer `seen` (at once if it is not), or after `timeout`
        seconds, or on stop."""
        with self.moved:
            self.waiting += 1
            try:
                self.moved.wait_for(lambda: self.state.version != seen or self._stop.is_set(), timeout)
            finally:
                self.waiting -= 1
            return self.state

    @contextlib.contextmanager
    def serving(self) -> Iterator[None]:
        """Around a request that is not a waiting page's: _let_pages_load waits for it."""
        with self.moved:
            self.requests += 1
            self.last_request = time.monotonic()
        try:
            yield
        finally:
            with self.moved:
                self.requests -= 1
                self.last_request = time.monotonic()
                self.moved.notify_all()

    def _let_pages_load(self) -> None:
        """Wait, at most GRACE_MAX_SECONDS, until the pages told of the last version have reloaded:
        QUIET_SECONDS with no request under way. No wait when no page was waiting."""
        with self.moved:
            if not self.told_waiting:
                return
            deadline = self.last_request + GRACE_MAX_SECONDS
            while not self._stop.is_set():
                now = time.monotonic()
                quiet_at = self.last_request + QUIET_SECONDS
                if now >= deadline or (self.requests == 0 and now >= quiet_at):
                    return
                self.moved.wait(max(0.01, min(deadline, quiet_at) - now))
