"""An Atom feed per series: the public articles of published issues, with stable tag: ids."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from jianbao.article_text import reading_text
from jianbao.escape import xml_text
from jianbao.model import Issue, Series
from jianbao.public import public_positions, public_view, withheld_articles
from jianbao.reader.numbering import issue_order

ATOM = "http://www.w3.org/2005/Atom"
# tag: URIs (RFC 4151) need an authority and a date; both are fixed so ids never change.
TAG_AUTHORITY = "jianbao.invalid,2017"
FEED_NAME = "feed.xml"


def series_id_uri(series: Series) -> str:
    return f"tag:{TAG_AUTHORITY}:{series.id}"


def entry_id(issue: Issue, position: int) -> str:
    """The article's id: series, year, 期号 (zk for 增刊) and its place among the issue's articles."""
    return f"tag:{TAG_AUTHORITY}:{issue.slug}/{position}"


def _updated(issue: Issue) -> str:
    day = issue.correction.date if issue.correction else issue.date
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


def render_feed(series: Series, issues: Sequence[Issue], *, base: str = "../") -> bytes:
    """feed.xml for build/<series>/: links are relative to it (`base` leads back to build/)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", series_id_uri(series))
    _sub(feed, "title", f"{series.title}（{series.issuer}）")
    _sub(feed, "link", rel="self", href=FEED_NAME)
    _sub(feed, "link", rel="alternate", type="text/html", href="index.html")
    author = _sub(feed, "author")
    _sub(author, "name", series.issuer)
    _sub(feed, "generator", "Jianbao")
    published = [i for i in issues if i.series.id == series.id and i.status == "published"]
    published.sort(key=issue_order, reverse=True)
    _sub(feed, "updated", max((_updated(i) for i in published), default="2017-01-01T00:00:00+08:00"))
    for issue in published:
        view = public_view(issue)  # never anything internal
        if view is None:
            continue
        # The issue page shows every article: an entry links it only when none is withheld.
        link_page = not withheld_articles(issue)
        for position, article in zip(public_positions(issue), view.articles, strict=True):
            entry = _sub(feed, "entry")
            _sub(entry, "id", entry_id(issue, position))
            _sub(entry, "title", article.title)
            _sub(entry, "updated", _updated(issue))
            _sub(entry, "published", f"{issue.date.isoformat()}T00:00:00+08:00")
            if link_page:
                _sub(entry, "link", rel="alternate", type="text/html", href=f"{base}{issue.slug}/index.html")
            _sub(entry, "category", term=f"{issue.year}", label=f"{issue.year}年{issue.number_label}")
            text = reading_text(article)
            if issue.correction:
                text = f"更正（{issue.correction.date.isoformat()}）：{issue.correction.reason}\n" + text
            _sub(entry, "summary", text.split("\n", 1)[0][:120])
            _sub(entry, "content", _content(text), type="html")
    ET.indent(feed)
    return (b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8",
                                                                     xml_declaration=False) + b"\n")
