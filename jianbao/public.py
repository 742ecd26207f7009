"""The public view of an issue: the articles, figures, tables and charts press and public outputs may show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from jianbao.model import Article, Issue, RenderedChart


def is_released(issue: Issue) -> bool:
    """Whether the issue has been issued (published), so its public articles may be published too.

    A draft is never released, whatever its articles say: it may still change or never be issued.
    """
    return issue.status == "published"


def released_issues(issues: Iterable[Issue]) -> list[Issue]:
    """The issues the public site, and the public feeds, may show (their public articles only)."""
    return [issue for issue in issues if is_released(issue) and public_positions(issue)]


def public_positions(issue: Issue) -> tuple[int, ...]:
    """The place (from 1, among all the issue's articles) of each public article, in order.

    An article keeps its place in the full issue, so an id or link made from it does not move
    when an internal article before it is added or removed from the public side.
    """
    return tuple(n for n, article in enumerate(issue.articles, start=1) if article.is_public)


def public_view(issue: Issue) -> Issue | None:
    """The issue as outsiders may see it, or None when no article is public.

    It holds the public articles (so their tables and charts), and the figures they quote. The
    classification line, the issue-level 编者按, the distribution block, the print run and a 更正
    notice (which speaks of the internal issue) are internal by nature.
    """
    public = tuple(issue.articles[n - 1] for n in public_positions(issue))
    if not public:
        return None
    used = set().union(*(a.figures_used for a in public))
    series = replace(issue.series, classification="", distribution=(), copies=None)
    return replace(issue, series=series, articles=public, note=(), copies=None, correction=None,
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


def public_content(issue: Issue) -> tuple:
    """What the public sees of an issue, comparable across its versions (a 更正 may not touch it).

    Each public article with its place and the figures it quotes: a chart shows figures, so a
    corrected number changes the public content even when no word of the article did.
    """
    out = []
    for n in public_positions(issue):
        article = issue.articles[n - 1]
        quoted = {k: issue.figures[k] for k in sorted(article.figures_used) if k in issue.figures}
        out.append((n, article, tuple(quoted.items())))
    return tuple(out)
