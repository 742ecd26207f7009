"""`python build.py check [文件…]`: validate and proofread every issue (or the given ones); --fix mends the mechanical slips."""

from __future__ import annotations

import datetime

from jianbao import api
from jianbao.cli.args import add_issue_files
from jianbao.cli.exit_codes import ExitCode
from jianbao.proofread.fix import shown

HELP = "只检查（含校对），不生成任何文件"


def add_arguments(parser) -> None:
    add_issue_files(parser)
    parser.add_argument("--fix", action="store_true",
                        help="自动改正校对发现的机械性问题（半角标点、全角数字、多余空格、重复标点），"
                             "直接修改简报文件并列出每处改动；需要判断的仍只提示")


def run(args, project, report) -> ExitCode:
    today = datetime.date.today()  # the only clock of a check: everything below is given the date
    if args.fix:
        changes = api.fix(project, args.paths, today=today).changes
        for change in changes:
            report.info(shown(change))
        report.info(f"已自动改正 {len(changes)} 处。" if changes else "没有可以自动改正的地方。")
    result = api.check(project, args.paths, strict=args.strict, warn=report.warn, today=today)
    if result.findings:
        fixable = sum(f.fix is not None for f in result.findings)
        tail = f"其中 {fixable} 处可用 --fix 自动改正" if fixable else "请逐条核对"
        report.finish(f"检查通过：{len(result.issues)} 期简报，另有 {len(result.findings)} 条校对提示（见上，{tail}）。")
    else:
        report.finish(f"检查通过：{len(result.issues)} 期简报没有发现问题。")
    return ExitCode.OK
