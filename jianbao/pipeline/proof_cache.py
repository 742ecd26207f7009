"""Proofreading findings kept between builds by file hash: an unchanged draft is not parsed and proofread again.

What a file is found to have on its own depends on its name and bytes and on the code (the key is
the catalog's hash of name and bytes, under the code fingerprint); the checks across issues (dates,
期号 order, today) are made afresh each time. Read by every run, written by builds, like the
validated cache; JSON, so that reading it can only ever give data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from jianbao.assets import code_fingerprint
from jianbao.project import PROOFREAD_CACHE
from jianbao.proofread.finding import Finding, Fix
from jianbao.proofread.run import FileFindings, Source, read_file
from jianbao.write import Artifact

FORMAT = 1


class FindingsCache:
    """FileFindings by the hash of each issue file's name and bytes (`digests`: issue.source → hash)."""

    def __init__(self, path: Path | None, digests: Mapping[str, str]):
        self.path, self.digests = path, digests
        self.context = f"{FORMAT}:{code_fingerprint()}"
        self.entries: dict[str, dict] = {}
        self.changed = False
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path is not None else None
        except (OSError, ValueError):  # missing or damaged: it is only a cache
            data = None
        if isinstance(data, dict) and data.get("context") == self.context and isinstance(data.get("entries"), dict):
            self.entries = data["entries"]

    def read(self, source: Source) -> FileFindings | None:
        """The file's own findings: kept ones for an unchanged file, else read afresh (and kept)."""
        key = self.digests.get(source.issue.source)
        entry = self.entries.get(key) if key else None
        if entry is not None:
            try:
                return _decoded(entry)
            except (KeyError, TypeError, ValueError):
                pass  # damaged: read the file again
        found = read_file(source)
        if found is not None and key:
            self.entries[key] = _encoded(found)
            self.changed = True
        return found

    def artifact(self) -> Artifact | None:
        """The updated cache as a build output (entries of files no longer in the project dropped), or None."""
        live = set(self.digests.values())
        if any(key not in live for key in self.entries):
            self.entries = {k: v for k, v in self.entries.items() if k in live}
            self.changed = True
        if not self.changed or self.path is None:
            return None
        data = {"context": self.context, "entries": dict(sorted(self.entries.items()))}
        # Entries sorted above, each made in one order (_encoded): the same cache, the same bytes.
        return Artifact(PROOFREAD_CACHE, (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8"))


def _encoded(found: FileFindings) -> dict:
    return {"date_line": found.date_line, "findings": [asdict(f) for f in found.findings]}


def _decoded(entry: dict) -> FileFindings:
    if not entry["findings"]:  # most files: nothing to make objects of
        return FileFindings((), entry["date_line"])
    findings = []
    for stored in entry["findings"]:
        item = dict(stored)  # the entry stays as it was: it may be written back
        fix = item.pop("fix", None)
        findings.append(Finding(**item, fix=Fix(**fix) if fix else None))
    return FileFindings(tuple(findings), entry["date_line"])
