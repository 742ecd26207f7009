"""The archive stage of a build: numbering rules, the freeze check of published issues, and the archive site."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Sequence

from .archive_freeze import (
    Frozen, MANIFEST, archived_copies, check_issue, load_manifest, outputs_of, published_outputs, unmatched_entries,
)
from .errors import ArchiveError, InputError, Problem
from .model import Issue
from .write import Artifact

Warn = Callable[[str], None]


def numbering_problems(issues: Sequence[Issue]) -> list[Problem]:
    """Gaps in 期号: each year restarts at 1 (except the archive's first year, which may begin later).

    增刊 have their own sequence; duplicates and 总期号 are checked by pipeline.number_issues.
    """
    groups: dict[tuple, list[Issue]] = {}
    for issue in issues:
        yearly = issue.series.numbering == "yearly"
        groups.setdefault((issue.series.id, issue.supplement, issue.year if yearly else 0), []).append(issue)
    first_year = {}
    for (series_id, supplement, year) in groups:
        key = (series_id, supplement)
        first_year[key] = min(first_year.get(key, year), year)
    problems = []
    for (series_id, supplement, year), items in sorted(groups.items()):
        numbers = sorted({i.number for i in items})
        start = numbers[0] if not year or year == first_year[(series_id, supplement)] else 1
        missing = [n for n in range(start, numbers[-1] + 1) if n not in numbers]
        if not missing:
            continue
        after = min((i for i in items if i.number > missing[0]), key=lambda i: i.number)
        kind = "增刊第" if supplement else "第"
        where = f"{year}年" if year else ""
        listed = "、".join(f"{kind}{n}期" for n in missing)
        problems.append(Problem(after.source, None, "number", f"连续的期号（{where}{kind}{start}期起）",
                                f"{after.series.title}{where}缺少{listed}",
                                "缺少的期号请补录；如确实跳号，请核对本期的 number"))
    return problems


def check_numbering(issues: Sequence[Issue], *, strict: bool, warn: Warn | None) -> None:
    """Gaps stop the build with --strict; otherwise they are warnings."""
    problems = numbering_problems(issues)
    if problems and strict:
        raise InputError(problems)
    for problem in problems:
        if warn:
            warn(str(problem))


def freeze_states(root: Path, issues: Iterable[Issue], artifacts: Sequence[Artifact] | None,
                  warn: Warn | None) -> dict[str, Frozen]:
    """Check every issue against its series manifest; raises ArchiveError naming every frozen file changed.

    artifacts=None checks sources only (for `check`, which renders nothing).
    """
    manifests: dict[str, dict] = {}
    states, errors = {}, []
    for issue in issues:
        if issue.series.id not in manifests:
            manifests[issue.series.id] = load_manifest(root, issue.series.id)
        outputs = None if artifacts is None else outputs_of(issue, artifacts)
        state, found, warnings = check_issue(root, issue, outputs, manifests[issue.series.id])
        errors += found
        for message in warnings:
            if warn:
                warn(message)
        if state is not None:
            states[issue.slug] = state
    if errors:
        raise ArchiveError("\n  ".join(errors))
    return states


def published_outputs_of(root: Path, issues: Iterable[Issue]) -> dict[str, list[Artifact]]:
    """The archived outputs of every selected published issue whose source is unchanged, by slug."""
    manifests: dict[str, dict] = {}
    found = {}
    for issue in issues:
        if issue.series.id not in manifests:
            manifests[issue.series.id] = load_manifest(root, issue.series.id)
        outputs = published_outputs(root, issue, manifests[issue.series.id])
        if outputs is not None:
            found[issue.slug] = outputs
    return found


def archive_stage(root: Path, all_issues: Sequence[Issue], rendered: Sequence[Issue],
                  artifacts: Sequence[Artifact], *, full: bool, chart_cache: Path | None,
                  warn: Warn | None = None, kept: Sequence[str] = ()) -> list[Artifact]:
    """Further artifacts of a build: earlier versions of corrected issues, and on a full build the site.

    `kept` are the paths of unchanged outputs that stay on disk as they are. Runs before anything is
    written, so a frozen issue that changed stops the whole build.
    """
    states = freeze_states(root, rendered, artifacts, warn)
    if full:
        series_ids = {i.series.id for i in all_issues} | {p.parent.name for p in root.glob(f"bulletins/*/{MANIFEST}")}
        manifests = {sid: load_manifest(root, sid) for sid in sorted(series_ids)}
        gone = unmatched_entries(manifests, all_issues)
        if gone:
            raise ArchiveError("\n  ".join(gone))
    extra = [art for state in states.values() for art in archived_copies(root, state)]
    if full:
        from .archive_pages import archive_site

        extra += archive_site(all_issues, states, {a.path for a in [*artifacts, *extra]} | set(kept), chart_cache)
    return extra
