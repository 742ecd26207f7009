"""An Atom feed per series: the public articles of published issues, with stable tag: ids."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from jianbao.article_text import reading_text
from jianbao.escape import xml_text
from jianbao.model import Correction, Issue, Series
from jianbao.public import is_released, public_positions, public_view, withheld_articles
from jianbao.reader.numbering import issue_order

ATOM = "http://www.w3.org/2005/Atom"
# tag: URIs (RFC 4151) need an authority and a date; both are fixed so ids never change.
TAG_AUTHORITY = "jianbao.invalid,2017"
TAG_YEAR = 2017
FEED_NAME = "feed.xml"
FEED_ISSUES = 50  # a feed carries the newest issues: a reader keeps the entries it fetched before


def tag_prefix(site_url: str = "") -> str:
    """tag:<authority>,2017:<path> — the host (and path) of site_url when set, else a placeholder.

    Ids change with site_url, so it is set once, before the public site is first uploaded.
    """
    if not site_url:
        return f"tag:{TAG_AUTHORITY}:"
    parts = urlsplit(site_url)
    path = parts.path.strip("/")
    return f"tag:{parts.hostname},{TAG_YEAR}:" + (f"{path}/" if path else "")


def series_id_uri(series: Series, site_url: str = "") -> str:
    return f"{tag_prefix(site_url)}{series.id}"


def entry_id(issue: Issue, position: int, site_url: str = "") -> str:
    """The article's id: series, year, 期号 (zk for 增刊) and its place among the issue's articles."""
    return f"{tag_prefix(site_url)}{issue.slug}/{position}"


def _view_correction(issue: Issue) -> Correction | None:
    view = public_view(issue)
    return view.correction if view is not None else None


def _updated(issue: Issue, correction: Correction | None) -> str:
    day = correction.date if correction else issue.date
    return f"{day.isoformat()}T00:00:00+08:00"


def _content(text: str) -> str:
    """Escaped HTML in an Atom content of type="html" (escaped once more by ElementTree)."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    # Every text and attribute goes through xml_text: ElementTree writes a control character as it
    # is, and the feed would no longer parse in any reader.
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        node.text = xml_text(text)
    return node


def last_changed(issue: Issue):
    """The day an issue was issued, or corrected last."""
    return issue.correction.date if issue.correction else issue.date


def feed_issues(series: Series, issues: Sequence[Issue]) -> list[Issue]:
    """The released issues of the series a feed carries, newest first: the FEED_ISSUES issued or
    corrected last (a feed of every issue of twenty years grew with the archive, issue 21)."""
    published = [i for i in issues if i.series.id == series.id and is_released(i)]
    newest = sorted(published, key=lambda i: (last_changed(i), issue_order(i)), reverse=True)[:FEED_ISSUES]
    return sorted(newest, key=issue_order, reverse=True)


def render_feed(series: Series, issues: Sequence[Issue], *, base: str = "../", site_url: str = "",
                corrections: Mapping[str, Correction] | None = None) -> bytes:
    """feed.xml for <site>/<series>/: links are relative to it (`base` leads back to the site's root).

    The archive's feed (corrections=None) links an issue page only when it withholds nothing,
    and states every correction (its reason only when released). The public site's feed passes `corrections`, the notice each
    issue's public articles show (by slug): its pages hold public articles only, so every entry
    links its article; with `site_url` every link is absolute and the ids are minted under it.
    """
    public_site = corrections is not None
    root = site_url or base
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", series_id_uri(series, site_url))
    _sub(feed, "title", f"{series.title}（{series.issuer}）")
    here = f"{site_url}{series.id}/" if site_url else ""
    _sub(feed, "link", rel="self", href=f"{here}{FEED_NAME}")
    _sub(feed, "link", rel="alternate", type="text/html", href=f"{here}index.html")
    author = _sub(feed, "author")
    _sub(author, "name", series.issuer)
    _sub(feed, "generator", "Jianbao")
    published = feed_issues(series, issues)
    # A feed is read outside whichever site carries it: a correction's reason only when released.
    shown = {i.slug: (corrections or {}).get(i.slug) if public_site else _view_correction(i)
             for i in published}
    _sub(feed, "updated", max((_updated(i, shown[i.slug]) for i in published),
                              default="2017-01-01T00:00:00+08:00"))
    for issue in published:
        view = public_view(issue)  # never anything internal
        if view is None:
            continue
        # An archive issue page shows every article: it is linked only when none is withheld.
        link_page = public_site or not withheld_articles(issue)
        correction = shown[issue.slug]
        positions = public_positions(issue)
        for index, (position, article) in enumerate(zip(positions, view.articles, strict=True), 1):
            entry = _sub(feed, "entry")
            _sub(entry, "id", entry_id(issue, position, site_url))
            _sub(entry, "title", article.title)
            _sub(entry, "updated", _updated(issue, correction))
            _sub(entry, "published", f"{issue.date.isoformat()}T00:00:00+08:00")
            if link_page:
                anchor = f"#article-{index}" if public_site else ""
                _sub(entry, "link", rel="alternate", type="text/html",
                     href=f"{root}{issue.slug}/index.html{anchor}")
            _sub(entry, "category", term=f"{issue.year}", label=f"{issue.year}年{issue.number_label}")
            text = reading_text(article)
            if correction:
                text = f"更正（{correction.date.isoformat()}）：{correction.reason}\n" + text
            _sub(entry, "summary", text.split("\n", 1)[0][:120])
            _sub(entry, "content", _content(text), type="html")
    ET.indent(feed)
    return (b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8",
                                                                     xml_declaration=False) + b"\n")
