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
from jianbao.pipeline.build import check, read_catalog
from jianbao.project import Project

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


def project_with_secret(tmp_path: Path) -> tuple[Project, Path]:
    """A project with one valid issue, and a file outside it that must never be read."""
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    return make_project(tmp_path / "p", {"demo/2017/01.yaml": issue(ARTICLE)}), secret


def problems(project: Project, selected) -> list[str]:
    try:
        read_catalog(project, selected)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.fixture
def opened(monkeypatch):
    """Every path opened (os.open and open()) from now on, resolved: a refused file must not be among them."""
    seen: list[Path] = []
    real_os_open, real_open = os.open, builtins.open

    def note(path) -> None:
        if isinstance(path, (str, bytes, os.PathLike)):
            try:
                seen.append(Path(os.fsdecode(path)).resolve())
            except (OSError, RuntimeError):
                seen.append(Path(os.fsdecode(path)))

    def spy_os_open(path, *args, **kwargs):
        note(path)
        return real_os_open(path, *args, **kwargs)

    def spy_open(file, *args, **kwargs):
        note(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy_os_open)
    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    return seen


# ---------------------------------------------------------------- 1. links out of the project


@POSIX_ONLY
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_link_named_on_the_command_line_leading_out_is_refused_unread(tmp_path, command):
    project, secret = project_with_secret(tmp_path)
    (project.root / "link.yaml").symlink_to(secret)
    for given in ("link.yaml", project.root / "link.yaml"):
        result = run(command, given, cwd=project.root)
        assert result.returncode == 1, result.stderr
        assert result.stderr.splitlines() == [HEADER, f"  link.yaml: {LINK_OUT}"]
        assert "机密" not in result.stdout + result.stderr
    assert not project.out.exists()


@POSIX_ONLY
@pytest.mark.parametrize("case", ["project_root", "bulletins", "linked_folder", "link_elsewhere", "loop"])
def test_links_leading_out_are_never_opened(tmp_path, opened, case):
    project, secret = project_with_secret(tmp_path)
    folder = project.root / "bulletins" / "demo" / "2017"
    if case == "project_root":
        given = project.root / "link.yaml"
        given.symlink_to(secret)
    elif case == "bulletins":  # found by the scan of bulletins/ and named too: one message
        given = folder / "02.yaml"
        given.symlink_to(secret)
    elif case == "linked_folder":
        (project.root / "bulletins" / "linked").symlink_to(secret.parent, target_is_directory=True)
        given = project.root / "bulletins" / "linked" / "secret.yaml"
    elif case == "link_elsewhere":  # a link outside the project, named by its full path
        given = tmp_path / "elsewhere.yaml"
        given.symlink_to(secret)
    else:
        given = folder / "loop.yaml"
        given.symlink_to(given)
    opened.clear()
    found = problems(project, [given])
    assert len(found) == 1 and "应为项目目录内的文件" in found[0], found
    assert found[0].startswith(project.name(given) + ": ")
    assert "机密" not in found[0]
    assert secret.resolve() not in opened


@POSIX_ONLY
def test_a_link_found_in_bulletins_is_refused_even_when_other_files_are_named(tmp_path, opened):
    project, secret = project_with_secret(tmp_path)
    (project.root / "bulletins" / "passwd.yaml").symlink_to(secret)
    opened.clear()
    assert problems(project, [project.root / "bulletins/demo/2017/01.yaml"]) == [f"bulletins/passwd.yaml: {LINK_OUT}"]
    assert secret.resolve() not in opened


@POSIX_ONLY
def test_links_within_the_project_and_files_named_outside_it_are_read(tmp_path):
    project, _ = project_with_secret(tmp_path)
    (project.root / "link.yaml").symlink_to(project.root / "bulletins/demo/2017/01.yaml")
    assert [i.source for i in check(project, [Path("link.yaml")])] == ["bulletins/demo/2017/01.yaml"]
    kept_elsewhere = tmp_path / "outside" / "02.yaml"
    kept_elsewhere.write_text(issue(ARTICLE).replace("number: 1", "number: 2").replace("10-11", "10-12"),
                              encoding="utf-8")
    assert [i.number for i in check(project, [kept_elsewhere])] == [2]


