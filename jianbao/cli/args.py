"""What the commands' arguments share: the Chinese argument parser, the common options, dates, the program's name."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from jianbao.cli.exit_codes import ExitCode

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


class ChineseParser(argparse.ArgumentParser):
    """An argument parser whose usage, section titles and errors are in Chinese (errors exit INPUT)."""

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
        sys.exit(ExitCode.INPUT)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """The options every command takes: help, the project and output folders, how much to say."""
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("--root", type=Path, default=Path("."), help="项目目录（默认：当前目录）")
    parser.add_argument("--out", type=Path, default=None, help="输出目录（默认：<项目目录>/build）")
    parser.add_argument("-q", "--quiet", action="store_true", help="只显示错误")
    parser.add_argument("-v", "--verbose", action="store_true", help="显示写入的每个文件")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def add_issue_files(parser: argparse.ArgumentParser) -> None:
    """The issue files build and check take (none: every issue), and --strict."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="文件",
                        help="要处理的简报文件（默认：bulletins/ 下全部）")
    parser.add_argument("--strict", action="store_true", help="期号不连续、版式偏差等警告也按错误处理")


def iso_date(text: str) -> datetime.date:
    """An argparse type for dates written 2017-10-11, with the complaint in Chinese."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 年-月-日（如 2017-10-11），实际为「{text}」") from None


def program_name(argv0: str) -> str:
    """How the user started us, for usage lines: a checkout's build.py, `python -m jianbao`, or the
    `jianbao` command a wheel installs."""
    name = Path(argv0).name
    if name == "build.py":
        return "python build.py"
    return "python -m jianbao" if name == "__main__.py" else "jianbao"
