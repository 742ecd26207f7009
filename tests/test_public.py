"""The public view of an issue, and the press folder, the feed and the public search agreeing on it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from test_press import fake_charts

from jianbao.archive.feed import ATOM, render_feed
from jianbao.archive.search import build_database, open_database, public_site_entries, search
from jianbao.article_text import reading_text
from jianbao.model import INTERNAL, PUBLIC, Article, Paragraph, Table
from jianbao.press.export import render_press
from jianbao.public import public_positions, public_view, withheld_articles, withheld_titles

from model_fixtures import demo_issue, demo_series, rich_issue, t

NS = {"a": ATOM}


def mixed_issue(pattern: str):
    """Four articles released as `pattern` says (P public, I internal): the demo's public article
    (charts, a table, four figures) first, then plain ones; every article says 进展 for the search."""
    demo_public, demo_internal = demo_issue().articles
    articles = [demo_public, demo_internal]
    articles += [Article(f"第{n}篇稿件标题", PUBLIC, (), (Paragraph(t(f"第{n}篇稿件的正文。")),)) for n in (3, 4)]
    articles = [replace(a, release=PUBLIC if kind == "P" else INTERNAL, blocks=a.blocks + (Paragraph(t("进展顺利。")),))
                for a, kind in zip(articles, pattern, strict=True)]
    return demo_issue(articles=tuple(articles), status="published")


@pytest.mark.parametrize("pattern", ["IPIP", "PIPI", "PPPP", "IIII", "PIII"])
def test_press_feed_and_public_search_show_the_same_articles(pattern):
    issue = mixed_issue(pattern)
    public = [a.title for a, kind in zip(issue.articles, pattern, strict=True) if kind == "P"]
    withheld = [a.title for a, kind in zip(issue.articles, pattern, strict=True) if kind == "I"]
    view = public_view(issue)
    assert ([a.title for a in view.articles] if view else []) == public
    assert withheld_titles(issue) == withheld

    press = render_press(issue, fake_charts(issue))
    if public:
        manifest = json.loads(next(f.data for f in press if f.path.endswith("manifest.json")))
        assert [r["title"] for r in manifest["released"]] == public
        assert "withheld" not in manifest
    else:
        assert press == []

    root = ET.fromstring(render_feed(issue.series, [issue]))
    entries = root.findall("a:entry", NS)
    assert [e.find("a:title", NS).text for e in entries] == public
    # Ids keep each article's place in the whole issue; the page is linked only when nothing is withheld.
    places = [str(n) for n, kind in enumerate(pattern, start=1) if kind == "P"]
    assert [e.find("a:id", NS).text.rsplit("/", 1)[1] for e in entries] == places
    assert all((e.find("a:link", NS) is not None) == (not withheld) for e in entries)

    index = public_site_entries([replace(issue, status="published")])
    assert sorted(e["t"] for e in index) == sorted(public)
    db = open_database(build_database([issue]))
    assert sorted(h.title for h in search(db, "进展", public_only=True)) == sorted(public)
    assert sorted(h.title for h in search(db, "进展") if not h.public) == sorted(withheld)

    # One reading of each public article's text, wherever it goes.
    texts = {a.title: reading_text(a) for a in view.articles} if view else {}
    assert {e["t"]: e["x"] for e in index} == texts
    for entry in entries:
        paragraphs = entry.find("a:content", NS).text
        assert paragraphs.count("<p>") == texts[entry.find("a:title", NS).text].count("\n") + 1


def test_the_view_holds_what_its_articles_quote_and_nothing_internal_by_nature():
    issue = mixed_issue("IPIP")
    issue = replace(issue, note=(Paragraph(t("本期编者按。")),))
    view = public_view(issue)
    assert public_positions(issue) == (2, 4) and [a.title for a in withheld_articles(issue)] == [
        issue.articles[0].title, issue.articles[2].title]
    # The demo's charts, table and figures belong to its first article, here internal.
    assert view.charts == () and not any(isinstance(b, Table) for a in view.articles for b in a.blocks)
    assert view.figures == {}
    shown = public_view(mixed_issue("PIII"))
    assert [c.number for c in shown.charts] == [1, 2, 3, 4]
    assert sorted(shown.figures) == ["by_prefecture", "construction", "equipment", "funds"]
    assert (view.note, view.series.classification, view.series.distribution, view.copies, view.correction) == (
        (), "", (), None, None)
    assert (view.number, view.date, view.slug, view.series.issuer) == (
        issue.number, issue.date, issue.slug, issue.series.issuer)


def test_the_view_has_no_markings_nor_signers_whatever_the_issue_says():
    """A classified issue cannot have public articles (the reader refuses it); the view drops the
    markings and the names of who signed anyway, so no press or public file can print them."""
    issue = replace(rich_issue(), secrecy="秘密", secrecy_period="1年",
                    series=demo_series(classification="内部资料 注意保存"))
    assert issue.marking_lines == ("秘密★1年", "加急") and issue.signoff_line == "签发：张三　审核：李四"
    view = public_view(issue)
    assert view.marking_lines == () and view.signoff_line == ""
    assert (view.secrecy, view.secrecy_period, view.urgency, view.signers) == ("", "", "", ())
    assert [a.title for a in view.articles] == [issue.articles[0].title]
    assert view.photos == (issue.photos[0],)  # the public article keeps its photo
