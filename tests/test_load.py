"""Reading YAML safely: encodings, syntax, duplicate keys, tags, alias bombs and size limits."""

from itertools import pairwise
from pathlib import Path

import pytest

from jianbao.reader.load import MAX_FILE_BYTES, load_file, parse

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in pairwise("abcdefghi"))


def messages(text: str) -> list[str]:
    return [str(p) for p in parse(text, "f.yaml")[1]]


def test_lines_of_keys_and_block_text():
    doc, problems = parse("a: 1\nb:\n  - x\n  - y\nc: |\n  first\n  second\n", "f.yaml")
    assert problems == []
    assert doc.line(("b", 1)) == 4 and doc.line(("c",)) == 5 and doc.text_line(("c",)) == 6
    assert doc.line(("b", 1, "deeper")) == 4  # the nearest ancestor answers


def test_floats_keep_their_digits():
    doc, _ = parse("a: 162.70\nb: 73\n", "f.yaml")
    assert str(doc.data["a"]) == "162.70" and doc.data["b"] == 73


def test_duplicate_key():
    assert messages("a: 1\nb: 2\na: 3\n") == [
        "f.yaml:3: a：应为不重复的键，实际为重复的键「a」（第一次出现在第 1 行）"]


def test_python_tags_are_refused():
    assert messages("a: !!python/object/apply:os.system [ls]\n") == [
        "f.yaml:1: a：应为普通的值（文字、数字、日期、列表、键值对），实际为不支持的 YAML 标签 !!python/object/apply:os.system"
        "（出于安全考虑，不接受 !! 标签）"]


def test_tab_indentation():
    assert messages("a:\n\tb: 1\n") == [
        "f.yaml:2: （文件）：应为合法的 YAML，实际为行内含制表符（Tab）（YAML 只能用空格缩进，请把 Tab 换成空格）"]


def test_alias_bomb_stops_quickly():
    assert messages(BOMB) == ["f.yaml:1: （文件）：应为不超过 50000 个节点，实际为YAML 别名（&/*）展开后过大"]


def test_deep_nesting():
    assert messages("a: " + "[" * 60 + "]" * 60 + "\n") == ["f.yaml:1: （文件）：应为嵌套不超过 40 层，实际为嵌套过深"]


def test_empty_file():
    assert messages("# 只有注释\n") == ["f.yaml:1: （文件）：应为YAML 内容，实际为空文件"]


def test_impossible_date():
    assert messages("date: 2017-02-30\n") == ["f.yaml:1: date：应为存在的日期（年-月-日），实际为「2017-02-30」"]


def test_bom_is_fine_and_gbk_is_explained(tmp_path: Path):
    good = tmp_path / "bom.yaml"
    good.write_bytes("\ufeffa: 简报\n".encode("utf-8"))
    assert load_file(good, "bom.yaml")[0].data == {"a": "简报"}
    bad = tmp_path / "gbk.yaml"
    bad.write_bytes("a: 1\nb: 简报\n".encode("gbk"))
    doc, problems = load_file(bad, "gbk.yaml")
    assert doc is None and [str(p) for p in problems] == [
        "gbk.yaml:2: （文件）：应为UTF-8 编码的文本，实际为无法按 UTF-8 解码的字节（文件可能是 GBK 编码：请在编辑器中“另存为 UTF-8”）"]


def test_oversized_file_is_refused_before_parsing(tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    doc, problems = load_file(big, "big.yaml")
    assert doc is None and "应为不超过 1000 KB 的文件" in str(problems[0])


@pytest.mark.parametrize("text", ["a: [1\n", "a: b: c\n", "- a\nb: 1\n", "a: 'x\n"])
def test_syntax_errors_name_a_line(text):
    [message] = messages(text)
    assert message.startswith("f.yaml:") and "应为合法的 YAML" in message


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[1] / "bulletins").rglob("*.yaml"))
                         + sorted((Path(__file__).parent / "bad_inputs").rglob("*.yaml")), ids=str)
def test_libyaml_and_python_loaders_agree(path, monkeypatch):
    """The fast path is an optimisation only: same values, lines and problems as the reference loader."""
    import jianbao.reader.load as load

    raw = path.read_bytes()
    fast = load.load_file(path, "f.yaml")
    monkeypatch.setattr(load, "_FAST_LOADER", None)
    slow = load.load_file(path, "f.yaml")
    assert [str(p) for p in fast[1]] == [str(p) for p in slow[1]], raw[:200]
    if slow[0] is not None:
        assert repr(fast[0].data) == repr(slow[0].data)
        assert fast[0].key_lines == slow[0].key_lines and fast[0].value_lines == slow[0].value_lines
