"""The archive stage of a build: the freeze check of published issues, the archive site and the public site."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from jianbao.archive.freeze import (
    MANIFEST,
    Frozen,
    archived_copies,
    check_issue,
    issue_key,
    load_manifest,
    outputs_of,
    published_outputs,
    unmatched_entries,
    version_of,
)
from jianbao.archive.memo import PageMemo
from jianbao.errors import ArchiveError
from jianbao.model import Issue, Site
from jianbao.write import Artifact

Warn = Callable[[str], None]


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
        # Only an archived issue's outputs are compared: reading every staged output of a large
        # build back would cost more than its rendering.
        archived = issue_key(issue) in manifests[issue.series.id]["issues"]
        outputs = None if artifacts is None else outputs_of(issue, artifacts) if archived else {}
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


def versions_of(root: Path, issues: Iterable[Issue]) -> dict[str, int]:
    """The version each issue's file makes (what its press manifest states), by slug."""
    manifests: dict[str, dict] = {}
    for issue in issues:
        if issue.series.id not in manifests:
            manifests[issue.series.id] = load_manifest(root, issue.series.id)
    return {issue.slug: version_of(issue, manifests[issue.series.id]) for issue in issues}


def archive_stage(root: Path, all_issues: Sequence[Issue], rendered: Sequence[Issue],
                  artifacts: Sequence[Artifact], *, full: bool, chart_cache: Path | None,
                  warn: Warn | None = None, kept: Sequence[str] = (), site: Site | None = None,
                  memo: PageMemo | None = None) -> list[Artifact]:
    """Further artifacts of a build: earlier versions of corrected issues; on a full build both sites.

    `kept` are the paths of unchanged outputs that stay on disk as they are. With a `memo`, the
    sites' pages whose content is unchanged stay too (memo.reused). Runs before anything is
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
        from jianbao.archive.public_site import public_site
        from jianbao.archive.site import archive_site

        extra += archive_site(all_issues, states, {a.path for a in [*artifacts, *extra]} | set(kept), chart_cache,
                              memo)
        extra += public_site(root, all_issues, states, site or Site(), chart_cache, warn, memo)
    return extra
