"""What a build removes once it has written: outputs it made before and makes no more, nothing else.

The rule is kept narrow so that no editor's file is ever lost. A build removes only
- a file that the last build of an issue recorded (build/.cache/outputs/<stem>.json) and this
  build did not make: a chart that went internal, a PDF of an earlier --pdf build whose .docx
  has changed since;
- anything in an issue's press/ folder this build did not make: the folder is what the press
  office sends, so it holds exactly this build's press files (a file put there by hand goes too);
- on a full build, everything recorded for an issue that no longer exists (its file deleted,
  renamed to another number, or renumbered), with its press/ folder and its PDF, then its record;
- the folders that this leaves empty, up to the build folder itself.
A file the editor put anywhere else under build/ stays. Removal runs after every output was
written, so a build that fails (or is killed) before then has removed nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jianbao.model import Issue
from jianbao.pipeline.incremental import record_file, recorded_outputs, recorded_stems
from jianbao.project import PRESS_DIR, PRESS_WITHHELD
from jianbao.write import Output


@dataclass
class Removal:
    """The outputs of earlier builds to remove once this build has written, and what stays."""

    paths: set[str] = field(default_factory=set)  # relative POSIX paths under the build folder
    records: list[str] = field(default_factory=list)  # stems of issues gone: their records go last
    kept_pdfs: list[str] = field(default_factory=list)  # PDFs whose .docx is unchanged: they stay


def _safe(rel: str) -> bool:
    pure = PurePosixPath(rel)
    return bool(rel) and not pure.is_absolute() and ".." not in pure.parts and pure.parts[0] != "."


def _files_under(out: Path, folder: str) -> list[str]:
    """Every file under out/folder, as paths relative to out ([] when there is no such folder)."""
    base = out.joinpath(*PurePosixPath(folder).parts)
    if base.is_symlink() or not base.is_dir():
        return []
    return _walk(str(base), folder)


def _walk(base: str, folder: str) -> list[str]:
    found = []
    for dirpath, _, names in os.walk(base):  # os.walk does not follow links into other folders
        rel = folder + dirpath[len(base):].replace(os.sep, "/")
        found += [f"{rel}/{name}" for name in names]
    return found


def issue_extras(out: Path, slug: str, stem: str) -> list[str]:
    """The files of an issue folder that are the build's by name, whether recorded or not:
    the press folder, the withheld report beside it, the PDF, and the new files beside edited ones.

    One listing of the folder, not a look for each name: a full build asks this of every issue.
    """
    folder = os.path.join(str(out), *slug.split("/"))
    try:
        with os.scandir(folder) as listing:
            entries = {entry.name: entry for entry in listing}
    except OSError:
        return []
    # x.new.docx, x.new.pdf: written beside a .docx changed by hand (pipeline/edited.py), theirs to remove too
    named = [PRESS_WITHHELD, f"{stem}.pdf", f"{stem}.new.docx", f"{stem}.new.pdf"]
    found = [f"{slug}/{name}" for name in named if name in entries and entries[name].is_file()]
    press = entries.get(PRESS_DIR)
    if press is not None and press.is_dir(follow_symlinks=False):
        found = _walk(press.path, f"{slug}/{PRESS_DIR}") + found
    return found


def _docx_unchanged(out: Path, docx: str, new: Mapping[str, Output], kept: set[str]) -> bool:
    if docx in kept:
        return True
    if docx not in new:
        return False
    try:
        return hashlib.sha256((out / docx).read_bytes()).hexdigest() == new[docx].sha256
    except OSError:
        return False


def plan_removal(out: Path, built: Iterable[Issue], made: Mapping[str, Output], kept: Iterable[str],
                 every_issue: Iterable[Issue] | None, edited: Iterable[str] = (),
                 recorded: Mapping[str, Iterable[str]] | None = None,
                 extras: Callable[[Issue], list[str] | None] = lambda issue: None) -> Removal:
    """What to remove after this build writes `made` (path → output) and leaves `kept` on disk.

    `edited` (among `kept`) were changed by hand: a PDF made from the .docx before its edit no
    longer goes with it.

    `built` are the issues this build rendered or reused; `every_issue` is given on a full build
    only (a build of selected files never removes another issue's outputs). Read before writing:
    the records it reads are the last build's. `recorded` (by file stem) are records the caller
    has read already: those of the issues it reused. `extras` gives an issue's issue_extras where
    they are known without listing its folders (RecordIndex.extras).
    """
    recorded = recorded or {}
    kept = set(kept)
    edited = set(edited)
    plan = Removal()
    candidates: set[str] = set()
    for issue in built:
        stem, slug = issue.file_stem, issue.slug
        if stem not in recorded:  # a reused issue's recorded outputs all stay (`kept`): none is a candidate
            candidates.update(recorded_outputs(out, stem))
        known = extras(issue)
        candidates.update(known if known is not None else issue_extras(out, slug, stem))
        pdf = f"{slug}/{stem}.pdf"
        if pdf in candidates and pdf not in made and pdf not in kept \
                and f"{slug}/{stem}.docx" not in edited \
                and _docx_unchanged(out, f"{slug}/{stem}.docx", made, kept) and (out / pdf).is_file():
            plan.kept_pdfs.append(pdf)  # made from the very .docx that stays: still true
    if every_issue is not None:
        present = {issue.file_stem for issue in every_issue}
        for stem in recorded_stems(out):
            if stem in present:
                continue
            recorded = recorded_outputs(out, stem)
            candidates.update(recorded)
            for path in recorded:
                if path.endswith(f"/{stem}.docx"):
                    candidates.update(issue_extras(out, path.rsplit("/", 1)[0], stem))
            plan.records.append(stem)
    plan.paths = {p for p in candidates - set(made) - kept - set(plan.kept_pdfs) if _safe(p)}
    return plan


def press_leftovers(out: Path, issue: Issue, made: Iterable[str]) -> Removal:
    """For the press command: the files of the issue's press folder, and the withheld report
    beside it, that this run did not make (the press folder is rewritten wholly)."""
    named = f"{issue.slug}/{PRESS_WITHHELD}"
    found = _files_under(out, f"{issue.slug}/{PRESS_DIR}") + ([named] if (out / named).is_file() else [])
    return Removal(paths={p for p in found if _safe(p)} - set(made))


def remove_planned(out: Path, plan: Removal, warn: Callable[[str], None] | None = None) -> list[Path]:
    """Remove the planned files, the records of gone issues (last), and the folders left empty.

    A file that cannot be removed (open in WPS on Windows) is named to `warn`; its issue's record
    is then kept, so the next full build tries again.
    """
    removed = []
    folders = set()
    failed = False
    for rel in sorted(plan.paths):
        path = out.joinpath(*PurePosixPath(rel).parts)
        try:
            if path.is_file() or path.is_symlink():
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            pass
        except OSError as err:
            failed = True
            if warn:
                warn(f"无法删除过时的输出文件 {path}（{err.strerror or type(err).__name__}）："
                     "它可能正在 Word、WPS 或其他程序中打开；请关闭后重新生成，或手动删除")
        folders.update(path.parents)
    for stem in [] if failed else plan.records:
        record_file(out, stem).unlink(missing_ok=True)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        if folder != out and folder.is_relative_to(out):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                pass
    return removed