# ---------------------------------------------------------------- 2. a copy claiming an archived issue


@pytest.mark.parametrize("where", ["other/x.yaml", "aaa/x.yaml", "../elsewhere/x.yaml"])
@pytest.mark.parametrize("date", ["2017-10-01", "2017-10-11", "2017-10-20"])
def test_an_issue_outside_bulletins_claiming_an_archived_number_is_a_duplicate(tmp_path, where, date):
    project = make_project(tmp_path / "p", {
        "demo/2017/01.yaml": issue(ARTICLE),
        "demo/2017/02.yaml": issue(ARTICLE).replace("number: 1", "number: 2").replace("10-11", "10-30"),
    })
    copy = (project.root / where).resolve()
    copy.parent.mkdir(parents=True)
    copy.write_text(issue(ARTICLE).replace("10-11", date[5:]), encoding="utf-8")
    name = project.name(copy)
    assert problems(project, [copy]) == [
        f"{name}:2: number：应为同一系列同一年内不重复的期号，实际为第1期与 bulletins/demo/2017/01.yaml:2 重复"]


def test_a_copy_outside_bulletins_never_overwrites_the_archived_issue(tmp_path):
    project = make_project(tmp_path, {
        "demo/2017/01.yaml": issue(ARTICLE),
        "demo/2017/02.yaml": issue(ARTICLE).replace("number: 1", "number: 2").replace("10-11", "10-30"),
    })
    assert run("build", "-j", "1", cwd=project.root).returncode == 0
    outputs = {p: p.read_bytes() for p in (project.out / "demo/2017/01").rglob("*") if p.is_file()}
    assert outputs
    (project.root / "aaa").mkdir()
    (project.root / "aaa/x.yaml").write_text(issue(ARTICLE.replace("标题", "冒名的标题")).replace("10-11", "10-01"),
                                             encoding="utf-8")
    result = run("build", "aaa/x.yaml", cwd=project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [HEADER, "  aaa/x.yaml:2: number：应为同一系列同一年内不重复的期号，"
                                                  "实际为第1期与 bulletins/demo/2017/01.yaml:2 重复"]
    assert {p: p.read_bytes() for p in (project.out / "demo/2017/01").rglob("*") if p.is_file()} == outputs


# ---------------------------------------------------------------- 5. and odd paths: one line each


@pytest.mark.parametrize("args, name", [
    (["bulletins/nope.yaml"], "bulletins/nope.yaml"),
    (["build", "bulletins/nope.yaml"], "bulletins/nope.yaml"),
    (["check", "nope.yaml"], "nope.yaml"),
    (["press", "nope.yaml"], "nope.yaml"),
    (["publish", "nope.yaml"], "nope.yaml"),
])
def test_a_missing_file_gets_one_message(tmp_path, args, name):
    project = make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE)})
    result = run(*args, cwd=project.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [HEADER, f"  {name}: {MISSING}"]
    assert not project.out.exists()


def _special(tmp_path: Path, kind: str) -> tuple[str, str]:
    """A hostile file for `kind`: (the path to give, the message expected after the name)."""
    if kind == "folder":
        return "bulletins", "（文件）：应为可读取的文件，实际为文件夹，不是文件"
    if kind == "pipe":
        os.mkfifo(tmp_path / "pipe.yaml")
        return "pipe.yaml", "（文件）：应为可读取的文件，实际为设备或管道等特殊文件，不是普通文件"
    if kind == "device":
        return os.devnull, "（文件）：应为可读取的文件，实际为设备或管道等特殊文件，不是普通文件"
    if kind == "gbk":
        (tmp_path / "gbk.yaml").write_bytes(issue(ARTICLE).replace("标题", "工作").encode("gbk"))
        return "gbk.yaml", ("5: （文件）：应为UTF-8 编码的文本，实际为无法按 UTF-8 解码的字节"
                            "（文件可能是 GBK 编码：请在编辑器中“另存为 UTF-8”）")
    if kind == "empty":
        (tmp_path / "empty.yaml").write_bytes(b"")
        return "empty.yaml", "1: （文件）：应为YAML 内容，实际为空文件"
    if kind == "long_name":
        return "a" * 300 + ".yaml", MISSING
    if kind == "unreadable":
        (tmp_path / "locked.yaml").write_text(issue(ARTICLE), encoding="utf-8")
        (tmp_path / "locked.yaml").chmod(0)
        return "locked.yaml", "（文件）：应为可读取的文件，实际为没有读取权限（请检查文件的权限，或是否被其他程序独占打开）"
    if kind == "undecodable_name":
        (tmp_path / os.fsdecode(b"\xfe.yaml")).write_text(issue(ARTICLE), encoding="utf-8")
        return os.fsdecode(b"\xfe.yaml"), "（文件）：应为UTF-8 编码的文件名，实际为无法按 UTF-8 解码的文件名（请重命名该文件）"
    raise AssertionError(kind)


KINDS = ["folder", "gbk", "empty", "long_name",
         pytest.param("pipe", marks=POSIX_ONLY), pytest.param("device", marks=POSIX_ONLY),
         pytest.param("unreadable", marks=pytest.mark.skipif(
             os.name != "posix" or os.geteuid() == 0, reason="root reads any file (see the in-process test)")),
         pytest.param("undecodable_name", marks=pytest.mark.skipif(
             not sys.platform.startswith("linux"), reason="file names are bytes on Linux only"))]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["check", "build"])
