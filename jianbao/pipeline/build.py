"""The build pipeline: load → validate → number → render → write; nothing is written before all renders."""

from __future__ import annotations

import datetime
import gc
import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from jianbao.archive.memo import PageMemo
from jianbao.charts.cache import prune as prune_charts
from jianbao.errors import InputError, Problem, RenderError
from jianbao.model import Issue, Series, Site
from jianbao.pipeline import uptodate
from jianbao.pipeline.edited import journal, protect
from jianbao.pipeline.proof_cache import FindingsCache
from jianbao.pipeline.proofing import OnFinding, findings_of, settle
from jianbao.pipeline.prune import plan_removal, remove_planned
from jianbao.pipeline.record_index import RecordIndex
from jianbao.pipeline.render_issues import DEFAULT_OPTIONS, RenderOptions, render_all
from jianbao.press.export import sendable
from jianbao.project import CACHE_DIR, OUTPUT_RECORDS, Project, printable
from jianbao.reader.cache import RACY_NS, ValidatedCache
from jianbao.reader.load import Unreadable, load_bytes, load_file, os_reason, read_input
from jianbao.reader.numbering import gap_problems, number_issues
from jianbao.reader.schema import Checker
from jianbao.reader.site import read_site
from jianbao.reader.validate import validate_issue
from jianbao.reader.validate_parts import validate_series
from jianbao.write import Artifact, Output, discard_staged, remove_unlisted, sweep_tree, write_artifacts


@dataclass
class Catalog:
    """Every valid series and issue of the project, with 总期号 filled in."""

    series: dict[str, Series] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # issue.source → hash of its file
    validated: ValidatedCache | None = None
    site: Site = field(default_factory=Site)  # content/site.yaml


def load_series(project: Project, problems: list[Problem]) -> dict[str, Series]:
    series = {}
    for path in project.series_files():
        doc, found = load_file(path, project.name(path))
        problems.extend(found)
        if doc is not None:
            item = validate_series(Checker(doc, problems), path.stem)
            if item is not None:
                series[item.id] = item
    return series


def load_issues(project: Project, series: dict[str, Series], paths: Iterable[Path],
                problems: list[Problem], cache: ValidatedCache, digests: dict[str, str],
                stats: Mapping[str, tuple[int, int] | None] | None = None) -> list[Issue]:
    """Every valid issue; an unchanged file's model comes from the cache.

    `digests` receives the hash of each valid file's name and bytes (incremental.issue_key uses it).
    `stats`: the files' sizes and times as a walk of the project just took them (uptodate.Inputs).
    """
    unusable = frozenset(p.stem for p in project.series_files()) - set(series)
    issues, names = [], set()
    started = int(time.time() * 1e9)  # a wall-clock time, as the files' times are
    for path in paths:
        name = project.name(path)
        names.add(name)
        text = str(path)
        if not text.isascii() and printable(text) != text:
            problems.append(Problem(name, None, "", "UTF-8 编码的文件名", "无法按 UTF-8 解码的文件名", "请重命名该文件"))
            continue
        # A file of the size and time its digest was recorded with is not read (issue 21).
        size_time = stats[text] if stats is not None and text in stats else _stat(path)
        digest = cache.digest_by_stat(name, size_time) if size_time else None
        raw = None
        if digest is None:
            raw = _read(path, name, problems)
            if raw is None:
                continue
            digest = hashlib.sha256(name.encode() + b"\0" + raw).hexdigest()
        key = cache.key(digest)
        validate = partial(_validated, project, path, name, series, unusable)
        issue = cache.get(name, key, validate)
        cached, fresh = True, False
        if issue is None:
            raw = raw if raw is not None else _read(path, name, problems)
            if raw is None:
                continue
            doc, found = load_bytes(raw, name)
            problems.extend(found)
            before = len(problems)
            issue = validate_issue(Checker(doc, problems), series, unusable, project.root) if doc is not None else None
            cached = fresh = issue is not None and len(problems) == before and not found
            if cached:
                cache.put(name, key, issue)
        if issue is not None:
            if cached:  # a file saved within RACY_NS of now may change again unseen by its size and time
                trusted = size_time if size_time and size_time[1] < started - RACY_NS else None
                cache.note(name, key, digest, trusted, issue)
            if fresh:  # kept as its summary, as an unchanged one is: a cold build holds no model of every issue
                issue = cache.deferred(name, key, validate)
            digests[name] = digest
            issues.append(issue)
    cache.keep_only(names)
    return issues


