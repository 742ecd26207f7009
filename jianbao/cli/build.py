"""`python build.py [build] [文件…]`: build every issue (or the given ones) and, for all of them, the archive site."""

from __future__ import annotations

import datetime

from jianbao import api
from jianbao.cli.args import add_issue_files
from jianbao.cli.exit_codes import ExitCode

HELP = "生成简报（默认命令）"


def add_arguments(parser) -> None:
    add_issue_files(parser)
    parser.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 把 Word 文档转为 PDF（字体嵌入）")
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="同时生成的进程数（默认：CPU 核数）")


def run(args, project, report) -> ExitCode:
    result = api.build(project, args.paths, strict=args.strict, pdf=args.pdf, jobs=max(0, args.jobs),
                       progress=report, warn=report.warn, today=datetime.date.today())
    for path in result.written:
        report.file(project.name(path))
    report.finish(f"完成：写入 {len(result.written)} 个文件（未改变的文件不重写）。")
    return ExitCode.OK
