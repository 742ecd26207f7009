"""The command line: one table of commands over the public API (api.py); errors become messages and exit codes."""

from __future__ import annotations

import argparse
import gc
import sys
import traceback
from types import ModuleType

from jianbao.cli import build as cli_build
from jianbao.cli import check as cli_check
from jianbao.cli import export as cli_export
from jianbao.cli import import_ as cli_import
from jianbao.cli import new as cli_new
from jianbao.cli import press as cli_press
from jianbao.cli import publish as cli_publish
from jianbao.cli import search as cli_search
from jianbao.cli import serve as cli_serve
from jianbao.cli.args import ChineseParser, add_common_options, program_name
from jianbao.cli.exit_codes import ExitCode
from jianbao.cli.terminal import Reporter, prepare_streams
from jianbao.errors import InputError, JianbaoError
from jianbao.project import BULLETINS_DIR, SERIES_DIR, Project
from jianbao.reader.load import os_reason

DESCRIPTION = """简报生成工具：把每期简报的 YAML 文件生成为 Word 文档和网页。

常用：
  python build.py                 生成全部简报，输出到 build/<系列>/<年>/<期>/
  python build.py 文件.yaml …     只生成指定的几期
  python build.py check [文件…]   只检查，不生成任何文件
  python build.py search 关键词   全文检索所有简报
  python build.py publish 文件    存档已印发的一期（此后不能再改动，改动须写更正）
  python build.py export --year 2017   导出一年（或 --series 一个系列）的存档包，供档案系统导入
  python build.py 命令 --help     查看某个命令的用法
"""

# Every command, in the order --help lists them. Each module has HELP, add_arguments(parser) and
# run(args, project, report) -> ExitCode; args.program is the program's name for usage lines.
COMMANDS: dict[str, ModuleType] = {
    "build": cli_build, "check": cli_check, "press": cli_press, "search": cli_search, "publish": cli_publish,
    "export": cli_export, "new": cli_new, "serve": cli_serve, "import": cli_import,
}


def _parser(prog: str = "python build.py") -> argparse.ArgumentParser:
    description = DESCRIPTION.replace("python build.py", prog)
    parser = ChineseParser(prog=prog, description=description, add_help=False)
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=ChineseParser)
    for name, module in COMMANDS.items():
        sub = commands.add_parser(name, prog=f"{prog} {name}", help=module.HELP,
                                  description=module.HELP, add_help=False)
        add_common_options(sub)
        module.add_arguments(sub)
    return parser


def _with_command(argv: list[str], names) -> list[str]:
    """`python build.py a.yaml` means `build a.yaml`: a first word that is no command is a path."""
    if not argv or (argv[0] not in names and argv[0] not in ("-h", "--help")):
        return ["build"] + argv
    return argv


def _internal_error(exc: Exception, project: Project) -> ExitCode:
    """A defect of ours, not of the input: a short message, the details in a file for the maintainers."""
    details = project.error_report
    try:
        details.parent.mkdir(parents=True, exist_ok=True)
        details.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = f"详细信息已写入 {details}，请发给维护人员"
    except OSError:
        where = "请用 --debug 重新运行并把输出发给维护人员"
    print(f"内部错误（程序缺陷，不是简报文件的问题）：{type(exc).__name__}: {exc}。{where}。", file=sys.stderr)
    return ExitCode.BUG


def _folder_problem(args, project: Project) -> str | None:
    """A --root that is no folder or no project, or an --out that cannot be one: said before anything
    runs (a build in the wrong folder would otherwise write an empty archive there)."""
    try:
        if not project.root.is_dir():
            found = "不存在" if not project.root.exists() else "不是文件夹"
            return f"项目目录 {args.root} {found}（用 --root 指定简报项目所在的文件夹）"
        if args.command != "import" and not (project.series_dir.is_dir() or project.bulletins_dir.is_dir()):
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


def main(argv: list[str] | None = None) -> ExitCode:
    if argv is None:  # a process of its own (not a test calling in): what is imported lives to its end
        # Frozen, the collector stops walking the modules at each full collection: those a rebuild
        # of a large archive makes as its catalog grows cost it a tenth of its time (issue 21).
        gc.freeze()
    prepare_streams()
    argv = _with_command(list(sys.argv[1:] if argv is None else argv), COMMANDS)
    program = program_name(sys.argv[0])
    args = _parser(program).parse_args(argv)
    args.program = program
    project = Project(args.root, args.out)
    report = Reporter(quiet=args.quiet, verbose=args.verbose)
    problem = _folder_problem(args, project)
    if problem:
        report.error(problem)
        return ExitCode.INPUT
    try:
        return COMMANDS[args.command].run(args, project, report)
    except InputError as exc:
        report.error(f"发现 {len(exc.problems)} 个问题，未生成任何文件：")
        for problem in exc.problems:
            report.error(f"  {problem}")
        return ExitCode.INPUT
    except JianbaoError as exc:
        report.error(f"生成失败：{exc}")
        return ExitCode.FAILED
    except KeyboardInterrupt:
        report.error("已中断：本次没有写入的文件保持原样。")
        return ExitCode.FAILED
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        if args.debug:
            raise
        return _internal_error(exc, project)
