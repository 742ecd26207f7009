"""`python build.py publish 文件.yaml`: record a published issue (or its 更正) in the archive and freeze it."""

from __future__ import annotations

from pathlib import Path

from jianbao import api
from jianbao.cli.exit_codes import ExitCode

HELP = ("把已印发的一期存档（记录校验值并保存原件，装有 LibreOffice 时另存 PDF/A 和 OFD 版式文件），"
        "此后不能再改动；更正后再次运行以存档更正版")


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="文件", help="已印发（status: published）的简报文件")
    parser.add_argument("--docx", type=Path, default=None, metavar="WORD文件",
                        help="印发的是手工定稿的 Word 文件时，用它代替程序生成的 Word 存档"
                             "（同时存档校验值和与生成稿的文字差异；只能与一期简报一起使用）")


def run(args, project, report) -> ExitCode:
    def archived(item: api.PublishedIssue) -> None:
        for path in item.written:
            report.info(project.name(path))
        if item.written:
            report.info(f"已存档：{item.issue.name}（以后改动须先写更正 correction）")
        else:
            report.info(f"{item.issue.name}已存档且没有改动，无需再次存档。")

    api.publish(project, args.paths, docx=args.docx, on_issue=archived, warn=report.warn)
    return ExitCode.OK