def _read(path: Path, name: str, problems: list[Problem]) -> bytes | None:
    try:
        return read_input(path)
    except Unreadable as exc:
        problems.append(exc.problem(name))
        return None


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None  # read_input says why
    return (found.st_size, found.st_mtime_ns) if stat.S_ISREG(found.st_mode) else None


def _validated(project: Project, path: Path, name: str, series: dict[str, Series],
               unusable: frozenset[str]) -> Issue | None:
    """The model of an issue file validated afresh (a deferred issue whose cached body was lost)."""
    doc, found = load_bytes(read_input(path), name)
    problems: list[Problem] = []
    return validate_issue(Checker(doc, problems), series, unusable, project.root) if doc and not found else None


def read_catalog(project: Project, selected: Sequence[Path] | None = None,
                 found: Mapping[str, tuple[int, int] | None] | None = None) -> tuple[Catalog, list[Issue]]:
    """Load and validate everything; returns the catalog and the selected issues, or raises InputError.

    Problems in issues that were not selected do not stop a build of the selected ones. `found`:
    the *.yaml entries of a walk of the project already made (Project.yaml_files), with the size
    and time of each file (uptodate.Inputs.yaml).
    """
    problems: list[Problem] = []
    series = load_series(project, problems)
    site = read_site(project.site_file, project.name(project.site_file), problems)
    issue_files, outside = project.yaml_files(found)
    refused = {project.name(path): path for path in outside}
    readable: list[Path] = []
    for path in map(project.locate, selected or []):
        try:
            if project.leads_out(path):
                refused.setdefault(project.name(path), path)
            elif not os.path.lexists(path):  # a link to a missing file in the project is missing too
                problems.append(Problem(project.name(path), None, "", "存在的简报文件（.yaml）", "找不到该文件"))
            else:
                readable.append(path)  # what else stops it (a folder, no permission) reading says
        except OSError as exc:  # e.g. too long a name
            problems.append(Problem(project.name(path), None, "", "可读取的文件", os_reason(exc)))
    for name, path in refused.items():  # never read: not even its first line reaches a message
        problems.append(Problem(name, None, "", "项目目录内的文件", _link_out(path),
                                "出于安全考虑不读取；请把文件复制到项目中"))
    wanted = {p.resolve() for p in readable} if selected else None
    selected_names = {project.name(p) for p in wanted} if selected else None
    issue_problems: list[Problem] = []
    paths = issue_files  # sorted already: sorting thousands of Path objects again is slow
    if wanted:
        paths = sorted(set(paths) | wanted)
    cache = ValidatedCache(project.validated_cache, project.series_files(), project.root)
    digests: dict[str, str] = {}
    # Every issue's summary and digest outlive the build: full collections while they pile up walked
    # them again and again for nothing (a tenth of a rebuild of 3,000 issues); one afterwards does.
    collecting = gc.isenabled()
    gc.disable()
    try:
        loaded = load_issues(project, series, paths, issue_problems, cache, digests, found)
    finally:
        if collecting:
            gc.enable()
    issues = number_issues(loaded, issue_problems, project.field_line, selected_names or ())
    if selected_names is not None:
        issue_problems = [p for p in issue_problems if p.file in selected_names]
    problems.extend(issue_problems)
    if problems:
        raise InputError(problems)
    chosen = [i for i in issues if selected_names is None or i.source in selected_names]
    return Catalog(series, issues, digests, cache, site), chosen


def _link_out(path: Path) -> str:
    """How a path that leads out of the project does so."""
    try:
        path.resolve()
    except (OSError, RuntimeError):
        return "循环的符号链接"
    return "指向项目之外的符号链接" if path.is_symlink() else "位于指向项目之外的文件夹链接中"


def render_issue(issue: Issue, chart_cache: Path | None, version: int = 1,
                 root: Path | None = None) -> list[Artifact]:
    """Every output of one issue, as artifacts under its folder <series>/<year>/<nn>/ (`root`: the
    project, where a cover image is read)."""
    from jianbao.pipeline.render_issues import render_issue as render

    return render(issue, chart_cache, version=version, root=root)[0]


