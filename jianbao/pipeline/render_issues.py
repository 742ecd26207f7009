"""Render the selected issues: every output of one issue, reused when unchanged, spread over processes."""

from __future__ import annotations

import gc
import os
import sys
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from jianbao.model import Issue
from jianbao.pipeline import incremental
from jianbao.pipeline.record_index import RecordIndex
from jianbao.project import Project
from jianbao.write import Artifact, Output, discard_staged, stage

PARALLEL_FROM = 4  # fewer issues than this render faster in one process than a pool starts


@dataclass(frozen=True)
class RenderOptions:
    pdf: bool = False
    jobs: int = 0  # 0: one process per core


DEFAULT_OPTIONS = RenderOptions()


@dataclass
class Rendered:
    issue: Issue
    artifacts: list[Output]  # fresh outputs, staged on disk, to be written
    report: list[str]  # layout deviations of the .docx
    kept: list[str] = field(default_factory=list)  # outputs of an unchanged issue, left on disk
    charts: list[str] | None = None  # cache keys of its charts (None: an old record without them)
    edited: list[str] = field(default_factory=list)  # outputs changed by hand: kept, the new one beside
    edited_hashes: dict[str, str] = field(default_factory=dict)  # each one's hash as first recorded

    @property
    def reused(self) -> bool:
        return not self.artifacts


def render_issue(issue: Issue, chart_cache: Path | None, *, pdf_profile: Path | None = None,
                 version: int = 1, root: Path | None = None) -> tuple[list[Artifact], list[str], list[str]]:
    """Every output of one issue under <series>/<year>/<nn>/, the docx's layout deviations and the
    cache keys of its charts. `version` is the archive version the file makes (the press manifest
    states it)."""
    from jianbao.charts.draw import chart_keys, draw_charts
    from jianbao.press.export import render_press, withheld_report
    from jianbao.render.html.bulletin import render_html
    from jianbao.render.word.bulletin import render_docx
    from jianbao.render.word.report import layout_report

    charts = draw_charts(issue, cache_dir=chart_cache)
    base = issue.slug
    docx = render_docx(issue, charts)
    artifacts = [Artifact(f"{base}/{issue.file_stem}.docx", docx)]
    if pdf_profile is not None:
        from jianbao.pipeline.archival import issued_on
        from jianbao.render.pdf import docx_to_pdf

        pdf = docx_to_pdf(docx, profile_dir=pdf_profile, stamp=issued_on(issue))
        artifacts.append(Artifact(f"{base}/{issue.file_stem}.pdf", pdf))
    for single in (False, True):
        artifacts += [Artifact(f"{base}/{a.path}", a.data) for a in render_html(issue, charts, single_file=single)]
    press = render_press(issue, charts, version, root) + withheld_report(issue)
    artifacts += [Artifact(f"{base}/{a.path}", a.data) for a in press]
    return artifacts, layout_report(docx, issue), chart_keys(issue)


def _job(issue: Issue, project: Project, pdf: bool, version: int = 1) -> tuple[list[Artifact], list[str], list[str]]:
    # One LibreOffice profile per process: two soffice runs cannot share one.
    profile = project.cache / f"libreoffice-{os.getpid()}" if pdf else None
    return render_issue(issue, project.chart_cache, pdf_profile=profile, version=version, root=project.root)


def _start_worker() -> None:
    # One worker per core already: OpenBLAS's own threads (numpy, under matplotlib) would only
    # spin against the other worker. Read when numpy loads, which a worker does after this.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    _exit_with_parent()


def _exit_with_parent() -> None:
    """End this worker as soon as the main process ends, however it ended (killed, Task Manager).

    A killed main process cannot shut its pool down, and its workers would wait for ever on a
    queue their siblings keep open, or on a result nobody reads. The parent's sentinel (a pipe
    under fork and forkserver, a process handle on Windows) is ready once it has gone. Under fork
    a sibling forked later holds a copy of the pipe, so on POSIX a changed parent id ends the
    wait too (checked each second).
    """
    import multiprocessing.connection
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    parent_id = os.getppid()

    def watch() -> None:
        while not multiprocessing.connection.wait([parent.sentinel], timeout=1.0):
            if os.name == "posix" and os.getppid() != parent_id:
                break
        os._exit(1)

    threading.Thread(target=watch, name="jianbao-parent-watch", daemon=True).start()


