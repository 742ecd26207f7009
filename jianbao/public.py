"""The public view of an issue: the articles, figures, tables and charts press and public outputs may show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from jianbao.article_text import plain_text
from jianbao.model import PUBLIC, SUMMARY_MAX, Article, ChartSpec, Issue, Paragraph, Photo
from jianbao.rendered import RenderedChart

# What a public 更正 notice says when its reason is the office's own (correction release: internal).
CORRECTED_WITHOUT_REASON = "本期内容已更正，以本版为准。"

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

    It holds the public articles (so their tables and charts), the figures they quote, and the
    issue's 更正 (correction) notice: a corrected text that went out must be corrected outside too.
    The notice's reason goes with it only when the correction says `release: public`; otherwise
    the notice says that the issue was corrected, and when. The classification line, the
    issue-level 编者按, the distribution block and the print run are internal by nature.
    """
    public = tuple(issue.articles[n - 1] for n in public_positions(issue))
    if not public:
        return None
    used = set().union(*(a.figures_used for a in public))
    series = replace(issue.series, classification="", distribution=(), copies=None)
    correction = issue.correction
    if correction is not None and correction.release != PUBLIC:
        correction = replace(correction, reason=CORRECTED_WITHOUT_REASON)
    return replace(issue, series=series, articles=public, note=(), copies=None, correction=correction,
                   figures={k: v for k, v in issue.figures.items() if k in used},
                   secrecy="", secrecy_period="", urgency="", signers=())


def withheld_articles(issue: Issue) -> tuple[Article, ...]:
    """The articles the public view leaves out."""
    shown = set(public_positions(issue))
    return tuple(a for n, a in enumerate(issue.articles, start=1) if n not in shown)


def withheld_titles(issue: Issue) -> list[str]:
    return [a.title for a in withheld_articles(issue)]


def public_charts(view: Issue, charts: Mapping[int, RenderedChart]) -> dict[int, RenderedChart]:
    """The drawn charts of the view's articles, by number (numbers keep the issue's, so may skip)."""
    return {c.number: charts[c.number] for c in view.charts}


def public_pictures(view: Issue) -> list[dict[str, str]]:
    """The view's pictures in reading order, charts and photos alike, each as the file the press
    folder holds (fig-N.png, photo-N.jpg) and its caption: the order the WeChat editor uploads them."""
    return [{"file": f"fig-{b.number}.png" if isinstance(b, ChartSpec) else b.file_name, "caption": b.caption}
            for a in view.articles for b in a.blocks if isinstance(b, (ChartSpec, Photo))]


def source_line(view: Issue) -> str:
    """The line every press format ends with: 来源：《工作简报》2017年第7期."""
    return f"来源：{view.name}"


def summary_of(view: Issue) -> str:
    """The 摘要 of a release: its first article's `summary`, or the start of its first paragraph.

    A paragraph longer than SUMMARY_MAX characters is cut after its last full sentence that fits,
    or, when even the first sentence is longer, at SUMMARY_MAX - 1 characters and an ellipsis.
    """
    first = view.articles[0]
    if first.summary:
        return first.summary
    paragraph = next((b for b in first.blocks if isinstance(b, Paragraph)), None)
    text = " ".join(plain_text(paragraph.inlines).split()) if paragraph else ""
    if len(text) <= SUMMARY_MAX:
        return text
    ends = [i for i, ch in enumerate(text[:SUMMARY_MAX]) if ch in "。！？；"]
    return text[:ends[-1] + 1] if ends else text[:SUMMARY_MAX - 1] + "…"


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