def test_hostile_files_named_on_the_command_line_get_one_chinese_line(tmp_path, kind, command):
    make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE)})
    given, message = _special(tmp_path, kind)
    result = run(command, given, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    [header, line] = result.stderr.splitlines()
    assert header == HEADER and line.endswith(message), line
    assert not (tmp_path / "build").exists()


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


def test_root_and_out_that_are_no_folders_are_refused_before_anything_runs(tmp_path):
    make_project(tmp_path, {"demo/2017/01.yaml": issue(ARTICLE)})
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    cases = [
        (["--root", "nowhere"], "项目目录 nowhere 不存在（用 --root 指定简报项目所在的文件夹）"),
        (["check", "--root", "nowhere"], "项目目录 nowhere 不存在（用 --root 指定简报项目所在的文件夹）"),
        (["--root", "a.txt"], "项目目录 a.txt 不是文件夹（用 --root 指定简报项目所在的文件夹）"),
        (["--out", "a.txt"], "输出目录 a.txt 是文件，不是文件夹（用 --out 指定别的输出目录）"),
        (["--out", "a.txt/x"], "输出目录 a.txt/x 无法创建：a.txt 是文件，不是文件夹（用 --out 指定别的输出目录）"),
    ]
    if sys.platform.startswith("linux"):  # where a name over 255 bytes is an error of its own
        cases += [
            (["--root", "r" * 300], f"项目目录 {'r' * 300} 无法使用：过长的文件名（用 --root 指定简报项目所在的文件夹）"),
            (["--out", "o" * 300 + "/x"], f"输出目录 {'o' * 300}/x 无法使用：过长的文件名（用 --out 指定别的输出目录）"),
        ]
    for args, message in cases:
        result = run(*args, cwd=tmp_path)
        assert (result.returncode, result.stderr.splitlines()) == (1, [message]), args
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "build").exists()


@pytest.mark.parametrize("kind", ["missing", "folder", pytest.param("pipe", marks=POSIX_ONLY)])
def test_import_of_an_odd_file_is_one_line(tmp_path, kind):
    make_project(tmp_path, {})
    given, found = {"missing": ("nope.docx", "找不到该文件"), "folder": ("content", "文件夹，不是文件"),
                    "pipe": ("pipe.txt", "设备或管道等特殊文件，不是普通文件")}[kind]
    if kind == "pipe":
        os.mkfifo(tmp_path / given)
    result = run("import", given, cwd=tmp_path)
    assert (result.returncode, result.stderr.splitlines()) == (1, [f"未导入：无法读取 {given}：{found}"])
