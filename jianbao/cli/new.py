"""`python build.py new SERIES`: start the next issue of a series from a commented skeleton."""

from __future__ import annotations

import sys

from jianbao import api
from jianbao.cli.args import iso_date
from jianbao.cli.exit_codes import ExitCode
from jianbao.errors import ArchiveError

HELP = "新建下一期简报：自动编好期号、总期号和日期，生成带说明的模板文件（不会覆盖已有文件）"


def add_arguments(parser) -> None:
    parser.add_argument("series", metavar="系列", help="系列名，即 content/series/ 下的文件名（不含 .yaml），如 gaibo")
    parser.add_argument("--date", type=iso_date, default=None, metavar="年-月-日",
                        help="签发日期（默认：今天），决定年份和期号")
    parser.add_argument("--supplement", action="store_true", help="新建增刊（单独编号，不计入总期号）")


def run(args, project, report) -> ExitCode:
    try:
        plan = api.new_issue(project, args.series, date=args.date, supplement=args.supplement)
    except ArchiveError as exc:
        print(str(exc), file=sys.stderr)
        return ExitCode.INPUT
    name, program = project.name(plan.path), args.program
    report.info(f"已新建 {plan.label}：{name}")
    report.info("下一步：")
    report.info(f"  1. 用文本编辑器（如记事本、VS Code）打开 {name}，按其中的说明把示例内容改成本期内容；")
    report.info(f"  2. {program} check {name}     检查有无错误；")
    report.info(f"  3. {program} serve             在浏览器中边改边看效果；")
    report.info(f"  4. {program} {name}           生成 Word 文档和网页。")
    return ExitCode.OK
