"""`python build.py check [文件…]`: validate every issue (or the given ones) and write nothing."""

from __future__ import annotations

from jianbao import api
from jianbao.cli.args import add_issue_files
from jianbao.cli.exit_codes import ExitCode

HELP = "只检查，不生成任何文件"


def add_arguments(parser) -> None:
    add_issue_files(parser)


def run(args, project, report) -> ExitCode:
    result = api.check(project, args.paths, strict=args.strict, warn=report.warn)
    report.finish(f"检查通过：{len(result.issues)} 期简报没有发现问题。")
    return ExitCode.OK
