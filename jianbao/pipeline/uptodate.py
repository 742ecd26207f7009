"""A full build with nothing changed since the last clean one: known from file sizes and times, before anything is read."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from stat import S_ISREG

from jianbao.assets import code_fingerprint
from jianbao.project import BUILD_STAMP, BULLETINS_DIR, CACHE_DIR, CONTENT_DIR, VALIDATED_CACHE, Project
from jianbao.write import write_atomic

CACHE_FOLDERS = (CACHE_DIR, f"{CACHE_DIR}/charts", f"{CACHE_DIR}/outputs", VALIDATED_CACHE)
FORMAT = 2
# An input whose time is this close to the start of the build that recorded it may have changed
# again within the file system's timestamp step (2 s on FAT) with the same size and time: that
# record is never trusted (git's "racily clean" entries).
RACY_NS = 2_000_000_000


class Inputs:
    """Every file under content/ and bulletins/ by size and time, in one digest (`usable` is False
    where that cannot tell: a symbolic link, a folder that cannot be read)."""

    def __init__(self, project: Project):
        self.started = time.time_ns()  # the pipeline's, never a renderer's: no output depends on it
        digest = hashlib.sha256()
        self.newest = 0
        self.usable = True
        # The *.yaml entries found, files and folders (Project.yaml_files), with a file's size and time
        # (None for anything else): the build does not stat 3,000 issue files a second time.
        self.yaml: dict[str, tuple[int, int] | None] = {}
        for top in (project.root / CONTENT_DIR, project.root / BULLETINS_DIR):
            self._walk(str(top), digest)
        self.digest = digest.hexdigest()

    def _walk(self, folder: str, digest) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except FileNotFoundError:
            digest.update(f"{folder}\0absent\n".encode("utf-8", "surrogateescape"))
            return
        except OSError:
            self.usable = False
            return
        for entry in entries:
            if entry.is_symlink():
                # Where a link leads is not watched here: a project with links is always built.
                self.usable = False
                return
            yaml = fnmatch.fnmatch(entry.name, "*.yaml")
            if entry.is_dir(follow_symlinks=False):
                if yaml:
                    self.yaml[entry.path] = None
                self._walk(entry.path, digest)
                continue
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                self.usable = False
                return
            if yaml:
                self.yaml[entry.path] = (stat.st_size, stat.st_mtime_ns) if S_ISREG(stat.st_mode) else None
            self.newest = max(self.newest, stat.st_mtime_ns)
            digest.update(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))


def _folders(out: Path, outputs: Iterable[str]) -> list[str]:
    """The folders of build/ that hold outputs, every folder above them (build/ itself as "") and
    the caches' folders; then the caches' own files, which a program may write in place."""
    found = {"", *CACHE_FOLDERS}
    for path in outputs:  # relative POSIX paths: split as strings (pathlib for each was 0.3 s at 3,000 issues)
        folder = path.rpartition("/")[0]
        while folder and folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    caches = []
    for folder in (CACHE_DIR, VALIDATED_CACHE):
        try:
            with os.scandir(out.joinpath(*folder.split("/"))) as listing:
                caches += sorted(f"{folder}/{e.name}" for e in listing if e.is_file(follow_symlinks=False))
        except OSError:
            pass
    return sorted(found) + caches


def _times(out: Path, paths: Iterable[str], known: Mapping[str, int | None] = {}) -> str:
    """One digest of the times of these folders and files (and of which are absent); `known` are
    times already taken of some of them (RecordIndex.folder_times: an issue's folders).

    A file added, removed or replaced (written through a temp and renamed, as every build, Word
    and WPS write) changes its folder's time; an output changed in place is not seen here, and is
    made again by the next build that reads anything (pipeline/incremental.reuse compares sizes).
    """
    digest = hashlib.sha256()
    base = str(out)
    for path in paths:
        time_ns = known.get(path) if path in known else _time(base, path)
        seen = "absent" if time_ns is None else str(time_ns)
        digest.update(f"{path}\0{seen}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _time(base: str, path: str) -> int | None:
    try:
        return os.stat(os.path.join(base, *path.split("/")) if path else base).st_mtime_ns
    except OSError:
        return None


def _newest(root: Path, paths: Iterable[str]) -> int:
    newest = 0
    for path in paths:
        try:
            newest = max(newest, os.stat(os.path.join(str(root), *path.split("/"))).st_mtime_ns)
        except OSError:
            return time.time_ns()  # gone already: nothing to trust
    return newest


def settings(options: object, today, strict: bool) -> str:
    return f"{code_fingerprint()}\n{options!r}\ntoday={today}\nstrict={strict}"


def up_to_date(project: Project, inputs: Inputs, setting: str) -> bool:
    """Whether the last full build ended clean (no problem, no warning) with these inputs and
    settings, and every folder of its outputs is as it left it."""
    if not inputs.usable:
        return False
    try:
        stamp = json.loads((project.out / BUILD_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("format") != FORMAT:
        return False
    if stamp.get("settings") != setting or stamp.get("inputs") != inputs.digest:
        return False
    if not isinstance(stamp.get("started"), int) or inputs.newest >= stamp["started"] - RACY_NS:
        return False
    folders, images = stamp.get("folders"), stamp.get("images")
    if not all(isinstance(paths, list) and all(isinstance(p, str) for p in paths) for paths in (folders, images)):
        return False
    return _times(project.out, folders) == stamp.get("times") and _times(project.root, images) == stamp.get("pictures")


def forget(project: Project) -> None:
    """No build is up to date until the next clean one says so."""
    try:
        (project.out / BUILD_STAMP).unlink()
    except OSError:
        pass


def folder_times_kept(folder: Path) -> bool:
    """Whether this file system gives a folder a new time when a file in it is made and removed.

    FAT and exFAT (a USB stick) keep no such time, and a file system may keep it to the second
    only: there a removed output would not be seen, so no build is ever taken for up to date.
    """
    before = os.stat(folder).st_mtime_ns
    probe = folder / ".probe.tmp"
    probe.write_bytes(b"")
    probe.unlink()
    return os.stat(folder).st_mtime_ns != before


def record(project: Project, inputs: Inputs, setting: str, outputs: Iterable[str], images: Iterable[str],
           known: Mapping[str, int | None] = {}) -> None:
    """After a clean full build: what the next one compares with (the inputs as they were before
    this one read them, the folders as it left them).

    `images` are the pictures the issues name (covers, photos), relative to the project: one may
    lie anywhere in it, outside the folders walked. Their times are taken now, after they were
    read, so one saved since the build began leaves nothing recorded. `known` are folder times taken
    already (an older one than the folder's than now only makes the next build go the whole way).
    """
    images = sorted(set(images))
    if not inputs.usable or _newest(project.root, images) >= inputs.started - RACY_NS:
        return
    stamp = project.out / BUILD_STAMP
    try:
        stamp.parent.mkdir(exist_ok=True)  # before the times are taken: making it changes .cache's
        if not folder_times_kept(stamp.parent):
            return
    except OSError:
        return
    folders = _folders(project.out, outputs)
    times = _times(project.out, folders, known)
    data = {"format": FORMAT, "settings": setting, "inputs": inputs.digest, "started": inputs.started,
            "folders": folders, "times": times, "images": images, "pictures": _times(project.root, images)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    write_atomic(stamp, text.encode("utf-8"), durable=False)
