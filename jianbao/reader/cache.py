"""Validated issues kept between builds, keyed by everything validation reads: no re-validating unchanged files."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import hashlib
import io
import os
import pickle
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from jianbao import layout, model
from jianbao.assets import code_fingerprint
from jianbao.project import VALIDATED_CACHE
from jianbao.reader.cover import cover_unchanged
from jianbao.reader.deferred import deferred, summary
from jianbao.reader.photo import photo_unchanged
from jianbao.write import Artifact

FORMAT = 5
INDEX = "catalog.index"  # beside the shards, not one of them (*.pickle)
# A file whose time is this close to when it was read may change again within the file system's
# timestamp step (2 s on FAT) with the same size and time: its digest is not kept by that time
# (git's "racily clean" entries; as pipeline/uptodate.py).
RACY_NS = 2_000_000_000

Stat = tuple[int, int]  # a file's size and modification time (ns)


class _ModelUnpickler(pickle.Unpickler):
    """Builds model objects and nothing else: a planted cache file cannot run code.

    A model dataclass is created with __new__ and filled with its fields; Decimal and date take a
    string or bytes. No other global is resolvable (Python's "Restricting Globals" recipe).
    """

    ALLOWED = {("decimal", "Decimal"): decimal.Decimal, ("datetime", "date"): datetime.date,
               ("jianbao.layout", "Layout"): layout.Layout}

    def find_class(self, module: str, name: str):
        if (module, name) in self.ALLOWED:
            return self.ALLOWED[(module, name)]
        if module == "jianbao.model":
            found = getattr(model, name, None)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a model class")


class _PlainUnpickler(pickle.Unpickler):
    """Containers, numbers and texts, and nothing else: no global at all is resolvable."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name}: only plain values are read")


def load_plain(data: bytes) -> object:
    """Pickled plain values (dicts, lists, tuples, texts, numbers): a cache several times quicker
    to read than its JSON, and as safe, since no class or function can be named in it."""
    return _PlainUnpickler(io.BytesIO(data)).load()


# What was read from each cache file in this process, with the file's size, time and context: the
# live preview rebuilds without unpickling again (0.3 s at 3,000 issues). An entry that went stale
# is harmless: get() uses a model only under the digest of the file it came from.
_READ: dict[str, tuple[int, int, bytes, dict]] = {}
# Each section of the index this process last read or wrote, by its pickled bytes: a section
# unchanged since is not unpickled again.
_SECTIONS: dict[bytes, dict] = {}


@lru_cache(maxsize=4096)  # by file name: a build asks for each of thousands twice
def shard_of(name: str) -> str:
    """The file of the cache an issue file's model is kept in: one per folder (a series' year).

    One file for the whole archive was pickled again whole whenever one issue changed (0.3 s and
    a copy of every model in memory at 3,000 issues, issue 21); a folder's file holds a few dozen.
    """
    folder = name.rpartition("/")[0]
    return hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:20] + ".pickle"


