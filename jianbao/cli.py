"""The command line: parses arguments, calls the pipeline, and turns project errors into messages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import InputError, JianbaoError
from .pipeline import Project, build, check

EXIT_OK, EXIT_INPUT, EXIT_FAILED = 0, 1, 2

DESCRIPTION = """简报生成工具：把每期简报的 YAML 文件生成为 Word 文档和网页。

用法：
  python build.py                 生成全部简报，输出到 build/<系列>/<年>/<期>/
  python build.py 文件.yaml …     只生成指定的几期
  python build.py check [文件…]   只检查，不生成任何文件
"""


ARGPARSE_CHINESE = {
    "unrecognized arguments": "无法识别的参数",
    "the following arguments are required": "缺少参数",
    "expected one argument": "需要一个值",
    "invalid choice": "无效的选项",
    "argument ": "参数 ",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's English usage errors, said in Chinese
        for english, chinese in ARGPARSE_CHINESE.items():
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        print(f"参数错误：{message}（用 --help 查看用法）", file=sys.stderr)
        sys.exit(EXIT_INPUT)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python build.py", description=DESCRIPTION, add_help=False,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("command", nargs="?", choices=["build", "check"], default="build",
                        help="build（默认）生成；check 只检查")
    parser.add_argument("paths", nargs="*", type=Path, metavar="文件", help="要处理的简报文件（默认：bulletins/ 下全部）")
    parser.add_argument("--root", type=Path, default=Path("."), help="项目目录（默认：当前目录）")
    parser.add_argument("--out", type=Path, default=None, help="输出目录（默认：<项目目录>/build）")
    parser.add_argument("-q", "--quiet", action="store_true", help="只显示错误")
    return parser


def _split_command(argv: list[str]) -> list[str]:
    """`python build.py a.yaml` means `build a.yaml`: a first word that is no command is a path."""
    if argv and not argv[0].startswith("-") and argv[0] not in ("build", "check"):
        return ["build"] + argv
    return argv


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_intermixed_args(_split_command(list(sys.argv[1:] if argv is None else argv)))
    project = Project(args.root, args.out)
    say = (lambda *a: None) if args.quiet else print
    try:
        if args.command == "check":
            issues = check(project, args.paths or None)
            say(f"检查通过：{len(issues)} 期简报没有发现问题。")
            return EXIT_OK
        written = build(project, args.paths or None,
                        progress=lambda issue: say(f"正在生成 {issue.series.title} {issue.year}年{issue.number_label} …"))
        for path in written:
            say(project.name(path) if path.is_relative_to(project.root) else path)
        say(f"完成：写入 {len(written)} 个文件。")
        return EXIT_OK
    except InputError as exc:
        print(f"发现 {len(exc.problems)} 个问题，未生成任何文件：", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INPUT
    except JianbaoError as exc:
        print(f"生成失败：{exc}", file=sys.stderr)
        return EXIT_FAILED
