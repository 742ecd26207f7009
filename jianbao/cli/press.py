"""`python build.py press ISSUE…`: write only the press folder (public articles) of the given issues."""

from __future__ import annotations

from pathlib import Path

from jianbao import api
from jianbao.cli.exit_codes import ExitCode

HELP = "生成新闻稿：只导出可公开的文章（网页、微信稿、Word、Markdown、图片和清单）"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="文件",
                        help="要导出新闻稿的简报文件（.yaml），可以写多个")


def run(args, project, report) -> ExitCode:
    def rendered(item: api.PressedIssue) -> None:
        if item.files:
            report.info(f"正在导出 {item.issue.name} 的新闻稿 …")
            if item.withheld:
                # The press officer's own screen: titles may be shown here, never in press/.
                report.info(f"  未收录 {len(item.withheld)} 篇内部文章：{'；'.join(item.withheld)}"
                            + (f"（清单见 {project.name(item.report)}，请勿随新闻稿发出）" if item.report else ""))
        else:
            report.info(f"{item.issue.name} 没有可公开的文章（release: public），不生成新闻稿。")

    result = api.press(project, args.paths, on_issue=rendered, warn=report.warn)
    for path in result.written:
        report.info(project.name(path))
    if result.folders:
        report.info(f"完成：新闻稿在 {'、'.join(project.name(f) for f in result.folders)}"
                    f"（写入 {len(result.written)} 个文件）。")
    return ExitCode.OK
