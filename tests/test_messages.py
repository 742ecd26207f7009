"""Messages that misled: a table's names, a number YAML read as text, a follow-on, an unrelated "did you mean", a trailing newline."""

from __future__ import annotations

from jianbao.reader.paths import field_path
from jianbao.reader.schema import close_match

from project_helpers import ROOT, issue, make_project, problems_of

FILE = "bulletins/demo/2017/01.yaml"


def problems(tmp_path, body: str) -> list[str]:
    return problems_of(make_project(tmp_path, {"demo/2017/01.yaml": issue(body)}))


TABLE = """\
figures:
  t:
    label: 各地进度
    unit: "%"
    columns: [竣工率, 竣工率]
    rows:
      " ": [1, 2]
      "喀什 ": [3, 4]
      喀什: [5, 6]
      "": [7, 8]
articles:
  - title: 全区工作
    body: |
      喀什竣工率为{{ t.喀什.竣工率 }}。
    tables: [t]
"""


def test_a_tables_names_blank_or_repeated_are_errors(tmp_path):
    assert problems(tmp_path, TABLE) == [
        f"{FILE}:8: figures.t.columns 第2列：应为不重复的列名，实际为「竣工率」（与第 1 个重复）",
        f"{FILE}:10: figures.t.rows. ：应为非空的行名，实际为空白",
        f"{FILE}:12: figures.t.rows.喀什：应为不重复的行名，实际为「喀什」（与第 2 个重复）（名字前后的空格不算）",
        f"{FILE}:13: figures.t.rows.：应为非空的行名，实际为空字符串"]


def test_a_number_yaml_read_as_text_says_so(tmp_path):
    figure = "figures:\n  v:\n    label: 数\n    value: {}\narticles:\n  - title: 全区工作\n"
    assert problems(tmp_path, figure.format("1e300")) == [
        f"{FILE}:7: figures.v.value：应为数字，实际为「1e300」（YAML 把「1e300」读成了文字而不是数字，"
        "这种科学计数法加不加引号都是文字：请直接写出数字，不超过 15 位整数）"]
    assert problems(tmp_path, figure.format("1e3")) == [
        f"{FILE}:7: figures.v.value：应为数字，实际为「1e3」（YAML 把「1e3」读成了文字而不是数字，"
        "这种科学计数法加不加引号都是文字：请直接写出数字，如 1000）"]
    assert problems(tmp_path, figure.format("1,000")) == [
        f"{FILE}:7: figures.v.value：应为数字，实际为「1,000」（数字不要用逗号分隔千位，也不要加引号）"]
    assert problems(tmp_path, figure.format('"73%"')) == [
        f"{FILE}:7: figures.v.value：应为数字，实际为「73%」（数字不要加引号或单位，单位写在 unit 字段）"]


def test_a_broken_figures_field_adds_no_follow_on(tmp_path):
    body = """\
    figures:
      - t
    articles:
      - title: 全区工作{{ t.count }}
        body: |
          正文。
        tables: [t]
        charts:
          - {kind: ranking, figures: [t]}
    """
    assert problems(tmp_path, body) == [f"{FILE}:4: figures：应为键值对（数字名: 定义），实际为列表（1 项）"]


def test_did_you_mean_only_for_a_close_word(tmp_path):
    assert problems(tmp_path, "sources: 教育厅\narticles:\n  - title: 全区工作\n") == [
        f"{FILE}:4: sources：应为已知的字段，实际为未知字段「sources」（可用的字段：series、number、total、supplement、"
        "date、status、copies、note、figures、articles、correction、cover、secrecy、secrecy_period、urgency、signers）"]
    assert [close_match(word, ["series", "status", "note", "signers", "secrecy", "body", "title"])
            for word in ("seris", "statu", "notes", "signer", "secret", "bdy", "series_id", "service", "times")] == [
        "series", "status", "note", "signers", "secrecy", "body", "series", None, None]


def test_a_blocks_final_line_break_is_not_counted(tmp_path):
    body = "articles:\n  - title: 全区工作\n    highlights:\n      - |\n        领句。" + "字" * 3997 + "\n"
    assert problems(tmp_path, body) == []
    assert problems(tmp_path, body.replace("字\n", "字字\n")) == [
        f"{FILE}:7: 第1篇文章 highlights 第1条：应为不超过 4000 个字，实际为4001 个字"]


def test_the_format_reference_states_every_length_limit():
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for limit in ("`issuer` and `program` 60", "a `label` of 40 characters"):
        assert limit in text


def test_a_field_path_counts_list_items_from_one_as_an_editor_does():
    assert [field_path(p) for p in [
        ("articles", 0), ("articles", 0, "body"), ("articles", 0, "highlights", 2, "lead"),
        ("articles", 1, "charts", 0, "figures", 0), ("figures", "t", "columns", 1), ("figures", "t", "rows", "喀什", 1),
        ("figures", "x", "values", 2018), ("distribution", 0, "label"), ("layout", "red"), ("articles",)]] == [
        "第1篇文章", "第1篇文章 body", "第1篇文章 highlights 第3条 lead", "第2篇文章 charts 第1项 figures 第1项",
        "figures.t.columns 第2列", "figures.t.rows.喀什 第2列", "figures.x.values.2018", "distribution 第1行 label",
        "layout.red", "articles"]
