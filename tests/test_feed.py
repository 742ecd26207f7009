"""The Atom feed: parses, has the required elements, stable ids, and never anything internal."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from jianbao.archive.feed import ATOM, render_feed
from jianbao.model import Correction

from model_fixtures import demo_issue

NS = {"a": ATOM}


def feed(issues):
    return ET.fromstring(render_feed(issues[0].series, issues))


def test_the_feed_is_atom_with_every_required_element():
    root = feed([demo_issue(status="published")])
    assert root.tag == f"{{{ATOM}}}feed"
    for name in ("id", "title", "updated", "author/a:name"):
        assert root.find(f"a:{name}", NS) is not None and root.find(f"a:{name}", NS).text
    entries = root.findall("a:entry", NS)
    assert len(entries) == 1
    for entry in entries:
        for name in ("id", "title", "updated", "content"):
            assert entry.find(f"a:{name}", NS) is not None
        datetime.datetime.fromisoformat(entry.find("a:updated", NS).text)
    assert root.find("a:updated", NS).text == "2017-10-11T00:00:00+08:00"


def test_only_public_articles_of_published_issues_and_nothing_internal():
    data = render_feed(demo_issue().series, [demo_issue(status="published"),
                                             demo_issue(number=8, date=datetime.date(2017, 12, 1))]).decode()
    assert "CANARY-INTERNAL-7f3a" not in data and "约谈进度滞后地区情况" not in data
    assert "全力攻坚" in data and data.count("<entry>") == 1
    assert "内部资料" not in data  # the classification line is internal by nature


def test_ids_are_stable_tag_uris_from_series_year_and_number():
    first = feed([demo_issue(status="published")])
    again = feed([demo_issue(status="published"),
                  demo_issue(number=8, date=datetime.date(2017, 12, 1), status="published")])
    ids = [e.find("a:id", NS).text for e in again.findall("a:entry", NS)]
    assert ids == ["tag:jianbao.invalid,2017:gaibo/2017/08/1", "tag:jianbao.invalid,2017:gaibo/2017/07/1"]
    assert first.find("a:entry/a:id", NS).text in ids
    assert first.find("a:id", NS).text == again.find("a:id", NS).text


def test_a_correction_updates_the_entry_and_says_why():
    issue = demo_issue(status="published",
                       correction=Correction("数字有误。", datetime.date(2017, 10, 13), release="public"))
    entry = feed([issue]).find("a:entry", NS)
    assert entry.find("a:updated", NS).text.startswith("2017-10-13")
    assert entry.find("a:published", NS).text.startswith("2017-10-11")
    assert "数字有误。" in entry.find("a:content", NS).text


def test_a_correction_with_an_internal_reason_is_stated_in_the_feed_without_it():
    issue = demo_issue(status="published", correction=Correction("内部核查发现数字有误。", datetime.date(2017, 10, 13)))
    feed = render_feed(issue.series, [issue]).decode("utf-8")
    assert "更正（2017-10-13）：本期内容已更正" in feed and "内部核查" not in feed
