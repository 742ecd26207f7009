"""The command line as an editor meets it: Chinese help, exit codes, no traceback, nothing half-written."""

import subprocess
import sys
from pathlib import Path

import pytest

from project_helpers import ROOT, copy_samples, issue, make_project


def run(*args, cwd=None):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *map(str, args)], capture_output=True,
                          text=True, cwd=cwd or ROOT)


def test_help_is_in_chinese():
    result = run("--help")
    assert result.returncode == 0
    assert "用法" in result.stdout and "只检查，不生成任何文件" in result.stdout


def test_check_passes_on_the_samples(tmp_path):
    copy_samples(tmp_path)
    result = run("check", "--root", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "检查通过" in result.stdout
    assert not (tmp_path / "build").exists()


def test_bad_input_exits_1_with_every_problem_and_writes_nothing(tmp_path):
    make_project(tmp_path, {
        "demo/2017/01.yaml": issue("articles:\n  - title: 甲\n    bdy: x\n"),
        "demo/2017/02.yaml": "series: demo\nnumber: 2\ndate: 2017-10-12\narticles:\n\t- title: 乙\n",
    })
    result = run("--root", tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "发现 2 个问题，未生成任何文件：",
        "  bulletins/demo/2017/01.yaml:6: articles[0].bdy：应为已知的字段，实际为未知字段「bdy」（是否想写 body？）",
        "  bulletins/demo/2017/02.yaml:5: （文件）：应为合法的 YAML，实际为行内含制表符（Tab）（YAML 只能用空格缩进，请把 Tab 换成空格）",
    ]
    assert not (tmp_path / "build").exists()


def test_missing_path_is_reported(tmp_path):
    make_project(tmp_path, {})
    result = run("check", "--root", tmp_path, tmp_path / "bulletins" / "nope.yaml")
    assert result.returncode == 1
    assert "bulletins/nope.yaml: （文件）：应为存在的简报文件（.yaml），实际为找不到该文件" in result.stderr


def test_unknown_option_is_explained_in_chinese():
    result = run("--colour")
    assert result.returncode == 1 and "参数错误" in result.stderr


def test_a_folder_that_is_no_project_is_said_and_nothing_is_written(tmp_path, capsys):
    from jianbao.cli import main

    for command in ([], ["check"], ["serve"]):
        assert main(["--root", str(tmp_path), *command]) == 1
        assert "不是简报项目：其中没有 content/series/ 和 bulletins/" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no build/ with an empty archive in the wrong folder


@pytest.mark.parametrize("argv0, prog", [
    ("build.py", "python build.py"), ("/x/jianbao/__main__.py", "python -m jianbao"),
    ("/venv/bin/jianbao", "jianbao"), (r"C:\venv\Scripts\jianbao.exe", "jianbao"),
])
def test_usage_lines_name_the_way_the_user_started_us(argv0, prog, monkeypatch, capsys):
    from jianbao import cli

    monkeypatch.setattr("sys.argv", [argv0])
    with pytest.raises(SystemExit):
        cli.main(["check", "--help"])
    assert capsys.readouterr().out.startswith(f"用法：{prog} check")
