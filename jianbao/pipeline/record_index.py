"""Every issue's output record in one file, with the times of the folders its outputs lie in: an unchanged issue is reused without reading its record or its files."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from jianbao.model import Issue
from jianbao.pipeline import incremental
from jianbao.pipeline.prune import issue_extras
from jianbao.pipeline.uptodate import folder_times_kept
from jianbao.project import CACHE_DIR
from jianbao.reader.cache import load_plain
from jianbao.write import Artifact

INDEX = f"{CACHE_DIR}/outputs.index"
FORMAT = 3
STEM = "\0"  # stands for the issue's file stem in the names of its outputs

Reused = tuple[list[str], list[str], list[str] | None]  # as incremental.reuse: outputs, layout report, chart keys


class RecordIndex:
    """The last build's records of every issue (pipeline/incremental), read as one file.

    Reading 3,000 records and the sizes of their 45,000 files was most of a rebuild of a large
    archive in which one issue changed (issue 21). An entry holds a record with the size and time
    of its file, and the times of the folders of its outputs as the build left them. While both
    are unchanged the record stands without reading it: an output removed, added or replaced
    (written through a temp and renamed, as builds, Word and WPS write) changes its folder's time.
    Otherwise the record is read and its files' sizes compared, as incremental.reuse does. An
    output changed in place by another program is not seen; when its issue renders again, an
    output changed by hand is kept (pipeline/edited.py), as the size check would have had it.
    """

    def __init__(self, out: Path):
        self.out = out
        # Joined as strings: pathlib objects for every issue of a large archive cost more.
        self._base, self._records = str(out), str(incremental.record_file(out, "x").parent)
        self.entries: dict[str, dict] = self._read()
        self.stale: set[str] = set()  # stems whose entry is not the record on disk: noted again at the end
        self.trusted: set[str] = set()  # stems reused from the index: their folders are as the last build left them

    def _read(self) -> dict[str, dict]:
        try:
            data = load_plain((self.out / INDEX).read_bytes())
        except Exception:  # missing, cut short, or not ours: every record is read, as without an index
            return {}
        entries = data.get("issues") if isinstance(data, dict) and data.get("format") == FORMAT else None
        return {k: v for k, v in entries.items() if isinstance(v, tuple) and len(v) == 8} if isinstance(entries, dict) else {}

    def reuse(self, issue: Issue, key: str) -> Reused | None:
        """What incremental.reuse gives, from the index where the record and its folders are as noted."""
        stem = issue.file_stem
        entry = self.entries.get(stem)
        try:
            if entry is not None and entry[1] == key and self._unchanged(stem, issue.slug, entry):
                self.trusted.add(stem)
                base = issue.slug + "/"
                outputs = [base + rel.replace(STEM, stem) for rel in entry[3]]
                return outputs, list(entry[4]), None if entry[5] is None else list(entry[5])
        except (TypeError, IndexError, ValueError):
            pass  # not an entry of this format: the record is read
        self.stale.add(stem)
        return incremental.reuse(self.out, issue, key)

    def _unchanged(self, stem: str, slug: str, entry: tuple) -> bool:
        if _stat(os.path.join(self._records, stem + ".json")) != entry[0]:
            return False
        folder = os.path.join(self._base, *slug.split("/"))
        for rel, seen in entry[6]:  # a loop, not all() over a generator: thousands of issues ask
            if _time(folder, rel) != seen:
                return False
        return True

    def extras(self, issue: Issue) -> list[str] | None:
        """The files of the issue's folders that are the build's by name (prune.issue_extras) and not
        its outputs, as the last build left them, where they are unchanged since; else None (then
        the folders are listed). Its outputs it keeps anyway: the rest is all removal would differ by."""
        entry = self.entries.get(issue.file_stem) if issue.file_stem in self.trusted else None
        return None if entry is None else [f"{issue.slug}/{rel}" for rel in entry[7]]

    def folder_times(self) -> dict[str, int | None]:
        """The times of every issue's output folders as the index noted them (after artifact(): as
        this build left them)."""
        times: dict[str, int | None] = {}
        for entry in self.entries.values():
            for rel, seen in entry[6]:
                times[f"{entry[2]}/{rel}" if rel else entry[2]] = seen
        return times

    def artifact(self, issues: Iterable[Issue], every: bool) -> Artifact | None:
        """The index once this build has written and removed everything: `issues` are those it
        built (rendered or reused); with `every` (a full build) no other issue stays in it.

        None when it is unchanged, or where a folder's time says nothing (FAT, exFAT: then every
        build reads the records, as before)."""
        slugs = {issue.file_stem: issue.slug for issue in issues}
        stems = set(slugs)
        gone = set(self.entries) - stems if every else set()
        todo = (stems & self.stale) | (stems - set(self.entries))
        if not todo and not gone:
            return None
        try:
            if not folder_times_kept(self.out / CACHE_DIR):
                return None
        except OSError:
            return None
        entries = {stem: entry for stem, entry in self.entries.items() if stem not in gone and stem not in todo}
        # Issues of one shape share one tuple of output names: pickled once, read once.
        shapes = {entry[3]: entry[3] for entry in entries.values()}
        for stem in sorted(todo):
            entry = self._entry(stem, slugs[stem])
            if entry is not None:
                entries[stem] = (*entry[:3], shapes.setdefault(entry[3], entry[3]), *entry[4:])
        self.entries = dict(sorted(entries.items()))
        data = {"format": FORMAT, "issues": self.entries}
        return Artifact(INDEX, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))

    def _entry(self, stem: str, slug: str) -> tuple | None:
        """An issue's record as it lies on disk now, with the times of its outputs' folders and the
        build's files in them that are not its outputs: a tuple, paths relative to the issue's folder."""
        path = incremental.record_file(self.out, stem)
        stat = _stat(path)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        sizes = record.get("sizes") if isinstance(record, dict) else None
        charts = record.get("charts") if isinstance(record, dict) else None
        if not isinstance(sizes, dict) or stat is None or not all(p.startswith(slug + "/") for p in sizes):
            return None
        outputs = tuple(sorted(p[len(slug) + 1:] for p in sizes))  # relative to the issue's folder
        named = tuple(rel.replace(stem, STEM) for rel in outputs)  # and to its file stem
        folder = os.path.join(self._base, *slug.split("/"))
        times = tuple((rel, _time(folder, rel)) for rel in sorted({p.rpartition("/")[0] for p in outputs}))
        beyond = tuple(sorted(p[len(slug) + 1:] for p in issue_extras(self.out, slug, stem) if p[len(slug) + 1:] not in outputs))
        return (stat, record.get("key"), slug, named, tuple(record.get("report", [])),
                tuple(charts) if isinstance(charts, list) else None, times, beyond)


def _stat(path: Path | str) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def _time(base: str, folder: str) -> int | None:
    """The time of a folder given relative to `base` ("" for `base` itself)."""
    try:
        return os.stat(os.path.join(base, *folder.split("/")) if folder else base).st_mtime_ns
    except OSError:
        return None
