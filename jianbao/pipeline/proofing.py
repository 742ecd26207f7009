"""The proofreading step of check, build and publish: which issues are read, findings as warnings or errors, and --fix.

Only issues that can still change are proofread: drafts, published issues not yet archived, and
archived ones whose correction awaits publish. What was archived stays as it was issued; saying
again on every build what it could have said better would only bury the findings that matter.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

from jianbao.archive.freeze import issue_key, load_manifest, version_of
from jianbao.errors import InputError, Problem
from jianbao.model import Issue
from jianbao.pipeline.proof_cache import FindingsCache
from jianbao.project import Project
from jianbao.proofread.finding import Finding
from jianbao.proofread.fix import Change, apply_fixes
from jianbao.proofread.run import FileFindings, Source, proofread, read_file
from jianbao.reader.load import Unreadable, decode, parse, read_input
from jianbao.write import write_atomic

OnFinding = Callable[[Finding], None]
MAX_FIX_PASSES = 5  # a fix that overlapped another is applied on the next pass
BOM = b"\xef\xbb\xbf"


def open_issues(project: Project, issues: Iterable[Issue]) -> list[Issue]:
    """The issues that can still change: not archived, or archived with a correction awaiting publish."""
    manifests: dict[str, dict] = {}
    out = []
    for issue in issues:
        if issue.series.id not in manifests:
            manifests[issue.series.id] = load_manifest(project.root, issue.series.id)
        manifest = manifests[issue.series.id]
        entry = manifest["issues"].get(issue_key(issue))
        if entry is None or version_of(issue, manifest) > entry["versions"][-1]["version"]:
            out.append(issue)
    return out


def _path(project: Project, issue: Issue) -> Path:
    return project.locate(Path(issue.source))


def sources_of(project: Project, issues: Iterable[Issue]) -> list[Source]:
    """Each issue with the text of its file, read again when first wanted (the validated model
    keeps no text; an unchanged file's findings are kept without reading it)."""
    return [Source(issue, read=partial(_text_of, project, issue)) for issue in issues]


def _text_of(project: Project, issue: Issue) -> str | None:
    try:
        raw = read_input(_path(project, issue))
    except Unreadable:  # gone since it was validated: the next run says so
        return None
    return decode(raw, issue.source)[0]


def findings_of(project: Project, every_issue: Sequence[Issue], issues: Iterable[Issue],
                today: datetime.date | None, cache: FindingsCache | None = None) -> list[Finding]:
    """The proofreading findings of the given issues that can still change; `cache` keeps what unchanged
    files were found to have (check reads it, build writes it)."""
    sources = sources_of(project, open_issues(project, issues))
    return proofread(sources, every_issue, today, partial(_read_once, cache.read if cache else read_file))


def _read_once(read: Callable[[Source], FileFindings | None], source: Source) -> FileFindings | None:
    # Held until every file was read, the texts of a cold build of 3,000 issues were 37 MiB.
    try:
        return read(source)
    finally:
        source.forget_text()


def settle(problems: Sequence[Problem], findings: Sequence[Finding], *, strict: bool,
           warn: Callable[[str], None] | None, on_finding: OnFinding | None = None) -> None:
    """Warnings (gaps in 期号, proofreading findings) stop the run under --strict, all at once; else they are said."""
    if strict and (problems or findings):
        raise InputError([*problems, *(f.problem() for f in findings)])
    for problem in problems:
        if warn:
            warn(str(problem))
    for finding in findings:
        if on_finding:
            on_finding(finding)
        elif warn:
            warn(str(finding))


def fix_files(project: Project, every_issue: Callable[[], tuple[Sequence[Issue], Sequence[Issue]]],
              today: datetime.date | None) -> list[Change]:
    """Apply the mechanical fixes to the selected issue files in place, pass after pass until none is left.

    `every_issue` reads the catalog again (all issues, the selected ones) after each pass. A file
    is written (atomically) only when its fixed text still parses.
    """
    changes: list[Change] = []
    for _ in range(MAX_FIX_PASSES):
        catalog, selected = every_issue()
        sources = sources_of(project, open_issues(project, selected))
        findings = proofread(sources, catalog, today)
        done = []
        for source in sources:
            if source.text is None:
                continue
            fixes = [f.fix for f in findings if f.file == source.issue.source and f.fix is not None]
            if not fixes:
                continue
            text, applied = apply_fixes(source.text, fixes, source.issue.source)
            doc, problems = parse(text, source.issue.source)
            if not applied or doc is None or problems:
                continue
            path = _path(project, source.issue)
            keep_bom = read_input(path).startswith(BOM)
            write_atomic(path, (BOM if keep_bom else b"") + text.encode("utf-8"))
            done += applied
        if not done:
            break
        changes += done
    return changes
