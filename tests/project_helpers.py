"""Build throwaway projects on disk for pipeline and validation tests."""

from __future__ import annotations

import contextlib
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

from jianbao.errors import InputError
from jianbao.pipeline.build import check
from jianbao.project import Project

ROOT = Path(__file__).resolve().parents[1]

SERIES = """\
title: 工作简报
issuer: 测试办公室
distribution:
  - {label: 报, to: 上级单位}
copies: 10
"""


def make_project(tmp_path: Path, issues: dict[str, str], series: dict[str, str] | None = None) -> Project:
    """Write series and issue files (YAML text, dedented) under tmp_path; returns the project."""
    for name, text in (series or {"demo": SERIES}).items():
        path = tmp_path / "content" / "series" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for rel, text in issues.items():
        path = tmp_path / "bulletins" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return Project(tmp_path)


def copy_samples(tmp_path: Path) -> Project:
    """The project's own sample series and bulletins, in a scratch folder."""
    for folder in ("content", "bulletins"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(tmp_path)


def problems_of(project: Project) -> list[str]:
    """Every problem the project's files have, as the lines an editor reads."""
    try:
        check(project)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return []


def issue(body: str = "", **fields) -> str:
    """A minimal valid issue with extra top-level YAML appended."""
    head = "series: demo\nnumber: 1\ndate: 2017-10-11\n"
    return head + textwrap.dedent(body)


@contextlib.contextmanager
def running_preview(project: Project, interval: float) -> Iterator:
    """A preview server of the project on a free loopback port; what it says is in `.lines`."""
    from jianbao.serve.preview import PreviewServer

    lines: list[str] = []
    server = PreviewServer(project, "127.0.0.1", 0, interval=interval, say=lines.append)
    server.start()
    server.lines = lines
    try:
        yield server
    finally:
        server.stop()


def series_only(root: Path) -> Project:
    """A project with the sample series and no bulletins: drafts land in an empty archive."""
    shutil.copytree(ROOT / "content", root / "content")
    return Project(root)


def search_entries(site: Path) -> list[dict]:
    """Every entry of a site's offline search (build/ or build/public/): the shards its home page lists."""
    import json
    import re

    from jianbao.archive.search import shard_entries

    page = (site / "index.html").read_text(encoding="utf-8")
    names = json.loads(re.search(r'<script type="application/json" id="search-shards">(.*?)</script>',
                                 page, re.S).group(1))
    return [entry for name in names for entry in shard_entries((site / name).read_bytes())]