class ValidatedCache:
    """Issue models by file name with the key of their inputs; read by every run, written by builds.

    The key covers the file's name and bytes, every series file (an issue is validated against the
    series) and the code fingerprint, so an entry is used only where validation would give the same
    model. Files with problems are never stored: they are validated, and reported, every time.
    `path` is a folder with one file per issue folder (shard_of), each model in it pickled on its own
    so that one is read without the others, and an index.

    The index holds, for every issue file, its digest by size and time and its model's summary
    (deferred.summary). A build of a large archive reads the index only: an issue it does not render
    stays deferred (reader/deferred.py), and the file of its folder is read when its body is first
    used (issue 21: unpickling 3,000 models took 0.3 s of every rebuild, and held them in memory).
    The index is written after the shards and records each shard's size and time: a shard that
    was written since (a build stopped between the two) is not taken from the index. It keeps each
    shard's entries as a section pickled on its own, and a section whose entries did not change is
    written again as the bytes it was read as: pickling 3,000 summaries again after one issue
    changed was 60 ms of that rebuild.
    """

    def __init__(self, path: Path | None, series_files: Iterable[Path], root: Path | None = None):
        self.path, self.root = path, root
        context = hashlib.sha256(f"{FORMAT}\n{code_fingerprint()}\n".encode())
        for file in series_files:
            context.update(file.name.encode() + b"\0")
            try:
                context.update(file.read_bytes())
            except OSError:
                context.update(b"\0unreadable")
        self.context = context.digest()
        # The shards read, by file name: each model pickled on its own, unpickled when it is wanted.
        self.shards: dict[str, dict[str, tuple[str, bytes]]] = {}
        self.changed: set[str] = set()  # the shards to write again
        # name → (key, file digest, file stat or None, summary): from the index, then as this run sees them
        self.known: dict[str, tuple[str, str, Stat | None, dict]] = {}
        self._index: dict | None = None  # the index as index_artifact() made it
        self.index_changed = False
        self._sections: dict[str, bytes] = {}  # shard → its section of the index, as read
        self._redo: set[str] = set()  # the shards whose section is pickled again
        self._new_sections: dict[bytes, dict] = {}  # sections index_artifact() pickled, with their entries
        on_disk = self._listing()
        indexed = self._read_index(on_disk)
        for shard in sorted(on_disk - indexed):  # not in the index: read now, and indexed when next written
            self._shard(shard)
            self._redo.add(shard)
            self.index_changed = True

    def _listing(self) -> set[str]:
        if self.path is None:
            return set()
        try:
            with os.scandir(self.path) as entries:
                return {entry.name for entry in entries if entry.name.endswith(".pickle")}
        except OSError:
            return set()

    def _unpickled(self, file: Path) -> dict | None:
        """The entries of one cache file, plain values, or None (missing, damaged, foreign, or of another context)."""
        try:
            stat = file.stat()
            seen = _READ.get(str(file))
            if seen is not None and seen[:3] == (stat.st_size, stat.st_mtime_ns, self.context):
                return seen[3]
            data = file.read_bytes()
            data = load_plain(data)
        except Exception:  # missing, cut short, foreign or from an older program
            return None
        entries = data.get("entries") if isinstance(data, dict) and data.get("context") == self.context else None
        if not isinstance(entries, dict):
            return None
        _READ[str(file)] = (stat.st_size, stat.st_mtime_ns, self.context, entries)
        return entries

    def _read_index(self, on_disk: set[str]) -> set[str]:
        """Read the index; returns the shards it stands for (those unchanged since it was written)."""
        entries = self._unpickled(self.path / INDEX) if self.path is not None else None
        entries = entries or {}
        shards = entries.get("")
        if not isinstance(shards, dict):
            return set()
        valid = set()
        used: dict[bytes, dict] = {}
        for shard, stat in shards.items():
            try:
                found = os.stat(os.path.join(str(self.path), shard))
            except (OSError, TypeError):
                continue
            section = entries.get(shard)
            if shard not in on_disk or (found.st_size, found.st_mtime_ns) != stat or not isinstance(section, bytes):
                continue
            known = _SECTIONS.get(section)
            if known is None:
                try:
                    known = _ModelUnpickler(io.BytesIO(section)).load()
                except Exception:  # damaged: the shard's own file is read
                    continue
                if not isinstance(known, dict):
                    continue
            used[section] = known
            valid.add(shard)
            self._sections[shard] = section
            for name, entry in known.items():
                if isinstance(name, str) and shard_of(name) == shard and isinstance(entry, tuple) and len(entry) == 4:
                    self.known[name] = entry
                else:
                    self._redo.add(shard)  # written again without it
        _SECTIONS.clear()
        _SECTIONS.update(used)
        return valid

    def _shard(self, shard: str) -> dict[str, tuple[str, bytes]]:
        """The pickled models of one shard by file name, with their keys; read once."""
        if shard not in self.shards:
            entries = self._unpickled(self.path / shard) if self.path is not None else None
            if entries is None:
                entries = {}
                if self.path is not None and (self.path / shard).exists():
                    self.changed.add(shard)  # damaged: written again
            for name in [n for n, entry in entries.items() if not isinstance(n, str) or shard_of(n) != shard
                         or not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], bytes))]:
                del entries[name]  # not where it belongs, or not a model's: written again without it
                self.changed.add(shard)
            self.shards[shard] = dict(entries)
        return self.shards[shard]

    def key(self, file_digest: str) -> str:
        """The entry key of a file: its own digest (file_digest) within this code and these series."""
        return hashlib.sha256(self.context + file_digest.encode()).hexdigest()

    def digest_by_stat(self, name: str, stat: Stat) -> str | None:
        """The file digest recorded for a file of this size and time, or None (then it is read)."""
        entry = self.known.get(name)
        return entry[1] if entry is not None and entry[2] == stat else None

    def get(self, name: str, key: str, load: Callable[[], model.Issue | None] | None = None) -> model.Issue | None:
        """The cached model of file `name`, if it was stored under this key: deferred when the index
        knows it. `load` validates the file afresh, should its shard have lost the entry since."""
        known = self.known.get(name)
        if known is not None and known[0] == key:
            issue = self.deferred(name, key, load)
        else:
            issue = self._model(name, key)
            if issue is None:
                return None
        # The key covers the issue file, not the images it names: a changed image is a miss.
        if (issue.cover is not None or issue.photos) and self.root is None:
            return None
        if issue.cover is not None and not cover_unchanged(issue.cover, self.root):
            return None
        if any(not photo_unchanged(p.path, p.sha256, self.root) for p in issue.photos):
            return None
        return issue

    def _model(self, name: str, key: str) -> model.Issue | None:
        """The whole model of file `name` stored under `key`, unpickled afresh (None if there is none)."""
        entry = self._shard(shard_of(name)).get(name)
        if entry is None or entry[0] != key:
            return None
        try:
            issue = _ModelUnpickler(io.BytesIO(zlib.decompress(entry[1]))).load()
        except Exception:  # damaged within a sound shard: validated again
            return None
        return issue if isinstance(issue, model.Issue) else None

    def _whole(self, name: str, key: str, load: Callable[[], model.Issue | None] | None) -> model.Issue:
        issue = self._model(name, key)
        if issue is not None:
            return issue
        issue = load() if load is not None else None
        if issue is None:
            raise RuntimeError(f"{name}: validated model lost from the cache")
        self.put(name, key, issue)
        return issue

    def note(self, name: str, key: str, digest: str, stat: Stat | None, issue: model.Issue) -> None:
        """What the index keeps of an issue file this run read: its digest by size and time, its summary."""
        known = self.known.get(name)
        if known is None or known[:3] != (key, digest, stat):
            self.known[name] = (key, digest, stat, known[3] if known and known[0] == key else summary(issue))
            self._redo.add(shard_of(name))
            self.index_changed = True

    def put(self, name: str, key: str, issue: model.Issue) -> None:
        """Store a model just validated. Under the key already stored, too: the key covers the issue
        file, not the pictures it names, so a changed photo is validated again under the same key."""
        # Compressed: a cold build holds every issue's until the end (9 KB a model, 2.6 KB so).
        self._shard(shard_of(name))[name] = (key, zlib.compress(pickle.dumps(issue, protocol=pickle.HIGHEST_PROTOCOL), 1))
        self.changed.add(shard_of(name))
        known = self.known.get(name)
        if known is not None and known[0] == key:  # its summary holds the photos' digests
            self.known[name] = (*known[:3], summary(issue))
            self._redo.add(shard_of(name))
            self.index_changed = True

    def deferred(self, name: str, key: str, load: Callable[[], model.Issue | None] | None = None) -> model.Issue:
        """The issue of file `name`, noted under `key`, as a deferred one: its summary, its body read
        from the cache when used (or validated again by `load`). An issue just validated is kept so
        too: a cold build of a large archive holds summaries, not every model (issue 21)."""
        return deferred(self.known[name][3], lambda: self._whole(name, key, load))

    def keep_only(self, names: set[str]) -> None:
        """Forget files that are gone, so the cache does not grow with deleted drafts."""
        for name in set(self.known) - names:
            del self.known[name]
            self._redo.add(shard_of(name))
            self.index_changed = True
            self._shard(shard_of(name)).pop(name, None)
            self.changed.add(shard_of(name))
        for shard in self.shards.values():
            for name in set(shard) - names:
                del shard[name]
                self.changed.add(shard_of(name))

    def artifacts(self) -> list[Artifact]:
        """The cache's shards that changed, as build outputs (a file left empty stays, holding nothing)."""
        if self.path is None:
            return []
        return [Artifact(f"{VALIDATED_CACHE}/{shard}", self._pickled(self._shard(shard)))
                for shard in sorted(self.changed)]

    def index_artifact(self) -> Artifact | None:
        """The index, once the shards are written (it records their sizes and times), or None if unchanged."""
        if self.path is None or not (self.index_changed or self.changed):
            return None
        shards: dict[str, Stat] = {}
        for shard in sorted(self._listing()):
            try:
                found = os.stat(self.path / shard)
            except OSError:
                continue
            shards[shard] = (found.st_size, found.st_mtime_ns)
        redo = {shard for shard in shards if shard in self._redo or shard not in self._sections}
        fresh: dict[str, dict] = {shard: {} for shard in redo}
        for name, entry in self.known.items():
            if (shard := shard_of(name)) in redo:
                fresh[shard][name] = entry
        entries: dict = {"": shards}
        self._new_sections = {}
        for shard in shards:
            if shard in redo:
                section = pickle.dumps(dict(sorted(fresh[shard].items())), protocol=pickle.HIGHEST_PROTOCOL)
                self._new_sections[section] = fresh[shard]
            else:
                section = self._sections[shard]
            entries[shard] = section
        self._index = entries
        return Artifact(f"{VALIDATED_CACHE}/{INDEX}", self._pickled(entries))

    def written(self) -> None:
        """After the build wrote the changed files: this process knows what they hold (the live
        preview's next rebuild does not unpickle what it has just pickled)."""
        if self.path is None:
            return
        files = {shard: self.shards[shard] for shard in self.changed if shard in self.shards}
        if self._index is not None:
            files[INDEX] = self._index
            _SECTIONS.update(self._new_sections)
        for name, entries in files.items():
            try:
                stat = os.stat(self.path / name)
            except OSError:
                continue
            _READ[str(self.path / name)] = (stat.st_size, stat.st_mtime_ns, self.context, entries)

    def _pickled(self, entries: dict) -> bytes:
        return pickle.dumps({"context": self.context, "entries": dict(sorted(entries.items()))},
                            protocol=pickle.HIGHEST_PROTOCOL)
