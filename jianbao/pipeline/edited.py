"""Outputs changed by hand since a build wrote them (their recorded hash tells): kept, the new one written beside them.

An editor may finish the generated .docx in Word or WPS right in build/ (a last line moved, a seal
added) and build again. The build then never overwrites that file: it keeps it, writes what it
made as <name>.new.docx beside it, and says so. Only readable Word files are kept so: another
output that differs was damaged, and is made again. The press folder is not protected: it holds
exactly what the build made, leak-checked, and a file changed there is replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jianbao.archive.finished import paragraphs
from jianbao.model import Issue
from jianbao.pipeline.incremental import record_file
from jianbao.project import CACHE_DIR, PRESS_DIR
from jianbao.write import Artifact, Output

NEW = ".new"  # x.docx → x.new.docx


def beside(path: str) -> str:
    """Where a build writes the new file when `path` was changed by hand."""
    pure = PurePosixPath(path)
    return str(pure.with_name(f"{pure.stem}{NEW}{pure.suffix}"))


def journal_path(stem: str) -> str:
    """What a build is about to write for an issue, written before its outputs and removed after its
    record: a build killed in between wrote files its record does not know, and they are no one's edit."""
    return f"{CACHE_DIR}/outputs/{stem}.writing"


def journal(issue: Issue, artifacts: Iterable[Output]) -> Artifact:
    hashes = {a.path: a.sha256 for a in artifacts if a.path.endswith(".docx")}
    return Artifact(journal_path(issue.file_stem), json.dumps({"sha256": hashes}, sort_keys=True).encode())


def _hashes(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    hashes = data.get("sha256") if isinstance(data, dict) else None
    return {k: v for k, v in hashes.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(hashes, dict) else {}


def recorded_hashes(out: Path, stem: str) -> dict[str, set[str]]:
    """The sha256 of each output the last build of an issue wrote, or a killed one began to write."""
    found: dict[str, set[str]] = {}
    for source in (record_file(out, stem), out.joinpath(*PurePosixPath(journal_path(stem)).parts)):
        for path, digest in _hashes(source).items():
            found.setdefault(path, set()).add(digest)
    return found


@dataclass
class Protected:
    """What a build writes for one issue once hand-changed files are set aside."""

    artifacts: list[Output]
    edited: dict[str, str] = field(default_factory=dict)  # kept path → a hash recorded for it (the first)
    notes: list[str] = field(default_factory=list)


def _protectable(issue: Issue, path: str) -> bool:
    # Word files only: what an editor finishes by hand. Any other output that differs was damaged
    # (or cut short by a killed build), and is made again.
    return (path.startswith(f"{issue.slug}/") and path.endswith(".docx")
            and not path.startswith((f"{issue.slug}/{PRESS_DIR}/", f"{CACHE_DIR}/")))


def protect(out: Path, issue: Issue, artifacts: Iterable[Output],
            shown: Callable[[Path], str] = Path.as_posix) -> Protected:
    """Keep every output of the issue that differs from what its last build recorded writing.

    `shown` names a file in a message (Project.name: relative to the project)."""
    artifacts = list(artifacts)
    hashes = recorded_hashes(out, issue.file_stem)
    if not hashes:
        return Protected(artifacts)
    result = Protected([])
    for art in artifacts:
        digests = hashes.get(art.path)
        target = out.joinpath(*PurePosixPath(art.path).parts)
        if digests and _protectable(issue, art.path) and target.is_file() and not target.is_symlink():
            try:
                data = target.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
            except OSError:
                digest = art.sha256
            # a damaged file (not a readable .docx) is no one's work: it is replaced
            if digest != art.sha256 and digest not in digests and paragraphs(data):
                result.edited[art.path] = min(digests)
                result.artifacts.append(art.moved(beside(art.path)))
                continue
        result.artifacts.append(art)
    docx, pdf = f"{issue.slug}/{issue.file_stem}.docx", f"{issue.slug}/{issue.file_stem}.pdf"
    if docx in result.edited and pdf not in result.edited:  # the PDF goes with the .docx it was made from
        result.artifacts = [a.moved(beside(pdf)) if a.path == pdf else a for a in result.artifacts]
    if result.edited:
        names = "、".join(PurePosixPath(p).name for p in sorted(result.edited))
        news = "、".join(PurePosixPath(beside(p)).name for p in sorted(result.edited))
        hint = (f"如这份手工修改的 Word 就是印发稿，存档时运行 python build.py publish {issue.source} "
                f"--docx {shown(out / docx)}；" if docx in result.edited else "")
        result.notes.append(f"{issue.name}的 {names} 在上次生成后被手工改动过，本次没有覆盖它：新生成的文件写为 "
                            f"{news}（在同一文件夹中）。{hint}不再需要手工修改的文件时，删除它后重新生成即可。")
    return result