def _workers_context():
    """Workers that start clean, without the main process's memory.

    Forked from the main process (Linux's default before Python 3.14), each worker held a copy of
    the whole catalog as soon as it touched it: the models of every issue, which it never needs,
    since each issue it renders is sent to it. That grew with the archive (issue 21: 75 MiB a
    worker at 3,000 issues). A fork server is a small process started once, clean, with the
    rendering modules imported; workers are forked from it. Windows and macOS start workers
    afresh already.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _pooled_job(issue: Issue, project: Project, pdf: bool, version: int) -> tuple[list[Artifact], list[str], list[str]]:
    result = _job(issue, project, pdf, version)
    if not gc.get_freeze_count():
        # After the worker's first issue, what is alive stays to the end: the catalog it inherited,
        # matplotlib and the templates. Frozen (what gc.freeze is for), the collector stops walking
        # it on each full collection: about 4 % of a worker's instructions (callgrind).
        gc.collect()
        gc.freeze()
    return result


def _warm_charts(carrier: Issue, chart_cache: Path) -> None:
    """Draw a chart the main process will want later into the cache (a failure is left to it)."""
    from jianbao.charts.draw import draw_charts
    from jianbao.errors import JianbaoError

    try:
        draw_charts(carrier, cache_dir=chart_cache)
    except JianbaoError:
        pass  # the main process draws it again and reports the problem where it belongs


def render_all(issues: Sequence[Issue], project: Project, options: RenderOptions,
               progress: Callable | None = None, *, digests: Mapping[str, str] = {},
               warm: Callable[[], Sequence[Issue]] = tuple,
               warn: Callable[[str], None] | None = None,
               versions: Mapping[str, int] = {}, records: RecordIndex | None = None) -> list[Rendered]:
    """Render (or reuse) every issue; the records of fresh renders are added to their artifacts.

    `digests` (by issue.source) name validated inputs, which makes keying an issue cheap. `warm`
    gives stand-in issues whose charts the caller draws later (the archive's trend charts): when a
    pool renders, its workers draw them first, so the main process does not wait for them after
    the last issue. It is called only then. `warn` hears, once each, that PDFs were skipped
    (no LibreOffice) or that they use stand-ins for official fonts. `versions` (by slug, default 1)
    are the archive versions the issues' files make. `records`: the last build's records read as
    one file (a full build's), else each issue's record is read.
    """
    pdf = options.pdf and _pdf_possible(warn)
    flags = f"pdf={pdf}"  # what was made: a build that skipped PDFs is not reused by one that can
    version = {id(issue): versions.get(issue.slug, 1) for issue in issues}
    keys = {id(issue): incremental.issue_key(issue, f"{flags};version={version[id(issue)]}",
                                             digests.get(issue.source)) for issue in issues}
    done: list[Rendered] = []
    todo: list[Issue] = []
    for issue in issues:
        key = keys[id(issue)]
        previous = records.reuse(issue, key) if records else incremental.reuse(project.out, issue, key)
        if previous is None:
            todo.append(issue)
        else:
            kept, report, charts = previous
            done.append(Rendered(issue, [], report, kept, charts))
    try:
        _render(todo, project, pdf, version, warm, progress, done, len(issues), options.jobs or os.cpu_count() or 1)
        for item in done:
            if not item.reused:
                _set_aside_edited(item, project, warn)
                sizes = {path: _size(project.out / path) for path in item.edited}
                # Staged as the outputs are: thousands of records do not wait in memory either.
                item.artifacts.append(stage(project.out, incremental.record(
                    item.issue, keys[id(item.issue)], item.artifacts, item.report, item.charts or [],
                    {path: (sizes[path], digest) for path, digest in item.edited_hashes.items()})))
    except BaseException:
        for item in done:
            discard_staged(item.artifacts)
        raise
    if pdf and warn:
        _report_stand_ins(done, warn)
    order = {id(issue): n for n, issue in enumerate(issues)}
    return sorted(done, key=lambda r: order[id(r.issue)])


def _render(todo: Sequence[Issue], project: Project, pdf: bool, version: Mapping[int, int],
            warm: Callable[[], Sequence[Issue]], progress: Callable | None, done: list[Rendered],
            total: int, jobs: int) -> None:
    """Render each issue of `todo` into `done`, its outputs staged on disk as soon as they arrive.

    Staged, an issue's bytes leave memory at once: the main process no longer holds every output
    of the archive until the last issue has rendered (0.8 MiB an issue), and the final rename is
    still all at once, after every issue rendered (write.Staged).
    """
    count = len(done)

    def finish(issue: Issue, result: tuple[list[Artifact], list[str], list[str]]) -> None:
        nonlocal count
        artifacts, report, charts = result
        count += 1
        if progress:
            progress(issue, count, total)
        done.append(Rendered(issue, _staged(project.out, artifacts), report, charts=charts))

    if len(todo) < PARALLEL_FROM or jobs < 2:
        for issue in todo:
            finish(issue, _job(issue, project, pdf, version[id(issue)]))
        return
    _render_beside_workers(todo, project, pdf, version, warm, finish, jobs - 1)


def _render_beside_workers(todo: Sequence[Issue], project: Project, pdf: bool, version: Mapping[int, int],
                           warm: Callable[[], Sequence[Issue]], finish: Callable, workers: int) -> None:
    """The main process renders too, beside `workers` worker processes: one per core in all.

    It waited idle before, while a worker per core rendered. A worker is a whole second copy of
    the rendering libraries and their caches (about 130 MiB), so the process tree of a cold build
    is that much smaller, at the same speed (issue 21: 400 MB for 3,000 issues). Each worker is
    kept a few issues ahead, so it never waits for the main process to finish one of its own.
    """
    waiting = list(reversed(todo))  # popped from the end: in the given order
    pending: deque = deque()
    ahead = 3 * workers
    if "numpy" not in sys.modules:  # read when numpy loads: see _start_worker
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                             mp_context=_workers_context()) as pool:
        try:
            warming = [pool.submit(_warm_charts, carrier, project.chart_cache) for carrier in warm()]
            while waiting or pending:
                while waiting and len(pending) < ahead:
                    issue = waiting.pop()
                    pending.append((issue, pool.submit(_pooled_job, issue, project, pdf, version[id(issue)])))
                while pending and (pending[0][1].done() or not waiting):
                    issue, future = pending.popleft()
                    finish(issue, future.result())
                if waiting:
                    issue = waiting.pop()
                    finish(issue, _job(issue, project, pdf, version[id(issue)]))
            for future in warming:
                future.result()
        except BaseException:
            for _, future in pending:  # the issues no worker has begun are not rendered for nothing
                future.cancel()
            raise


def _staged(out: Path, artifacts: Sequence[Artifact]) -> list[Output]:
    staged: list[Output] = []
    try:
        for art in artifacts:
            staged.append(stage(out, art))
    except BaseException:
        discard_staged(staged)
        raise
    return staged


def _set_aside_edited(item: Rendered, project: Project, warn: Callable[[str], None] | None) -> None:
    """Outputs changed by hand since the last build stay; what was made goes beside them."""
    from jianbao.pipeline.edited import protect

    guarded = protect(project.out, item.issue, item.artifacts, project.name)
    item.artifacts = guarded.artifacts
    item.edited = sorted(guarded.edited)
    item.edited_hashes = guarded.edited
    item.kept += item.edited
    for note in guarded.notes:
        if warn:
            warn(note)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _pdf_possible(warn: Callable[[str], None] | None) -> bool:
    """Whether LibreOffice is there to make PDFs; if not, the build goes on without them, saying so."""
    from jianbao.render.pdf import find_soffice, skipped_notice

    if find_soffice() is not None:
        return True
    if warn:
        warn(skipped_notice())
    return False


def _report_stand_ins(done: Sequence[Rendered], warn: Callable[[str], None]) -> None:
    """One line for the build if the PDFs made now lack official fonts of their documents."""
    from jianbao.render.pdf_fonts import stand_in_notice

    pairs = []
    for item in done:
        made = {a.path: a for a in item.artifacts}
        stem = f"{item.issue.slug}/{item.issue.file_stem}"
        if f"{stem}.pdf" in made and f"{stem}.docx" in made:
            pairs.append((made[f"{stem}.docx"].data, made[f"{stem}.pdf"].data))
    notice = stand_in_notice(pairs)
    if notice:
        warn(notice)
