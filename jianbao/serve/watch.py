"""Which preview inputs changed: the operating system's file events (watchfiles) where installed, else a poll."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

try:
    import watchfiles
except ImportError:  # no wheel for this machine (LoongArch, for one): pyproject leaves it out there
    watchfiles = None

Snapshot = dict  # path -> (mtime_ns, size)
# A batch of changes: the paths, or None when they are unknown (rebuild everything), and the input
# files among those paths and beside them that exist now.
Batch = tuple["set[Path] | None", "Collection[Path]"]

# The first wait for events returns after this long at most, even with no change: until it has,
# events are not yet being collected, and the first build must not start before they are. Later
# waits return as often and are skipped: a few calls a second, reading nothing.
ARM_MS = 200
# Events closer together than this are one batch: an editor's save is several (write, rename, chmod).
STEP_MS = 50


class Inputs:
    """The watched folders and what in them is no input: the build folder, hidden files, editor backups (~)."""

    def __init__(self, roots: tuple[Path, ...], out: Path):
        self.roots, self.out = roots, out

    def ignored(self, path: Path) -> bool:
        return path.name.startswith(".") or path.name.endswith("~") or self.out in path.parents

    def snapshot(self) -> Snapshot:
        """(mtime, size) of every watched file."""
        files: Snapshot = {}
        for root in self.roots:
            if not root.is_dir():
                continue
            for path in root.rglob("*"):
                if self.ignored(path):
                    continue
                try:
                    stat = path.stat()
                except OSError:  # vanished between listing and stat: the next poll sees it gone
                    continue
                if path.is_file():
                    files[path] = (stat.st_mtime_ns, stat.st_size)
        return files

    def present(self, changed: set[Path]) -> set[Path]:
        """What PreviewServer.targets asks a snapshot about, without one: which changed paths are files
        now, and the issue files beside them."""
        files = {p for p in changed if p.is_file()}
        for folder in {p.parent for p in changed}:
            files.update(p for p in folder.glob("*.yaml") if not self.ignored(p) and p.is_file())
        return files


class Polling:
    """Compares every watched file's (mtime, size) every `interval` seconds: the cost grows with the archive."""

    def __init__(self, inputs: Inputs, stop: threading.Event, interval: float):
        self.inputs, self.stop, self.interval = inputs, stop, interval
        self.last = inputs.snapshot()  # taken before the first build: what changes during it is seen

    def batches(self) -> Iterator[Batch]:
        while not self.stop.wait(self.interval):
            current = self.inputs.snapshot()
            previous, self.last = self.last, current
            changed = {p for p in current.keys() | previous.keys() if current.get(p) != previous.get(p)}
            if changed:
                yield changed, current


class Events:
    """The operating system's notices of changed files (inotify, FSEvents, ReadDirectoryChangesW)
    through watchfiles: a save is seen within milliseconds, and nothing is read while nothing changes."""

    def __init__(self, inputs: Inputs, stop: threading.Event, interval: float, say: Callable[[str], None]):
        self.inputs, self.stop, self.interval, self.say = inputs, stop, interval, say
        self.events = watchfiles.watch(*inputs.roots, watch_filter=lambda _, path: not inputs.ignored(Path(path)),
                                       step=STEP_MS, stop_event=stop, rust_timeout=ARM_MS, yield_on_timeout=True)
        self.first = next(self.events)  # raises when the system refuses to watch (too many folders, say)

    def batches(self) -> Iterator[Batch]:
        raw = self.first
        while True:
            changed = self.paths(raw)
            if changed:
                yield changed, self.inputs.present(changed)
            try:
                raw = next(self.events)
            except StopIteration:  # stopped
                return
            except Exception as exc:  # the watch broke: what changed meanwhile is unknown
                fallback = Polling(self.inputs, self.stop, self.interval)
                self.say(f"系统的文件变动通知出错（{exc}），改为每 {self.interval:g} 秒检查一次文件。")
                yield None, fallback.last
                yield from fallback.batches()
                return

    @staticmethod
    def paths(raw: set) -> set[Path]:
        """The changed files of a batch of events. Folders are left out (their files have events of their
        own), and so are files that appeared and went again in one batch: an editor's scratch file
        (vim writes one named 4913 to test the folder) is no change to any issue."""
        added = {Path(path) for change, path in raw if change == watchfiles.Change.added}
        changed = set()
        for path in {Path(path) for _, path in raw}:
            if path.is_dir() or (path in added and not path.exists()):
                continue
            changed.add(path)
        return changed


def watcher(inputs: Inputs, stop: threading.Event, interval: float, say: Callable[[str], None]) -> Polling | Events:
    """Events where watchfiles is installed and every folder exists to be watched, else polling.

    Call it before the first build: from then on every change is caught."""
    if watchfiles is None or not all(root.is_dir() for root in inputs.roots):
        return Polling(inputs, stop, interval)
    try:
        return Events(inputs, stop, interval, say)
    except Exception as exc:  # e.g. Linux's limit on watched folders (fs.inotify.max_user_watches)
        say(f"无法使用系统的文件变动通知（{exc}），改为每 {interval:g} 秒检查一次文件。")
        return Polling(inputs, stop, interval)
