"""Full-text search: Chinese substrings found, 1–2 character words too, ranked, with marked snippets."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from dataclasses import replace

from jianbao.archive.search import archive_index, build_database, open_database, public_site_index, search
from jianbao.model import INTERNAL, PUBLIC, Article, Paragraph, Text

from model_fixtures import demo_issue
from project_helpers import ROOT, copy_samples


def article(title, text, release=PUBLIC):
    return Article(title=title, release=release, note=(), blocks=(Paragraph((Text(text),)),))


def issues():
    one = demo_issue()
    two = demo_issue(number=8, date=datetime.date(2017, 12, 20), articles=(
        article("校舍建设竣工率持续提高", "校舍建设竣工率达到86%，校舍建设竣工率居全国前列。"),
        article("设备采购情况", "设备采购完成率达到94%。"),
    ))
    three = demo_issue(number=9, date=datetime.date(2017, 12, 28), articles=(
        article("内部通报", "对约谈对象的整改情况进行了核查。", INTERNAL),
    ))
    return [one, two, three]


def db():
    return open_database(build_database(issues()))


def test_a_chinese_substring_inside_a_word_is_found():
    hits = search(db(), "竣工率")
    assert {(h.number_label, h.title) for h in hits} >= {
        ("第7期", "全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"), ("第8期", "校舍建设竣工率持续提高")}
    assert all("【竣工率】" in h.snippet for h in hits)


def test_results_are_ranked_by_relevance():
    hits = search(db(), "校舍建设竣工率")
    # Issue 8 says it in the title and twice in the body; issue 7 once in the body.
    assert [h.number_label for h in hits] == ["第8期", "第7期"]
    assert hits[0].date == "2017-12-20" and hits[0].series == "工作简报" and hits[0].url == "gaibo/2017/08/index.html"


def test_one_and_two_character_words_use_the_fallback():
    hits = search(db(), "约谈")
    # Counted by hand: a title match weighs five body matches.
    assert [h.title for h in hits] == ["约谈进度滞后地区情况", "内部通报"]
    assert all("【约谈】" in h.snippet for h in hits)
    assert {h.number_label for h in search(db(), "率")} == {"第7期", "第8期"}


def test_every_word_must_appear():
    assert [h.title for h in search(db(), "设备 94%")] == ["设备采购情况"]
    assert search(db(), "设备采购 不存在的词语") == []
    assert search(db(), "   ") == []


def test_quotes_and_operators_are_plain_text():
    for query in ('"竣工', "AND OR", "竣工* NEAR", "100%_"):
        search(db(), query)  # no sqlite3.OperationalError


def test_public_only_and_the_public_site_index_leave_internal_articles_and_drafts_out():
    assert search(db(), "约谈", public_only=True) == []
    published = [replace(i, status="published") for i in issues()]
    data = json.loads(public_site_index(published))
    titles = {e["t"] for e in data}
    assert "校舍建设竣工率持续提高" in titles and "内部通报" not in titles
    assert "CANARY-INTERNAL-7f3a" not in json.dumps(data, ensure_ascii=False)
    assert {e["u"] for e in data} >= {"gaibo/2017/08/index.html#article-1", "gaibo/2017/08/index.html#article-2"}
    assert json.loads(public_site_index(issues())) == []  # drafts, all of them


def test_the_archive_index_is_the_offices_and_marks_drafts_and_internal_articles():
    data = {e["t"]: e["k"] for e in json.loads(archive_index([replace(issues()[1], status="published"),
                                                              *issues()[::2]]))}
    assert data["校舍建设竣工率持续提高"] == "" and data["内部通报"] == "草稿·内部"
    assert data["全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"] == "草稿"


def test_the_command_line_search(tmp_path):
    copy_samples(tmp_path)
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "search", "竣工率", "--root", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "找到 2 篇包含“竣工率”的文章（按相关度排序）："
    # Issue 7 says it three times in its first two paragraphs; issue 8 twice, in a longer article.
    assert lines[1].startswith("1. 《工作简报》2017年第7期（2017-10-11）") and "【竣工率】" in lines[2]
    assert lines[4].startswith("2. 《工作简报》2017年第8期（2017-12-20）")
    assert (tmp_path / "build" / "search.sqlite").is_file()
    none = subprocess.run([sys.executable, str(ROOT / "build.py"), "search", "没有这个词", "--root", str(tmp_path)],
                          capture_output=True, text=True)
    assert none.returncode == 0 and "没有找到" in none.stdout
