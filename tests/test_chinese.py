"""Chinese text (jianbao.chinese): width, soft line breaks, headline lines under the no-break rules,
and the Word and HTML renderers printing the very same headline lines and joined text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianbao.chinese import (
    NO_LINE_END,
    NO_LINE_START,
    can_break_between,
    clip_to_columns,
    columns,
    em_width,
    headline_lines,
    is_wide,
    join_soft_breaks,
)
from jianbao.model import PUBLIC, Article, Paragraph, Text
from jianbao.render.html.bulletin import render_html
from jianbao.render.word.bulletin import render_docx

from html_fakes import fake_charts
from html_tree import parse
from model_fixtures import demo_issue
from test_word import Docx, text_of

# Word broke this into two balanced lines; HTML greedily into 全力攻坚 / the 27-character rest,
# which the browser wrapped again: three lines on screen.
USED_TO_DIFFER = "全力攻坚 关于进一步加强农村义务教育薄弱学校改造工作资金监管的通知"


# ---------------------------------------------------------------- width

def test_wide_characters_take_an_em_and_two_columns():
    assert em_width("简报") == 2 and columns("简报") == 4
    assert columns("，。（）") == 8  # fullwidth punctuation
    assert columns("ＡＢ") == 4  # fullwidth Latin
    assert columns("ｶﾅ") == 2  # halfwidth katakana
    assert columns("“全面改薄”") == 12 and em_width("……——") == 4  # ambiguous punctuation is wide
    assert columns("①Ⅱ×") == 6  # and so are ambiguous numerals and symbols


def test_ascii_and_ambiguous_letters_are_narrow():
    assert columns("[1/2] 2017 abc") == 14 and em_width("abcd") == 2
    assert columns("éαд") == 3  # ambiguous letters stay narrow: Latin, Greek, Cyrillic
    assert not is_wide(" ") and not is_wide("a") and is_wide("中")


def test_combining_and_format_marks_take_no_room():
    assert columns("e\u0301") == 1 and em_width("e\u0301") == 0.5  # e + combining acute accent
    assert columns("👍\u200d") == 2  # a zero-width joiner
    assert columns("\u20dd") == 0  # an enclosing mark
    assert columns("[1/2] 正在生成 第7期") == 20


def test_clipping_counts_columns_and_keeps_combining_marks_with_their_letter():
    assert clip_to_columns("简报简报", 5) == "简报"
    assert clip_to_columns("ab简", 3) == "ab"
    assert clip_to_columns("ae\u0301简", 2) == "ae\u0301"
    assert clip_to_columns("short", 80) == "short"
    assert columns(clip_to_columns("工作简报 " * 20, 37)) <= 37


# ---------------------------------------------------------------- soft line breaks

@pytest.mark.parametrize("source, joined", [
    ("第一行\n第二行，Hello\nworld。\n", "第一行第二行，Hello world。"),
    ("达到\n73%，设备\n采购 and\nmore", "达到73%，设备采购 and more"),
    ("他说：\n“全面改薄”\n成效明显", "他说：“全面改薄”成效明显"),  # quotes count as Chinese
    ("café\nau lait", "café au lait"),  # an accented letter is Latin
    ("  甲 \n\t乙  ", "  甲乙  "),  # blanks around the break go with it, others stay
    ("\n甲\n", "甲"),
    ("Hello \n \n world", "Hello world"),
])
def test_a_soft_break_vanishes_beside_chinese_and_is_a_space_between_latin_words(source, joined):
    assert join_soft_breaks(source) == joined


# ---------------------------------------------------------------- headline lines

def test_headline_breaks_at_the_phrase_space_into_balanced_lines():
    assert headline_lines("全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显", 20) == \
        ["全力攻坚 不懈奋战", "自治区“全面改薄”工作成效明显"]
    assert headline_lines("冲刺收官 全区“全面改薄”主要指标持续向好", 20) == \
        ["冲刺收官", "全区“全面改薄”主要指标持续向好"]
    assert headline_lines("约谈进度滞后地区情况", 20) == ["约谈进度滞后地区情况"]
    assert headline_lines("  ", 20) == [] and headline_lines("", 20) == []


def test_a_phrase_longer_than_a_line_is_cut_once_into_even_halves():
    long = "关于进一步加强农村义务教育薄弱学校改造工作资金监管和项目管理的通知"
    lines = headline_lines(long, 20)
    assert "".join(lines) == long and len(lines) == 2
    assert abs(len(lines[0]) - len(lines[1])) <= 1
    assert headline_lines(USED_TO_DIFFER, 20) == ["全力攻坚 关于进一步加强农村义务教", "育薄弱学校改造工作资金监管的通知"]


def test_spaces_are_preferred_to_breaks_inside_a_phrase_even_at_the_cost_of_a_line():
    # Two lines of 18 would need a cut inside a phrase; three keep every phrase whole.
    title = "全面改善薄弱学校办学条件 加快推进义务教育均衡发展 工作推进会议在京召开"
    assert headline_lines(title, 20) == ["全面改善薄弱学校办学条件", "加快推进义务教育均衡发展", "工作推进会议在京召开"]


def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one():
    # Cut evenly (8 + 8), the first line would end with “, or the second start with ，.
    assert headline_lines("一二三四五六七“八九十一二三四五", 10) == ["一二三四五六七", "“八九十一二三四五"]
    assert headline_lines("一二三四五六七八，九十一二三四五", 10) == ["一二三四五六七", "八，九十一二三四五"]
    assert headline_lines("一二三四五六七八——九十一二三四", 10) == ["一二三四五六七", "八——九十一二三四"]


def test_figures_and_latin_words_are_not_split():
    lines = headline_lines("全区校舍建设竣工率达到百分之85.6%设备到位率显著提高", 12)
    assert all("85.6%" in line or "8" not in line for line in lines)
    assert headline_lines("A" * 50 + " 中", 20) == ["A" * 50, "中"]  # no room, but never a cut word


def test_a_run_that_cannot_be_broken_stays_one_line():
    assert headline_lines("，" * 30, 20) == ["，" * 30]


def _rejoins(lines: list[str], text: str) -> bool:
    """The lines, joined by the dropped space or by nothing, give back `text` (spaces collapsed)."""
    text, pos = " ".join(text.split()), 0
    for i, line in enumerate(lines):
        if i and text.startswith(" ", pos):
            pos += 1
        elif i and not can_break_between(text[pos - 1], text[pos]):
            return False  # a break without a space must be an allowed one
        if not text.startswith(line, pos):
            return False
        pos += len(line)
    return pos == len(text)


def _breakable(line: str) -> bool:
    for p in range(1, len(line)):
        if line[p] == " " and line[p - 1] not in NO_LINE_END and line[p + 1] not in NO_LINE_START:
            return True
        if " " not in line[p - 1:p + 1] and can_break_between(line[p - 1], line[p]):
            return True
    return False


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(alphabet="全面改薄工作成效明显自治区“”‘’，。、：（）《》…—2017.5%ab \u0301", max_size=80),
       st.sampled_from([6, 10, 20]))
def test_headline_lines_keep_the_no_break_rules_and_give_back_the_text(title, max_em):
    lines = headline_lines(title, max_em)
    assert _rejoins(lines, title)
    assert all(line and line == line.strip() for line in lines)
    assert not any(line[0] in NO_LINE_START for line in lines[1:])
    assert not any(line[-1] in NO_LINE_END for line in lines[:-1])
    # Wider than a line only where nothing could be broken.
    assert all(em_width(line) <= max_em or not _breakable(line) for line in lines)


# ---------------------------------------------------------------- the renderers agree

def _issue_with(title: str, text: str = "正文。"):
    return demo_issue(articles=(Article(title, PUBLIC, (), (Paragraph((Text(text),)),)),), note=())


def _word_headline_lines(issue) -> list[str]:
    return text_of(Docx(render_docx(issue, {})).paragraphs("JBHeadline")[0]).split("\n")


def _html_headline_lines(issue) -> list[str]:
    page = next(a for a in render_html(issue, fake_charts(issue), single_file=True) if a.path.endswith(".html"))
    h2 = parse(page.data.decode("utf-8")).find("h2", "headline")
    lines, current = [], ""
    for child in h2.children:
        if isinstance(child, str):
            current += child
        else:
            assert child.tag == "br"
            lines.append(current)
            current = ""
    return lines + [current]


@pytest.mark.parametrize("title", [
    USED_TO_DIFFER,
    "全力攻坚 不懈奋战 自治区“全面改薄”工作成效明显",
    "自治区全面改薄工作成效明显 主要指标 持续向好",  # HTML filled the first line, Word balanced
])
def test_word_and_html_break_a_headline_into_the_same_lines(title):
    word = _word_headline_lines(_issue_with(title))
    assert word == _html_headline_lines(_issue_with(title)) == headline_lines(title, 20)
    assert len(word) > 1


def test_word_and_html_join_soft_breaks_alike():
    issue = _issue_with("标题", "达到\n73%，设备\n采购 and\nmore。")
    word = text_of(Docx(render_docx(issue, {})).paragraphs("JBBody")[0])
    html = parse(next(a for a in render_html(issue, {}, single_file=True)).data.decode()).find("main")
    paragraph = re.sub(r"\s+", " ", html.find("p").text())
    assert word == paragraph == "达到73%，设备采购 and more。"
