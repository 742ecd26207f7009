"""Proofreading a throwaway project: its findings as the lines an editor reads, on a fixed day."""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap

from jianbao.pipeline.build import check
from jianbao.project import Project

from project_helpers import ROOT, make_project

TODAY = datetime.date(2018, 1, 31)  # tests never read the clock: "today" is this day
FILE = "bulletins/demo/2017/01.yaml"

SLIPS = """\
# 第 1 期：注释保留原样，，
series: demo
number: 1
date: 2017-10-11
status: {status}
articles:
  - title: 全区工作 取得进展   # 标题中的空格是换行提示
    release: public
    body: |
      全区竣工率较高,设备采购 完成率为７３％，，下一步继续推进。

      他说"好"，"另一段仍有问题。
    highlights:
      - "领句。正文\\x41，。"
"""


def cli(root, *args) -> subprocess.CompletedProcess:
    """Run the command line on a project folder."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--root", str(root)],
                          capture_output=True, text=True, cwd=root)


def project_with(tmp_path, status: str = "draft", text: str = SLIPS) -> Project:
    """A project whose one issue is `text` (SLIPS: an issue with slips of every kind) with the given status."""
    return make_project(tmp_path, {"demo/2017/01.yaml": text.format(status=status)})


def findings_of(project: Project, today: datetime.date | None = TODAY) -> list:
    found: list = []
    check(project, today=today, on_finding=found.append)
    return found


def proofread(tmp_path, body: str, head: str = "series: demo\nnumber: 1\ndate: 2017-10-11\n") -> list[str]:
    """The findings of one issue: `head`, then `body` (dedented), as message lines."""
    project = make_project(tmp_path, {"demo/2017/01.yaml": head + textwrap.dedent(body)})
    return [str(f) for f in findings_of(project)]


def article(body: str, title: str = "全区工作取得进展") -> str:
    """An article whose body is `body` (one line, or lines already indented by six spaces): its first line is line 8 of the file."""
    return f"articles:\n  - title: {title}\n    release: public\n    body: |\n      {body}\n"
