"""Oversized, alias-bombed and deeply nested files are refused with a message, in bounded time and memory."""

from __future__ import annotations

import resource
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAD = "series: demo\nnumber: 1\ndate: 2017-10-11\n"
GIB = 1 << 30


def _bomb(levels: int, width: int) -> str:
    names = [f"l{i}" for i in range(levels)]
    text = f"{names[0]}: &{names[0]} [{', '.join(['x'] * width)}]\n"
    for prev, name in pairwise(names):
        text += f"{name}: &{name} [{', '.join(['*' + prev] * width)}]\n"
    return text


CASES = {
    # name: (file text, the message's field-and-reason part)
    "oversized": (HEAD + "articles:\n  - title: 标题\n    body: " + "字" * 700_000 + "\n",
                  "（文件）：应为不超过 1000 KB 的文件，实际为2100 KB"),
    "billion_laughs": (_bomb(12, 12), "（文件）：应为不超过 50000 个节点，实际为YAML 别名（&/*）展开后过大"),
    "deep_flow_nesting": (HEAD + "articles: " + "[" * 300_000 + "]" * 300_000 + "\n",
                          "（文件）：应为嵌套不超过 40 层，实际为嵌套过深"),
    "deep_block_nesting": (HEAD + "figures:\n" + "".join("  " * i + f"  k{i}:\n" for i in range(1, 300)) + "  " * 300 + "  x: 1\n",
                           "（文件）：应为嵌套不超过 40 层，实际为嵌套过深"),
    "too_many_nodes": (HEAD + "articles:\n" + "  - 1\n" * 160_000, "（文件）：应为不超过 50000 个节点，实际为超过 50000 个字段和列表项"),
    "pathological_markdown": (HEAD + "articles:\n  - title: 标题\n    body: \"" + "\\\\*_[![`" * 8_000 + "\"\n",
                              "第1篇文章 body：应为不超过 50000 个字，实际为56000 个字"),
    # Just under the limit: accepted, and parsed in bounded time.
    "pathological_markdown_under_limit": (HEAD + "articles:\n  - title: 标题\n    body: '" + "*_\\*[!" * 8_000 + "'\n", None),
}


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


@pytest.mark.parametrize("name", sorted(CASES))
def test_refused_in_bounded_memory_and_time(tmp_path, name):
    text, message = CASES[name]
    (tmp_path / "content" / "series").mkdir(parents=True)
    (tmp_path / "content" / "series" / "demo.yaml").write_text("title: 简报\nissuer: 办公室\n", encoding="utf-8")
    issue = tmp_path / "bulletins" / "demo" / "2017" / "01.yaml"
    issue.parent.mkdir(parents=True)
    issue.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--root", str(tmp_path), "-q"],
                            capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-2000:]
    if message is None:
        assert result.returncode == 0
        return
    assert result.returncode == 1
    [line] = result.stderr.splitlines()[1:]
    assert line.strip().startswith("bulletins/demo/2017/01.yaml") and line.strip().endswith(message), line
