"""The command line: parses arguments, calls the pipeline, and turns project errors into messages."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType

from .errors import InputError, JianbaoError
from .pipeline import Project, build, check

EXIT_OK, EXIT_INPUT, EXIT_FAILED = 0, 1, 2

DESCRIPTION = """简报生成工具：把每期简报的 YAML 文件生成为 Word 文档和网页。

常用：
  python build.py                 生成全部简报，输出到 build/<系列>/<年>/<期>/
  python build.py 文件.yaml …     只生成指定的几期
  python build.py check [文件…]   只检查，不生成任何文件
  python build.py search 关键词   全文检索所有简报
  python build.py publish 文件    存档已印发的一期（此后不能再改动，改动须写更正）
  python build.py 命令 --help     查看某个命令的用法
"""

# Further commands live in modules jianbao/cli_<name>.py, each with HELP, add_arguments(parser)
# and run(args, project, say) -> exit code.
EXTRA_COMMANDS = ("press", "search", "publish", "new", "serve", "import")

ARGPARSE_CHINESE = {
    "unrecognized arguments": "无法识别的参数",
    "the following arguments are required": "缺少参数",
    "expected one argument": "需要一个值",
    "invalid choice": "无效的选项",
    "argument ": "参数 ",
}


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：")


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs["formatter_class"] = _Formatter
        super().__init__(*args, **kwargs)
        self._optionals.title = "选项"
        self._positionals.title = "参数"

    def error(self, message):  # argparse's English usage errors, said in Chinese
        for english, chinese in ARGPARSE_CHINESE.items():
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        print(f"参数错误：{message}（用 --help 查看用法）", file=sys.stderr)
        sys.exit(EXIT_INPUT)


def _extra_commands() -> dict[str, ModuleType]:
    found = {}
    for name in EXTRA_COMMANDS:
        try:
            found[name] = importlib.import_module(f"jianbao.cli_{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"jianbao.cli_{name}":
                raise
    return found


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("--root", type=Path, default=Path("."), help="项目目录（默认：当前目录）")
    parser.add_argument("--out", type=Path, default=None, help="输出目录（默认：<项目目录>/build）")
    parser.add_argument("-q", "--quiet", action="store_true", help="只显示错误")


def _parser(extra: dict[str, ModuleType]) -> argparse.ArgumentParser:
    parser = _Parser(prog="python build.py", description=DESCRIPTION, add_help=False)
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=_Parser)
    for name, help_text in (("build", "生成简报（默认命令）"), ("check", "只检查，不生成任何文件")):
        sub = commands.add_parser(name, prog=f"python build.py {name}", help=help_text,
                                  description=help_text, add_help=False)
        _common(sub)
        sub.add_argument("paths", nargs="*", type=Path, metavar="文件",
                         help="要处理的简报文件（默认：bulletins/ 下全部）")
        sub.add_argument("--strict", action="store_true", help="期号不连续等警告也按错误处理")
    for name, module in extra.items():
        sub = commands.add_parser(name, prog=f"python build.py {name}", help=module.HELP,
                                  description=module.HELP, add_help=False)
        _common(sub)
        module.add_arguments(sub)
    return parser


def _with_command(argv: list[str], names) -> list[str]:
    """`python build.py a.yaml` means `build a.yaml`: a first word that is no command is a path."""
    if not argv or (argv[0] not in names and argv[0] not in ("-h", "--help")):
        return ["build"] + argv
    return argv


def _warn(message: str) -> None:
    print(f"警告：{message}", file=sys.stderr)


def _run_build(args, project: Project, say) -> int:
    warn = None if args.quiet else _warn
    if args.command == "check":
        issues = check(project, args.paths or None, strict=args.strict, warn=warn)
        say(f"检查通过：{len(issues)} 期简报没有发现问题。")
        return EXIT_OK
    written = build(project, args.paths or None,
                    progress=lambda issue: say(f"正在生成 {issue.series.title} {issue.year}年{issue.number_label} …"),
                    strict=args.strict, warn=warn)
    for path in written:
        say(project.name(path))
    say(f"完成：写入 {len(written)} 个文件。")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    extra = _extra_commands()
    argv = _with_command(list(sys.argv[1:] if argv is None else argv), {"build", "check", *extra})
    args = _parser(extra).parse_args(argv)
    project = Project(args.root, args.out)
    say = (lambda *a: None) if args.quiet else print
    try:
        if args.command in extra:
            return extra[args.command].run(args, project, say)
        return _run_build(args, project, say)
    except InputError as exc:
        print(f"发现 {len(exc.problems)} 个问题，未生成任何文件：", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INPUT
    except JianbaoError as exc:
        print(f"生成失败：{exc}", file=sys.stderr)
        return EXIT_FAILED