def build(project: Project, selected: Sequence[Path] | None = None,
          progress: Callable | None = None, *, strict: bool = False,
          warn: Callable[[str], None] | None = None, options: RenderOptions = DEFAULT_OPTIONS,
          today: datetime.date | None = None, on_finding: OnFinding | None = None) -> list[Path]:
    """Validate everything, render every selected issue, then write; returns the files written.

    A full build (no paths) also writes the archive site; published issues are checked against their
    manifest before anything is written (jianbao.archive). Proofreading findings go to `on_finding`
    (else to `warn`); `today` is the date an issue may not be later than (None: not checked).
    """
    from jianbao.archive.figures import trend_carriers
    from jianbao.archive.stage import published_outputs_of, versions_of

    # A full build with nothing changed since the last clean one ends here, having read no file:
    # reading every issue of a large archive was most of an unchanged rebuild (issue 21).
    inputs = uptodate.Inputs(project) if not selected and not options.pdf else None
    setting = uptodate.settings(options, today, strict)
    if inputs is not None:
        if uptodate.up_to_date(project, inputs, setting):
            return []
        uptodate.forget(project)  # until this build ends clean
    said: list[object] = []  # anything this build says makes it not clean: the next one says it again

    def heard(tell: Callable | None) -> Callable:
        return lambda item: (said.append(item), tell(item) if tell else None)

    warn = heard(warn)
    if on_finding is not None:
        on_finding = heard(on_finding)
    # The walk of the inputs just made finds the issue files too, where it saw no link.
    catalog, issues = read_catalog(project, selected, inputs.yaml if inputs is not None and inputs.usable else None)
    proofs = FindingsCache(project.proofread_cache, catalog.digests)
    settle(gap_problems(catalog.issues), findings_of(project, catalog.issues, issues, today, proofs),
           strict=strict, warn=warn, on_finding=on_finding)
    cache = project.chart_cache
    artifacts: list[Artifact] = []
    deviations = []
    published = published_outputs_of(project.root, issues)
    kept: list[str] = []
    edited: list[str] = []
    for issue in issues:
        if issue.slug in published:  # the archive's bytes; a copy finished by hand in build/ stays too
            guarded = protect(project.out, issue, published[issue.slug], project.name)
            artifacts += guarded.artifacts
            kept += list(guarded.edited)
            edited += list(guarded.edited)
            for note in guarded.notes:
                if warn:
                    warn(note)
    fresh = [issue for issue in issues if issue.slug not in published]
    used_charts: set[str] | None = set()  # None once an issue's charts are unknown (an older record)
    warm = (lambda: trend_carriers(catalog.issues)) if not selected else tuple
    versions = versions_of(project.root, fresh)
    # Staged temps of a killed build may lie in folders of issues this build reuses and never
    # writes to: the marker, there only while temps may exist, says when to sweep the whole folder.
    staging = project.out / CACHE_DIR / "staging"
    if staging.exists():
        sweep_tree(project.out)
    elif project.out.is_dir():
        staging.parent.mkdir(parents=True, exist_ok=True)
        staging.touch()
    recorded: dict[str, list[str]] = {}  # the last build's record of each reused issue: its outputs
    # The index of records is a full build's: a build of a few files reads and writes their records only.
    records = RecordIndex(project.out) if not selected else None
    for item in render_all(fresh, project, options, progress, digests=catalog.digests, warm=warm,
                           warn=warn, versions=versions, records=records):
        if item.reused:
            recorded[item.issue.file_stem] = item.kept
        artifacts += item.artifacts
        kept += item.kept
        edited += item.edited
        if used_charts is not None and item.charts is not None:
            used_charts.update(item.charts)
        else:
            used_charts = None
        deviations += [f"{item.issue.source}: 版式偏差：{d}" for d in item.report]
    proofread_cache = proofs.artifact()
    if proofread_cache:
        artifacts.append(proofread_cache)
    memo = None if selected else _page_memo(project, catalog)
    try:
        written, outputs = _finish(project, catalog, issues, artifacts, kept, edited, deviations, selected, strict,
                                   warn, recorded, memo, records)
        index = records.artifact(fresh, every=True) if records else None
        if index is not None:  # after every output, record and removal: it holds their folders' times
            written += write_artifacts(project.out, [index])
    except BaseException:
        discard_staged(artifacts)  # a failed build leaves nothing of this one (renamed files are no longer temps)
        staging.unlink(missing_ok=True)
        raise
    staging.unlink(missing_ok=True)
    if memo is not None and used_charts is not None:
        prune_charts(cache, used_charts | memo.charts)
    if inputs is not None and not said:
        images = [p.path for i in catalog.issues for p in (*((i.cover,) if i.cover else ()), *i.photos)]
        uptodate.record(project, inputs, setting, outputs, images, records.folder_times() if records else {})
    return written


