"""The public view of an issue: the articles, figures, tables and charts press and public outputs may show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from jianbao.model import Article, Issue, RenderedChart


def public_positions(issue: Issue) -> tuple[int, ...]:
    """The place (from 1, among all the issue's articles) of each public article, in order.

    An article keeps its place in the full issue, so an id or link made from it does not move
    when an internal article before it is added or removed from the public side.
    """
    return tuple(n for n, article in enumerate(issue.articles, start=1) if article.is_public)


def public_view(issue: Issue) -> Issue | None:
    """The issue as outsiders may see it, or None when no article is public.

    It holds the public articles (so their tables and charts), the figures they quote, and the
    issue's 更正 (correction) notice: a corrected text that went out must be corrected outside too,
    as the feed has always said. The classification line, the issue-level 编者按, the distribution
    block and the print run are internal by nature.
    """
    public = tuple(issue.articles[n - 1] for n in public_positions(issue))
    if not public:
        return None
    used = set().union(*(a.figures_used for a in public))
    series = replace(issue.series, classification="", distribution=(), copies=None)
    return replace(issue, series=series, articles=public, note=(), copies=None,
                   figures={k: v for k, v in issue.figures.items() if k in used})


def withheld_articles(issue: Issue) -> tuple[Article, ...]:
    """The articles the public view leaves out."""
    shown = set(public_positions(issue))
    return tuple(a for n, a in enumerate(issue.articles, start=1) if n not in shown)


def withheld_titles(issue: Issue) -> list[str]:
    return [a.title for a in withheld_articles(issue)]


def public_charts(view: Issue, charts: Mapping[int, RenderedChart]) -> dict[int, RenderedChart]:
    """The drawn charts of the view's articles, by number (numbers keep the issue's, so may skip)."""
    return {c.number: charts[c.number] for c in view.charts}
