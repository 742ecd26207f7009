"""The public API: one function per command, for scripts as for the command line; none of them prints.

Each function takes the Project and returns a result object, or raises a JianbaoError (InputError
carries every problem found). What happens along the way reaches the caller only through the
callbacks passed in (progress, warn, on_issue, say).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jianbao.archive.freeze import outputs_of
from jianbao.archive.freeze import publish as publish_issue
from jianbao.archive.search import Hit, build_database, open_database
from jianbao.archive.search import search as search_database
from jianbao.archive.stage import freeze_states, published_outputs_of, versions_of
from jianbao.charts.draw import draw_charts
from jianbao.errors import ArchiveError, PreviewError
from jianbao.model import Issue
from jianbao.pipeline import build as pipeline
from jianbao.pipeline.build import read_catalog, render_issue
from jianbao.pipeline.prune import press_leftovers, remove_planned
from jianbao.pipeline.render_issues import RenderOptions
from jianbao.press.export import render_press, sendable, withheld_report
from jianbao.project import PRESS_DIR, PRESS_WITHHELD, Project
from jianbao.public import withheld_titles
from jianbao.write import Artifact, write_artifacts, write_atomic

if TYPE_CHECKING:  # loaded by the functions that need them: every command line run imports this module
    from jianbao.importer import ImportResult
    from jianbao.newissue import NewIssue
    from jianbao.serve.preview import PreviewServer

__all__ = ["Project", "build", "check", "press", "publish", "export_archive", "search", "new_issue",
           "import_bulletin", "serve", "BuildResult", "CheckResult", "ExportResult", "PressResult", "PressedIssue",
           "PublishResult", "PublishedIssue", "SearchResult"]

Say = Callable[[str], None] | None  # hears one message, in Chinese


@dataclass(frozen=True)
class BuildResult:
    written: list[Path]  # files written; unchanged outputs are not rewritten


@dataclass(frozen=True)
class CheckResult:
    issues: list[Issue]  # the checked issues, 总期号 filled in


@dataclass(frozen=True)
class PressedIssue:
    issue: Issue
    files: list[Artifact]  # its press folder, paths under the build folder; empty when nothing is public
    withheld: list[str] = field(default_factory=list)  # titles left out (in the report beside press/)
    report: Path | None = None  # that report, when there is a press folder


@dataclass(frozen=True)
class PressResult:
    issues: list[PressedIssue]
    written: list[Path]
    folders: list[Path]  # the press folders that have files


@dataclass(frozen=True)
class PublishedIssue:
    issue: Issue
    written: list[Path]  # empty when it was archived already and has not changed


@dataclass(frozen=True)
class PublishResult:
    issues: list[PublishedIssue]


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[Hit]  # best first
    database: Path  # the search database, left under the build folder for other tools


def build(project: Project, paths: Sequence[Path] | None = None, *, strict: bool = False, pdf: bool = False,
          jobs: int = 0, progress: Callable | None = None, warn: Say = None) -> BuildResult:
    """Build the given issue files (None: all, and the archive site); `jobs` 0 means one process per core.

    `progress(issue, index, total)` is called as each issue starts rendering.
    """
    written = pipeline.build(project, paths, progress=progress, strict=strict, warn=warn,
                             options=RenderOptions(pdf=pdf, jobs=jobs))
    return BuildResult(written)


def check(project: Project, paths: Sequence[Path] | None = None, *, strict: bool = False,
          warn: Say = None) -> CheckResult:
    """Validate the given issue files (None: all) without writing anything."""
    return CheckResult(pipeline.check(project, paths, strict=strict, warn=warn))


def press(project: Project, paths: Sequence[Path], *,
          on_issue: Callable[[PressedIssue], None] | None = None, warn: Say = None) -> PressResult:
    """Write only the press folders (public articles, leak-checked) of the given issues, wholly:
    files of a press folder this run did not make are removed once everything is written.

    Published issues are frozen as in `build`: an edited one stops the run (ArchiveError), an
    unchanged one gets its archived press files. Every issue is rendered before anything is
    written; `on_issue` hears of each as it is rendered.
    """
    _, issues = read_catalog(project, paths)
    freeze_states(project.root, issues, None, warn)
    archived = published_outputs_of(project.root, issues)
    versions = versions_of(project.root, issues)
    pressed: list[PressedIssue] = []
    outputs: list[Artifact] = []
    for issue in issues:
        if issue.slug in archived:
            made = [sendable(a) for a in archived[issue.slug] if _is_press_output(issue, a.path)]
        else:
            charts = draw_charts(issue, cache_dir=project.chart_cache)
            made = [Artifact(f"{issue.slug}/{a.path}", a.data)
                    for a in render_press(issue, charts, versions[issue.slug], project.root)
                              + withheld_report(issue)]
        outputs += made
        files = [a for a in made if a.path.startswith(f"{issue.slug}/{PRESS_DIR}/")]
        report = project.out / issue.slug / PRESS_WITHHELD
        pressed.append(PressedIssue(issue, files, withheld_titles(issue) if files else [],
                                    report if any(a.path == f"{issue.slug}/{PRESS_WITHHELD}" for a in made) else None))
        if on_issue:
            on_issue(pressed[-1])
    written = write_artifacts(project.out, outputs)
    made_paths = {a.path for a in outputs}
    for item in pressed:
        remove_planned(project.out, press_leftovers(project.out, item.issue, made_paths), warn)
    folders = [project.press_dir(item.issue) for item in pressed if item.files]
    return PressResult(pressed, written, sorted(set(folders), key=Path.as_posix))


def _is_press_output(issue: Issue, path: str) -> bool:
    return path.startswith(f"{issue.slug}/{PRESS_DIR}/") or path == f"{issue.slug}/{PRESS_WITHHELD}"


def publish(project: Project, paths: Sequence[Path], *, docx: Path | None = None,
            on_issue: Callable[[PublishedIssue], None] | None = None, warn: Say = None) -> PublishResult:
    """Archive each given published issue (or its correction): its bytes under archive/, its hashes in
    the series manifest, with a PDF/A and an OFD of its .docx where LibreOffice is installed (`warn`
    hears when not). `docx` is a Word file finished by hand, issued instead of the generated one
    (one issue only): it is archived with its checksum and its text diff against the generated one.
    One issue is archived before the next is rendered; `on_issue` hears of each."""
    from jianbao.archive.finished import Finished, compare, read_finished
    from jianbao.archive.freeze import Made, sha256
    from jianbao.pipeline.archival import archival_copies

    _, issues = read_catalog(project, paths)
    if docx is not None and len(issues) != 1:
        raise ArchiveError("手工定稿的 Word 文件（--docx）只能与一期简报一起存档：请只写一个简报文件")
    done: list[PublishedIssue] = []
    versions = versions_of(project.root, issues)
    for issue in issues:
        outputs = outputs_of(issue, render_issue(issue, project.chart_cache, versions[issue.slug], project.root))
        finished = None
        if docx is not None:
            generated = outputs[f"{issue.file_stem}.docx"]
            data = read_finished(project.locate(docx), project.name(docx))
            finished = Finished(data, sha256(generated), compare(generated, data, f"{issue.file_stem}.docx"))

        def copies(issued: bytes, version: int, issue: Issue = issue) -> Made:
            made = archival_copies(issue, issued, version=version)  # a private profile: nothing left in build/
            return Made(made.files, made.notes)

        done.append(PublishedIssue(issue, publish_issue(project.root, issue, outputs, finished=finished,
                                                        copies=copies, say=warn)))
        if on_issue:
            on_issue(done[-1])
    return PublishResult(done)


@dataclass(frozen=True)
class ExportResult:
    path: Path  # the package written
    issues: int  # archived issues in it
    files: int  # files in it, its manifest.json aside


def export_archive(project: Project, *, series: str | None = None, year: int | None = None,
                   output: Path | None = None) -> ExportResult:
    """Write the archived issues of a series and/or a year as one zip for an archive system: every
    version's files, manifest.json (each file's SHA-256, each issue's metadata) and 目录.csv.
    Default output: build/存档包-<series>-<year>.zip. ArchiveError when nothing is archived there."""
    from jianbao import __version__
    from jianbao.archive.export import export_archive as package

    catalog, _ = read_catalog(project)
    if series is not None and series not in catalog.series:
        raise ArchiveError(f"没有名为 {series} 的系列（系列写在 content/series/<系列>.yaml）："
                           f"现有 {'、'.join(sorted(catalog.series)) or '无'}")
    made = package(project.root, catalog.issues, series=series, year=year, tool=f"Jianbao {__version__}")
    name = "-".join(["存档包", *([series] if series else []), *([str(year)] if year else [])]) + ".zip"
    path = Path(output) if output else project.out / name
    write_atomic(path, made.data)
    return ExportResult(path, made.issues, made.files)


def search(project: Project, query: str, *, limit: int = 20, public_only: bool = False) -> SearchResult:
    """Articles of every issue (internal ones too, unless public_only) holding every word of the query."""
    # The database is rebuilt from the model each time (never stale) and left under build/ for other tools.
    catalog, _ = read_catalog(project)
    data = build_database(catalog.issues)
    write_atomic(project.search_database, data)
    hits = search_database(open_database(data), query, limit=limit, public_only=public_only)
    return SearchResult(query, hits, project.search_database)


def new_issue(project: Project, series: str, *, date: datetime.date | None = None,
              supplement: bool = False) -> NewIssue:
    """Write the next issue of a series from a commented skeleton, numbered from the archive; never
    overwrites a file (ArchiveError). Without a date, today's."""
    from jianbao.newissue import create_issue

    # The only place the clock is read: everything below receives the date.
    return create_issue(project, series, date or datetime.date.today(), supplement=supplement)


def import_bulletin(project: Project, source: Path, *, series: str | None = None, output: Path | None = None,
                    number: int | None = None, date: datetime.date | None = None,
                    dry_run: bool = False) -> ImportResult:
    """A past bulletin (.docx, or text from a PDF) as a validated draft issue file; ImportRefused when
    it cannot be one. `dry_run` recognises and checks without writing."""
    from jianbao.importer import import_bulletin as run_import

    return run_import(source, project, series_id=series, output=output, number=number, date=date,
                      dry_run=dry_run)


def serve(project: Project, *, host: str = "127.0.0.1", port: int = 8000,
          say: Say = None, shout: Say = None,
          warn: Say = None) -> PreviewServer:
    """Build everything and start previewing it on http://host:port/, rebuilding as files change.

    Returns the running server (its `url`; `wait()` until stopped, then `stop()`). A port that cannot
    be had raises PreviewError. `say` hears routine messages, `shout` problems (default: `say`).
    """
    from jianbao.serve.preview import PreviewServer

    server = PreviewServer(project, host, port, say=say or (lambda text: None), shout=shout, warn=warn)
    try:
        server.start()
    except OSError as exc:
        raise PreviewError(host, port, exc.strerror or str(exc)) from None
    return server
