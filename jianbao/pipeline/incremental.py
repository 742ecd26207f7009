"""Skip issues whose model and code are unchanged: one record per issue of its key and its outputs' hashes."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from jianbao.assets import code_fingerprint
from jianbao.model import Issue
from jianbao.project import OUTPUT_RECORDS
from jianbao.write import Artifact, Output


def canonical(value) -> str:
    """A text that identifies a model value; sets are sorted, since their repr follows the hash seed."""
    if dataclasses.is_dataclass(value):
        inner = ",".join(f"{f.name}={canonical(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}({inner})"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{canonical(k)}:{canonical(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    return repr(value)


def issue_key(issue: Issue, options: str, input_digest: str | None = None) -> str:
    """What an issue's outputs depend on.

    `input_digest` (the hash of the issue file's name and bytes, from the pipeline) stands for the
    validated model, which is a function of that file, its series, the code and the image files it
    names (the cover and photos, whose hashes are added): hashing it is far cheaper than walking
    the model. `total` is the one field set after validation (numbering.number_issues), so it is
    added here; any later change to a model must be added too.
    """
    if input_digest:
        # The cover and the photos are files of their own: a changed one changes the outputs,
        # though the issue file is the same.
        photos = ",".join(p.sha256 for p in issue.photos)
        text = (f"{code_fingerprint()}\n{options}\n{input_digest}\n{_canonical_series(issue.series)}\n"
                f"total={issue.total}\ncover={issue.cover.sha256 if issue.cover else ''}\nphotos={photos}")
    else:
        text = f"{code_fingerprint()}\n{options}\n{canonical(issue)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_SERIES: dict[int, tuple[object, str]] = {}  # id → (the series, kept alive so its id stays its own; its text)


def _canonical_series(series) -> str:
    """The series' canonical text, looked up by the object first: hashing a series (for the cache
    by value) walks its every field, once for each of 3,000 issues."""
    seen = _SERIES.get(id(series))
    if seen is None or seen[0] is not series:
        if len(_SERIES) > 4096:
            _SERIES.clear()
        seen = _SERIES[id(series)] = (series, _canonical_series_value(series))
    return seen[1]


@lru_cache(maxsize=64)
def _canonical_series_value(series) -> str:
    # Its hash, not the text: a series with its layout is kilobytes, hashed again for every issue.
    return hashlib.sha256(canonical(series).encode("utf-8")).hexdigest()


def _record_path(issue: Issue) -> str:
    return f"{OUTPUT_RECORDS}/{issue.file_stem}.json"  # recorded_outputs and record_file read it


def reuse(out: Path, issue: Issue, key: str) -> tuple[list[str], list[str], list[str] | None] | None:
    """The output paths, layout report and chart cache keys of an earlier build with the same key,
    or None (the keys are None in a record written before they were recorded).

    The outputs stay on disk as they are. Each recorded file must still be there with its recorded
    size; a file that is gone or was cut short means a rebuild. (Sizes, not hashes: reading back
    every output of a large archive would cost more than the rebuild it saves.)
    """
    record_file = out / _record_path(issue)
    try:
        record = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("key") != key:
        return None
    base = str(out)
    for rel, size in record.get("sizes", {}).items():
        try:
            # os.stat on joined strings: pathlib objects for every output of a large archive cost more.
            if os.stat(os.path.join(base, *rel.split("/"))).st_size != size:
                return None
        except OSError:
            return None
    charts = record.get("charts")
    return (sorted(record.get("sizes", {})), list(record.get("report", [])),
            list(charts) if isinstance(charts, list) else None)


def record(issue: Issue, key: str, artifacts: list[Output], report: list[str], charts: list[str],
           edited: dict[str, tuple[int, str]] | None = None) -> Artifact:
    """The record of this render, written with the outputs (so never before them).

    Each output's sha256 tells a later build whether the file was changed by hand since
    (pipeline/edited.py). `edited` are files kept because they were: path → (size on disk, the hash
    first recorded), so they still count as this issue's and still as changed.
    """
    sizes = {a.path: a.size for a in artifacts}
    hashes = {a.path: a.sha256 for a in artifacts}
    for path, (size, digest) in (edited or {}).items():
        sizes[path], hashes[path] = size, digest
    data = {"key": key, "report": report, "sizes": dict(sorted(sizes.items())), "charts": charts,
            "sha256": dict(sorted(hashes.items()))}
    return Artifact(_record_path(issue), (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())


def recorded_outputs(out: Path, stem: str) -> list[str]:
    """The output paths the last build of the issue with this file stem recorded ([] if none)."""
    try:
        data = json.loads((out / OUTPUT_RECORDS / f"{stem}.json").read_text(encoding="utf-8"))
        sizes = data.get("sizes", {}) if isinstance(data, dict) else {}
        return sorted(p for p in sizes if isinstance(p, str)) if isinstance(sizes, dict) else []
    except (OSError, ValueError):
        return []


def recorded_stems(out: Path) -> list[str]:
    """The file stems of every issue that has a record: what earlier builds made."""
    try:
        # os.scandir: a Path for each of thousands of records cost more than the rest of the look.
        with os.scandir(out / OUTPUT_RECORDS) as listing:
            return sorted(e.name[:-5] for e in listing if e.name.endswith(".json") and e.is_file())
    except OSError:
        return []


def record_file(out: Path, stem: str) -> Path:
    return out / OUTPUT_RECORDS / f"{stem}.json"
