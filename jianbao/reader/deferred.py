"""Issues whose body (articles, figures, 编者按) stays on disk until first used: a large archive's builds read summaries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, fields, replace

from jianbao.deferrable import LOADER
from jianbao.model import Issue

# What a deferred issue knows of its body: the archive pages and keys ask every issue for these.
SUMMARY_PROPERTIES = ("headline", "article_count", "photos", "figures_digest")


# The fields an issue mostly leaves as they are: a summary holds them only where they differ, and
# a deferred issue answers the rest from the class (a dataclass's defaults are class attributes).
# The body has none there (Issue.note's default is a factory): a missing body field is loaded.
_DEFAULTS = {f.name: f.default for f in fields(Issue) if f.default is not MISSING}
assert not set(_DEFAULTS) & set(Issue.DEFERRED)


def summary(issue: Issue) -> dict:
    """What a deferred issue is made of: every field but its body, and what it knows of the body."""
    known = {name: value for name, value in issue.__dict__.items()
             if name not in Issue.DEFERRED and not (name in _DEFAULTS and value == _DEFAULTS[name])}
    known.pop(LOADER, None)
    return {**known, **{name: getattr(issue, name) for name in SUMMARY_PROPERTIES}}


def deferred(known: dict, load: Callable[[], Issue]) -> Issue:
    """An issue of which only `known` (summary()) is in memory; `load` gives the whole model when
    its body is first used.

    As Django's deferred fields: the archive's pages, numbering and keys read the summary of every
    issue, and the body only of those they render. Equality, pickling and dataclasses.replace load
    the body first, so a deferred issue is never mistaken for a different one.
    """
    issue = object.__new__(Issue)
    issue.__dict__.update(known)
    issue.__dict__[LOADER] = load
    return issue


def with_total(issue: Issue, total: int | None) -> Issue:
    """The issue with 总第 N 期 set; a deferred one stays deferred."""
    if LOADER not in issue.__dict__:
        return replace(issue, total=total)
    copy = object.__new__(Issue)
    copy.__dict__.update(issue.__dict__)
    copy.__dict__["total"] = total
    return copy


def is_deferred(issue: Issue) -> bool:
    return LOADER in issue.__dict__
