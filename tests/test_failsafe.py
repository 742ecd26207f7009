"""Files named on the command line fail safe: links out of the project are not read, a copy of an
issue kept elsewhere cannot overwrite it, and every odd path gets one Chinese line, never a traceback."""

from __future__ import annotations

import builtins
import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jianbao.errors import InputError
from jianbao.pipeline import Project, check, read_catalog
from project_helpers import ROOT, issue, make_project

ARTICLE = "articles:\n  - title: 标题\n    body: 正文。\n"
SECRET = "secret: 只在项目之外的机密第一行\n"
HEADER = "发现 1 个问题，未生成任何文件："
LINK_OUT = "（文件）：应为项目目录内的文件，实际为指向项目之外的符号链接（出于安全考虑不读取；请把文件复制到项目中）"
MISSING = "（文件）：应为存在的简报文件（.yaml），实际为找不到该文件"
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="symbolic links, pipes and modes as on POSIX")


def run(*args, cwd: Path):
    """The real command line; bounded, so a build that would hang on a file fails instead."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def problems(project: Project, selected) -> list[str]:
    try:
        read_catalog(project, selected)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return []


# ---------------------------------------------------------------- 5. and odd paths: one line each


def test_a_file_without_read_permission_is_said_in_chinese(tmp_path, monkeypatch):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE)})
    locked = project.root / "bulletins/demo/2017/01.yaml"
    real_open = os.open

    def deny(path, *args, **kwargs):
        if Path(os.fsdecode(path)) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    assert problems(project, [locked]) == [
        "bulletins/demo/2017/01.yaml: （文件）：应为可读取的文件，实际为没有读取权限（请检查文件的权限，或是否被其他程序独占打开）"]


@POSIX_ONLY
def test_a_pipe_in_bulletins_does_not_hang_a_full_build(tmp_path):
    make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE)})
    os.mkfifo(tmp_path / "bulletins/demo/2017/02.yaml")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        HEADER, "  bulletins/demo/2017/02.yaml: （文件）：应为可读取的文件，实际为设备或管道等特殊文件，不是普通文件"]


@pytest.mark.parametrize("kind", ["missing", "folder", pytest.param("pipe", marks=POSIX_ONLY)])
def test_import_of_an_odd_file_is_one_line(tmp_path, kind):
    make_project(tmp_path, {})
    given, found = {"missing": ("nope.docx", "找不到该文件"), "folder": ("content", "文件夹，不是文件"),
                    "pipe": ("pipe.txt", "设备或管道等特殊文件，不是普通文件")}[kind]
    if kind == "pipe":
        os.mkfifo(tmp_path / given)
    result = run("import", given, cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()) == (1, [f"未导入：无法读取 {given}：{found}"])
