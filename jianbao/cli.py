"""The command line: parses arguments, calls the pipeline, and turns project errors into messages."""

from __future__ import annotations

import argparse
import datetime
import importlib
import sys
import traceback
from pathlib import Path
from types import ModuleType

from .errors import InputError, JianbaoError
from .load import os_reason
from .pipeline import BULLETINS_DIR, SERIES_DIR, Project, build, check
from .progress import Reporter, prepare_streams
from .rendering import RenderOptions

EXIT_OK, EXIT_INPUT, EXIT_FAILED, EXIT_BUG = 0, 1, 2, 3

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


def iso_date(text: str) -> datetime.date:
    """An argparse type for dates written 2017-10-11, with the complaint in Chinese."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 年-月-日（如 2017-10-11），实际为「{text}」") from None


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
    parser.add_argument("-v", "--verbose", action="store_true", help="显示写入的每个文件")
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def program_name(argv0: str) -> str:
    """How the user started us, for usage lines: a checkout's build.py, `python -m jianbao`, or the
    `jianbao` command a wheel installs."""
    name = Path(argv0).name
    if name == "build.py":
        return "python build.py"
    return "python -m jianbao" if name == "__main__.py" else "jianbao"


def _parser(extra: dict[str, ModuleType], prog: str = "python build.py") -> argparse.ArgumentParser:
    description = DESCRIPTION.replace("python build.py", prog)
    parser = _Parser(prog=prog, description=description, add_help=False)
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=_Parser)
    for name, help_text in (("build", "生成简报（默认命令）"), ("check", "只检查，不生成任何文件")):
        sub = commands.add_parser(name, prog=f"{prog} {name}", help=help_text,
                                  description=help_text, add_help=False)
        _common(sub)
        sub.add_argument("paths", nargs="*", type=Path, metavar="文件",
                         help="要处理的简报文件（默认：bulletins/ 下全部）")
        sub.add_argument("--strict", action="store_true", help="期号不连续、版式偏差等警告也按错误处理")
        if name == "build":
            sub.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 把 Word 文档转为 PDF（字体嵌入）")
            sub.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                             help="同时生成的进程数（默认：CPU 核数）")
    for name, module in extra.items():
        sub = commands.add_parser(name, prog=f"{prog} {name}", help=module.HELP,
                                  description=module.HELP, add_help=False)
        _common(sub)
        module.add_arguments(sub)
    return parser


def _with_command(argv: list[str], names) -> list[str]:
    """`python build.py a.yaml` means `build a.yaml`: a first word that is no command is a path."""
    if not argv or (argv[0] not in names and argv[0] not in ("-h", "--help")):
        return ["build"] + argv
    return argv


def _run_build(args, project: Project, report: Reporter) -> int:
    if args.command == "check":
        issues = check(project, args.paths or None, strict=args.strict, warn=report.warn)
        report.finish(f"检查通过：{len(issues)} 期简报没有发现问题。")
        return EXIT_OK
    options = RenderOptions(pdf=args.pdf, jobs=max(0, args.jobs))
    written = build(project, args.paths or None, progress=report, strict=args.strict, warn=report.warn,
                    options=options)
    for path in written:
        report.file(project.name(path))
    report.finish(f"完成：写入 {len(written)} 个文件（未改变的文件不重写）。")
    return EXIT_OK


def _internal_error(exc: Exception, project: Project) -> int:
    """A defect of ours, not of the input: a short message, the details in a file for the maintainers."""
    details = project.error_report
    try:
        details.parent.mkdir(parents=True, exist_ok=True)
        details.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = f"详细信息已写入 {details}，请发给维护人员"
    except OSError:
        where = "请用 --debug 重新运行并把输出发给维护人员"
    print(f"内部错误（程序缺陷，不是简报文件的问题）：{type(exc).__name__}: {exc}。{where}。", file=sys.stderr)
    return EXIT_BUG


def _folder_problem(args, project: Project) -> str | None:
    """A --root that is no folder or no project, or an --out that cannot be one: said before anything
    runs (a build in the wrong folder would otherwise write an empty archive there)."""
    try:
        if not project.root.is_dir():
            found = "不存在" if not project.root.exists() else "不是文件夹"
            return f"项目目录 {args.root} {found}（用 --root 指定简报项目所在的文件夹）"
        if args.command != "import" and not any(
                (project.root / folder).is_dir() for folder in (SERIES_DIR, BULLETINS_DIR)):
            return (f"{project.root.resolve()} 不是简报项目：其中没有 {SERIES_DIR.as_posix()}/ 和 "
                    f"{BULLETINS_DIR.as_posix()}/ 文件夹。请进入存放简报的项目目录后再运行，"
                    "或用 --root 指定项目目录")
    except OSError as exc:
        return f"项目目录 {args.root} 无法使用：{os_reason(exc)}（用 --root 指定简报项目所在的文件夹）"
    try:
        existing = next(p for p in (project.out, *project.out.parents) if p.exists())
    except OSError as exc:
        return f"输出目录 {args.out} 无法使用：{os_reason(exc)}（用 --out 指定别的输出目录）"
    if not existing.is_dir():
        where = "" if existing == project.out else f"无法创建：{project.name(existing)} "
        return f"输出目录 {args.out} {where}是文件，不是文件夹（用 --out 指定别的输出目录）"
    return None


def main(argv: list[str] | None = None) -> int:
    prepare_streams()
    extra = _extra_commands()
    argv = _with_command(list(sys.argv[1:] if argv is None else argv), {"build", "check", *extra})
    args = _parser(extra, program_name(sys.argv[0])).parse_args(argv)
    project = Project(args.root, args.out)
    report = Reporter(quiet=args.quiet, verbose=args.verbose)
    say = (lambda *a: None) if args.quiet else print
    problem = _folder_problem(args, project)
    if problem:
        report.error(problem)
        return EXIT_INPUT
    try:
        if args.command in extra:
            return extra[args.command].run(args, project, say)
        return _run_build(args, project, report)
    except InputError as exc:
        report.error(f"发现 {len(exc.problems)} 个问题，未生成任何文件：")
        for problem in exc.problems:
            report.error(f"  {problem}")
        return EXIT_INPUT
    except JianbaoError as exc:
        report.error(f"生成失败：{exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        report.error("已中断：本次没有写入的文件保持原样。")
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        if args.debug:
            raise
        return _internal_error(exc, project)
