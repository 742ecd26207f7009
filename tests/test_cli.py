"""The command line as an editor meets it: Chinese help, exit codes, no traceback, nothing half-written."""

import ast
import importlib
import re
import subprocess
import sys
import textwrap
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
        "  bulletins/demo/2017/01.yaml:6: 第1篇文章 bdy：应为已知的字段，实际为未知字段「bdy」（是否想写 body？）",
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
    from jianbao.cli.main import main

    for command in ([], ["check"], ["serve"]):
        assert main(["--root", str(tmp_path), *command]) == 1
        assert "不是简报项目：其中没有 content/series/ 和 bulletins/" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no build/ with an empty archive in the wrong folder


@pytest.mark.parametrize("argv0, prog", [
    ("build.py", "python build.py"), ("/x/jianbao/__main__.py", "python -m jianbao"),
    ("/venv/bin/jianbao", "jianbao"), (r"C:\venv\Scripts\jianbao.exe", "jianbao"),
])
def test_usage_lines_name_the_way_the_user_started_us(argv0, prog, monkeypatch, capsys):
    from jianbao.cli import main as cli

    monkeypatch.setattr("sys.argv", [argv0])
    with pytest.raises(SystemExit):
        cli.main(["check", "--help"])
    assert capsys.readouterr().out.startswith(f"用法：{prog} check")


# ---------------------------------------------------------------- the command table

def test_every_command_module_is_in_the_table_and_has_help(capsys):
    import jianbao
    from jianbao.cli import main as cli

    commands = {p.stem for p in (Path(jianbao.__file__).parent / "cli").glob("*.py")
                if hasattr(importlib.import_module(f"jianbao.cli.{p.stem}"), "run")}
    assert commands == {module.__name__.rsplit(".", 1)[1] for module in cli.COMMANDS.values()}
    assert list(cli.COMMANDS) == ["build", "check", "press", "search", "publish", "export", "new", "serve", "import"]
    for name, module in cli.COMMANDS.items():
        assert module.HELP and callable(module.add_arguments) and callable(module.run)
        with pytest.raises(SystemExit) as exited:
            cli.main([name, "--help"])
        assert exited.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("用法：") and f" {name} " in out.splitlines()[0] and module.HELP in out


def test_a_missing_command_module_stops_the_program_instead_of_dropping_the_command():
    # The command's module cannot be found, as if its file were missing from an installation.
    script = textwrap.dedent("""\
        import importlib.abc, sys
        class Missing(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name == "jianbao.cli.search":
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        sys.meta_path.insert(0, Missing())
        import jianbao.cli.main
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode != 0 and "ImportError" in done.stderr and "cannot import name 'search'" in done.stderr


def test_exit_codes_come_from_one_set_of_constants():
    from jianbao.cli.exit_codes import ExitCode

    assert [(c.name, int(c)) for c in ExitCode] == [("OK", 0), ("INPUT", 1), ("FAILED", 2), ("BUG", 3)]
    literal = re.compile(r"\b(return|exit)\s*\(?\s*-?\d+\b")
    for path in sorted((ROOT / "jianbao" / "cli").glob("*.py")):
        found = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if literal.search(line)]
        assert found == [], path.name


def test_no_module_imports_the_command_line_back():
    # Outside cli/ nothing imports it (the layers contract says so too); inside, no command
    # imports the table, which imports every command.
    def imported(path):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                yield from (node.module, *(f"{node.module}.{a.name}" for a in node.names))
            elif isinstance(node, ast.Import):
                yield from (a.name for a in node.names)

    package = ROOT / "jianbao"
    offenders = []
    for path in sorted(package.rglob("*.py")):
        inside = path.parent == package / "cli"
        banned = "jianbao.cli.main" if inside else "jianbao.cli"
        if path.name not in ("__main__.py", "main.py") and any(
                name == banned or name.startswith(banned + ".") for name in imported(path)):
            offenders.append(path.relative_to(package).as_posix())
    assert offenders == []


def test_the_next_steps_after_new_name_the_program_as_started(tmp_path, monkeypatch, capsys):
    from jianbao.cli import main as cli

    copy_samples(tmp_path)
    monkeypatch.setattr("sys.argv", ["/x/jianbao/__main__.py"])
    assert cli.main(["new", "dudao", "--date", "2017-12-28", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "  2. python -m jianbao check bulletins/dudao/2017/04.yaml" in out
    assert "  4. python -m jianbao bulletins/dudao/2017/04.yaml" in out and "build.py" not in out
