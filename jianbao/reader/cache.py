"""Validated issues kept between builds, keyed by everything validation reads: no re-validating unchanged files."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import hashlib
import io
import pickle
from collections.abc import Iterable
from pathlib import Path

from jianbao import layout, model
from jianbao.assets import code_fingerprint
from jianbao.project import VALIDATED_CACHE
from jianbao.reader.cover import cover_unchanged
from jianbao.reader.photo import photo_unchanged
from jianbao.write import Artifact

FORMAT = 1


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


# The entries read from each cache file in this process, with the file's size, time and context: the
# live preview rebuilds without unpickling every model again (0.3 s at 3,000 issues). An entry that
# went stale is harmless: get() uses a model only under the digest of the file it came from.
_READ: dict[str, tuple[int, int, bytes, dict]] = {}


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
    `path` is a folder with one file per issue folder (shard_of).
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
        self.entries: dict[str, tuple[str, model.Issue]] = {}
        self.changed: set[str] = set()  # the files to write again
        for file in sorted(path.glob("*.pickle")) if path is not None and path.is_dir() else ():
            entries = self._read(file)
            for name, entry in entries.items():
                if isinstance(name, str) and shard_of(name) == file.name:
                    self.entries[name] = entry
                else:
                    self.changed.add(file.name)  # not where it belongs: written again without it

    def _read(self, file: Path) -> dict:
        try:
            stat = file.stat()
            seen = _READ.get(str(file))
            if seen is not None and seen[:3] == (stat.st_size, stat.st_mtime_ns, self.context):
                return seen[3]
            data = _ModelUnpickler(io.BytesIO(file.read_bytes())).load()
        except Exception:  # missing, cut short, foreign or from an older program: start afresh
            self.changed.add(file.name)
            return {}
        entries = data.get("entries") if isinstance(data, dict) and data.get("context") == self.context else None
        if not isinstance(entries, dict):
            self.changed.add(file.name)
            return {}
        _READ[str(file)] = (stat.st_size, stat.st_mtime_ns, self.context, entries)
        return entries

    def key(self, file_digest: str) -> str:
        """The entry key of a file: its own digest (file_digest) within this code and these series."""
        return hashlib.sha256(self.context + file_digest.encode()).hexdigest()

    def get(self, name: str, digest: str) -> model.Issue | None:
        """The cached model of file `name`, if it was stored under this key."""
        entry = self.entries.get(name)
        if entry is None or entry[0] != digest or not isinstance(entry[1], model.Issue):
            return None
        # The key covers the issue file, not the images it names: a changed image is a miss.
        issue = entry[1]
        if (issue.cover is not None or issue.photos) and self.root is None:
            return None
        if issue.cover is not None and not cover_unchanged(issue.cover, self.root):
            return None
        if any(not photo_unchanged(p.path, p.sha256, self.root) for p in issue.photos):
            return None
        return issue

    def put(self, name: str, digest: str, issue: model.Issue) -> None:
        if self.entries.get(name, (None,))[0] != digest:
            self.entries[name] = (digest, issue)
            self.changed.add(shard_of(name))

    def keep_only(self, names: set[str]) -> None:
        """Forget files that are gone, so the cache does not grow with deleted drafts."""
        for name in set(self.entries) - names:
            del self.entries[name]
            self.changed.add(shard_of(name))

    def artifacts(self) -> list[Artifact]:
        """The cache's files that changed, as build outputs (a file left empty stays, holding nothing)."""
        if self.path is None:
            return []
        by_shard: dict[str, dict] = {shard: {} for shard in self.changed}
        for name, entry in self.entries.items():
            if shard_of(name) in by_shard:
                by_shard[shard_of(name)][name] = entry
        return [Artifact(f"{VALIDATED_CACHE}/{shard}", pickle.dumps(
                    {"context": self.context, "entries": dict(sorted(entries.items()))},
                    protocol=pickle.HIGHEST_PROTOCOL)) for shard, entries in sorted(by_shard.items())]