def _finish(project: Project, catalog: Catalog, issues: list[Issue], artifacts: list[Output], kept: list[str],
            edited: list[str], deviations: list[str], selected, strict: bool,
            warn: Callable[[str], None] | None, recorded: dict[str, list[str]],
            memo: PageMemo | None, records: RecordIndex | None = None) -> tuple[list[Path], list[str]]:
    """After every issue has rendered: the archive stage, then write, remove and record.

    Returns the files written and the paths of every output the build leaves (kept ones too)."""
    from jianbao.archive.stage import archive_stage

    cache = project.chart_cache
    if deviations and strict:
        raise RenderError("Word 文档不符合版式规则：\n  " + "\n  ".join(deviations))
    for line in deviations:
        if warn:
            warn(line)
    removal = plan_removal(project.out, issues, {a.path: a for a in artifacts}, kept,
                           None if selected else catalog.issues, edited=edited, recorded=recorded,
                           extras=records.extras if records else lambda issue: None)
    kept += removal.kept_pdfs
    artifacts += archive_stage(project.root, catalog.issues, issues, artifacts, full=not selected,
                               chart_cache=cache, warn=warn, kept=kept, site=catalog.site, memo=memo)
    artifacts += catalog.validated.artifacts() if catalog.validated else []
    memos = memo.artifacts() if memo else None
    # Records last: until a record is replaced, the next build still knows what its issue made
    # before, so a build stopped between writing and removing removes the rest next time.
    removal.paths -= {a.path for a in artifacts}
    artifacts[:] = [_sendable(a) for a in artifacts]  # after the freeze check, which wants archived bytes
    records = [a for a in artifacts if a.path.startswith(f"{OUTPUT_RECORDS}/")]
    by_slug: dict[str, list[Output]] = {}
    for art in artifacts:  # an issue's outputs lie under its slug, <series>/<year>/<nn>/
        by_slug.setdefault("/".join(art.path.split("/")[:3]), []).append(art)
    # An issue that writes nothing (unchanged) needs no journal: writing and removing one each
    # was a cost of every rebuild that grew with the archive.
    journals = [journal(i, by_slug[i.slug]) for i in issues if i.slug in by_slug]
    # Before the outputs: a build killed now left no one's edits, and no page memo its files could match.
    write_artifacts(project.out, journals + ([memos[0]] if memos else []), later=records)
    written = write_artifacts(project.out, [a for a in artifacts if not a.path.startswith(f"{OUTPUT_RECORDS}/")],
                              later=records)
    remove_planned(project.out, removal, warn)
    if not selected:  # the public site is wholly this build's: nothing of an issue no longer public stays
        remove_unlisted(project.public_dir, {project.out / p for p in [*(a.path for a in artifacts), *memo.reused]})
    # The index of models once its shards are written; a full build's (the next one writes it after a few files').
    index = catalog.validated.index_artifact() if catalog.validated and not selected else None
    written += write_artifacts(project.out, records + ([memos[1]] if memos else []) + ([index] if index else []))
    if catalog.validated:
        catalog.validated.written()
    for item in journals:
        (project.out / item.path).unlink(missing_ok=True)
    return written, [*(a.path for a in artifacts), *kept, *(memo.reused if memo else ())]


def _sendable(art: Output) -> Output:
    sent = sendable(art)
    if sent is not art:
        discard_staged([art])  # replaced by its rewritten bytes
    return sent


def _page_memo(project: Project, catalog: Catalog) -> PageMemo:
    """The archive pages' memo of a full build, keyed by what each issue's own outputs depend on."""
    from jianbao.pipeline.incremental import issue_key

    return PageMemo(project.out, {i.slug: issue_key(i, "archive", catalog.digests.get(i.source)) for i in catalog.issues})


def check(project: Project, selected: Sequence[Path] | None = None, *, strict: bool = False,
          warn: Callable[[str], None] | None = None, today: datetime.date | None = None,
          on_finding: OnFinding | None = None) -> list[Issue]:
    """Validate and proofread without writing anything (published issues: their source files are checked too)."""
    from jianbao.archive.stage import freeze_states

    catalog, issues = read_catalog(project, selected)
    proofs = FindingsCache(project.proofread_cache, catalog.digests)
    settle(gap_problems(catalog.issues), findings_of(project, catalog.issues, issues, today, proofs),
           strict=strict, warn=warn, on_finding=on_finding)
    freeze_states(project.root, issues, None, warn)
    return issues
