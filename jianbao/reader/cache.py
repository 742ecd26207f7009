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


class ValidatedCache:
    """Issue models by file name with the key of their inputs; read by every run, written by builds.

    The key covers the file's name and bytes, every series file (an issue is validated against the
    series) and the code fingerprint, so an entry is used only where validation would give the same
    model. Files with problems are never stored: they are validated, and reported, every time.
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
        self.entries: dict[str, tuple[str, model.Issue]] = self._read()
        self.changed = False

    def _read(self) -> dict[str, tuple[str, model.Issue]]:
        if self.path is None:
            return {}
        try:
            data = _ModelUnpickler(io.BytesIO(self.path.read_bytes())).load()
        except Exception:  # missing, cut short, foreign or from an older program: start afresh
            return {}
        if not isinstance(data, dict) or data.get("context") != self.context:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

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
            self.changed = True

    def keep_only(self, names: set[str]) -> None:
        """Forget files that are gone, so the cache does not grow with deleted drafts."""
        for name in set(self.entries) - names:
            del self.entries[name]
            self.changed = True

    def artifact(self) -> Artifact | None:
        """The updated cache as a build output, or None when nothing changed."""
        if not self.changed or self.path is None:
            return None
        data = pickle.dumps({"context": self.context, "entries": dict(sorted(self.entries.items()))},
                            protocol=pickle.HIGHEST_PROTOCOL)
        return Artifact(VALIDATED_CACHE, data)
