"""The public site's issue pages: an issue's public view, its 更正 notices and earlier public versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from jianbao.archive.versions import PublicCorrection
from jianbao.article_text import reading_text
from jianbao.charts.draw import draw_charts
from jianbao.model import ChartSpec, Issue, Photo, Site
from jianbao.public import public_charts, public_view
from jianbao.render.html.bulletin import render_html, render_template
from jianbao.write import Artifact

DESCRIPTION_CHARS = 120
SITE_NAME = "简报公开发布"


@dataclass(frozen=True)
class IssuePage:
    """One published issue as the public site shows it."""

    issue: Issue  # the whole issue: only its slug, series, 期号 and date are shown
    view: Issue  # public_view(issue): what its page holds
    corrections: tuple[PublicCorrection, ...]  # the 更正 that changed its public articles, oldest first

    @property
    def updated(self):
        return self.corrections[-1].correction.date if self.corrections else self.issue.date


def description(view: Issue) -> str:
    """The first paragraph of the first article, cut to about 120 characters: for search engines and shares."""
    text = reading_text(view.articles[0]).split("\n", 1)[0].strip() or view.headline
    return text if len(text) <= DESCRIPTION_CHARS else text[:DESCRIPTION_CHARS - 1] + "…"


def version_label(version: int) -> str:
    return "原版" if version == 1 else f"第{version}版"


def _page(model: Issue, folder: str, banner: str, site: Site, chart_cache: Path | None) -> list[Artifact]:
    """index.html, bulletin.css, fig-N.svg, photo-N.jpg and the sharing picture (fig-N.png, or the
    first photo when it comes first) of one version's view."""
    # The banner carries the 更正 notices that changed what the public sees (and only those).
    view = replace(public_view(model), correction=None)
    charts = public_charts(view, draw_charts(view, cache_dir=chart_cache))
    absolute = f"{site.url}{folder}/" if site.url else ""
    # The first picture of the page, chart or photo, is the one shared with the link (a photo is
    # beside the page already; a chart's PNG is added for it).
    first = next((b for a in view.articles for b in a.blocks if isinstance(b, (ChartSpec, Photo))), None)
    image = "" if first is None else first.file_name if isinstance(first, Photo) else f"fig-{first.number}.png"
    meta = {"description": description(view), "og_title": view.headline, "og_site_name": model.series.title,
            "og_description": description(view), "canonical": f"{absolute}index.html" if absolute else "",
            "og_url": f"{absolute}index.html" if absolute else "",
            "og_image": f"{absolute}{image}" if image else ""}
    out = [Artifact(f"{folder}/{a.path}", a.data)
           for a in render_html(view, charts, single_file=False, meta=meta, banner=banner)]
    if isinstance(first, ChartSpec):
        out.append(Artifact(f"{folder}/{image}", charts[first.number].png))
    return out


def _banner(issue: Issue, depth: int, *, notices=(), replaced_by=None, label: str = "") -> str:
    """Navigation and 更正 notices above the issue (an autoescaped template: safe as it is)."""
    return render_template("public_banner.html.j2", issue=issue, root="../" * depth, site_name=SITE_NAME,
                           notices=notices, replaced_by=replaced_by, version_label=label)


def issue_pages(page: IssuePage, site: Site, chart_cache: Path | None) -> list[Artifact]:
    """The current page of an issue and the page of each earlier version a public 更正 replaced."""
    issue, depth = page.issue, page.issue.slug.count("/") + 1
    out: list[Artifact] = []
    notices = []
    for item in reversed(page.corrections):  # newest first
        earlier = public_view(item.replaced) is not None
        href = f"v{item.version}/index.html" if earlier else ""
        notices.append({"correction": item.correction, "href": href, "label": version_label(item.version)})
        if earlier:
            banner = _banner(issue, depth + 1, replaced_by=item.correction, label=version_label(item.version))
            out += _page(item.replaced, f"{issue.slug}/v{item.version}", banner, site, chart_cache)
    out += _page(issue, issue.slug, _banner(issue, depth, notices=notices), site, chart_cache)
    return out


def page_paths(pages: Sequence[IssuePage]) -> list[tuple[str, object]]:
    """Every public issue page (earlier versions included) with its date: what the sitemap lists."""
    found = []
    for page in pages:
        found.append((f"{page.issue.slug}/index.html", page.updated))
        for item in page.corrections:
            if public_view(item.replaced) is not None:
                found.append((f"{page.issue.slug}/v{item.version}/index.html", item.correction.date))
    return found
