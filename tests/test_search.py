"""Full-text search: Chinese substrings found, 1–2 character words too, ranked, with marked snippets."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from dataclasses import replace

from jianbao.archive.search import archive_entries, build_database, open_database, public_site_entries, search
from jianbao.model import INTERNAL, PUBLIC, Article, Correction, Paragraph, Text
from jianbao.public import public_view

from model_fixtures import demo_issue, demo_series
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
    data = public_site_entries(published)
    titles = {e["t"] for e in data}
    assert "校舍建设竣工率持续提高" in titles and "内部通报" not in titles
    assert "CANARY-INTERNAL-7f3a" not in json.dumps(data, ensure_ascii=False)
    assert {e["u"] for e in data} >= {"gaibo/2017/08/index.html#article-1", "gaibo/2017/08/index.html#article-2"}
    assert public_site_entries(issues()) == []  # drafts, all of them


def test_the_archive_index_is_the_offices_and_marks_drafts_and_internal_articles():
    data = {e["t"]: e["k"] for e in archive_entries([replace(issues()[1], status="published"), *issues()[::2]])}
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


# ---------------------------------------------------------------- issue numbers, corrections, snippets

def numbered_issues():
    """Issue 7 and 11 of 工作简报, and of 教育督导简报 (printing 总第 N 期) issue 3 and 增刊第1期."""
    dudao = demo_series(id="dudao", title="教育督导简报", show_total=True)
    return [
        demo_issue(),
        demo_issue(number=11, date=datetime.date(2017, 12, 1), articles=(article("冬季供暖", "学校供暖正常。"),)),
        demo_issue(series=dudao, number=3, total=43, date=datetime.date(2017, 11, 15),
                   articles=(article("专项督导情况", "督导覆盖64个县。"),)),
        demo_issue(series=dudao, number=1, supplement=True, date=datetime.date(2017, 12, 1),
                   articles=(article("会议精神", "逐条整改督导意见。"),)),
    ]


def found(query, issues_=None, **options):
    return [(h.series, h.year, h.number_label, h.title)
            for h in search(open_database(build_database(issues_ or numbered_issues())), query, **options)]


def test_an_issue_is_found_by_its_number():
    seventh = {("工作简报", 2017, "第7期", "全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"),
               ("工作简报", 2017, "第7期", "约谈进度滞后地区情况")}
    assert set(found("第7期")) == seventh and set(found("2017年第7期")) == seventh
    assert found("总第43期") == [("教育督导简报", 2017, "第3期", "专项督导情况")]
    assert found("增刊第1期") == found("2017年增刊第1期") == [("教育督导简报", 2017, "增刊第1期", "会议精神")]
    assert set(found("第７期")) == set(found("第07期")) == seventh  # typed full-width, or with a zero
    assert found("第7期 约谈") == [("工作简报", 2017, "第7期", "约谈进度滞后地区情况")]
    assert found("第11期 供暖") == found("第11期 暖") == [("工作简报", 2017, "第11期", "冬季供暖")]  # LIKE too


def test_an_issue_number_finds_that_issue_only():
    assert found("第1期") == []  # not 增刊第1期, not 第11期
    assert found("第43期") == [] and found("2016年第7期") == [] and found("第3期 供暖") == []
    assert found("第4期") == []


def test_the_hit_shows_the_number_it_was_found_by():
    db = open_database(build_database(numbered_issues()))
    assert [h.marked_number for h in search(db, "总第43期")] == ["2017年第3期（【总第43期】）"]
    assert [h.marked_number for h in search(db, "2017年增刊第1期")] == ["【2017年增刊第1期】"]
    assert [h.marked_number for h in search(db, "增刊第1期")] == ["2017年【增刊第1期】"]
    assert {h.marked_number for h in search(db, "第7期")} == {"2017年【第7期】"}
    assert [h.marked_number for h in search(db, "督导 覆盖")] == ["2017年第3期（总第43期）"]


def corrected(release=INTERNAL):
    issue = demo_issue(number=8, date=datetime.date(2017, 12, 20), status="published", articles=(
        article("校舍建设竣工率持续提高", "校舍建设竣工率达到86%。"), article("内部通报", "核查整改情况。", INTERNAL)))
    return replace(issue, correction=Correction("第一段竣工率应为86%，原印为68%。", datetime.date(2017, 12, 22), release))


def test_the_text_of_a_correction_is_found_with_its_issue():
    db = open_database(build_database([corrected()]))
    hits = search(db, "原印为68%")
    assert [(h.number_label, h.title) for h in hits] == [("第8期", "校舍建设竣工率持续提高")]
    assert hits[0].snippet == "更正（2017年12月22日）：第一段竣工率应为86%，【原印为68%】。"
    assert search(db, "原印") and search(db, "原印为68%", public_only=True) == []  # the reason stays inside
    public = open_database(build_database([corrected(PUBLIC)]))
    assert [h.title for h in search(public, "原印为68%", public_only=True)] == ["校舍建设竣工率持续提高"]
    assert search(public, "原印为68%", public_only=True)[0].snippet.startswith("更正（2017年12月22日）：")


def test_the_issue_note_is_found_with_the_first_article():
    hits = search(db(), "最新进展 供各地参考")
    assert [h.title for h in hits] == ["全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显"]  # the article's own note


def test_a_snippet_is_one_line_with_every_term_marked():
    long = Article("资金和进度", PUBLIC, (), (
        Paragraph((Text("全区落实资金" + "，按计划拨付" * 12 + "。"),)), Paragraph((Text("校舍建设"),)),
        Paragraph((Text("进度" + "稳步推进" * 10 + "，年底前全部竣工。"),)),))
    database = open_database(build_database([demo_issue(number=8, date=datetime.date(2017, 12, 20),
                                                        articles=(long,))]))
    fts = search(database, "资金 竣工")[0].snippet  # far apart: two pieces
    assert fts.startswith("全区落实【资金】，") and "…" in fts and fts.endswith("年底前全部【竣工】。")
    like = search(database, "资 竣")[0].snippet  # one-character words go through LIKE, and are marked too
    assert "【资】" in like and "【竣】" in like
    across = search(database, "校舍建设 稳步")[0]  # passages are lines of the text, never of the snippet
    assert "\n" not in across.snippet and "【校舍建设】 进度【稳步】推进" in across.snippet
    title_only = search(database, "进度 资金和")[0]  # a word in the title only is marked there
    assert title_only.marked_title == "【资金和】【进度】" and "【进度】" in title_only.snippet


def test_the_offline_indexes_carry_total_numbers_and_corrections():
    data = archive_entries([corrected(), *numbered_issues()[2:3]])
    first = next(e for e in data if e["t"] == "校舍建设竣工率持续提高")
    assert first["c"] == "更正（2017年12月22日）：第一段竣工率应为86%，原印为68%。"
    assert "c" not in next(e for e in data if e["t"] == "内部通报")
    assert next(e for e in data if e["t"] == "专项督导情况")["z"] == "总第43期"
    # the public site's index holds the notices its pages show, as they show them, and nothing else
    assert "c" not in public_site_entries([corrected()])[0]
    shown = public_view(corrected()).correction
    public = public_site_entries([corrected()], {"gaibo/2017/08": [shown]})
    assert public[0]["c"] == "更正（2017年12月22日）：本期内容已更正，以本版为准。"
    assert "原印为68%" not in json.dumps(public, ensure_ascii=False)
